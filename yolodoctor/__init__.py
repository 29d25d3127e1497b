"""yolodoctor: diagnose, fix and prove PyTorch / CUDA / YOLO environments."""

__version__ = "0.1.0"
