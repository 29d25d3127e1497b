"""A CPU-only torch, hidden GPUs and driver/library mismatches, as the twelfth round's reports say them: NVML's
mismatch in every tool's wording, the GPU left unused by the grammar of a sentence (the CPU as "my CPU", the GPU in
the passive), the work said to run on the CPU where the same paste asks for the GPU, GFPGAN's notice that CUDA is
unavailable, "CUDA not found" not read as a Python module, and two containers' is_available() read as a change of
environment. Each with look-alikes that must not be read."""

import pytest

from yolodoctor.ingest.context import read_context
from yolodoctor.ingest.context_words import GPU_NOT_USED
from yolodoctor.ingest.gpu_wish import CPU_USED, GPU_WISH, cpu_used_gpu_wished
from pasted import check_findings, report_findings, signal_ids


def _first(text: str) -> tuple[str, str]:
    first = check_findings(text)[0]
    return first["id"], first["category"]


# ---- NVML's driver/library mismatch in every wording ----------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Failed to initialize NVML: Driver/library version mismatch",
    "Failed to initialize NVML: Driver / library version mismatch",   # retyped, spaces around the slash
    "Impossible to initialize nvidia nvml : Driver/library version mismatch",  # nvtop
    "nvidia-smi gives: NVIDIA NVML Driver/library version mismatch",   # retold
])
def test_nvml_mismatch_in_its_wordings(line):
    assert "nvml-driver-library-mismatch" in signal_ids(line)
    assert check_findings(line)[0]["category"] == "driver_mismatch"


def test_pynvml_rm_mismatch_is_the_same_fact():
    line = "pynvml.nvml.NVMLError_LibRmVersionMismatch: RM has detected an NVML/RM version mismatch."
    assert signal_ids(line) == ["pynvml-rm-version-mismatch"]
    assert check_findings(line)[0]["category"] == "driver_mismatch"


@pytest.mark.parametrize("line", [
    # the container runtime's wording has a signature of its own
    "nvidia-container-cli: initialization error: nvml error: driver/library version mismatch: unknown",
    # another library's versions
    "cuDNN library version mismatch between the runtime and the build",
])
def test_other_mismatches_are_not_the_nvml_reading(line):
    assert "nvml-driver-library-mismatch" not in signal_ids(line)


def test_report_with_the_spaced_slash():
    first = report_findings("7144-nvidia-docker-737-old-containers-nvml-mismatch-after-upgrade.txt")[0]
    assert first["category"] == "driver_mismatch"


# ---- the GPU unused, by the grammar of the sentence --------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "the renderer uses my cpu instead of my rtx 5090, on windows 11.",
    "it is using my cpu instead of the graphics card",
    "rendering on my cpu rather than the gpu",
    "title: gpu not used during training, so it is slow.",
    "the gpu is not being utilized at all",
    "my graphics card isn't detected",
])
def test_sentences_that_say_the_gpu_is_not_used(line):
    assert GPU_NOT_USED.search(line)


@pytest.mark.parametrize("line", [
    "the gpu is not used for preprocessing",   # a stage that runs elsewhere by design
    "i use my cpu for the tests",               # the CPU chosen, nothing set against the GPU
    "the gpu is used and not the cpu",
])
def test_other_sentences_are_not_read(line):
    assert not GPU_NOT_USED.search(line)


# ---- the work on the CPU, and the GPU asked for in the same paste ------------------------------------------------

@pytest.mark.parametrize("line", [
    "face restoration seems to be running on the cpu, which is slow",
    "it's running on my cpu",
    "the training uses the cpu and is extremely slow",
    "the cpu is being used",
    "everything still runs on the cpu",
])
def test_work_said_to_run_on_the_cpu(line):
    assert CPU_USED.search(line)


@pytest.mark.parametrize("line", [
    "i'm looking for a way to use the gpu so it goes faster",
    "how do i make it use my gpu?",
    "i want to run it on the graphics card",
    "it should use my gpu",
])
def test_the_gpu_asked_for(line):
    assert GPU_WISH.search(line)


