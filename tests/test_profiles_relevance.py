"""Which findings count toward the exit code for a chosen profile."""

import pytest

from machines import A100, load, machine
from yolodoctor.diagnose.model import Finding
from yolodoctor.profiles import get_profile
from yolodoctor.profiles.relevance import not_counted_reason

GPU_BOX = load(machine(gpus=[A100]))
CPU_BOX = load(machine(torch="2.4.1+cpu", torch_cuda=None, gpus=[], kernel_module=False))


def finding(rule_id, area, category="other", severity="error"):
    return Finding(id=rule_id, category=category, severity=severity, area=area, title="t", message="m", fix="f")


@pytest.mark.parametrize("profile, f, facts, counts", [
    ("yolov8", finding("YD401", "flash_attn", "flash_attn_abi"), GPU_BOX, False),
    ("yolov12", finding("YD401", "flash_attn", "flash_attn_abi"), GPU_BOX, True),
    ("yolo11", finding("YD501", "tensorrt", "tensorrt_problem"), GPU_BOX, False),
    ("tensorrt-export", finding("YD501", "tensorrt", "tensorrt_problem"), GPU_BOX, True),
    ("tensorrt-export", finding("YD809", "network", "network_download"), GPU_BOX, False),  # downloads nothing
    ("yolov8", finding("YD809", "network", "network_download"), GPU_BOX, True),
    ("yolov8", finding("YD104", "driver", "gpu_not_visible", "warning"), CPU_BOX, False),  # CPU is fine here
    ("yolov8", finding("YD105", "driver", "gpu_not_visible", "warning"), GPU_BOX, True),  # a GPU that fails
    ("multi-gpu-train", finding("YD104", "driver", "gpu_not_visible"), CPU_BOX, True),
    ("yolov8", finding("YD1012", "ultralytics", "ultralytics_outdated"), GPU_BOX, True),
    ("yolov8", finding("YD1008", "flash_attn", "flash_attn_arch"), GPU_BOX, True),  # profile rules always count
])
def test_relevance(profile, f, facts, counts):
    reason = not_counted_reason(f, get_profile(profile), facts)
    assert (reason is None) == counts, reason
    if reason:
        assert profile in reason


def test_offline_runs_do_not_count_network_findings_and_no_profile_counts_everything():
    f = finding("YD809", "network", "network_download")
    assert not_counted_reason(f, get_profile("yolov8"), GPU_BOX, offline=True) == "the policy runs offline"
    assert not_counted_reason(finding("YD401", "flash_attn"), None, GPU_BOX) is None
