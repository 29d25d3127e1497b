"""The twenty-second round's readers: other frameworks' CUDA libraries (TensorFlow, JAX), torchaudio's I/O backends,
bfloat16 under torch's autocast, the driver error by its name, an extension's own launch check, container tags that are
gone, the display watchdog, setuptools without pkg_resources, Rockchip's NPU runtime, torch's capability warning within
one GPU generation, MIG slices, a machine that froze while compiling, a post-release in pip's list, an index pip could
not reach, a runtime's "environment", and a regression said of a program that is not the detector. Each paste is
written for the mechanism, with pastes it must leave alone."""

from __future__ import annotations

import pytest

from tests.pasted import check_categories, check_findings, signal_ids


# ---- messages that name their cause -----------------------------------------------------------------------------

@pytest.mark.parametrize("paste, signature, category", [
    ("2026-05-03 11:02:11.1 W gpu_device.cc:2365] Cannot dlopen some GPU libraries. Please make sure the missing "
     "libraries mentioned above are installed properly.\nSkipping registering GPU devices...",
     "tensorflow-cannot-dlopen-gpu-libraries", "cuda_lib_missing"),
    (">>> jax.devices()\nCUDA backend failed to initialize: Unable to use CUDA because of the following issues with "
     "CUDA components:\nOutdated cuDNN installation found.\nVersion JAX was built against: 8907\nMinimum supported: "
     "9100\nInstalled version: 8907", "jax-outdated-cudnn", "cudnn_problem"),
    ("RuntimeWarning: JAX plugin jax_cuda12_plugin version 0.9.2 is installed, but it is not compatible with the "
     "installed jaxlib version 0.9.0.1, so it will not be used.", "jax-cuda-plugin-not-for-jaxlib", "other"),
    ("  File \"gen.py\", line 40, in <module>\n    torchaudio.save('out.wav', audio, 44100)\nRuntimeError: Couldn't "
     "find appropriate backend to handle uri out.wav and format None.", "torchaudio-no-io-backend", "other"),
    ("    with torch.autocast(device_type='cuda', dtype=torch.bfloat16):\nRuntimeError: Current CUDA Device does not "
     "support bfloat16. Please switch dtype to float16.", "bfloat16-needs-ampere", "gpu_arch_unsupported"),
    ("Error name: (<cudaError_t.cudaSuccess: 0>, b'cudaErrorInsufficientDriver')\nError code: 35",
     "cuda-insufficient-driver", "driver_too_old"),
    ("cuInit failed: CUDA_ERROR_INSUFFICIENT_DRIVER", "cuda-insufficient-driver", "driver_too_old"),
    ("CUDA kernel failed : no kernel image is available for execution on the device\nvoid group_points_kernel_wrapper"
     "(int, int, int, int, int, const float*, const int*, float*) at L:38 in /src/pointnet2_ops/_ext-src/src/"
     "group_points_gpu.cu", "extension-op-no-kernel-image", "flash_attn_arch"),
    ("$ docker pull nvidia/cuda:10.2-devel-ubuntu18.04\nError response from daemon: manifest for "
     "nvidia/cuda:10.2-devel-ubuntu18.04 not found: manifest unknown: manifest unknown",
     "docker-image-tag-not-found", "other"),
    ("  File \"pyannote/audio/pipelines/speaker_verification.py\", line 707, in __call__\nRuntimeError: CUDA error: "
     "the launch timed out and was terminated", "cuda-launch-timeout-watchdog", "other"),
    ("  File \"utils/general.py\", line 24, in <module>\n    import pkg_resources as pkg\nModuleNotFoundError: No "
     "module named 'pkg_resources'", "setuptools-without-pkg-resources", "other"),
    ("I RKNN: RKNN Runtime Information: librknnrt version: 1.4.0 (a10f100eb@2022-09-09T09:07:14)\nE RKNN: Invalid "
     "RKNN model version 6\nE RKNN: rknn_init, load model failed!", "rknn-model-not-for-runtime", "other"),
    ("E RKNN    : The rknn model does not match the RKNPU hardware version!\nrknn_init fail! ret=-1",
     "rknn-model-not-for-runtime", "other"),
    ("$ nvidia-smi -L\nGPU 0: NVIDIA A100-SXM4-80GB\n  MIG 3g.40gb Device 0\n  MIG 3g.40gb Device 1\nRuntimeError: "
     "device >= 0 && device < num_gpus INTERNAL ASSERT FAILED at \"../aten/src/ATen/cuda/CUDAContext.cpp\":50, "
     "please report a bug to PyTorch.", "torch-device-count-assert-mig", "gpu_not_visible"),
])
def test_each_message_names_its_cause_first(paste, signature, category):
    assert signature in signal_ids(paste)
    assert check_categories(paste)[0] == category


