"""nvidia-smi output: the table (every layout since driver 384, Linux, Windows,
WSL), `nvidia-smi -q`, `--query-gpu ... --format=csv` and `-L`."""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ..facts.model import GpuProcess
from .model import Reading, Segment
from .values import version

KIND = "nvidia_smi"
LABEL = "nvidia-smi table"
NEEDLES = ("+----------", "NVIDIA-SMI")
START = r"\s*(?:\+-{10,}|\|\s*NVIDIA-SMI\s+\d)"

_HEADER = re.compile(r"NVIDIA-SMI\s+(?P<smi>\S+)\s+Driver Version:\s*(?P<driver>\S+)"
                     r"(?:\s+CUDA Version:\s*(?P<cuda>[\w.]+))?")
_TABLE_LINE = re.compile(r"\s*[|+]")
_GPU_ROW = re.compile(r"\|\s*(?P<index>\d+)\s+(?P<name>.+?)\s+(?P<mode>On|Off|WDDM|TCC|MCDM)\s*\|"
                      r"\s*(?P<bus>[0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.[0-9A-Fa-f])\s")
_MEMORY = re.compile(r"(?<!\d)(?P<used>\d+)\s*MiB\s*/\s*(?P<total>\d+)\s*MiB")
_MIG = re.compile(r"\|\s*(?P<mig>Disabled|Enabled)\s*\|\s*$")
_SEPARATOR = re.compile(r"\s*\+[-=+]+\+?\s*$|\s*\|[=]+\|")


def extent(lines: Sequence[str], start: int) -> int:
    end = start
    while end < len(lines) and end - start < 2000 and _TABLE_LINE.match(lines[end]):
        end += 1
    recognised = any(_HEADER.search(line) or _GPU_ROW.match(line) or "Processes:" in line for line in lines[start:end])
    return end if recognised else start


def parse(segment: Segment) -> Reading:
    reading = Reading()
    current: Optional[int] = None  # index of the GPU whose rows are being read
    rows_of_gpu = 0
    in_processes = False
    truncated = False
    for offset, line in enumerate(segment.lines):
        lineno = segment.first_line + offset
        header = _HEADER.search(line)
        if header:
            header_observations(reading, header, lineno)
            continue
        if "Processes:" in line:
            in_processes, current = True, None
            continue
        if _SEPARATOR.match(line):
            current = None
            continue
        if in_processes:
            process = _process(line)
            if process is not None:
                gpu_index, proc = process
                reading.add(f"nvidia.gpus[{gpu_index}].processes[]", proc, lineno, KIND)
            continue
        row = _GPU_ROW.match(line)
        if row:
            current, rows_of_gpu = int(row.group("index")), 0
            name = row.group("name").strip()
            if name.endswith("..."):
                name, truncated = name[:-3].rstrip(), True
            reading.add(f"nvidia.gpus[{current}].index", current, lineno, KIND)
            reading.add(f"nvidia.gpus[{current}].name", name, lineno, KIND)
            reading.add(f"nvidia.gpus[{current}].pci_bus_id", row.group("bus"), lineno, KIND)
            reading.add("nvidia.gpus_source", "nvidia-smi", lineno, KIND)
            continue
        if current is not None:
            rows_of_gpu += 1
            memory = _MEMORY.search(line)
            if memory and rows_of_gpu == 1:
                total, used = int(memory.group("total")), int(memory.group("used"))
                reading.add(f"nvidia.gpus[{current}].memory_total_mib", total, lineno, KIND)
                reading.add(f"nvidia.gpus[{current}].memory_free_mib", max(total - used, 0), lineno, KIND)
            mig = _MIG.search(line)
            if mig:
                reading.add(f"nvidia.gpus[{current}].mig_mode", mig.group("mig").lower(), lineno, KIND)
    if truncated:
        reading.notes.append("nvidia-smi cut some GPU names short (\"...\"); the names kept are those prefixes")
    return reading


def header_observations(reading: Reading, header: re.Match, lineno: int, source: str = KIND) -> None:
    """The "NVIDIA-SMI 535.104.05  Driver Version: 535.104.05  CUDA Version: 12.2" line."""
    driver = version(header.group("driver"))
    if driver:
        reading.add("nvidia.driver_version", driver, lineno, source)
        reading.add("nvidia.driver_version_source", "nvidia-smi", lineno, source)
        reading.add("nvidia.driver_versions_seen.nvidia-smi", driver, lineno, source)
        reading.add("nvidia.nvidia_smi.status", "ok", lineno, source)
        smi = version(header.group("smi"))
        if smi and smi != driver:
            # WSL: nvidia-smi and NVML are the Linux-side build, the driver is the Windows one.
            reading.notes.append(f"nvidia-smi {smi} reports driver {driver} (on WSL the driver is the Windows one)")
    cuda = version(header.group("cuda"))
    if cuda:
        reading.add("nvidia.cuda_driver_version", cuda, lineno, source)
        reading.add("nvidia.cuda_driver_version_source", "nvidia-smi", lineno, source)


