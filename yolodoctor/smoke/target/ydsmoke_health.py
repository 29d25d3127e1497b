"""Stage "health" (--level full, CUDA only): what this GPU delivers. Dense
matmul throughput in float16, bfloat16 and float32, device memory bandwidth
(a large device-to-device copy) and pinned host<->device bandwidth, timed
with CUDA events. The runner compares them with the GPU's datasheet and
watches clocks, temperature and throttle reasons through NVML meanwhile.
"""

import ydsmoke_common as common
from ydsmoke_common import Failure, Skip

GIB = 1 << 30
MIB = 1 << 20


def _timed(torch, fn, min_seconds=0.5, max_iterations=200):
    """Seconds per call, from CUDA events, after a warm-up long enough for clocks to ramp up."""
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    fn()
    end.record()
    end.synchronize()
    one = max(start.elapsed_time(end) / 1000.0, 1e-6)
    warmup = max(2, min(max_iterations, int(0.3 / one)))
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    iterations = max(3, min(max_iterations, int(min_seconds / one)))
    start.record()
    for _ in range(iterations):
        fn()
    end.record()
    end.synchronize()
    return start.elapsed_time(end) / 1000.0 / iterations


def _matmul_tflops(ctx, torch, dtype_name, size):
    device = ctx.device
    with ctx.check("matmul %s %dx%d" % (dtype_name, size, size)) as check:
        dtype = getattr(torch, dtype_name)
        a = torch.randn(size, size, device=device, dtype=dtype)
        b = torch.randn(size, size, device=device, dtype=dtype)
        out = torch.empty(size, size, device=device, dtype=dtype)
        seconds = _timed(torch, lambda: torch.matmul(a, b, out=out))
        if not common.all_finite(out):
            raise Failure("matmul %s on %s returned NaN/Inf for finite inputs" % (dtype_name, device))
        tflops = 2.0 * size ** 3 / seconds / 1e12
        check.detail = "%.1f TFLOP/s" % tflops
        check.data = {"tflops": tflops}
        return tflops


def _copy_bandwidth(ctx, torch, free):
    with ctx.check("device memory bandwidth") as check:
        size = int(min(GIB, free // 4)) // 4 * 4
        src = torch.empty(size // 4, dtype=torch.float32, device=ctx.device).fill_(1.0)
        dst = torch.empty_like(src)
        seconds = _timed(torch, lambda: dst.copy_(src))
        gbs = 2.0 * size / seconds / 1e9  # a copy reads and writes every byte
        check.detail = "%.0f GB/s (copy of %d MiB)" % (gbs, size // MIB)
        check.data = {"gbs": gbs}
        return gbs


def _pinned_bandwidth(ctx, torch, direction):
    with ctx.check("pinned %s bandwidth" % direction) as check:
        size = 256 * MIB
        host = torch.empty(size // 4, dtype=torch.float32, pin_memory=True)
        device = torch.empty(size // 4, dtype=torch.float32, device=ctx.device)
        if direction == "host to device":
            seconds = _timed(torch, lambda: device.copy_(host, non_blocking=True), max_iterations=50)
        else:
            seconds = _timed(torch, lambda: host.copy_(device, non_blocking=True), max_iterations=50)
        gbs = size / seconds / 1e9
        check.detail = "%.1f GB/s" % gbs
        check.data = {"gbs": gbs}
        return gbs


def run(ctx):
    import torch

    if not ctx.device.startswith("cuda"):
        raise Skip("GPU health needs a CUDA device")
    index = int(ctx.device.split(":")[1])
    torch.cuda.set_device(index)
    props = torch.cuda.get_device_properties(index)
    free, _total = torch.cuda.mem_get_info(index)
    size = 8192 if free > 4 * GIB else 4096
    measured = {"name": props.name, "capability": "%d.%d" % (props.major, props.minor)}
    measured["fp16_tflops"] = _matmul_tflops(ctx, torch, "float16", size)
    bf16 = False
    try:
        bf16 = bool(torch.cuda.is_bf16_supported()) and props.major >= 8
    except Exception:
        pass
    if bf16:
        measured["bf16_tflops"] = _matmul_tflops(ctx, torch, "bfloat16", size)
    else:
        ctx.skip_check("matmul bfloat16", "no bfloat16 tensor cores on capability %s" % measured["capability"])
    previous = torch.backends.cuda.matmul.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = False  # the datasheet's FP32 figure is without TF32
    try:
        measured["fp32_tflops"] = _matmul_tflops(ctx, torch, "float32", size)
    finally:
        torch.backends.cuda.matmul.allow_tf32 = previous
    measured["memory_bandwidth_gbs"] = _copy_bandwidth(ctx, torch, free)
    measured["h2d_gbs"] = _pinned_bandwidth(ctx, torch, "host to device")
    measured["d2h_gbs"] = _pinned_bandwidth(ctx, torch, "device to host")
    parts = ["fp16 %.0f" % measured["fp16_tflops"]]
    if "bf16_tflops" in measured:
        parts.append("bf16 %.0f" % measured["bf16_tflops"])
    parts.append("fp32 %.1f TFLOP/s" % measured["fp32_tflops"])
    detail = "%s; memory %.0f GB/s; pinned H2D %.1f / D2H %.1f GB/s" % (
        ", ".join(parts), measured["memory_bandwidth_gbs"], measured["h2d_gbs"], measured["d2h_gbs"])
    return {"detail": detail, "data": {"measured": measured}}
