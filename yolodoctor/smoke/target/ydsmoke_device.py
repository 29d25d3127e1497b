"""Stage "device": import torch, find the devices asked for, and on each one
allocate memory, run kernels and check the numbers against the CPU in float64.

This is also how the runner learns which devices exist: the "devices" record
lists them. DEVICE is a comma-separated list of cpu, cuda, cuda:N, all, auto.
"""

import os
import time

import ydsmoke_common as common
from ydsmoke_common import Failure, emit

MIB = 1 << 20
# float32 gives ~1e-6 here; TF32 (if a user forces it for matmul) ~1e-3. Wrong kernels are far off.
MATMUL_TOLERANCE = 5e-3


def _torch_info(torch):
    info = {"version": getattr(torch, "__version__", None), "location": os.path.dirname(torch.__file__)}
    version = getattr(torch, "version", None)
    info["cuda"] = getattr(version, "cuda", None)
    info["hip"] = getattr(version, "hip", None)
    try:
        info["arch_list"] = list(torch.cuda.get_arch_list())
    except Exception:
        info["arch_list"] = []
    try:
        info["cudnn"] = torch.backends.cudnn.version()
    except Exception:
        info["cudnn"] = None
    return info


def _why_no_cuda(torch):
    """Why torch sees no CUDA device, in torch's own words where it has some."""
    if getattr(torch.version, "cuda", None) is None and getattr(torch.version, "hip", None) is None:
        return "this torch %s is a CPU-only build (torch.version.cuda is None)" % torch.__version__
    try:
        torch.cuda.init()
    except Exception as exc:
        return "torch.cuda.is_available() is False: " + common.error_text(exc)
    return "torch.cuda.is_available() is False (torch %s, built for CUDA %s)" % (torch.__version__,
                                                                                torch.version.cuda)


def nvml_uuid(value):
    """torch gives the bare UUID (an object whose str() is it); NVML and nvidia-smi say "GPU-<uuid>"."""
    text = str(value).strip()
    if text[:4].upper() in ("GPU-", "MIG-"):
        return text[:4].upper() + text[4:].lower()
    return "GPU-" + text.lower()


def _gpu_info(torch, index):
    props = torch.cuda.get_device_properties(index)
    info = {
        "id": "cuda:%d" % index,
        "index": index,
        "name": props.name,
        "capability": "%d.%d" % (props.major, props.minor),
        "memory_bytes": int(props.total_memory),
        "sm_count": getattr(props, "multi_processor_count", None),
    }
    if getattr(props, "uuid", None) is not None:
        info["uuid"] = nvml_uuid(props.uuid)
    if getattr(props, "pci_bus_id", None) is not None:
        info["pci_bus_id"] = "%08X:%02X:%02X.0" % (getattr(props, "pci_domain_id", 0) or 0, props.pci_bus_id,
                                                   getattr(props, "pci_device_id", 0) or 0)
    return info


def resolve(torch, spec, count):
    """The device ids DEVICE names, plus (id, reason) for those that cannot be had."""
    wanted, missing = [], []
    cudas = ["cuda:%d" % i for i in range(count)]
    for item in [p.strip() for p in spec.split(",") if p.strip()]:
        if item == "auto":
            wanted += cudas or ["cpu"]
        elif item == "all":
            wanted += ["cpu"] + cudas
        elif item == "cpu":
            wanted.append("cpu")
        elif item == "cuda":
            if cudas:
                wanted += cudas
            else:
                missing.append(("cuda", None))
        elif item.startswith("cuda:") and item[5:].isdigit():
            if int(item[5:]) < count:
                wanted.append(item)
            else:
                missing.append((item, count))
        else:
            missing.append((item, "unknown"))
    unique = []
    for device in wanted:
        if device not in unique:
            unique.append(device)
    return unique, missing


def _check_cpu(ctx, torch):
    with ctx.check("allocate and fill 16 MiB"):
        n = 16 * MIB // 4
        x = torch.ones(n, dtype=torch.float32)
        total = float(x.sum(dtype=torch.float64))
        if total != n:
            raise Failure("sum of %d ones is %r" % (n, total))
    _matmul_check(ctx, torch, "cpu", 256)
    return "%d threads, allocation and matmul correct" % torch.get_num_threads()


