"""A small network built like a YOLO detector, for the smoke stages.

Conv-BN-SiLU blocks, C2f-style cross-stage blocks, SPPF, a top-down neck and
a decoupled detection head over three strides, with one output tensor
(batch, 4 * REG_MAX + classes, anchors) as a YOLO model returns at export.
It exercises the same kernels (conv, batch norm, SiLU, max-pool, upsample,
concat, split) without weights to download.
"""

import torch
from torch import nn

REG_MAX = 16
CLASSES = 4


class ConvBNSiLU(nn.Module):
    def __init__(self, c_in, c_out, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.cv1 = ConvBNSiLU(c, c, 3)
        self.cv2 = ConvBNSiLU(c, c, 3)

    def forward(self, x):
        return x + self.cv2(self.cv1(x))


class C2f(nn.Module):
    def __init__(self, c_in, c_out, n=1):
        super().__init__()
        self.hidden = c_out // 2
        self.cv1 = ConvBNSiLU(c_in, 2 * self.hidden)
        self.blocks = nn.ModuleList(Bottleneck(self.hidden) for _ in range(n))
        self.cv2 = ConvBNSiLU((2 + n) * self.hidden, c_out)

    def forward(self, x):
        parts = list(self.cv1(x).split((self.hidden, self.hidden), 1))
        for block in self.blocks:
            parts.append(block(parts[-1]))
        return self.cv2(torch.cat(parts, 1))


class SPPF(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        hidden = c_in // 2
        self.cv1 = ConvBNSiLU(c_in, hidden)
        self.pool = nn.MaxPool2d(5, 1, 2)
        self.cv2 = ConvBNSiLU(hidden * 4, c_out)

    def forward(self, x):
        y = [self.cv1(x)]
        for _ in range(3):
            y.append(self.pool(y[-1]))
        return self.cv2(torch.cat(y, 1))


class Detect(nn.Module):
    """Decoupled head: a box branch (distribution over REG_MAX bins per side) and a class branch."""

    def __init__(self, channels):
        super().__init__()
        box, cls = max(16, channels[0] // 4, REG_MAX * 4), max(channels[0], CLASSES)
        self.box = nn.ModuleList(nn.Sequential(ConvBNSiLU(c, box, 3), ConvBNSiLU(box, box, 3),
                                               nn.Conv2d(box, 4 * REG_MAX, 1)) for c in channels)
        self.cls = nn.ModuleList(nn.Sequential(ConvBNSiLU(c, cls, 3), ConvBNSiLU(cls, cls, 3),
                                               nn.Conv2d(cls, CLASSES, 1)) for c in channels)

    def forward(self, features):
        outputs = []
        for x, box, cls in zip(features, self.box, self.cls):
            y = torch.cat((box(x), cls(x)), 1)
            outputs.append(y.flatten(2))
        return torch.cat(outputs, 2)


class TinyYolo(nn.Module):
    def __init__(self, width=16, depth=1):
        super().__init__()
        w = [width, width * 2, width * 4, width * 8, width * 16]
        self.stem = ConvBNSiLU(3, w[0], 3, 2)
        self.stage2 = nn.Sequential(ConvBNSiLU(w[0], w[1], 3, 2), C2f(w[1], w[1], depth))
        self.stage3 = nn.Sequential(ConvBNSiLU(w[1], w[2], 3, 2), C2f(w[2], w[2], depth))  # P3, stride 8
        self.stage4 = nn.Sequential(ConvBNSiLU(w[2], w[3], 3, 2), C2f(w[3], w[3], depth))  # P4, stride 16
        self.stage5 = nn.Sequential(ConvBNSiLU(w[3], w[4], 3, 2), C2f(w[4], w[4], depth), SPPF(w[4], w[4]))
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.neck4 = C2f(w[4] + w[3], w[3], depth)
        self.neck3 = C2f(w[3] + w[2], w[2], depth)
        self.head = Detect((w[2], w[3], w[4]))

    def forward(self, x):
        p3 = self.stage3(self.stage2(self.stem(x)))
        p4 = self.stage4(p3)
        p5 = self.stage5(p4)
        n4 = self.neck4(torch.cat((self.up(p5), p4), 1))
        n3 = self.neck3(torch.cat((self.up(n4), p3), 1))
        return self.head((n3, n4, p5))


def synthetic_loss(output, target_box, target_cls):
    """A detection-shaped loss: regression on the box bins, BCE on the classes (in float32)."""
    output = output.float()
    box, cls = output[:, : 4 * REG_MAX], output[:, 4 * REG_MAX:]
    return nn.functional.mse_loss(box, target_box) + nn.functional.binary_cross_entropy_with_logits(cls, target_cls)


def build(seed=0, width=16, depth=1):
    torch.manual_seed(seed)
    return TinyYolo(width, depth)


def inputs(batch, size, seed=0, device="cpu"):
    gen = torch.Generator().manual_seed(seed)
    x = torch.rand(batch, 3, size, size, generator=gen)
    anchors = sum((size // s) ** 2 for s in (8, 16, 32))
    target_box = torch.randn(batch, 4 * REG_MAX, anchors, generator=gen) * 0.5
    target_cls = (torch.rand(batch, CLASSES, anchors, generator=gen) > 0.9).float()
    return x.to(device), target_box.to(device), target_cls.to(device)
