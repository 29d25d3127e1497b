"""Compiled torch extensions, nineteenth round: a flash-attn build that never finishes told around pip's "Building
wheels for collected packages: flash_attn" line, and the statement that imported a compiled extension right above
"no kernel image is available". Small pastes written here, with ones each must not fire on, through the same
pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_findings, report_categories, signal_ids


def first(text: str) -> tuple[str, str]:
    findings = check_findings(text)
    assert findings, "nothing found"
    return findings[0]["category"], findings[0]["id"]


# ---- a flash-attn build that never finishes, named after "collected packages:" ---------------------------------------

@pytest.mark.parametrize("text", [
    'Colab moved to torch 2.5.0, and now it stucked on "Building wheels for collected packages: flash_attn".\n',
    'Stuck at "Building wheels for collected packages: flash-attn" for more than an hour.\n',
    "Building wheels for collected packages: einops, flash-attn\n"
    "It has been hanging here for hours.\n",
])
def test_flash_attn_build_hanging_after_collected_packages(text):
    assert first(text)[0] == "flash_attn_build"
    assert "flash-attn-build-never-finishes" in signal_ids(text)


@pytest.mark.parametrize("text", [
    # pip's own lines of a build that finished, and a hang somewhere else
    "Building wheels for collected packages: flash-attn\n"
    "  Building wheel for flash-attn (setup.py) ... done\n"
    "Successfully installed flash-attn-2.6.3\n",
    "Building wheels for collected packages: flash_attn\n"
    "  Building wheel for flash_attn (setup.py) ... done\n"
    "Training is stuck at epoch 3.\n",
    "Building wheels for collected packages: pycocotools\nIt has been stuck here for an hour.\n",
])
def test_collected_packages_lines_that_are_not_a_hanging_flash_attn_build(text):
    assert "flash-attn-build-never-finishes" not in signal_ids(text)


def test_dev_reports_of_a_flash_attn_build_that_never_finishes():
    for name in ("14314-pytorch-139067-flash-attn-build-stuck-torch-2-5-colab.txt",
                 "14316-flash-attn-223-colab-stuck-building-wheels.txt"):
        assert report_categories(name)[:1] == ["flash_attn_build"], name


# ---- the import statement that ran a compiled extension, then "no kernel image" --------------------------------------

@pytest.mark.parametrize("text", [
    'python -c "import torch; from mamba_ssm import Mamba2"\n'
    "# RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
    ">>> import causal_conv1d\n>>> causal_conv1d.causal_conv1d_fn(x, w)\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
    ">>> from flash_attn import flash_attn_func\n>>> out = flash_attn_func(q, k, v)\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
])
def test_extension_imported_then_no_kernel_image(text):
    assert first(text)[0] == "flash_attn_arch"
    assert "extension-named-then-no-kernel-image" in signal_ids(text)


@pytest.mark.parametrize("text", [
    # torch itself, with no extension in sight; an import of something that is not a compiled extension
    ">>> import torch\n>>> torch.zeros(1).cuda() + 1\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
    ">>> from ultralytics import YOLO\n>>> YOLO('yolov8n.pt').train(data='coco8.yaml', device=0)\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
    "from mamba_ssm import Mamba2\n" + "x = 1\n" * 6
    + "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
])
def test_no_kernel_image_without_an_extension_import_above_it(text):
    assert "extension-named-then-no-kernel-image" not in signal_ids(text)


def test_torch_warning_still_ranks_first_over_an_imported_extension():
    text = ("UserWarning: NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current "
            "PyTorch installation.\nThe current PyTorch install supports CUDA capabilities sm_50 sm_60 sm_70 sm_75 "
            "sm_80 sm_86 sm_90.\n"
            ">>> from xformers.ops import memory_efficient_attention\n>>> memory_efficient_attention(q, k, v)\n"
            "RuntimeError: CUDA error: no kernel image is available for execution on the device\n")
    assert check_findings(text)[0]["category"] == "gpu_arch_unsupported"


def test_dev_report_of_an_imported_extension_without_kernels():
    assert report_categories("14320-mamba-1019-no-prebuilt-wheels-sm103-sm121.txt")[:1] == ["flash_attn_arch"]
