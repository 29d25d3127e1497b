"""YOLO environments, fifteenth round: the GPU architecture told by torch's warning line alone or by NVRTC, TensorRT's
engine check retold in words, a connection timing out (errno 110) in any wording, and a release with a bug of its own
named beside the failure it had (compat/regressions.toml). Small pastes written here, with ones each must not fire on,
through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids

from yolodoctor.ingest.known_regressions import known_regression, named_releases


# ---- torch's incompatible-device warning, only its source line pasted ----------------------------------------------

@pytest.mark.parametrize("text", [
    '  warnings.warn(incompatible_device_warn.format(device_name, capability, " ".join(arch_list), device_name))\n'
    "2025-03-05 00:37:01 | INFO | configs.config | Found GPU NVIDIA GeForce RTX 5080",
    "/usr/lib/python3.10/site-packages/torch/cuda/__init__.py:215: UserWarning:\n"
    "warnings.warn( incompatible_device_warn.format(device_name, capability, ' '.join(arch_list), device_name))",
])
def test_incompatible_device_warning_line_is_the_gpu_architecture(text):
    assert "torch-incompatible-device-warn-line" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    # torch's other warnings from the same file, and the definition of the text
    "  warnings.warn(matched_cuda_warn.format(matched_arches))",
    'incompatible_device_warn = """\n{} with CUDA capability sm_{} is not compatible"""',
])
def test_other_torch_warning_lines_are_not_the_architecture(text):
    assert "torch-incompatible-device-warn-line" not in signal_ids(text)


# ---- NVRTC not knowing the GPU's architecture -------------------------------------------------------------------------

def test_nvrtc_invalid_gpu_architecture_is_the_gpu_architecture():
    text = ("nvrtc: error: invalid value for --gpu-architecture (-arch)\n"
            "Set the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace.")
    assert "nvrtc-invalid-gpu-architecture" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    "nvcc fatal   : Unsupported gpu architecture 'compute_120'",
    "RuntimeError: nvrtc: error: failed to open libnvrtc-builtins.so.11.1.",
    "nvrtc: error: invalid value for --fmad (-fmad)",
])
def test_other_compiler_messages_are_not_nvrtc_architecture(text):
    assert "nvrtc-invalid-gpu-architecture" not in signal_ids(text)


# ---- TensorRT's engine check retold in words --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'loading the saved .engine file says "Deserialization Failed. Internal error. Magic Tag assertion failed."',
    "trt engine: magic tag assertion failed",
])
def test_magic_tag_assertion_in_words_is_the_engine(text):
    assert "tensorrt-engine-version" in signal_ids(text)
    assert check_categories(text)[:1] == ["tensorrt_problem"]


def test_magic_tag_assertion_that_passed_is_not_the_engine():
    assert "tensorrt-engine-version" not in signal_ids("the magic tag assertion passed, the engine loads")


# ---- a connection timing out, errno 110 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "TimeoutError: [Errno 110] Connection timed out",
    "OSError: [Errno 110] Connection timed out",
    "Errno 110 Connection Time out error",
    "ERROR: errno 110: connection timed out while fetching yolov5s.pt",
])
def test_errno_110_is_the_download(text):
    assert "errno-110-connect-timed-out" in signal_ids(text)
    assert check_categories(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "ConnectionRefusedError: [Errno 111] Connection refused",
    "process exited with errno 110",
    "[Errno 1100] connection timeout",
])
def test_other_errnos_are_not_errno_110(text):
    assert "errno-110-connect-timed-out" not in signal_ids(text)


# ---- a release with a bug of its own -------------------------------------------------------------------------------------

TORCH_230 = ("torch 2.3.0+cu121\n"
             "cudnnException: CUDNN_BACKEND_EXECUTION_PLAN_DESCRIPTOR: cudnnFinalize Descriptor Failed cudnn_status: "
             "CUDNN_STATUS_NOT_SUPPORTED (Triggered internally at ..\\aten\\src\\ATen\\native\\cudnn\\Conv_v8.cpp:919.)")


@pytest.mark.parametrize("text", [
    TORCH_230,
    "Ultralytics YOLOv8.2.35 🚀 Python-3.10.12 torch-2.3.1+cu121\nKeyError: 'Silence'",
    "ultralytics==8.0.177\nImportError: cannot import name 'YOLO' from 'ultralytics' (unknown location)",
    "ultralytics-8.0.177 encounters an error when importing YOLO.",
])
def test_release_with_its_own_bug_is_the_release(text):
    findings = check_findings(text)
    assert findings[0]["category"] == "other"
    assert findings[0]["id"].startswith("known-regression:")


@pytest.mark.parametrize("text", [
    # the release that fixed it, and a release named without its failure
    TORCH_230.replace("2.3.0", "2.3.1"),
    "torch 2.3.0+cu121\nRuntimeError: CUDA error: out of memory",
    # the failure of another release: a torchvision of the same number, the release named only as the way back
    TORCH_230.replace("torch 2.3.0", "torchvision 2.3.0"),
    "Ultralytics YOLOv8.0.177 🚀\nfrom ultralytics import YOLO\ntorch.cuda.OutOfMemoryError: CUDA out of memory.",
])
def test_other_releases_or_failures_are_not_the_release(text):
    assert not any(f["id"].startswith("known-regression:") for f in check_findings(text))


def test_named_releases_reads_the_common_spellings():
    text = "torch==2.3.0\nUltralytics YOLOv8.2.35 🚀\nultralytics-8.0.177\ntorchvision 0.18.0\nTorch 2.3.0"
    assert [(p, v) for p, v, _line in named_releases(text)] == [
        ("torch", "2.3.0"), ("ultralytics", "8.2.35"), ("ultralytics", "8.0.177"), ("torch", "2.3.0")]
    assert known_regression("torch 2.4.0\ncudnnFinalize Descriptor Failed CUDNN_STATUS_NOT_SUPPORTED") is None


# ---- dev reports ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("10504-rvc-2507-rtx5080-found-gpu.txt", "gpu_arch_unsupported"),
    ("10511-hyperreel-2-rtx4090-nvrtc-invalid-arch.txt", "gpu_arch_unsupported"),
    ("10506-tensorrt-1596-magictag-xavier-nx.txt", "tensorrt_problem"),
    ("10518-yolov5-4766-errno110-train-road-signs.txt", "network_download"),
    ("10514-onetrainer-397-cudnn-not-supported-torch230.txt", "other"),
    ("10523-ultralytics-4889-8-0-177-import-yolo.txt", "other"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]
