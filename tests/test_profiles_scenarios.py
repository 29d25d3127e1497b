"""Every profile on scenario machines built for real (tests/harness): one that meets it and one that does
not, judged by the real `yolodoctor check --profile NAME` collecting the facts itself."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from tests.harness import Dist, Driver, FlashAttnBuild, Machine, Module, PythonSpec, Scenario, materialise
from tests.scenarios import (A100_40, DRIVER_550, DRIVER_570_OPEN, NUMPY_1, OPENCV, RTX_4090, T4, ULTRALYTICS_DIRS,
                             torch_cpu, torch_cu, ultralytics, vision)
from tests.harness.spec import Gpu

REPO_ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
V100 = Gpu("Tesla V100-SXM2-16GB", "7.0", 16384, memory_used_mib=3)
DRIVER_560 = Driver("560.35.03", "12.6")
DIRS_26 = (*ULTRALYTICS_DIRS, "26")
TORCH_24 = torch_cu("2.4.0+cu121", "12.1", 90100, (2, 20, 5), cuda_available=True)
VISION_24 = vision("0.19.0+cu121")


def fork_dists(checkout: str, torch_variant: str = "cu118") -> tuple:
    cuda = {"cu118": "11.8", "cu121": "12.1"}[torch_variant]
    return (torch_cu(f"2.2.2+{torch_variant}", cuda, 8700, (2, 19, 3), cuda_available=True),
            vision(f"0.17.2+{torch_variant}"),
            Dist("flash-attn", "2.7.3", FlashAttnBuild(), requires=("torch", "einops")),
            Dist("packaging", "24.2"), Dist("ninja", "1.11.1.3"), NUMPY_1, OPENCV,
            ultralytics("8.3.63", dirs=("11", "12", "v12", "v3", "v5", "v6", "v8"), checkout=checkout))


def tensorrt(version: str) -> tuple:
    return (Dist("onnx", "1.17.0", Module("onnx", "1.17.0")), Dist("tensorrt", version, Module("tensorrt", version)),
            Dist("tensorrt-cu12", version), Dist("tensorrt-cu12-libs", version), Dist("tensorrt-cu12-bindings", version))


@dataclass(frozen=True)
class ProfileCase:
    profile: str
    scenario: Scenario
    exit_code: int
    findings: frozenset = frozenset()  # must be reported (root or explained)
    not_counted: frozenset = frozenset()  # must be reported but not counted


def case(profile, name, story, machine, dists, exit_code, findings=(), not_counted=(), **kw):
    return ProfileCase(profile, Scenario(name=name, story=story, machine=machine, dists=tuple(dists), **kw),
                       exit_code, frozenset(findings), frozenset(not_counted))


CASES = [
    case("yolov8", "yolov8-rtx4090", "A workstation with the current ultralytics.",
         Machine(driver=DRIVER_560, gpus=(RTX_4090,)), (TORCH_24, VISION_24, NUMPY_1, OPENCV,
                                                         ultralytics("8.3.40", dirs=ULTRALYTICS_DIRS)), 0),
    case("yolov8", "yolov8-cpu-torch-gpu-container", "The YOLOv8 image's CPU-only torch in a container with a GPU.",
         Machine(driver=DRIVER_550, gpus=(RTX_4090,), container="docker", shm_kib=8 * 1024 * 1024),
         (torch_cpu("2.0.1+cpu"), vision("0.15.2+cpu", cuda_kernels=False), NUMPY_1, OPENCV,
          ultralytics("8.0.196")), 2, {"YD204"}, python=PythonSpec(kind="system")),
    case("yolo11", "yolo11-ok", "ultralytics 8.3.40 with YOLO11.",
         Machine(driver=DRIVER_560, gpus=(RTX_4090,)), (TORCH_24, VISION_24, NUMPY_1,
                                                         ultralytics("8.3.40", dirs=ULTRALYTICS_DIRS)), 0),
    case("yolo11", "yolo11-old-ultralytics", "ultralytics 8.2.103 cannot build YOLO11.",
         Machine(driver=DRIVER_560, gpus=(RTX_4090,)), (TORCH_24, VISION_24, NUMPY_1, ultralytics("8.2.103")), 2,
         {"YD601"}),
    case("yolo12", "yolo12-ok", "ultralytics 8.3.120 with YOLO12.",
         Machine(driver=DRIVER_560, gpus=(RTX_4090,)), (TORCH_24, VISION_24, NUMPY_1,
                                                         ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS)), 0),
    case("yolo12", "yolo12-old-ultralytics", "ultralytics 8.3.40 predates YOLO12.",
         Machine(driver=DRIVER_560, gpus=(RTX_4090,)), (TORCH_24, VISION_24, NUMPY_1,
                                                         ultralytics("8.3.40", dirs=ULTRALYTICS_DIRS)), 2, {"YD601"}),
    case("yolo26", "yolo26-ok", "ultralytics 8.4.0 with YOLO26.",
         Machine(driver=DRIVER_560, gpus=(RTX_4090,)), (TORCH_24, VISION_24, NUMPY_1,
                                                         ultralytics("8.4.0", dirs=DIRS_26)), 0),
    case("yolo26", "yolo26-old-ultralytics", "ultralytics 8.3.120 predates YOLO26.",
         Machine(driver=DRIVER_560, gpus=(RTX_4090,)), (TORCH_24, VISION_24, NUMPY_1,
                                                         ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS)), 2, {"YD601"}),
    case("yolov12", "yolov12-a100-as-pinned", "The fork's pins on an A100: torch 2.2.2+cu118, its flash-attn wheel.",
         Machine(driver=DRIVER_550, gpus=(A100_40,)), fork_dists("yolov12"), 0),
    case("yolov12", "yolov12-t4-cu121", "The fork on a T4 with the PyPI torch (a CUDA 12.1 build) and flash-attn.",
         Machine(driver=DRIVER_550, gpus=(T4,)), fork_dists("yolov12", "cu121"), 1, {"YD1004", "YD1008"},
         not_counted={"YD401"}),
    case("yolov13", "yolov13-a100-as-pinned", "The YOLOv13 fork installed as its README says, on an A100.",
         Machine(driver=DRIVER_550, gpus=(A100_40,)), fork_dists("yolov13"), 0),
    case("yolov13", "yolov13-pypi-ultralytics", "torch as pinned, but the PyPI ultralytics instead of the fork.",
         Machine(driver=DRIVER_550, gpus=(A100_40,)),
         (*fork_dists("yolov13")[:-1], ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS)), 1, {"YD1013"}),
    case("tensorrt-export", "trt-a100", "An A100 with tensorrt-cu12 10.7 for engine export.",
         Machine(driver=DRIVER_570_OPEN, gpus=(A100_40,)),
         (torch_cu("2.7.0+cu126", "12.6", 90501, (2, 26, 2), cxx11_abi=True, cuda_available=True,
                   arch_list_needs_cuda=False), vision("0.22.0+cu126"), NUMPY_1,
          ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS), *tensorrt("10.7.0")), 0),
    case("tensorrt-export", "trt-v100-no-tensorrt", "A V100 and no TensorRT installed.",
         Machine(driver=DRIVER_550, gpus=(V100,)), (TORCH_24, VISION_24, NUMPY_1,
                                                     ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS)), 2, {"YD1010"}),
    case("tensorrt-export", "trt-v100-tensorrt-10-7", "TensorRT 10.7 on a V100, which it no longer supports.",
         Machine(driver=DRIVER_550, gpus=(V100,)), (TORCH_24, VISION_24, NUMPY_1,
                                                     ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS),
                                                     *tensorrt("10.7.0")), 2, {"YD502"}),
    case("multi-gpu-train", "ddp-two-a100", "Two A100s for DDP training.",
         Machine(driver=DRIVER_550, gpus=(A100_40, A100_40)), (TORCH_24, VISION_24, NUMPY_1,
                                                              ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS)), 0),
    case("multi-gpu-train", "ddp-one-gpu", "A single RTX 4090 for a multi-GPU job.",
         Machine(driver=DRIVER_560, gpus=(RTX_4090,)), (TORCH_24, VISION_24, NUMPY_1,
                                                         ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS)), 2, {"YD111"}),
]


def run_check(m, profile: str) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-s", "-m", "yolodoctor", "check", "--profile", profile, "--format", "json",
            "--offline", "--no-policy", *m.cli_args()]
    return subprocess.run(argv, capture_output=True, text=True, env=m.env, timeout=180, cwd=str(REPO_ROOT))


@pytest.mark.parametrize("c", CASES, ids=[f"{c.profile}:{c.scenario.name}" for c in CASES])
def test_profile_on_a_scenario_machine(tmp_path, c):
    m = materialise(c.scenario, tmp_path)
    result = run_check(m, c.profile)
    assert "Traceback" not in result.stderr, result.stderr
    document = json.loads(result.stdout)
    reported = {f["id"]: f for f in document["findings"]}
    explained = {e["id"] for f in document["findings"] for e in f["explained"]}
    summary = [(f["id"], f["severity"], f["not_counted"]) for f in document["findings"]]
    assert result.returncode == c.exit_code, summary
    assert c.findings <= set(reported) | explained, summary
    for rule_id in c.not_counted:
        assert reported[rule_id]["counted"] is False, summary
    assert document["profile"] == c.profile and document["rule_errors"] == []


def test_every_profile_meets_a_passing_and_a_failing_machine():
    from yolodoctor.profiles import profile_names

    for name in profile_names():
        codes = [c.exit_code for c in CASES if c.profile == name]
        assert 0 in codes and any(code != 0 for code in codes), name