@pytest.mark.parametrize("line", [
    "to use the gpu, pass device=0",       # advice, no one asking
    "the gpu is used by default",
    "we use the gpu for training",
])
def test_not_a_wish(line):
    assert not GPU_WISH.search(line)


def _lines(text):
    return list(enumerate(text.splitlines(), 1))


@pytest.mark.parametrize("text", [
    "Face restoration seems to be running on the CPU, which is slow.\nI'm looking for a way to use the GPU.",
    "How do I make it use my GPU?\nRight now it runs on the CPU.",
])
def test_cpu_used_and_gpu_wished_is_read(text):
    assert cpu_used_gpu_wished(_lines(text)) is not None
    assert read_context(_lines(text)).cuda_unusable is not None
    assert _first(text) == ("cuda-unavailable-unexplained", "torch_cpu_only")


@pytest.mark.parametrize("text", [
    # the CPU chosen or asked about, not stated
    "Can it run on the CPU? I want to use my GPU later.",
    "You can run it on the CPU. How do I make it use my GPU?",
    # documentation: a default, and advice instead of a wish
    "By default it runs on the CPU. To use the GPU, pass device=0.",
    # the CPU alone: a slow CPU run with no GPU in sight
    "Inference runs on the CPU and is very slow. Any ideas to speed it up?",
])
def test_no_reading_without_both_halves(text):
    assert cpu_used_gpu_wished(_lines(text)) is None
    assert not any(f["id"] == "cuda-unavailable-unexplained" for f in check_findings(text))


def test_report_running_on_the_cpu_with_a_way_to_use_the_gpu():
    first = report_findings("7102-gfpgan-498-face-restoration-on-cpu.txt")[0]
    assert first["category"] == "torch_cpu_only"


def test_report_using_my_cpu_instead_of_the_rtx():
    first = report_findings("7107-ml-sharp-18-renders-on-cpu-rtx5090-windows.txt")[0]
    assert first["category"] == "torch_cpu_only"


# ---- GFPGAN's and CodeFormer's notice -----------------------------------------------------------------------------

def test_gfpgan_notice_says_cuda_is_unavailable():
    text = ("UserWarning: The unoptimized RealESRGAN is slow on CPU. We do not use it. If you really want to use it, "
            "please modify the corresponding codes.")
    assert _first(text) == ("cuda-unavailable-unexplained", "torch_cpu_only")


def test_realesrgan_on_the_cpu_on_purpose_is_not_the_notice():
    assert check_findings("RealESRGAN on CPU is slow, I run it there on purpose with --fp32") == []


# ---- "CUDA not found" is not a module ----------------------------------------------------------------------------

def test_cuda_not_found_is_not_a_missing_module():
    text = ("Title: CUDA not found.\nI get a CUDA not found error, but I installed it with pip install cuda-python. "
            "The software doesn't see the GPU: in the options there is only the CPU.")
    ids = [f["id"] for f in check_findings(text)]
    assert "module-missing-other-python" not in ids
    assert check_findings(text)[0]["category"] == "torch_cpu_only"


def test_a_real_module_said_missing_is_still_read():
    context = read_context(_lines("pip install ultralytics\nultralytics is missing when I run the script"))
    assert context.missing_module == "ultralytics"


# ---- two containers: the failing one's is_available() ------------------------------------------------------------

TWO_CONTAINERS = """$ nvidia-docker run --rm -ti --ipc=host pytorch/pytorch:latest
root@5a84fdfadea1:/workspace# python -c "import torch;print(torch.cuda.is_available())"
True

$ nvidia-docker run -p 8000:8000 -it --rm allennlp/allennlp
root@5fc4428edb93:/stage# python -c "import torch;print(torch.cuda.is_available())"
False
"""


def test_the_failing_container_is_read():
    assert _first(TWO_CONTAINERS) == ("container-without-gpu", "gpu_not_visible")


def test_one_container_working_is_not_a_failure():
    text = TWO_CONTAINERS.rsplit("$ nvidia-docker", 1)[0]
    assert not any(f["category"] == "gpu_not_visible" for f in check_findings(text))
