"""Stage "model": a YOLO-shaped network forward and backward in float32,
then under autocast (float16 with GradScaler and bfloat16 on CUDA where the
GPU supports it; bfloat16 on the CPU), compared with float32 and checked for
NaN/Inf; then a few optimizer steps under autocast.
"""

import ydsmoke_common as common
import ydsmoke_yolonet as yolonet
from ydsmoke_common import Failure

# Autocast against float32 on a randomly initialised network in eval mode
# (batch statistics of tiny batches would amplify rounding): measured on the
# CPU, bfloat16 gives a max relative error of ~0.002 and a gradient cosine
# of 0.99999. The bounds leave a wide margin (float32 on a GPU itself uses
# TF32 in cuDNN convolutions) and still catch garbage: NaN, zeros, wrong kernels.
OUTPUT_TOLERANCE = {"float16": 0.03, "bfloat16": 0.06}
GRADIENT_COSINE_MIN = {"float16": 0.995, "bfloat16": 0.99}


def _grad_vector(torch, model):
    return torch.cat([p.grad.detach().float().flatten().cpu() for p in model.parameters() if p.grad is not None])


def _scaler(torch, device_type):
    amp = getattr(torch, "amp", None)
    if amp is not None and hasattr(amp, "GradScaler"):
        try:
            return amp.GradScaler(device_type, init_scale=1024.0)
        except TypeError:  # torch < 2.3: GradScaler(device=...) did not exist
            pass
    return torch.cuda.amp.GradScaler(init_scale=1024.0)


def _variants(torch, device):
    if device == "cpu":
        return [("bfloat16", False)]
    variants = [("float16", True)]
    try:
        if torch.cuda.is_bf16_supported():
            variants.append(("bfloat16", False))
    except Exception:
        pass
    return variants


def run(ctx):
    import torch

    common.one_cpu_thread(torch)

    device = ctx.device
    device_type = device.split(":")[0]
    batch, size, width = (2, 64, 8) if not ctx.full else (8, 128, 16)
    model = yolonet.build(width=width).to(device).eval()
    x, target_box, target_cls = yolonet.inputs(batch, size, device=device)
    results = []

    with ctx.check("float32 forward and backward") as check:
        model.zero_grad(set_to_none=True)
        out32 = model(x)
        loss32 = yolonet.synthetic_loss(out32, target_box, target_cls)
        loss32.backward()
        common.sync(device)
        grads32 = _grad_vector(torch, model)
        if not common.all_finite(out32) or not bool(torch.isfinite(loss32)):
            raise Failure("NaN/Inf in the float32 output on %s: the device computes wrong numbers" % device)
        if not common.all_finite(grads32):
            raise Failure("NaN/Inf in the float32 gradients on %s: the device computes wrong numbers" % device)
        check.detail = "output %s, loss %.4f" % (tuple(out32.shape), float(loss32.detach()))
        check.data = {"loss": float(loss32.detach())}
    out32 = out32.detach()

    for dtype_name, scaled in _variants(torch, device):
        dtype = getattr(torch, dtype_name)
        name = "autocast %s%s" % (dtype_name, " with GradScaler" if scaled else "")
        with ctx.check(name) as check:
            model.zero_grad(set_to_none=True)
            scaler = _scaler(torch, device_type) if scaled else None
            with torch.autocast(device_type, dtype=dtype):
                out = model(x)
                loss = yolonet.synthetic_loss(out, target_box, target_cls)
            if scaler is not None:
                scaler.scale(loss).backward()
                optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
                scaler.unscale_(optimizer)
            else:
                loss.backward()
            common.sync(device)
            grads = _grad_vector(torch, model)
            if not common.all_finite(out) or not bool(torch.isfinite(loss)):
                raise Failure("NaN/Inf in the network output under autocast %s on %s (the float32 output is "
                              "finite): mixed precision is broken here" % (dtype_name, device))
            if not common.all_finite(grads):
                raise Failure("NaN/Inf in the gradients under autocast %s on %s after unscaling (the float32 "
                              "gradients are finite): mixed precision is broken here" % (dtype_name, device))
            err = common.max_relative_error(out, out32)
            cosine = float(torch.nn.functional.cosine_similarity(grads.double(), grads32.double(), dim=0))
            check.detail = "max relative error %.3g vs float32, gradient cosine %.4f" % (err, cosine)
            check.data = {"max_rel_err": err, "grad_cosine": cosine}
            if err > OUTPUT_TOLERANCE[dtype_name]:
                raise Failure("the output under autocast %s on %s differs from float32: max relative error %.3g "
                              "(tolerance %g)" % (dtype_name, device, err, OUTPUT_TOLERANCE[dtype_name]))
            if cosine < GRADIENT_COSINE_MIN[dtype_name]:
                raise Failure("the gradients under autocast %s on %s point elsewhere than in float32: cosine %.4f "
                              "(minimum %g)" % (dtype_name, device, cosine, GRADIENT_COSINE_MIN[dtype_name]))
            results.append((dtype_name, err))

    amp_dtype, scaled = _variants(torch, device)[0]
    steps = 3 if not ctx.full else 10
    with ctx.check("%d optimizer steps under autocast %s" % (steps, amp_dtype)) as check:
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        scaler = _scaler(torch, device_type) if scaled else None
        losses, skipped = [], 0
        for _ in range(steps):
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(device_type, dtype=getattr(torch, amp_dtype)):
                loss = yolonet.synthetic_loss(model(x), target_box, target_cls)
            if scaler is not None:
                scale = scaler.get_scale()
                scaler.scale(loss).backward()
                scaler.step(optimizer)
                scaler.update()
                skipped += scaler.get_scale() < scale  # the scaler backs off when it met inf/NaN gradients
            else:
                loss.backward()
                optimizer.step()
            losses.append(float(loss.detach()))
        common.sync(device)
        if not all(map(_finite, losses)):
            raise Failure("the loss became NaN/Inf during training under autocast %s on %s: %s"
                          % (amp_dtype, device, ", ".join("%.4g" % v for v in losses)))
        if scaler is not None and skipped == steps:
            raise Failure("GradScaler skipped every step under autocast %s on %s: the gradients were always "
                          "NaN/Inf" % (amp_dtype, device))
        check.detail = "loss %s" % " -> ".join("%.4f" % v for v in losses)
        check.data = {"losses": losses, "skipped_steps": skipped}

    agree = ", ".join("%s (max rel err %.2g)" % r for r in results)
    return {"detail": "autocast %s agrees with float32; %d training steps finite" % (agree, steps),
            "data": {"batch": batch, "image_size": size, "autocast": [r[0] for r in results]}}


def _finite(value):
    return value == value and value not in (float("inf"), float("-inf"))
