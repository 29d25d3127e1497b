"""A fake nvidia-smi: answers like the real one from a machine description.

Installed by the harness as an executable named nvidia-smi, with the machine
in nvidia-smi.json beside it. Stdlib only; no yolodoctor imports.
"""

import json
import os
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))

# Fields as `--query-gpu` / `--query-compute-apps` name them.
GPU_FIELDS = ("index", "name", "uuid", "pci.bus_id", "memory.total", "memory.free", "memory.used",
              "driver_version", "mig.mode.current", "compute_cap", "count")
LEGACY_MISSING = ("compute_cap",)  # drivers before 510 do not know these fields


def load():
    with open(os.path.join(HERE, "nvidia-smi.json"), encoding="utf-8") as fh:
        return json.load(fh)


def gpu_value(machine, index, gpu, field, units):
    total = gpu["memory_total_mib"]
    used = gpu["memory_used_mib"]
    mib = "" if units else " MiB"
    values = {
        "index": str(index),
        "name": gpu["name"],
        "uuid": gpu["uuid"],
        "pci.bus_id": gpu["bus_id"],
        "memory.total": f"{total}{mib}",
        "memory.used": f"{used}{mib}",
        "memory.free": f"{total - used}{mib}",
        "driver_version": machine["driver"]["version"],
        "mig.mode.current": gpu["mig"] or "[N/A]",
        "compute_cap": gpu["compute_capability"],
        "count": str(len(machine["gpus"])),
    }
    return values[field]


def query(machine, spec, fmt, apps=False):
    fields = [f.strip() for f in spec.split(",") if f.strip()]
    known = ("gpu_uuid", "pid", "process_name", "used_memory") if apps else GPU_FIELDS
    for field in fields:
        if field not in known or (machine["legacy"] and field in LEGACY_MISSING):
            print(f'Field "{field}" is not a valid field to query.')
            print()
            return 2
    options = fmt.split(",")
    units = "nounits" in options
    rows = []
    if apps:
        for gpu in machine["gpus"]:
            for proc in gpu["processes"]:
                values = {"gpu_uuid": gpu["uuid"], "pid": str(proc["pid"]), "process_name": proc["name"],
                          "used_memory": f"{proc['used_mib']}" + ("" if units else " MiB")}
                rows.append([values[f] for f in fields])
    else:
        for index, gpu in enumerate(machine["gpus"]):
            rows.append([gpu_value(machine, index, gpu, f, units) for f in fields])
    if "noheader" not in options:
        print(", ".join(fields))
    for row in rows:
        print(", ".join(row))
    return 0


def table(machine):
    driver = machine["driver"]
    now = "Fri Nov 21 10:15:02 2025"
    if machine["legacy"]:
        out = [now, "+-----------------------------------------------------------------------------+",
               f"| NVIDIA-SMI {driver['version']:<12} Driver Version: {driver['version']:<12} "
               f"CUDA Version: {driver['cuda']:<8} |",
               "|-------------------------------+----------------------+----------------------+",
               "| GPU  Name        Persistence-M| Bus-Id        Disp.A | Volatile Uncorr. ECC |",
               "| Fan  Temp  Perf  Pwr:Usage/Cap|         Memory-Usage | GPU-Util  Compute M. |",
               "|                               |                      |               MIG M. |",
               "|===============================+======================+======================|"]
        for i, gpu in enumerate(machine["gpus"]):
            name = gpu["name"] if len(gpu["name"]) <= 18 else gpu["name"][:15] + "..."
            out += [f"| {i:>3}  {name:<18} Off  | {gpu['bus_id']} Off |                  N/A |",
                    f"| 30%   35C    P8    20W / 350W | {gpu['memory_used_mib']:>6}MiB / {gpu['memory_total_mib']:>5}MiB |"
                    "      0%      Default |",
                    f"|                               |                      |{(gpu['mig'] or 'N/A'):>21} |",
                    "+-------------------------------+----------------------+----------------------+"]
    else:
        out = [now, "+-----------------------------------------------------------------------------------------+",
               f"| NVIDIA-SMI {driver['version']:<22} Driver Version: {driver['version']:<14} "
               f"CUDA Version: {driver['cuda']:<9}|",
               "|-----------------------------------------+------------------------+----------------------+",
               "| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |",
               "| Fan  Temp   Perf          Pwr:Usage/Cap |           Memory-Usage | GPU-Util  Compute M. |",
               "|                                         |                        |               MIG M. |",
               "|=========================================+========================+======================|"]
        for i, gpu in enumerate(machine["gpus"]):
            out += [f"| {i:>3}  {gpu['name']:<30} Off | {gpu['bus_id']:>16}  Off |                  Off |",
                    f"| 30%   35C    P8             20W /  450W | {gpu['memory_used_mib']:>7}MiB / "
                    f"{gpu['memory_total_mib']:>6}MiB |      0%      Default |",
                    f"|                                         |                        |{(gpu['mig'] or 'N/A'):>21} |",
                    "+-----------------------------------------+------------------------+----------------------+"]
    out += ["", "+-----------------------------------------------------------------------------------------+",
            "| Processes:                                                                              |",
            "|  GPU   GI   CI        PID   Type   Process name                              GPU Memory |",
            "|        ID   ID                                                               Usage      |",
            "|=========================================================================================|"]
    procs = [(i, p) for i, g in enumerate(machine["gpus"]) for p in g["processes"]]
    if not procs:
        out.append("|  No running processes found                                                             |")
    for i, proc in procs:
        out.append(f"|  {i:>4}   N/A  N/A  {proc['pid']:>9}      C   {proc['name']:<40}{proc['used_mib']:>6}MiB |")
    out.append("+-----------------------------------------------------------------------------------------+")
    print("\n".join(out))
    return 0


def main(argv):
    machine = load()
    mode = machine["mode"]
    if mode == "hang":
        time.sleep(3600)
        return 0
    if mode == "garbage":
        junk = bytes(range(256)) * 64 + b"\x1eYDPROBE {not json\n\xff\xfe\x00Driver Version: \x00\n"
        sys.stdout.buffer.write(junk)
        return 0
    if mode == "flood":
        line = b"+" + b"-" * 120 + b"+\n"
        out = sys.stdout.buffer
        for _ in range(10 * 1024 * 1024 // len(line)):
            out.write(line)
        return 0
    if mode in machine["errors"]:
        text, code = machine["errors"][mode]
        print(text)
        return code
    args = {}
    for arg in argv:
        key, _, value = arg.partition("=")
        args[key] = value
    if "--query-gpu" in args:
        return query(machine, args["--query-gpu"], args.get("--format", ""))
    if "--query-compute-apps" in args:
        return query(machine, args["--query-compute-apps"], args.get("--format", ""), apps=True)
    if not argv:
        return table(machine)
    print("Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.")
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        sys.exit(0)
