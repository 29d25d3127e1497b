"""What a paste's install lines and stated versions say: flash-attn built without torch in pip's isolated
environment, the PyTorch index given to pip as a requirement, a +cpu torch named in prose.

Each on small pastes written here (including the near misses that must not match) and on one report of
the dev split of the real-report corpus.
"""

from pathlib import Path

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.report.check_report import CheckOptions
from pasted import signal_ids

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def first_category(result):
    findings = build_pasted_report(result, CheckOptions()).document["findings"]
    return findings[0]["category"] if findings else None


BUILD = """$ pip install flash_attn
  Using cached flash_attn-2.8.3.tar.gz (8.4 MB)
  Installing build dependencies ... done
  Getting requirements to build wheel ... error
  error: subprocess-exited-with-error
  x Getting requirements to build wheel did not run successfully.
  | exit code: 1
        File "/tmp/pip-build-env-abc/overlay/lib/python3.12/site-packages/setuptools/build_meta.py", line 331
      ModuleNotFoundError: No module named 'torch'
"""


def test_flash_attn_built_without_torch_is_flash_attns_build_not_a_missing_torch():
    ids = signal_ids(BUILD)
    assert ids == ["flash-attn-build-isolation-torch-missing"]  # the general torch-missing ones are superseded
    assert first_category(ingest_text(BUILD)) == "flash_attn_build"
    # A package that is not flash-attn or one of its neighbours (mamba-ssm, causal-conv1d, xformers, SageAttention:
    # docs/json.md) built without torch stays a missing torch for that build.
    other = BUILD.replace("flash_attn", "torch_scatter")
    assert "flash-attn-build-isolation-torch-missing" not in signal_ids(other)
    assert first_category(ingest_text(other)) == "torch_missing"


def test_flash_attn_built_without_torch_on_a_dev_report():
    result = ingest_path(str(REPORTS / "198-flash-attn-1920-comfyui-venv-isolation.txt"))
    assert first_category(result) == "flash_attn_build"


def test_the_pytorch_index_given_as_a_requirement_is_the_index():
    bare = "pip install torch==2.6.0+cu126 torchvision==0.21.0+cu126 https://download.pytorch.org/whl/cu126\n"
    assert "pip-pytorch-index-as-requirement" in signal_ids(bare)
    assert first_category(ingest_text(bare)) == "pip_index"
    for right in ("pip install torch --index-url https://download.pytorch.org/whl/cu126\n",
                  "pip install torch --extra-index-url https://download.pytorch.org/whl/cu126\n",
                  "pip3 install torch -i https://download.pytorch.org/whl/cu126\n",
                  "pip install torch==1.8.1+cu111 -f https://download.pytorch.org/whl/torch_stable.html\n",
                  "pip install torch --index-url=https://download.pytorch.org/whl/cu126\n"):
        assert "pip-pytorch-index-as-requirement" not in signal_ids(right), right


def test_the_pytorch_index_given_as_a_requirement_on_a_dev_report():
    result = ingest_path(str(REPORTS / "208-imontage-readme-missing-index-url.txt"))
    assert first_category(result) == "pip_index"


def test_a_cpu_torch_named_in_prose_is_a_cpu_only_torch_but_never_outranks_an_error():
    prose = "ComfyUI runs on the CPU. When I checked my torch version it said mine was 2.5.0+cpu\n"
    assert first_category(ingest_text(prose)) == "torch_cpu_only"
    assert "torch-cpu-build-named" not in signal_ids("torchvision 0.20.0 2.5.0 cpu build\n")
    # Where the labelled readings already hold torch, the rules have judged it: the statement adds nothing,
    # and the pasted error leads.
    labelled = "- PyTorch version:  1.11.0+cpu\n- Python version: 3.10.2\nRuntimeError: Numpy is not available\n"
    assert first_category(ingest_text(labelled)) == "numpy_abi"


def test_a_cpu_torch_named_in_prose_on_a_dev_report():
    result = ingest_path(str(REPORTS / "244-comfyui-3970-torch-250-cpu.txt"))
    assert first_category(result) == "torch_cpu_only"


def test_a_crash_while_yolo_caches_images_in_ram_is_the_ram():
    text = ("Caching images (6.5GB): 100% 2368/2368 [04:12<00:00,  9.37it/s]\n"
            "Traceback (most recent call last):\n"
            "IndexError: pop from an empty deque\n")
    assert first_category(ingest_text(text)) == "resources_low"
    # A pasted error of its own comes first: the cache line is only a statement.
    oom = text + "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB\n"
    assert first_category(ingest_text(oom)) == "gpu_oom"


def test_a_crash_while_caching_images_on_a_dev_report():
    result = ingest_path(str(REPORTS / "217-yolov5-1862-colab-caching-1280-ram.txt"))
    assert first_category(result) == "resources_low"


def test_cuda_error_804_in_a_container_keeps_the_container_among_the_first_three():
    result = ingest_path(str(REPORTS / "235-torchpod-804-container-toolkit-140-cn.txt"))
    findings = build_pasted_report(result, CheckOptions()).document["findings"]
    assert "gpu_not_visible" in [f["category"] for f in findings[:3]]


def test_torchvision_operators_called_without_importing_torchvision_is_the_code():
    call = ("    i = torch.ops.torchvision.nms(boxes, scores, iou_thres)\n"
            '  File "/usr/lib/python3.8/site-packages/torch/_ops.py", line 61, in __getattr__\n'
            "RuntimeError: No such operator torchvision::nms\n")
    assert signal_ids(call) == ["torchvision-ops-called-without-import"]
    assert first_category(ingest_text(call)) == "other"
    # The same error with no direct torch.ops call is the usual torchvision/torch mismatch.
    assert first_category(ingest_text("RuntimeError: No such operator torchvision::nms\n")) == \
        "torchvision_mismatch"


def test_torchvision_operators_called_without_import_on_a_dev_report():
    result = ingest_path(str(REPORTS / "183-yolov5-1272-torch-ops-nms-without-import.txt"))
    assert first_category(result) == "other"


def test_pips_message_cut_before_its_versions_is_still_read():
    bare = "OS: MacOS\nCould not find a version that satisfies the requirement torch\n"
    assert signal_ids(bare) == ["pip-no-version-bare"]
    assert first_category(ingest_text(bare)) == "python_unsupported"
    full = "ERROR: Could not find a version that satisfies the requirement torch==1.13.1 (from versions: 2.0.0, 2.1.0)\n"
    assert "pip-no-version-bare" not in signal_ids(full)


def test_pips_message_cut_before_its_versions_on_a_dev_report():
    result = ingest_path(str(REPORTS / "166-whisper-webui-macos-python-too-new.txt"))
    assert first_category(result) == "python_unsupported"


def test_pip_resolving_against_the_pytorch_index_alone_is_the_index():
    alone = ("pip install torch==2.4.0 --index-url https://download.pytorch.org/whl/cu124\n"
             "Looking in indexes: https://download.pytorch.org/whl/cu124\n"
             "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/\n")
    assert "pip-pytorch-index-only-resolution" in signal_ids(alone)
    assert first_category(ingest_text(alone)) == "pip_index"
    both = alone.replace("whl/cu124\nERROR", "whl/cu124, https://pypi.org/simple\nERROR")
    assert "pip-pytorch-index-only-resolution" not in signal_ids(both)


def test_pip_resolving_against_the_pytorch_index_alone_on_a_dev_report():
    result = ingest_path(str(REPORTS / "210-pytorch-193491-cu124-index-missing-cudnn.txt"))
    assert first_category(result) == "pip_index"
