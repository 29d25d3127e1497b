"""Source code of stand-in modules: small, importable, and behaving like the
real package at the points the probes touch (import, cuda calls, nms).

Each function returns {relative path: file text} for one distribution.
"""

from __future__ import annotations

import builtins
import textwrap
from typing import Optional

from . import texts
from .spec import (Behaviour, FlashAttnBuild, Module, NumpyBuild, OnnxruntimeBuild, TorchBuild, TorchDevice,
                   TorchvisionBuild, UltralyticsTree)

_HEADER = "# Stand-in written by the yolodoctor scenario harness.\nimport os, signal, sys, time, warnings\n"


def behave(b: Behaviour, indent: str = "") -> str:
    """Python statements that act out a Behaviour."""
    lines = []
    if b.stdout:
        lines.append(f"sys.stdout.write({b.stdout!r}); sys.stdout.flush()")
    if b.stderr:
        lines.append(f"sys.stderr.write({b.stderr!r}); sys.stderr.flush()")
    for text in b.warnings:
        lines.append(f"warnings.warn({text!r}, UserWarning, stacklevel=2)")
    if b.crash:
        lines.append("os.kill(os.getpid(), signal.SIGSEGV)")
    if b.hang:
        lines.append("time.sleep(3600)")
    if b.raises:
        cls, message = b.raises
        if not isinstance(getattr(builtins, cls, None), type):
            raise ValueError(f"{cls} is not a builtin exception")
        lines.append(f"raise {cls}({message!r})")
    return "\n".join(indent + line for line in lines) or indent + "pass"


def _fmt(behaviour: Behaviour, **values: str) -> Behaviour:
    """Fill {site}/{py} placeholders of a behaviour's texts."""
    def sub(text: str) -> str:
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text
    raised = (behaviour.raises[0], sub(behaviour.raises[1])) if behaviour.raises else None
    return Behaviour(stdout=sub(behaviour.stdout), stderr=sub(behaviour.stderr), warnings=tuple(sub(w) for w in behaviour.warnings),
                     raises=raised, crash=behaviour.crash, hang=behaviour.hang)


def torch_files(version: str, build: TorchBuild, devices: tuple[TorchDevice, ...]) -> dict[str, str]:
    numpy_check = ""
    if build.numpy_abi == 1:
        # torch asks NumPy for its C API at import; NumPy 2 refuses a NumPy 1 build.
        numpy_check = textwrap.dedent(f"""
            try:
                import numpy.core._multiarray_umath as _np_core
                getattr(_np_core, "_ARRAY_API")
            except ModuleNotFoundError as _exc:
                warnings.warn("Failed to initialize NumPy: " + str(_exc) +
                              " (Triggered internally at ../torch/csrc/utils/tensor_numpy.cpp:84.)", UserWarning)
            except Exception:
                warnings.warn({texts.NUMPY_INIT_FAILED!r}, UserWarning)
            """)
    init = _HEADER + textwrap.dedent(f'''
        """torch {version} (stand-in)"""
        from . import version
        from .version import __version__
        ''') + behave(build.on_import) + "\n" + numpy_check + textwrap.dedent('''
        from . import _C, backends, cuda


        class Tensor:
            def __init__(self, data, device="cpu"):
                self.data = [list(row) if isinstance(row, (list, tuple)) else row for row in data]
                self.device = device

            def tolist(self):
                return list(self.data)

            def cuda(self):
                if not cuda.is_available():
                    raise RuntimeError("No CUDA GPUs are available")
                return Tensor(self.data, "cuda")

            def cpu(self):
                return Tensor(self.data, "cpu")


        def tensor(data, device="cpu"):
            return Tensor(data, device)
        ''')
    version_py = textwrap.dedent(f"""\
        from typing import Optional

        __all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip']
        __version__ = {version!r}
        debug = False
        cuda: Optional[str] = {build.cuda!r}
        git_version = {build.git_version!r}
        hip: Optional[str] = {build.hip!r}
        """)
    c_py = f"_GLIBCXX_USE_CXX11_ABI = {build.cxx11_abi!r}\n"
    device_rows = [(d.name, *map(int, d.capability.split(".")), d.total_memory_bytes) for d in devices]
    cuda_init = _HEADER + textwrap.dedent(f"""
        _COMPILED = {build.cuda is not None or build.hip is not None!r}  # ROCm builds answer through torch.cuda too
        _AVAILABLE = {build.cuda_available!r}
        _DEVICES = {device_rows!r}
        _ARCH = {list(build.arch_list)!r}
        _ARCH_NEEDS_CUDA = {build.arch_list_needs_cuda!r}
        _counted = False
        _initialized = False


        class _CudaDeviceProperties:
            def __init__(self, name, major, minor, total_memory):
                self.name, self.major, self.minor, self.total_memory = name, major, minor, total_memory


        def _device_count_once():
            global _counted
            if not _counted:
                _counted = True
        """) + behave(build.on_is_available, "        ") + textwrap.dedent("""

        def is_available():
            if not _COMPILED:
                return False
            _device_count_once()
            return _AVAILABLE


        def device_count():
            return len(_DEVICES) if is_available() else 0


        def _lazy_init():
            global _initialized
            if _initialized:
                return
            if not is_available():
                raise RuntimeError("No CUDA GPUs are available")
            _initialized = True
        """) + behave(build.on_device_properties, "    ") + textwrap.dedent("""


        def get_device_properties(index):
            _lazy_init()
            return _CudaDeviceProperties(*_DEVICES[index])


        def get_arch_list():
            if not _COMPILED:
                return []
            if _ARCH_NEEDS_CUDA and not is_available():
                return []
            return list(_ARCH)
        """)
    files = {
        "torch/__init__.py": init,
        "torch/version.py": version_py,
        "torch/_C.py": c_py,
        "torch/cuda/__init__.py": cuda_init + ("\nfrom . import nccl\n" if build.nccl else ""),
        "torch/backends/__init__.py": "from . import cudnn\n" + ("from . import mps\n" if build.mps_built is not None else ""),
        "torch/backends/cudnn/__init__.py": f"def version():\n    return {build.cudnn!r}\n",
    }
    if build.mps_built is not None:
        files["torch/backends/mps/__init__.py"] = (f"def is_built():\n    return {build.mps_built!r}\n\n\n"
                                                   f"def is_available():\n    return {build.mps_available!r}\n")
    if build.nccl:
        files["torch/cuda/nccl.py"] = f"def version():\n    return {tuple(build.nccl)!r}\n"
    return files


