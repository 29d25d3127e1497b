"""signatures.toml: a failed stage's text -> the finding it points to."""

import sys
from pathlib import Path

import pytest

from yolodoctor.diagnose.model import AREAS, CATEGORIES
from yolodoctor.smoke.model import FAIL, StageResult
from yolodoctor.smoke.signatures import SignatureError, load_signatures, match
from yolodoctor.smoke.verdict import classify, findings_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPORTS = Path(__file__).parent / "fixtures" / "reports"

# Pasted reports whose error text a smoke stage would meet, with the stage it would fail in.
# The manifest's established category must be what the signature says.
RUNTIME_REPORTS = {
    "006-leggedlab-rtx5090-sm120.txt": "device",
    "009-fastai-docker-shm-bus-error.txt": "ultralytics",
    "010-neurips-flash-attn-undefined-symbol.txt": "attention",
    "011-flash-attn-940-undefined-symbol-torch23.txt": "attention",
    "012-minference-v100-flash-attn-ampere.txt": "attention",
    "013-torchsig-numpy2-abi.txt": "vision",
    "015-impact-pack-torchvision-nms-cuda-backend.txt": "vision",
    "016-sdnext-torch-cu121-torchvision-cu124.txt": "vision",
    "017-yolov12-titanv-flashattention-unavailable.txt": "attention",
    "020-tensorrt-demos-libnvinfer-so8.txt": "export",
    "024-cyclegan-oom-shared-gpu.txt": "model",
    "025-yolov3-oom-batch-size.txt": "ultralytics",
    "028-functorch-cudnn-ld-library-path.txt": "device",
    "029-cogat-cudnn-runtime-older-than-compiled.txt": "device",
    "037-comfyui-yolo-c3k2-ultralytics-8292.txt": "ultralytics",
    "038-ultralytics-assets-c3k2-ultralytics-8279.txt": "ultralytics",
    "041-reppoints-docker-ipc-host-not-applied-shm.txt": "ultralytics",
    "042-pytorch-geforce-820m-cc21-no-kernel-image.txt": "device",
    "043-pytorch-k40c-cudaErrorNoKernelImageForDevice.txt": "device",
    "046-tf-od-docker-libgl-missing.txt": "ultralytics",
    "047-imagestore-container-cv2-libgl.txt": "ultralytics",
}


def _manifest():
    with open(REPORTS / "manifest.toml", "rb") as fh:
        return {r["file"]: r["category"] for r in tomllib.load(fh)["report"]}


def test_every_signature_is_valid_and_the_catch_all_is_last():
    signatures = load_signatures()
    assert len({s.id for s in signatures}) == len(signatures)
    for sig in signatures:
        assert sig.category in CATEGORIES and sig.area in AREAS
        assert sig.fix and sig.explanation and sig.patterns
    assert signatures[-1].generic and signatures[-1].matches("device", "anything at all")
    assert not any(s.matches("device", "anything at all") for s in signatures[:-1])


@pytest.mark.parametrize("name,stage", sorted(RUNTIME_REPORTS.items()))
def test_real_reports_map_to_their_established_category(name, stage):
    text = (REPORTS / name).read_text(encoding="utf-8", errors="replace")
    found = match(stage, text)
    assert found is not None and not found.signature.generic, name
    assert found.signature.category == _manifest()[name], (name, found.signature.id, found.matched)


