"""The GPU said to sit idle, or the work said to run on the CPU, in Chinese prose and as a usage figure read off
Task Manager or nvidia-smi (ingest.context_words CUDA_UNUSABLE_ZH and GPU_IDLE): with nothing else in the paste the
usual cause is a CPU-only torch. Each paste is written here in the shapes people retell it; none is a corpus report."""

import pytest

from yolodoctor.ingest.context_words import CUDA_UNUSABLE_ZH, GPU_IDLE

from pasted import check_categories, report_categories


@pytest.mark.parametrize("text", [
    "我的 3060 显卡，跑的时候只使用CPU，是怎么回事",
    "有显卡但是只用了 CPU 在推理",
    "训练时只能用cpu，速度很慢",
    "看了一下用的还是CPU",
    "程序根本没有用到显卡",
    "推理的时候没调用GPU",
    "显卡没有被调用，全在 CPU 上跑",
    "明明有 n卡，却调用不了 GPU",
    "显卡完全没工作",
    "GPU使用率一直是0%，推理非常慢",
    "任务管理器里 CUDA 一直为 0，CPU 占满",
    "GPU usage stays at 0% while the CPU is at 100%",
    "0% GPU utilization during training",
    "gpu util 0 the whole time",
])
def test_gpu_idle_in_words_points_to_a_cpu_only_torch(text):
    assert check_categories(text)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("text", [
    "GPU使用率 100%，显存也满了",          # busy, not idle
    "GPU usage 10% only",                  # low, not zero
    "gpu load 0.5",                        # a fraction, not zero
    "GPU memory usage 0MiB / 8192MiB",     # memory, not utilisation
    "想用 CPU 跑，请问怎么设置",            # a wish to run on the CPU, not a fact
    "cpu 跑得很快",
])
def test_busy_gpus_and_wishes_are_not_read(text):
    low = text.lower()
    assert not CUDA_UNUSABLE_ZH.search(low) and not GPU_IDLE.search(low)
    assert "torch_cpu_only" not in check_categories(text)


def test_cuda_error_still_outranks_the_words():
    # An error that explains the failure comes first; the words add nothing above it.
    text = ("显卡没有被调用\n"
            "RuntimeError: CUDA error: no kernel image is available for execution on the device\n")
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


def test_corpus_report_gpu_idle_in_prose():
    assert report_categories("6608-cosyvoice-687-rtx4080-cpu-only-gpu-usage-zero-cn.txt")[:1] == ["torch_cpu_only"]