def _process(line: str) -> Optional[tuple[int, GpuProcess]]:
    tokens = line.strip().strip("|").split()
    for position, token in enumerate(tokens):
        if token in ("C", "G", "C+G", "M", "M+C") and position >= 2 and tokens[0].isdigit():
            if not tokens[position - 1].isdigit():
                return None
            usage = tokens[-1] if len(tokens) > position + 1 else ""
            used = int(usage[:-3]) if usage.endswith("MiB") and usage[:-3].isdigit() else None
            name = " ".join(tokens[position + 1:-1]) or None
            return int(tokens[0]), GpuProcess(pid=int(tokens[position - 1]), name=name, used_mib=used)
    return None


# ---- nvidia-smi -q -------------------------------------------------------

Q_KIND = "nvidia_smi_q"
Q_LABEL = "nvidia-smi -q report"
Q_NEEDLES = ("NVSMI LOG",)
Q_START = r"\s*=+\s*NVSMI LOG\s*=+"
_Q_GPU = re.compile(r"\s*GPU (?P<bus>[0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.[0-9A-Fa-f])\s*$")
_Q_LINE = re.compile(r"(?P<indent>\s*)(?P<key>[A-Za-z][\w .()/+-]*?)\s*(?::\s*(?P<value>.*))?$")


def q_extent(lines: Sequence[str], start: int) -> int:
    end, blanks = start + 1, 0
    while end < len(lines) and end - start < 20000:
        line = lines[end]
        if not line.strip():
            blanks += 1
            if blanks > 2:
                break
        elif _Q_LINE.match(line) or line.lstrip().startswith("GPU "):
            blanks = 0
        else:
            break
        end += 1
    return end - blanks


def q_parse(segment: Segment) -> Reading:
    reading = Reading()
    gpu = -1
    sections: list[tuple[int, str]] = []  # (indent, name) of the enclosing headings
    for offset, line in enumerate(segment.lines):
        lineno = segment.first_line + offset
        heading = _Q_GPU.match(line)
        if heading:
            gpu += 1
            sections = []
            reading.add(f"nvidia.gpus[{gpu}].index", gpu, lineno, Q_KIND)
            reading.add(f"nvidia.gpus[{gpu}].pci_bus_id", heading.group("bus"), lineno, Q_KIND)
            reading.add("nvidia.gpus_source", "nvidia-smi", lineno, Q_KIND)
            continue
        match = _Q_LINE.match(line)
        if not match or not line.strip():
            continue
        indent = len(match.group("indent").expandtabs())
        key = match.group("key").strip()
        value = (match.group("value") or "").strip()
        while sections and sections[-1][0] >= indent:
            sections.pop()
        if match.group("value") is None:
            sections.append((indent, key))
            continue
        section = sections[-1][1] if sections else ""
        if gpu < 0:
            if key == "Driver Version" and version(value):
                reading.add("nvidia.driver_version", value, lineno, Q_KIND)
                reading.add("nvidia.driver_version_source", "nvidia-smi", lineno, Q_KIND)
                reading.add("nvidia.driver_versions_seen.nvidia-smi", value, lineno, Q_KIND)
                reading.add("nvidia.nvidia_smi.status", "ok", lineno, Q_KIND)
            elif key == "CUDA Version" and version(value):
                reading.add("nvidia.cuda_driver_version", value, lineno, Q_KIND)
                reading.add("nvidia.cuda_driver_version_source", "nvidia-smi", lineno, Q_KIND)
            continue
        prefix = f"nvidia.gpus[{gpu}]"
        if key == "Product Name" and value:
            reading.add(f"{prefix}.name", value, lineno, Q_KIND)
        elif key == "GPU UUID" and value.startswith("GPU-"):
            reading.add(f"{prefix}.uuid", value, lineno, Q_KIND)
        elif section == "MIG Mode" and key == "Current" and value.lower() in ("enabled", "disabled"):
            reading.add(f"{prefix}.mig_mode", value.lower(), lineno, Q_KIND)
        elif section == "FB Memory Usage" and key in ("Total", "Free"):
            amount = re.fullmatch(r"(\d+)\s*MiB", value)
            if amount:
                field = "memory_total_mib" if key == "Total" else "memory_free_mib"
                reading.add(f"{prefix}.{field}", int(amount.group(1)), lineno, Q_KIND)
    return reading


