"""Stage "vision": torchvision's compiled ops on the device, the ones YOLO
post-processing and two-stage heads call: nms, batched_nms and roi_align,
against references computed here (a greedy NMS in Python; roi_align of a
linear ramp, whose bilinear samples average to the ramp at each bin centre).
"""

import ydsmoke_common as common
from ydsmoke_common import Failure, Skip


def _iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def reference_nms(boxes, scores, threshold):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    kept = []
    for i in order:
        if all(_iou(boxes[i], boxes[j]) <= threshold for j in kept):
            kept.append(i)
    return kept


def _boxes(torch, count, seed=0):
    gen = torch.Generator().manual_seed(seed)
    xy = torch.rand(count, 2, generator=gen) * 200
    wh = torch.rand(count, 2, generator=gen) * 60 + 4
    boxes = torch.cat((xy, xy + wh), 1)
    scores = torch.rand(count, generator=gen)
    classes = torch.randint(0, 3, (count,), generator=gen)
    return boxes, scores, classes


def _check_nms(ctx, torch, ops, count):
    device = ctx.device
    with ctx.check("nms on %d boxes" % count) as check:
        boxes, scores, _ = _boxes(torch, count)
        want = reference_nms(boxes.tolist(), scores.tolist(), 0.5)
        got = ops.nms(boxes.to(device), scores.to(device), 0.5).cpu().tolist()
        check.detail = "kept %d of %d" % (len(got), count)
        if got != want:
            raise Failure("torchvision.ops.nms on %s kept %d boxes, the reference %d (first difference at "
                          "position %d)" % (device, len(got), len(want), _first_difference(got, want)))
    with ctx.check("batched_nms on %d boxes, 3 classes" % count) as check:
        boxes, scores, classes = _boxes(torch, count, seed=1)
        want = []
        for cls in range(3):
            members = [i for i in range(count) if int(classes[i]) == cls]
            kept = reference_nms([boxes[i].tolist() for i in members], [float(scores[i]) for i in members], 0.5)
            want += [members[i] for i in kept]
        want.sort(key=lambda i: -float(scores[i]))
        got = ops.batched_nms(boxes.to(device), scores.to(device), classes.to(device), 0.5).cpu().tolist()
        check.detail = "kept %d of %d" % (len(got), count)
        if got != want:
            raise Failure("torchvision.ops.batched_nms on %s kept %d boxes, the reference %d"
                          % (device, len(got), len(want)))


def _first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def _check_roi_align(ctx, torch, ops):
    device = ctx.device
    with ctx.check("roi_align against a linear ramp") as check:
        height, width, ax, by, c = 32, 48, 0.5, -0.25, 3.0
        ys = torch.arange(height, dtype=torch.float32).view(-1, 1)
        xs = torch.arange(width, dtype=torch.float32).view(1, -1)
        feature = (ax * xs + by * ys + c).expand(height, width).reshape(1, 1, height, width).repeat(2, 4, 1, 1)
        rois = torch.tensor([[0, 4.0, 5.0, 20.0, 17.0], [1, 10.5, 3.25, 30.0, 25.5], [0, 2.0, 2.0, 40.0, 28.0]])
        out_size = 7
        got = ops.roi_align(feature.to(device), rois.to(device), output_size=out_size, spatial_scale=1.0,
                            sampling_ratio=2, aligned=True).cpu()
        want = torch.empty_like(got)
        for r, (_, x1, y1, x2, y2) in enumerate(rois.tolist()):
            bin_w, bin_h = (x2 - x1) / out_size, (y2 - y1) / out_size
            for i in range(out_size):
                for j in range(out_size):
                    cx = x1 - 0.5 + (j + 0.5) * bin_w  # aligned=True shifts by half a pixel
                    cy = y1 - 0.5 + (i + 0.5) * bin_h
                    want[r, :, i, j] = ax * cx + by * cy + c
        err = float((got - want).abs().max())
        check.detail = "max abs error %.2g" % err
        check.data = {"max_abs_err": err}
        if not common.all_finite(got) or err > 1e-3:
            raise Failure("torchvision.ops.roi_align on %s differs from the reference: max abs error %.3g "
                          "(tolerance 1e-3)" % (device, err))


def run(ctx):
    import torch

    common.one_cpu_thread(torch)

    try:
        import torchvision
        from torchvision import ops
    except ModuleNotFoundError as exc:
        if getattr(exc, "name", "") == "torchvision":
            raise Skip("torchvision is not installed")
        raise
    count = 500 if not ctx.full else 3000
    _check_nms(ctx, torch, ops, count)
    _check_roi_align(ctx, torch, ops)
    return {"detail": "torchvision %s: nms, batched_nms, roi_align correct on %s" % (torchvision.__version__,
                                                                                   ctx.device),
            "data": {"torchvision": torchvision.__version__}}
