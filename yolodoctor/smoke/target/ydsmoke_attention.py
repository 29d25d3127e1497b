"""Stage "attention": PyTorch's scaled_dot_product_attention (and, on CUDA,
each of its backends forced in turn) and flash-attn's kernel when it is
installed, forward and backward, against a float64 reference on the CPU.
"""

import importlib.util
import math

import ydsmoke_common as common
from ydsmoke_common import Failure, Skip

# Max |got - reference| / max |reference|, per dtype of the inputs.
TOLERANCE = {"float32": 1e-3, "float16": 1e-2, "bfloat16": 4e-2}
# Errors that mean the kernel itself is broken, not merely unavailable for these inputs.
BROKEN_KERNEL = ("CUDA error", "CUDNN_STATUS", "illegal memory access", "no kernel image", "cuDNN error",
                 "CUBLAS_STATUS")


def reference(torch, q, k, v, causal):
    """softmax(q k^T / sqrt(d)) v in float64, with autograd, on the CPU."""
    q, k, v = (t.detach().double().cpu().requires_grad_(True) for t in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if causal:
        size = scores.shape[-1]
        mask = torch.ones(size, size, dtype=torch.bool).triu(1)
        scores = scores.masked_fill(mask, float("-inf"))
    out = torch.softmax(scores, dim=-1) @ v
    out.sum().backward()
    return out.detach(), [t.grad for t in (q, k, v)]


def _inputs(torch, shape, device, dtype, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return [torch.randn(*shape, generator=gen).to(device=device, dtype=dtype).requires_grad_(True)
            for _ in range(3)]


def _compare(check, what, dtype_name, out, grads, want, want_grads):
    tol = TOLERANCE[dtype_name]
    if not common.all_finite(out) or not all(common.all_finite(g) for g in grads):
        raise Failure("%s returned NaN/Inf for finite inputs" % what)
    err = common.max_relative_error(out, want)
    grad_err = max(common.max_relative_error(g, w) for g, w in zip(grads, want_grads))
    check.detail = "max relative error %.2g (forward), %.2g (backward)" % (err, grad_err)
    check.data = {"max_rel_err": err, "grad_max_rel_err": grad_err}
    if err > tol:
        raise Failure("%s differs from the reference implementation: max relative error %.3g (tolerance %g)"
                      % (what, err, tol))
    if grad_err > 4 * tol:
        raise Failure("the gradients of %s differ from the reference implementation: max relative error %.3g "
                      "(tolerance %g)" % (what, grad_err, 4 * tol))


def _dtypes(torch, device):
    if device == "cpu":
        return ["float32"]
    names = ["float16", "float32"]
    try:
        if torch.cuda.is_bf16_supported():
            names.insert(1, "bfloat16")
    except Exception:
        pass
    return names


def _sdpa(ctx, torch, shape, dtype_name, causal, backend=None):
    import torch.nn.functional as F

    device = ctx.device
    label = "sdpa %s%s%s" % (dtype_name, " causal" if causal else "", " [%s]" % backend.name if backend else "")
    with ctx.check(label) as check:
        q, k, v = _inputs(torch, shape, device, getattr(torch, dtype_name))
        want, want_grads = reference(torch, q, k, v, causal)
        try:
            if backend is None:
                out = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
            else:
                from torch.nn.attention import sdpa_kernel

                with sdpa_kernel([backend]):
                    out = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
            out.float().sum().backward()
            common.sync(device)
        except RuntimeError as exc:
            text = common.error_text(exc)
            if backend is not None and not any(s in text for s in BROKEN_KERNEL):
                raise Skip("%s backend unavailable here: %s" % (backend.name, text.splitlines()[-1][:300]))
            raise
        _compare(check, "scaled_dot_product_attention (%s on %s)" % (label[5:], device), dtype_name, out,
                 [q.grad, k.grad, v.grad], want, want_grads)


def _flash_attn(ctx, torch, shape):
    device = ctx.device
    name = "flash-attn kernel"
    if importlib.util.find_spec("flash_attn") is None:
        ctx.skip_check(name, "flash-attn is not installed")
        return None
    if device == "cpu":
        ctx.skip_check(name, "flash-attn is installed; its kernel needs a CUDA device")
        return None
    with ctx.check(name) as check:
        import flash_attn
        from flash_attn import flash_attn_func

        batch, heads, seq, dim = shape
        q, k, v = _inputs(torch, (batch, seq, heads, dim), device, torch.float16)  # flash-attn layout: B S H D
        want, want_grads = reference(torch, *(t.transpose(1, 2) for t in (q, k, v)), causal=False)
        out = flash_attn_func(q, k, v, causal=False)
        out.float().sum().backward()
        common.sync(device)
        _compare(check, "flash_attn_func %s" % getattr(flash_attn, "__version__", ""), "float16",
                 out.transpose(1, 2), [t.grad.transpose(1, 2) for t in (q, k, v)], want, want_grads)
        check.detail = "flash-attn %s: %s" % (getattr(flash_attn, "__version__", "?"), check.detail)
    return getattr(flash_attn, "__version__", "?")


def run(ctx):
    import torch

    common.one_cpu_thread(torch)

    shape = (2, 4, 128, 64) if not ctx.full else (4, 8, 512, 64)  # batch, heads, sequence, head dim
    if not hasattr(torch.nn.functional, "scaled_dot_product_attention"):
        raise Skip("torch %s has no scaled_dot_product_attention (added in 2.0)" % torch.__version__)
    dtypes = _dtypes(torch, ctx.device)
    for dtype_name in dtypes:
        for causal in (False, True):
            _sdpa(ctx, torch, shape, dtype_name, causal)
    backends = []
    if ctx.device != "cpu":
        try:
            from torch.nn.attention import SDPBackend
        except ImportError:  # torch < 2.3
            ctx.skip_check("sdpa backends", "torch %s cannot force an SDPA backend" % torch.__version__)
        else:
            for backend_name in ("FLASH_ATTENTION", "EFFICIENT_ATTENTION", "CUDNN_ATTENTION", "MATH"):
                backend = getattr(SDPBackend, backend_name, None)
                if backend is not None:
                    _sdpa(ctx, torch, shape, "float16", False, backend)
                    if ctx.checks[-1]["status"] == "pass":
                        backends.append(backend_name.lower())
    flash = _flash_attn(ctx, torch, shape)
    detail = "sdpa %s match the reference" % "/".join(dtypes)
    if backends:
        detail += "; backends that ran: %s" % ", ".join(backends)
    if flash:
        detail += "; flash-attn %s matches" % flash
    return {"detail": detail, "data": {"shape": list(shape), "backends": backends, "flash_attn": flash}}