# ---- nvidia-smi --query-gpu=... --format=csv -------------------------------

CSV_KIND = "nvidia_smi_csv"
CSV_LABEL = "nvidia-smi --query-gpu CSV"
CSV_NEEDLES = ("name,", "index,", "uuid,", "driver_version,", "compute_cap,", "pci.bus_id,")
CSV_START = r"\s*(?:index|name|uuid|driver_version|compute_cap|pci\.bus_id)(?:\s*\[[^\]]*\])?\s*,"
_CSV_FIELDS = {
    "index": ("index", int), "name": ("name", str), "uuid": ("uuid", str), "pci.bus_id": ("pci_bus_id", str),
    "memory.total": ("memory_total_mib", int), "memory.free": ("memory_free_mib", int),
    "compute_cap": ("compute_capability", str), "mig.mode.current": ("mig_mode", str),
}


def csv_extent(lines: Sequence[str], start: int) -> int:
    columns = lines[start].count(",")
    if "name" not in lines[start] and "compute_cap" not in lines[start] and "driver_version" not in lines[start]:
        return start
    end = start + 1
    while end < len(lines) and end - start < 1000 and lines[end].count(",") == columns and lines[end].strip():
        end += 1
    return end if end > start + 1 else start


def _without_unit(header: str) -> str:
    """"memory.used [MiB]" -> "memory.used" (string operations: linear on any header)."""
    if "[" in header and "]" in header[header.index("["):]:
        head, _, rest = header.partition("[")
        header = head + rest[rest.rindex("]") + 1:]
    return header.strip()


def csv_parse(segment: Segment) -> Reading:
    reading = Reading()
    header = [_without_unit(h) for h in segment.lines[0].split(",")]
    for row_number, line in enumerate(segment.lines[1:]):
        lineno = segment.first_line + 1 + row_number
        cells = dict(zip(header, (c.strip() for c in line.split(","))))
        index = row_number
        if cells.get("index", "").isdigit():
            index = int(cells["index"])
        prefix = f"nvidia.gpus[{index}]"
        reading.add(f"{prefix}.index", index, lineno, CSV_KIND)
        reading.add("nvidia.gpus_source", "nvidia-smi", lineno, CSV_KIND)
        for column, (field, kind) in _CSV_FIELDS.items():
            cell = cells.get(column)
            if not cell or cell in ("[N/A]", "N/A", "[Not Supported]"):
                continue
            if kind is int:
                number = re.match(r"(\d+)", cell)
                if number:
                    reading.add(f"{prefix}.{field}", int(number.group(1)), lineno, CSV_KIND)
            elif field == "compute_capability":
                if re.fullmatch(r"\d+\.\d+", cell):
                    reading.add(f"{prefix}.{field}", cell, lineno, CSV_KIND)
            elif field == "mig_mode":
                if cell.lower() in ("enabled", "disabled"):
                    reading.add(f"{prefix}.{field}", cell.lower(), lineno, CSV_KIND)
            else:
                reading.add(f"{prefix}.{field}", cell, lineno, CSV_KIND)
        driver = version(cells.get("driver_version"))
        if driver:
            reading.add("nvidia.driver_version", driver, lineno, CSV_KIND)
            reading.add("nvidia.driver_version_source", "nvidia-smi", lineno, CSV_KIND)
            reading.add("nvidia.driver_versions_seen.nvidia-smi", driver, lineno, CSV_KIND)
    return reading


# ---- single lines: a lone header line, `nvidia-smi -L` ---------------------

LINE_KIND = "nvidia_smi_line"
LINE_LABEL = "nvidia-smi line"
LINE_NEEDLES = ("NVIDIA-SMI", "(UUID: GPU-")
LINE_PATTERN = r"NVIDIA-SMI\s+\d|^\s*GPU \d+: .+\(UUID: GPU-"
_LIST_LINE = re.compile(r"\s*GPU (?P<index>\d+): (?P<name>.+?) \(UUID: (?P<uuid>GPU-[0-9a-fA-F-]+)\)")


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    header = _HEADER.search(line)
    if header:
        header_observations(reading, header, lineno, LINE_KIND)
    listed = _LIST_LINE.match(line)
    if listed:
        gpu = int(listed.group("index"))
        reading.add(f"nvidia.gpus[{gpu}].index", gpu, lineno, LINE_KIND)
        reading.add(f"nvidia.gpus[{gpu}].name", listed.group("name"), lineno, LINE_KIND)
        reading.add(f"nvidia.gpus[{gpu}].uuid", listed.group("uuid"), lineno, LINE_KIND)
        reading.add("nvidia.gpus_source", "nvidia-smi", lineno, LINE_KIND)
    return reading