@pytest.mark.parametrize("paste, signature", [
    # torch's own kernel: the generic finding, not an extension's
    ("RuntimeError: CUDA error: no kernel image is available for execution on the device",
     "extension-op-no-kernel-image"),
    # a tag that exists, pulled: nothing wrong
    ("$ docker pull nvidia/cuda:12.4.1-devel-ubuntu22.04\n12.4.1-devel-ubuntu22.04: Pulling from nvidia/cuda",
     "docker-image-tag-not-found"),
    # pkg_resources named by its deprecation warning, and a setuptools that still has it
    ("UserWarning: pkg_resources is deprecated as an API. See https://setuptools.pypa.io/en/latest/pkg_resources.html",
     "setuptools-without-pkg-resources"),
    ("Successfully installed setuptools-80.9.0; pkg_resources imports fine", "setuptools-without-pkg-resources"),
    # another JAX warning
    ("UserWarning: jax.host_count has been renamed to jax.process_count.", "jax-cuda-plugin-not-for-jaxlib"),
    # bf16 asked for where it is supported says nothing
    ("torch.cuda.is_bf16_supported() -> True", "bfloat16-needs-ampere"),
])
def test_pastes_those_messages_leave_alone(paste, signature):
    assert signature not in signal_ids(paste)


# ---- torch's capability warning within one generation ---------------------------------------------------------------

_WARNING = """/usr/lib/python3/dist-packages/torch/cuda/__init__.py:435: UserWarning:
    Found GPU0 {gpu} which is of cuda capability {found}.
    Minimum and Maximum cuda capability supported by this version of PyTorch is
    ({low}) - ({high})
"""


def test_a_capability_above_the_maximum_of_its_own_generation_is_only_a_warning():
    paste = _WARNING.format(gpu="NVIDIA GB10", found="12.1", low="8.0", high="12.0")
    findings = check_findings(paste)
    assert findings[0]["id"] == "torch-capability-warning-same-generation"
    assert findings[0]["category"] == "other"
    assert findings[0]["severity"] == "warning"  # a warning of no fault: never the report's error by itself


@pytest.mark.parametrize("found, low, high", [
    ("6.0", "7.0", "12.0"),  # a Pascal P100 below the build's floor: no kernels at all
    ("12.0", "5.0", "9.0"),  # an RTX 50 above a build that stops at Hopper: another generation
])
def test_a_gpu_of_another_generation_is_not_read_as_harmless(found, low, high):
    paste = _WARNING.format(gpu="Some GPU", found=found, low=low, high=high)
    assert "torch-capability-warning-same-generation" not in signal_ids(paste)


# ---- a machine that froze while an extension compiled ---------------------------------------------------------------

def test_a_machine_that_froze_while_compiling_is_the_build():
    paste = ("When gsplat compiles its CUDA extensions (the first run), the machine freezes and stops responding.\n"
             "32 GB of RAM, CUDA 12.4, TORCH_CUDA_ARCH_LIST not set")
    findings = check_findings(paste)
    assert findings[0]["id"] == "machine-froze-while-compiling"
    assert findings[0]["category"] == "flash_attn_build"
    assert "machine-froze-told-in-words" not in signal_ids(paste)  # the same line, read once, as the build


