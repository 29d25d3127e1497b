"""A checkpoint that is not what torch.load expects, and torch's own warning that its build is too old for the GPU.

torch.load meets a file cut short (a zip archive without its directory, or with a damaged header) or a text file where
the weights should be (a web page saved under the checkpoint's name, a Git LFS pointer): the download failed, not the
environment. torch 0.3-1.0 warned at start-up where its CUDA was older than the GPU needs. Pastes written here, with
ones each must not fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


@pytest.mark.parametrize("text", [
    "RuntimeError: PytorchStreamReader failed reading zip archive: failed finding central directory",
    "RuntimeError: [enforce fail at inline_container.cc:145] . PytorchStreamReader failed reading zip archive: "
    "failed finding central directory",
    # the node of a ComfyUI pack, its prefix cut
    "failed reading zip archive: failed finding central directory",
    "RuntimeError: PytorchStreamReader failed reading zip archive: invalid header or archive is corrupted",
])
def test_a_checkpoint_cut_short_is_the_download(text):
    assert "torch-load-archive-cut-short" in signal_ids(text)
    # the download first; a file that is not the checkpoint at all (a crashed save, a damaged upload) second
    assert check_categories(text)[:2] == ["network_download", "other"]


@pytest.mark.parametrize("text", [
    "    magic_number = pickle_module.load(f, **pickle_load_args)\n_pickle.UnpicklingError: invalid load key, '<'.",
    "    magic_number = pickle_module.load(f, **pickle_load_args)\n_pickle.UnpicklingError: invalid load key, 'v'.",
])
def test_a_web_page_or_lfs_pointer_instead_of_weights_is_the_download(text):
    assert "torch-load-text-not-checkpoint" in signal_ids(text)
    assert check_categories(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    # other load keys say less: a file of another format, a random byte
    "_pickle.UnpicklingError: invalid load key, '\\x00'.",
    "_pickle.UnpicklingError: invalid load key, 'n'.",
    # a zip error of another reader, and torch's check that is not a failure
    "zipfile.BadZipFile: File is not a zip file",
    "torch.serialization: reading zip archive entries for data.pkl",
])
def test_other_load_failures_are_not_read_as_a_failed_download(text):
    ids = signal_ids(text)
    assert "torch-load-archive-cut-short" not in ids
    assert "torch-load-text-not-checkpoint" not in ids


@pytest.mark.parametrize("text", [
    "/home/u/.conda/envs/dsfd/lib/python3.6/site-packages/torch/cuda/__init__.py:95: UserWarning: \n"
    "    Found GPU0 GeForce RTX 2080 Ti which requires CUDA_VERSION >= 9000 for\n"
    "     optimal performance and fast startup time, but your PyTorch was compiled\n"
    "     with CUDA_VERSION 8000. Please install the correct PyTorch binary\n"
    "     using instructions from http://pytorch.org",
    "Found GPU0 GeForce RTX 2080 Ti which requires CUDA_VERSION >= 9000 for optimal performance and fast startup "
    "time, but your PyTorch was compiled with CUDA_VERSION 8000.",
    # retold with the version in brackets
    "Tesla V100 which requires CUDA_VERSION >= 9000 for optimal performance and fast startup time, but your "
    "PyTorch(0.3.1) was compiled with CUDA_VERSION 8000.",
])
def test_torch_built_with_a_cuda_older_than_the_gpu_needs(text):
    assert "torch-build-cuda-older-than-gpu" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


def test_the_warning_before_a_cudnn_failure_ranks_first():
    text = ("UserWarning: Found GPU0 Tesla V100-SXM2-16GB which requires CUDA_VERSION >= 9000 for\n"
            "optimal performance and fast startup time, but your PyTorch was compiled\n"
            "with CUDA_VERSION 8000. Please install the correct PyTorch binary\n"
            "RuntimeError: CUDNN_STATUS_MAPPING_ERROR")
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


def test_the_warning_quoted_without_its_versions_is_not_read():
    # the format string in torch's source, as a comment or a grep shows it
    assert "torch-build-cuda-older-than-gpu" not in signal_ids(
        "incorrect_binary_warn = 'Found GPU%d %s which requires CUDA_VERSION >= %d for optimal performance and fast "
        "startup time, but your PyTorch was compiled with CUDA_VERSION %d.'")


@pytest.mark.parametrize("name, category", [
    ("13900-track-anything-103-pth-central-directory.txt", "network_download"),
    ("13903-cslr2-1-pretrained-model-central-directory.txt", "network_download"),
    ("13910-audio-separation-comfyui-21-checkpoint-central-directory.txt", "network_download"),
    ("13906-pytorch-16203-vgg16-pth-invalid-load-key.txt", "network_download"),
    ("13909-face-parsing-3-git-lfs-invalid-load-key-v.txt", "network_download"),
    ("13917-dsfd-36-rtx2080ti-torch-cuda8-warning.txt", "gpu_arch_unsupported"),
    ("13919-pc-darts-4-v100-torch031-cuda8-warning.txt", "gpu_arch_unsupported"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]