def _matmul_check(ctx, torch, device, n):
    with ctx.check("matmul %dx%d against float64" % (n, n)) as check:
        gen = torch.Generator().manual_seed(0)
        a = torch.randn(n, n, generator=gen)
        b = torch.randn(n, n, generator=gen)
        want = a.double() @ b.double()
        got = (a.to(device) @ b.to(device)).cpu()
        err = common.max_relative_error(got, want)
        check.detail = "max relative error %.2e" % err
        check.data = {"max_rel_err": err}
        if not common.all_finite(got):
            raise Failure("matmul on %s returned NaN/Inf for finite inputs" % device)
        if err > MATMUL_TOLERANCE:
            raise Failure("matmul on %s differs from the float64 reference: max relative error %.2e "
                          "(tolerance %g): the device computes wrong numbers" % (device, err, MATMUL_TOLERANCE))


def _check_cuda(ctx, torch, device, info, arch_list):
    index = int(device.split(":")[1])
    sm = "sm_%s" % info["capability"].replace(".", "")
    torch.cuda.set_device(index)
    with ctx.check("initialise %s" % device) as check:
        free, total = torch.cuda.mem_get_info(index)
        check.detail = "%s, capability %s, %d MiB free of %d MiB" % (info["name"], info["capability"],
                                                                    free // MIB, total // MIB)
        info["memory_free_bytes"] = int(free)
    size_mib = 256 if not ctx.full else max(256, min(2048, free // MIB // 2))
    with ctx.check("allocate and fill %d MiB" % size_mib) as check:
        n = size_mib * MIB // 4
        x = torch.ones(n, dtype=torch.float32, device=device)  # a fill kernel: the first launch
        total = float(x.sum(dtype=torch.float64))
        torch.cuda.synchronize(index)
        if total != n:
            raise Failure("sum of %d ones on %s is %r: the device computes wrong numbers" % (n, device, total))
        del x
    _matmul_check(ctx, torch, device, 512)
    try:
        info["bf16"] = bool(torch.cuda.is_bf16_supported())
    except Exception:
        info["bf16"] = None
    note = ""
    if arch_list and sm not in arch_list:
        note = "; %s is not in this torch's arch list (%s): kernels run through PTX JIT or binary " \
               "compatibility" % (sm, " ".join(arch_list))
    return "%s (capability %s): allocation and kernels correct%s" % (info["name"], info["capability"], note)


def run_devices(ctx):
    t0 = time.perf_counter()
    try:
        with ctx.check("import torch") as check:
            import torch

            check.detail = "torch %s from %s" % (torch.__version__, os.path.dirname(torch.__file__))
    except BaseException as exc:  # ImportError, OSError from a missing .so, SystemExit, ...
        error = common.error_text(exc)
        emit({"kind": "result", "device": ctx.device, "status": "fail", "error": error,
              "detail": "import torch failed: " + error.splitlines()[0], "traceback": common.traceback_tail(exc),
              "data": {"torch_import_failed": True}, "seconds": round(time.perf_counter() - t0, 3)})
        return
    torch_info = _torch_info(torch)
    available = bool(torch.cuda.is_available())
    count = torch.cuda.device_count() if available else 0
    gpus = [_gpu_info(torch, i) for i in range(count)]
    selected, missing = resolve(torch, ctx.device, count)
    no_cuda = None if available else _why_no_cuda(torch)
    emit({"kind": "devices", "torch": torch_info, "cuda_available": available, "cuda_count": count,
          "gpus": gpus, "selected": selected, "threads": torch.get_num_threads(), "no_cuda_reason": no_cuda})
    for device, why in missing:
        if why == "unknown":
            error = "unknown device %r (expected cpu, cuda, cuda:N, all or auto)" % device
        elif count == 0:
            error = "%s was asked for, but %s" % (device, no_cuda or "torch sees no CUDA device")
        else:
            error = "%s was asked for, but torch sees only %d CUDA device(s)" % (device, count)
        emit({"kind": "result", "device": device, "status": "fail", "error": error, "detail": error,
              "seconds": 0.0})
    for device in selected:
        emit({"kind": "start", "device": device})
        started = time.perf_counter()
        record = {"kind": "result", "device": device}
        info = {"id": "cpu"} if device == "cpu" else dict(gpus[int(device.split(":")[1])])
        try:
            if device == "cpu":
                record["detail"] = _check_cpu(ctx, torch)
            else:
                record["detail"] = _check_cuda(ctx, torch, device, info, torch_info["arch_list"])
            record["status"] = "pass"
        except Failure as exc:
            record.update(status="fail", error=str(exc), detail=str(exc))
        except BaseException as exc:
            record.update(status="fail", error=common.error_text(exc), traceback=common.traceback_tail(exc))
            record["detail"] = record["error"].splitlines()[0]
        record["data"] = info
        record["seconds"] = round(time.perf_counter() - started, 3)
        emit(record)