def torchvision_files(version: str, build: TorchvisionBuild) -> dict[str, str]:
    init = _HEADER + "import torch\n" + behave(build.on_import) + "\n" + textwrap.dedent("""
        from .version import __version__
        from . import ops
        """)
    boxes = _HEADER + textwrap.dedent(f"""
        import torch

        _CUDA_KERNELS = {build.cuda_kernels!r}


        def _iou(a, b):
            ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
            iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
            inter = ix * iy
            union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
            return inter / union if union else 0.0


        def nms(boxes, scores, iou_threshold):
            if boxes.device == "cuda" and not _CUDA_KERNELS:
                raise NotImplementedError({texts.NMS_NO_CUDA_BACKEND!r})
            order = sorted(range(len(scores.data)), key=lambda i: -scores.data[i])
            kept = []
            for i in order:
                if all(_iou(boxes.data[i], boxes.data[k]) <= iou_threshold for k in kept):
                    kept.append(i)
            return torch.tensor(kept, device=boxes.device)
        """)
    return {
        "torchvision/__init__.py": init,
        "torchvision/version.py": f"__version__ = {version!r}\n",
        "torchvision/ops/__init__.py": "from .boxes import nms\n",
        "torchvision/ops/boxes.py": boxes,
    }


def flash_attn_files(version: str, build: FlashAttnBuild, site: str, py: str) -> dict[str, str]:
    ext = _fmt(build.on_extension_import, site=site, py=py)
    return {
        # Stands in for flash_attn_2_cuda.cpython-XY-x86_64-linux-gnu.so, the compiled kernels.
        "flash_attn_2_cuda.py": _HEADER + behave(ext) + "\n",
        "flash_attn/__init__.py": f"__version__ = {version!r}\n\nfrom flash_attn.flash_attn_interface import "
                                  "flash_attn_func\n",
        "flash_attn/flash_attn_interface.py": "import torch\nimport flash_attn_2_cuda as flash_attn_gpu\n\n\n"
                                              "def flash_attn_func(q, k, v):\n    raise NotImplementedError\n",
    }


def numpy_files(version: str, build: NumpyBuild) -> dict[str, str]:
    major = int(version.split(".")[0])
    if major >= 2:
        umath = _HEADER + textwrap.dedent(f"""
            def __getattr__(attr_name):
                if attr_name in {{"_ARRAY_API", "_UFUNC_API"}}:
                    msg = {texts.numpy2_abi_banner(version)!r}
                    sys.stderr.write(msg + "Traceback (most recent call last):")
                    raise ImportError(msg)
                raise AttributeError("module 'numpy.core._multiarray_umath' has no attribute " + attr_name)
            """)
    else:
        umath = "_ARRAY_API = object()\n_UFUNC_API = object()\n"
    return {
        "numpy/__init__.py": f"__version__ = {version!r}\n",
        "numpy/core/__init__.py": "",
        "numpy/core/_multiarray_umath.py": umath,
    }


def onnxruntime_files(version: str, build: OnnxruntimeBuild) -> dict[str, str]:
    return {"onnxruntime/__init__.py": _HEADER + behave(build.on_import) + "\n" + textwrap.dedent(f"""
        __version__ = {version!r}


        def get_available_providers():
            return {list(build.providers)!r}
        """)}


def ultralytics_files(version: str, tree: UltralyticsTree) -> dict[str, str]:
    files = {"ultralytics/__init__.py": f'__version__ = "{version}"\n\n__all__ = ("__version__",)\n'}
    for model_dir in tree.model_dirs:
        files[f"ultralytics/cfg/models/{model_dir}/README.md"] = f"Model configs for {model_dir}.\n"
    return files


def module_files(module: Module, site: str, py: str) -> dict[str, str]:
    version = f"__version__ = {module.version!r}\n" if module.version else ""
    body = _HEADER + behave(_fmt(module.on_import, site=site, py=py)) + "\n" + version
    return {f"{module.name}/__init__.py": body}


def files_for(standin, version: str, devices: tuple[TorchDevice, ...], site: str, py: str) -> Optional[dict]:
    if standin is None:
        return None
    if isinstance(standin, TorchBuild):
        return torch_files(version, standin, devices)
    if isinstance(standin, TorchvisionBuild):
        return torchvision_files(version, standin)
    if isinstance(standin, FlashAttnBuild):
        return flash_attn_files(version, standin, site, py)
    if isinstance(standin, NumpyBuild):
        return numpy_files(version, standin)
    if isinstance(standin, OnnxruntimeBuild):
        return onnxruntime_files(version, standin)
    if isinstance(standin, UltralyticsTree):
        return ultralytics_files(version, standin)
    if isinstance(standin, Module):
        return module_files(standin, site, py)
    raise TypeError(f"unknown stand-in {standin!r}")
