"""Messages exactly as the real tools print them, with where each was seen.

Stand-ins print these so the facts carry what a user's machine would show.
Sources: the pasted reports in tests/fixtures/reports (see manifest.toml),
and the torch / numpy sources of the releases named.
"""

from __future__ import annotations


def driver_too_old(found: int) -> str:
    """torch's warning from torch.cuda.is_available() when the driver supports
    an older CUDA than the build (c10/cuda/CUDAFunctions.cpp; reports 002, 003)."""
    return ("CUDA initialization: The NVIDIA driver on your system is too old (found version "
            f"{found}). Please update your GPU driver by downloading and installing a new version from "
            "the URL: http://www.nvidia.com/Download/index.aspx Alternatively, go to: https://pytorch.org "
            "to install a PyTorch version that has been compiled with your version of the CUDA driver. "
            "(Triggered internally at ../c10/cuda/CUDAFunctions.cpp:108.)")


def cuda_init_error(code: int, text: str) -> str:
    """torch's warning when cudaGetDeviceCount() fails otherwise (c10/cuda/CUDAFunctions.cpp)."""
    return ("CUDA initialization: Unexpected error from cudaGetDeviceCount(). Did you run some cuda "
            "functions before calling NumCudaDevices() that might have already set an error? "
            f"Error {code}: {text} (Triggered internally at ../c10/cuda/CUDAFunctions.cpp:108.)")


# CUDA_ERROR_SYSTEM_DRIVER_MISMATCH: the kernel module and libcuda differ.
DRIVER_MISMATCH_803 = cuda_init_error(803, "system has unsupported display driver / cuda driver combination")


def arch_not_compatible(device: str, sm: int, arch_list: tuple[str, ...]) -> str:
    """torch.cuda._check_capability's warning (torch 2.x torch/cuda/__init__.py; report 006)."""
    return (f"\n{device} with CUDA capability sm_{sm} is not compatible with the current PyTorch installation.\n"
            f"The current PyTorch install supports CUDA capabilities {' '.join(arch_list)}.\n"
            f"If you want to use the {device} GPU with PyTorch, please check the instructions at "
            "https://pytorch.org/get-started/locally/\n")


def numpy2_abi_banner(numpy_version: str) -> str:
    """What NumPy 2 writes to stderr when a module built for NumPy 1 asks for
    _ARRAY_API (numpy/core/_multiarray_umath.py; report 013)."""
    return (f"\nA module that was compiled using NumPy 1.x cannot be run in\n"
            f"NumPy {numpy_version} as it may crash. To support both 1.x and 2.x\n"
            "versions of NumPy, modules must be compiled with NumPy 2.0.\n"
            "Some module may need to rebuild instead e.g. with 'pybind11>=2.12'.\n\n"
            "If you are a user of the module, the easiest solution will be to\n"
            "downgrade to 'numpy<2' or try to upgrade the affected module.\n"
            "We expect that some modules will need time to support NumPy 2.\n\n")


# torch's warning after NumPy refused it (torch/csrc/utils/tensor_numpy.cpp).
NUMPY_INIT_FAILED = ("Failed to initialize NumPy: _ARRAY_API not found "
                     "(Triggered internally at ../torch/csrc/utils/tensor_numpy.cpp:84.)")

LIBCUDNN9_MISSING = "libcudnn.so.9: cannot open shared object file: No such file or directory"  # report 014
TORCHVISION_NMS_MISSING = "operator torchvision::nms does not exist"  # report 016
NMS_NO_CUDA_BACKEND = (  # report 015
    "Could not run 'torchvision::nms' with arguments from the 'CUDA' backend. This could be because the "
    "operator doesn't exist for this backend, or was omitted during the selective/custom build process (if "
    "using custom build). If you are a Facebook employee using PyTorch on mobile, please visit "
    "https://fburl.com/ptmfixes for possible resolutions. 'torchvision::nms' is only available for these "
    "backends: [CPU, Meta, QuantizedCPU, BackendSelect, Python, FuncTorchDynamicLayerBackMode, Functionalize, "
    "Named, Conjugate, Negative, ZeroTensor, ADInplaceOrView, AutogradOther, AutogradCPU, AutogradCUDA, "
    "AutogradXLA, AutogradMPS, AutogradXPU, AutogradHPU, AutogradLazy, AutogradMTIA, AutogradMeta, Tracer, "
    "AutocastCPU, AutocastXPU, AutocastMPS, AutocastCUDA, FuncTorchBatched, BatchedNestedTensor, "
    "FuncTorchVmapMode, Batched, VmapMode, FuncTorchGradWrapper, PythonTLSSnapshot, "
    "FuncTorchDynamicLayerFrontMode, PreDispatch, PythonDispatcher].")
# flash-attn's extension built against another torch (report 010); {site} is the site-packages path.
FLASH_ATTN_UNDEFINED_SYMBOL = ("{site}/flash_attn_2_cuda.cpython-{py}-x86_64-linux-gnu.so: "
                               "undefined symbol: _ZN3c104cuda9SetDeviceEi")
LIBGL_MISSING = "libGL.so.1: cannot open shared object file: No such file or directory"  # reports 046, 047
LIBNVINFER10_MISSING = "libnvinfer.so.10: cannot open shared object file: No such file or directory"  # cf. 020

# nvidia-smi (reports 004, 008 and the NVIDIA driver's own wording)
SMI_MISMATCH = "Failed to initialize NVML: Driver/library version mismatch"


def smi_mismatch(user_driver: str) -> str:
    """What nvidia-smi of driver 5xx prints on a mismatch: the error, then its own NVML's version
    (as in https://github.com/mozilla/translations/issues/1167)."""
    return f"{SMI_MISMATCH}\nNVML library version: {'.'.join(user_driver.split('.')[:2])}"
SMI_NO_DRIVER = ("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
                 "Make sure that the latest NVIDIA driver is installed and running.")
SMI_NO_DEVICES = "No devices were found"
SMI_NO_COMPUTE_CAP = 'Field "compute_cap" is not a valid field to query.'
