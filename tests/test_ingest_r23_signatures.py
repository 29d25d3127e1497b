"""The twenty-third round's readers: a torchvision module basicsr still imports, torch.compile without a usable Triton,
glibc 2.41 refusing an executable stack, Numba without libNVVM, --gpus refused by a host that needs the NVIDIA runtime,
and the runtime's "driver version is insufficient" in a container started without the GPU. Each paste is written for
the mechanism, with pastes it must leave alone."""

from __future__ import annotations

import pytest

from tests.pasted import check_categories, signal_ids


@pytest.mark.parametrize("paste, signature, category", [
    ("  File \"site-packages\\basicsr\\data\\degradations.py\", line 8, in <module>\n    from "
     "torchvision.transforms.functional_tensor import rgb_to_grayscale\nModuleNotFoundError: No module named "
     "'torchvision.transforms.functional_tensor'", "torchvision-functional-tensor-removed", "torchvision_mismatch"),
    ("HiDreamSampler\nbackend='inductor' raised:\nRuntimeError: Cannot find a working triton installation. Either the "
     "package is not installed or it is too old. More information on installing Triton can be found at "
     "https://github.com/openai/triton", "inductor-no-working-triton", "other"),
    ("$ python -c 'import torch'\nImportError: libtorch_cpu.so: cannot enable executable stack as shared object "
     "requires: Invalid argument", "glibc-refuses-executable-stack", "other"),
    ("numba.cuda.cudadrv.error.NvvmSupportError: libNVVM cannot be found. Do `conda install cudatoolkit`:\nCould not "
     "find module 'nvvm.dll' (or one of its dependencies).", "numba-libnvvm-not-found", "cuda_lib_missing"),
    ("$ docker run --gpus=\"device=0\" --rm nvcr.io/nvidia/tritonserver:23.03-py3 tritonserver\ndocker: Error response "
     "from daemon: failed to create shim task: OCI runtime create failed: error running hook #0: error running hook: "
     "exit status 1, stdout: , stderr: invoking the NVIDIA Container Runtime Hook directly (e.g. specifying the docker "
     "--gpus flag) is not supported. Please use the NVIDIA Container Runtime instead.: unknown.",
     "container-hook-gpus-flag-unsupported", "gpu_not_visible"),
])
def test_each_message_names_its_cause_first(paste, signature, category):
    assert signature in signal_ids(paste)
    assert check_categories(paste)[0] == category


@pytest.mark.parametrize("paste, signature", [
    # torchvision 0.15/0.16's deprecation warning: the module is still there
    ("UserWarning: The torchvision.transforms.functional_tensor module is deprecated in 0.15 and will be **removed in "
     "0.17**. Please don't rely on it.", "torchvision-functional-tensor-removed"),
    # Triton present and named: nothing missing
    ("triton 3.2.0\ntorch 2.6.0+cu126\ncompiled graph in 41.2 s", "inductor-no-working-triton"),
    # another loader error
    ("ImportError: libtorch_cpu.so: cannot open shared object file: No such file or directory",
     "glibc-refuses-executable-stack"),
    # Numba finding NVVM: its version printed
    ("numba.cuda.cudadrv.nvvm.NVVM().get_version() -> (2, 0)", "numba-libnvvm-not-found"),
])
def test_pastes_those_messages_leave_alone(paste, signature):
    assert signature not in signal_ids(paste)


# ---- "driver version is insufficient" where the container was not given the GPU ------------------------------------

_INSUFFICIENT = "[FT][ERROR] CUDA runtime API error: CUDA driver version is insufficient for CUDA runtime version"


def test_the_runtime_without_a_driver_in_a_container_started_without_the_gpu_is_the_container():
    paste = f"docker run -it --shm-size=1g -v /work:/workspace nvcr.io/nvidia/tritonserver:22.03-py3 bash\n{_INSUFFICIENT}"
    assert check_categories(paste)[0] == "gpu_not_visible"


def test_the_same_message_in_a_container_given_the_gpu_stays_the_driver():
    paste = f"docker run --gpus all -it --shm-size=1g nvcr.io/nvidia/tritonserver:22.03-py3 bash\n{_INSUFFICIENT}"
    assert check_categories(paste)[0] == "driver_too_old"


def test_the_same_message_with_no_container_stays_the_driver():
    assert check_categories(f"$ python train.py\n{_INSUFFICIENT}")[0] == "driver_too_old"
