"""GPUs, containers and host resources as reports state them in words: another vendor's GPU (an AMD card by
brand or model number, Intel graphics, a Mac) beside a torch that cannot use CUDA, and torch's answer compared
with `==` in prose. Each mechanism is checked on small pastes written here, including ones it must not fire on,
and on reports of the dev split, through the same pipeline as `check --from`.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.context import read_context
from yolodoctor.report.check_report import CheckOptions

REPORTS = Path(__file__).parent / "fixtures" / "reports"
NOT_COMPILED = "AssertionError: Torch not compiled with CUDA enabled\n"


def checked(text):
    return [f["category"] for f in build_pasted_report(ingest_text(text), CheckOptions()).document["findings"]]


def report_checked(name):
    return [f["category"] for f in build_pasted_report(ingest_path(str(REPORTS / name)),
                                                       CheckOptions()).document["findings"]]


# ---- another vendor's GPU ------------------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "I have an AMD graphics card",
    "My GPU: RX 6700 XT",
    "rx580 8gb",
    "请问是不是不支持AMD显卡？",
    "Laptop with Intel HD graphics 4000",
    "My PC is Intel Iris Xe Graphics",
    "I'm on Mac M1",
    "apple silicon user",
    "OS: macOS 14.1 (arm64)",
])
def test_another_vendors_gpu_with_a_torch_without_cuda_is_that_gpu(words):
    assert checked(words + "\n" + NOT_COMPILED)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # a laptop's integrated graphics beside its GeForce: the torch build is the cause
    "Intel UHD Graphics 630 and NVIDIA GeForce RTX 3060 Laptop GPU\n" + NOT_COMPILED,
    # pip listing a macOS wheel while it resolves on Linux is no Mac
    "Skipping link: none of the wheel's tags (cp310-none-macosx_11_0_arm64) are compatible\n" + NOT_COMPILED,
    # network counters are no Radeon
    "RX packets 5800  bytes 123 (123.0 B)\n" + NOT_COMPILED,
])
def test_words_that_name_no_other_vendors_only_gpu(text):
    assert checked(text)[:1] == ["torch_cpu_only"]


def test_rx_model_numbers_and_mac_wheels_in_the_context():
    assert read_context(enumerate(["GPU: RX 7900 XTX"], 1)).other_gpu == 1
    assert read_context(enumerate(["RX errors 0  dropped 0  overruns 0"], 1)).other_gpu is None
    assert read_context(enumerate(["torch-2.1.0-cp311-none-macosx_11_0_arm64.whl"], 1)).other_gpu is None
    assert read_context(enumerate(["NVIDIA GeForce RTX 4090"], 1)).nvidia_gpu_named == 1


@pytest.mark.parametrize("name", [
    "864-sunone-aimbot-60-amd-invalid-cuda-device.txt",
    "1108-chatglm2-426-amd-6600xt-torch-not-compiled-cn.txt",
    "1122-pytorch-39028-intel-hd-4000-no-nvidia-driver.txt",
    "1124-mistral-inference-3-mac-m1-torch-not-compiled.txt",
])
def test_another_vendors_gpu_on_dev_reports(name):
    assert report_checked(name)[:1] == ["other"]


# ---- torch's answer compared in prose --------------------------------------------------------------------------

def test_is_available_compared_with_double_equals_is_read():
    facts = ingest_text("Inside the worker torch.cuda.is_available() == False.\n").facts
    assert facts.torch.cuda_available is False
    assert ingest_text("torch.cuda.is_available() == True\n").facts.torch.cuda_available is True


def test_a_worker_hiding_the_gpu_on_a_dev_report():
    # The worker sets CUDA_VISIBLE_DEVICES=1 and answers False; the interactive Python that answers True is
    # another process.
    assert report_checked("635-bentoml-5443-worker-cuda-visible-devices-1.txt")[:1] == ["gpu_not_visible"]