def test_a_machine_that_froze_during_training_stays_host_memory():
    paste = "As soon as the training starts the whole computer freezes; I have to do a power reset."
    ids = signal_ids(paste)
    assert "machine-froze-told-in-words" in ids and "machine-froze-while-compiling" not in ids
    assert check_categories(paste)[0] == "resources_low"


# ---- a post-release in pip's list ------------------------------------------------------------------------------

def _pip(requirement: str, versions: str) -> str:
    return (f"$ pip install {requirement}\nERROR: Could not find a version that satisfies the requirement "
            f"{requirement} (from versions: {versions})\nERROR: No matching distribution found for {requirement}")


def test_a_post_release_is_not_the_release_pip_was_asked_for():
    # pip's == does not match 1.4.3.post1: the release asked for is missing between releases on offer
    paste = _pip("somepkg==1.4.3", "1.4.1, 1.4.2, 1.4.3.post1, 1.4.4, 1.5.0")
    assert check_categories(paste)[0] == "pip_index"


def test_the_release_itself_on_offer_settles_nothing_about_the_index():
    # the same release listed: pip's message has another reason, and the list is no evidence of a missing release
    paste = _pip("somepkg==1.4.3", "1.4.1, 1.4.2, 1.4.3, 1.4.4, 1.5.0")
    assert not any(f["id"].startswith("pip-no-matching-version") and f["category"] == "pip_index"
                   and "missing from the index" in f["title"] for f in check_findings(paste))


# ---- an index pip could not reach ---------------------------------------------------------------------------------

_RETRY = ("WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection "
          "broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7c5f>: Failed "
          "to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/somepkg/")


def test_an_empty_list_after_failed_retries_of_the_index_is_the_network():
    paste = "!pip install somepkg\n" + _RETRY + "\n" + _pip("somepkg", "none").split("\n", 1)[1]
    findings = check_findings(paste)
    assert findings[0]["category"] == "network_download"
    assert "could not reach the package index" in findings[0]["title"]


def test_an_empty_list_without_retries_is_not_read_as_the_network():
    paste = _pip("somepkg", "none")
    assert check_categories(paste)[0] != "network_download"


def test_a_retry_for_a_file_rather_than_the_index_page_is_not_this_reading():
    retry = _RETRY.replace("/simple/somepkg/", "/packages/ab/cd/somepkg-1.0.tar.gz")
    paste = "!pip install somepkg\n" + retry + "\n" + _pip("somepkg", "none").split("\n", 1)[1]
    assert not any("could not reach the package index" in f["title"] for f in check_findings(paste))


# ---- a runtime's "environment" and a program that is not the detector -----------------------------------------------

def test_a_runtime_library_initialising_is_not_a_python_environment():
    paste = """  File "/home/orangepi/.local/lib/python3.10/site-packages/rknnlite/api/rknn_lite.py", line 157, in init
Exception: RKNN init failed. error code: RKNN_ERR_FAIL
Init runtime environment failed!"""
    assert "user-site-shadowing" not in [f["id"] for f in check_findings(paste)]


def test_user_site_code_beside_a_named_environment_is_still_shadowing():
    paste = """(myenv) $ python train.py
  File "/home/me/.local/lib/python3.10/site-packages/ultralytics/engine/trainer.py", line 120, in train
RuntimeError: boom
I set up the conda environment myenv for this."""
    assert "user-site-shadowing" in [f["id"] for f in check_findings(paste)]


_WENT_BACK = "Going back to the previous release (0.1.10) makes it work again."


def test_a_release_of_another_program_that_works_again_is_not_a_yolo_regression():
    paste = f"ollama 0.1.11 on Windows 10, GTX 1080\n{_WENT_BACK}\nCUDA error: no kernel image is available"
    assert "yolo-regression-said" not in [f["id"] for f in check_findings(paste)]


def test_the_same_words_in_a_yolo_report_are_still_a_regression():
    paste = f"yolo detect predict model=yolo11n.pt with ultralytics 8.3.40 fails.\n{_WENT_BACK}"
    assert "yolo-regression-said" in [f["id"] for f in check_findings(paste)]
