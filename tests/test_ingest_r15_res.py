"""GPU and host memory in the wordings of the fifteenth round's reports (files 10400-10499): memory said to run out
at a stage of a GPU run ("\"out of memory\" occurs after validation"), and the run failing when the host's memory in
use reaches a size the reporter names ("When CPU Virtual Memory Used=137.59GB, problem occurs"). Each is checked on
small pastes written here, including ones it must not fire on, and on dev reports through the same pipeline as
`check --from`.
"""

import pytest

from yolodoctor.ingest.oom_in_words import oom_at_stage_line

from pasted import check_categories, check_findings, report_categories, signal_ids

VALIDATION_CODE = """
    model.eval()
    for i, (input, target) in enumerate(val_loader):
        input = input.cuda(non_blocking=True)
        output = model(input)
"""


# ---- memory said to run out at a stage of a GPU run ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '"out of memory" during validation\n\nWhen validation runs after each epoch, "out of memory" occurs after '
    'validation.' + VALIDATION_CODE,
    "Training on my GPU is fine, but I get out of memory at the start of evaluation.",
    "During validation it runs out of memory, device='cuda:0', batch 16.",
    "OOM during inference with the same batch size on CUDA 11.8",
    "Training is OK but the first epoch's val step hits out of memory in eval; the GPU is a 3090.",
])
def test_out_of_memory_at_a_stage_of_a_gpu_run_is_gpu_memory(text):
    assert check_categories(text)[:1] == ["gpu_oom"]
    assert check_findings(text)[0]["id"] == "gpu-oom-at-stage-in-words"


@pytest.mark.parametrize("text", [
    # no stage
    "The GPU build prints out of memory sometimes.",
    # no GPU in the paste
    '"out of memory" occurs after validation, every epoch.',
    # the host's memory is named
    "On the GPU server the RAM fills and it runs out of memory during validation.",
    "out of memory during evaluation, the process is then killed; GPU idle",
    "During inference on CUDA we get out of memory in host memory (swap grows).",
    # the other words
    "The GPU validation set takes memory out of the cache during evaluation.",
    "bloom filter: room for more during evaluation on the gpu",
])
def test_other_memory_words_are_not_gpu_memory_at_a_stage(text):
    assert "gpu_oom" not in check_categories(text)


def test_the_check_gives_the_line_of_the_words():
    text = "GPU: RTX 3060\nall fine in training\nbut OOM at the first epoch's validation\n"
    assert oom_at_stage_line(text) == 3


def test_a_cuda_out_of_memory_message_keeps_its_own_finding():
    text = ("During validation:\nRuntimeError: CUDA out of memory. Tried to allocate 338.00 MiB (GPU 0; 3.95 GiB "
            "total capacity; 1.62 GiB already allocated; 23.00 MiB free; 9.10 MiB cached)")
    findings = check_findings(text)
    assert findings[0]["category"] == "gpu_oom"
    assert "gpu-oom-at-stage-in-words" not in [f["id"] for f in findings]


def test_semseg_validation_report_ranks_gpu_memory():
    assert report_categories("10413-semseg-60-out-of-memory-during-validation.txt")[:1] == ["gpu_oom"]


# ---- the run failing when the host's memory in use reaches a size ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "When CPU Virtual Memory Used=137.59GB, problem occurs.",
    "The training is killed when the RAM usage reaches 60 GB.",
    "it crashes once system memory hits 120GB",
    "host memory usage grows to about 250 GiB and then the job dies",
])
def test_host_memory_in_use_at_the_failure_is_host_ram(text):
    assert "host-memory-used-at-failure-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "RAM: 64 GB, GPU: RTX 3090",
    "The process is killed when GPU memory reaches 23 GB.",
    "It crashes when the VRAM usage reaches 11 GB.",
    "system memory 32GB",
    "The download stopped at 4.2 GB",
])
def test_a_size_alone_or_the_gpu_memory_is_not_host_ram_at_the_failure(text):
    assert "host-memory-used-at-failure-in-words" not in signal_ids(text)


def test_r1_aqa_report_ranks_host_ram():
    assert report_categories("10417-r1-aqa-32-killed-at-137gb-virtual-memory.txt")[:1] == ["resources_low"]