@pytest.mark.parametrize("stage,text,category", [
    ("device", "RuntimeError: CUDA error: no kernel image is available for execution on the device",
     "gpu_arch_unsupported"),
    ("device", "import torch failed: ModuleNotFoundError: No module named 'torch'", "torch_missing"),
    ("device", "cuda:0 was asked for, but this torch 2.3.0+cpu is a CPU-only build (torch.version.cuda is None)",
     "torch_cpu_only"),
    ("device", "cuda:0 was asked for, but torch.cuda.is_available() is False: RuntimeError: Found no NVIDIA driver "
               "on your system.", "gpu_not_visible"),
    ("model", "NaN/Inf in the network output under autocast float16 on cuda:0 (the float32 output is finite): "
                "mixed precision is broken here", "other"),
    ("distributed", "all-reduce did not finish within 18 s (nccl, 2 processes on cuda:0,cuda:1): ranks 0, 1 "
                    "stopped in all_reduce", "nccl_problem"),
    ("export", "TensorRT could not build an engine:\nERROR: [defaultAllocator.cpp::allocate::20] Error Code 1",
     "tensorrt_problem"),
])
def test_stage_messages(stage, text, category):
    found = match(stage, text)
    assert found is not None and found.signature.category == category


def test_an_all_reduce_hang_outside_the_distributed_stage_is_not_an_nccl_finding():
    found = match("model", "all-reduce did not finish within 18 s")
    assert found.signature.category != "nccl_problem"


def test_flash_attn_undefined_symbol_is_not_read_as_a_generic_library_problem():
    text = ("ImportError: /venv/lib/python3.10/site-packages/flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: "
            "undefined symbol: _ZN3c104cuda9SetDeviceEi")
    assert match("attention", text).signature.category == "flash_attn_abi"


def _failed(name, error, warnings=(), stderr=""):
    return StageResult(name, "cuda:0", FAIL, 1.0, error.splitlines()[0], error=error, warnings=tuple(warnings),
                       data={"stderr_tail": stderr} if stderr else {})


def test_a_hang_is_explained_by_the_warning_that_came_before_it():
    # torch warns that the GPU is too new, then the first kernel hangs: the warning is the cause.
    result = _failed("device", "did not finish within 180 s (last step: allocate and fill 256 MiB)",
                     warnings=["UserWarning: NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not "
                               "compatible with the current PyTorch installation."])
    assert classify(result).signature.category == "gpu_arch_unsupported"


def test_a_hang_without_a_cause_stays_a_hang():
    result = _failed("device", "did not finish within 180 s (last step: import torch)", stderr="nothing useful")
    found = classify(result)
    assert found.signature.generic and "did not finish" in found.matched


def test_the_error_wins_over_unrelated_stderr():
    result = _failed("vision", "RuntimeError: operator torchvision::nms does not exist",
                     stderr="UserWarning: Found no NVIDIA driver on your system")
    assert classify(result).signature.category == "torchvision_mismatch"


def test_one_finding_per_cause_listing_every_stage():
    stages = [_failed("device", "RuntimeError: CUDA error: no kernel image is available for execution on the device"),
              StageResult("device", "cuda:1", FAIL, 1.0, "x",
                          error="CUDA error: no kernel image is available for execution on the device")]
    out, findings = findings_for(stages)
    assert [s.finding for s in out] == ["YDS103", "YDS103"]
    assert len(findings) == 1
    assert findings[0].category == "gpu_arch_unsupported"
    assert any("cuda:1" in e for e in findings[0].evidence)


HEAD = b'[tables.signature]\nsource=["x"]\nread="2026-01-01"\n[[signature]]\nid="X1"\n'
ENTRY = b'severity="error"\narea="torch"\ntitle="t"\nexplanation="e"\nfix="f"\n'


@pytest.mark.parametrize("content,message", [
    (b"not [valid toml", "cannot be read"),
    (HEAD, "lacks 'category'"),
    (b'[[signature]]\nid="X1"\n', "source and read date"),
    (HEAD + b'category="nope"\npatterns=["a"]\n' + ENTRY, "unknown category"),
    (HEAD + b'category="other"\npatterns=["(unclosed"]\n' + ENTRY, "bad pattern"),
])
def test_a_broken_signature_file_is_named(tmp_path, content, message):
    path = tmp_path / "signatures.toml"
    path.write_bytes(content)
    with pytest.raises(SignatureError, match=message):
        load_signatures(path)
