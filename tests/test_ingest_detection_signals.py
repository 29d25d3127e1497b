"""Failure families met in the issue trackers of detection and vision training repositories (tests/fixtures/
reports 1500-1599): each mechanism is checked on small pastes written here, including ones it must not fire on,
and on a report of the dev split through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.triage import triage
from pasted import report_categories as report_ranked, signal_categories as ranked


# ---- an nvcc path that does not exist, in every tool's words -----------------------------------

@pytest.mark.parametrize("line", [
    "unable to execute '/usr/local/cuda:/usr/local/cuda/bin/nvcc': No such file or directory",
    "unable to execute ':/usr/local/cuda-10.0/bin/bin/nvcc': No such file or directory",
    "/usr/local/cuda-9.0/bin/nvcc': No such file or directory",
    "error: command '/usr/local/cuda:/usr/local/cuda/bin/nvcc' failed with exit status 1",
    "/bin/sh: 1: :/usr/local/cuda/bin/nvcc: not found",
    "/bin/bash: line 1: /usr/local/cuda-11.3/bin/nvcc: No such file or directory",
])
def test_an_nvcc_path_that_does_not_exist_is_cuda_home(line):
    assert ranked(f"python setup.py build develop\n{line}\n")[:1] == ["cuda_home_nvcc"]


def test_the_nvcc_path_signature_does_not_read_a_working_compile():
    for text in ("error: command '/usr/local/cuda-9.0/bin/nvcc' failed with exit status 1\n",
                 "/usr/local/cuda/bin/nvcc -DWITH_CUDA -c a.cu -o a.o\n"):
        assert "nvcc-path-invalid" not in [f.id for f in triage(ingest_text(text), [])]


def test_a_mmdetection_build_with_a_broken_cuda_home_ranks_it_first():
    assert report_ranked("1500-mmdetection-2113-nvcc-no-such-file-cuda-home.txt")[:1] == ["cuda_home_nvcc"]


# ---- YOLOv12's assert around the flash_attn import ---------------------------------------------

def test_yolov12_flash_attention_import_assert_is_the_wheel():
    text = ('  File "/root/yolov12/ultralytics/nn/modules/block.py", line 1163, in <module>\n'
            '    assert False, "import FlashAttention error! Please install FlashAttention first."\n'
            'AssertionError: import FlashAttention error! Please install FlashAttention first.\n')
    assert ranked(text)[:2] == ["flash_attn_abi", "flash_attn_build"]


def test_prose_about_flash_attention_is_not_the_assert():
    assert "flash_attn_abi" not in ranked("Please install FlashAttention to speed up training.\n")


def test_a_yolov12_report_in_chinese_ranks_the_flash_attn_wheel_first():
    assert report_ranked("1504-yolov12-1-import-flashattention-error-cn.txt")[:1] == ["flash_attn_abi"]


# ---- TensorRT Python API of another TensorRT major ---------------------------------------------

@pytest.mark.parametrize("line", [
    "AttributeError: 'tensorrt_bindings.tensorrt.IBuilderConfig' object has no attribute 'max_workspace_size'",
    "AttributeError: 'tensorrt.tensorrt.Builder' object has no attribute 'max_workspace_size'",
    "AttributeError: 'tensorrt.tensorrt.Builder' object has no attribute 'build_cuda_engine'",
    "AttributeError: type object 'tensorrt_bindings.tensorrt.BuilderFlag' has no attribute 'FP16'",
    "TensorRT: export failure ❌ 3.7s: 'tensorrt_bindings.tensorrt.ICudaEngine' object has no attribute 'num_bindings'",
])
def test_a_removed_tensorrt_api_is_a_tensorrt_version_problem(line):
    assert ranked(line + "\n")[:1] == ["tensorrt_problem"]


@pytest.mark.parametrize("line", [
    "AttributeError: 'Tensor' object has no attribute 'max_workspace_size'",
    "AttributeError: module 'tensorrt' has no attribute 'Logger'",
    "import tensorrt.tensorrt as trt  # the bindings",
])
def test_other_attribute_errors_are_not_the_tensorrt_api(line):
    assert "tensorrt-python-api-removed" not in [f.id for f in triage(ingest_text(line + "\n"), [])]


def test_an_engine_that_did_not_deserialize_is_tensorrt():
    text = ('  File "ultralytics/nn/autobackend.py", line 216, in __init__\n'
            '    context = model.create_execution_context()\n'
            "AttributeError: 'NoneType' object has no attribute 'create_execution_context'\n")
    assert ranked(text)[:1] == ["tensorrt_problem"]


def test_an_old_ultralytics_on_tensorrt_10_ranks_tensorrt_before_the_old_release():
    assert report_ranked("1508-ultralytics-14455-trt10-max-workspace-size.txt")[:1] == ["tensorrt_problem"]


# ---- a vision package's own _C extension that was never built ----------------------------------

@pytest.mark.parametrize("line", [
    "NameError: name '_C' is not defined",
    "error: name '_C' is not defined in ms_deform_attn.py",
    "ImportError: cannot import name '_C' from 'groundingdino'",
    "ImportError: cannot import name '_C' from 'sam2' (/home/u/segment-anything-2/sam2/__init__.py)",
    "UserWarning: Failed to load custom C++ ops. Running on CPU mode Only!",
])
def test_an_unbuilt_c_extension_is_the_toolkit_at_install_time(line):
    assert ranked(line + "\n")[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("line", [
    # torch's and torchvision's own _C are other failures (a source checkout on the path, a torchvision build)
    "ImportError: cannot import name '_C' from 'torch' (/home/u/pytorch/torch/__init__.py)",
    "ImportError: cannot import name '_C' from 'torchvision' (/usr/lib/python3/dist-packages/torchvision/__init__.py)",
    "NameError: name 'C' is not defined",
])
def test_torch_and_torchvision_c_are_not_the_vision_package_extension(line):
    assert "extension-c-module-not-built" not in [f.id for f in triage(ingest_text(line + "\n"), [])]


def test_a_groundingdino_report_ranks_the_unbuilt_extension_first():
    assert report_ranked("1517-groundingdino-303-name-c-not-defined.txt")[:1] == ["cuda_home_nvcc"]


# ---- torch 1.13's stricter indexing under code written for older torch -------------------------

def test_cpu_tensor_indexed_by_cuda_indices_is_code_older_than_torch():
    text = ('  File "/content/yolov7/utils/loss.py", line 759, in build_targets\n'
            "    from_which_layer = from_which_layer[fg_mask_inboxes]\n"
            "RuntimeError: indices should be either on cpu or on the same device as the indexed tensor (cpu)\n")
    assert ranked(text)[:2] == ["ultralytics_outdated", "other"]


def test_other_device_errors_are_not_the_indexing_change():
    text = "RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!\n"
    assert "cpu-tensor-indexed-by-cuda-indices" not in [f.id for f in triage(ingest_text(text), [])]


def test_a_yolov7_colab_report_ranks_the_code_age_first():
    assert report_ranked("1516-yolov7-1224-colab-indices-same-device.txt")[:1] == ["ultralytics_outdated"]


# ---- a build-tagged wheel asked of an index that does not serve it -----------------------------

@pytest.mark.parametrize("text", [
    "ERROR: Could not find a version that satisfies the requirement mmcv-full==latest+torch1.7.0+cu101\n"
    "ERROR: No matching distribution found for mmcv-full==latest+torch1.7.0+cu101\n",
    "ERROR: No matching distribution found for torch==1.12.1+cu116\n",
    "ERROR: Could not find a version that satisfies the requirement torch-scatter==2.0.9+pt110cu113\n"
    "ERROR: No matching distribution found for torch-scatter==2.0.9+pt110cu113\n",
])
def test_a_build_tagged_wheel_not_found_is_the_index(text):
    assert ranked(text)[:1] == ["pip_index"]


def test_a_plain_release_not_found_stays_a_python_question():
    text = ("ERROR: Could not find a version that satisfies the requirement ultralytics==8.3.0\n"
            "ERROR: No matching distribution found for ultralytics==8.3.0\n")
    assert "pip-local-variant-not-found" not in [f.id for f in triage(ingest_text(text), [])]


def test_an_mmcv_find_links_report_ranks_the_index_first():
    assert report_ranked("1521-mmcv-698-mmcv-full-latest-no-matching-distribution.txt")[:1] == ["pip_index"]


def test_a_build_tagged_wheel_missing_from_the_vendor_page_is_the_python():
    text = ("Looking in links: https://download.pytorch.org/whl/torch_stable.html\n"
            "ERROR: Could not find a version that satisfies the requirement torch==1.8.1+cu102\n"
            "ERROR: No matching distribution found for torch==1.8.1+cu102\n")
    assert ranked(text)[:2] == ["python_unsupported", "pip_index"]


def test_the_vendor_top_level_page_is_not_the_variant_page():
    text = ("Looking in links: https://download.openmmlab.com/mmcv/dist/index.html\n"
            "ERROR: No matching distribution found for mmcv-full==latest+torch1.7.0+cu101\n")
    assert ranked(text)[:1] == ["pip_index"]


# ---- a per-torch/CUDA find-links page that serves nothing ---------------------------------------

@pytest.mark.parametrize("links", [
    "https://dl.fbaipublicfiles.com/detectron2/wheels/cu118/torch2.0/index.html",
    "https://download.openmmlab.com/mmcv/dist/cu113/torch1.12/index.html",
    "https://data.pyg.org/whl/torch-2.0.0+cu118.html",
])
def test_an_empty_per_torch_page_is_the_index(links):
    text = (f"Looking in links: {links}\n"
            "ERROR: Could not find a version that satisfies the requirement some-package (from versions: none)\n"
            "ERROR: No matching distribution found for some-package\n")
    assert ranked(text)[:2] == ["pip_index", "python_unsupported"]


def test_a_general_page_with_no_versions_stays_a_python_question():
    text = ("Looking in links: https://download.pytorch.org/whl/torch_stable.html\n"
            "ERROR: Could not find a version that satisfies the requirement torch==2.5.0 (from versions: none)\n")
    assert "pip-per-torch-page-empty" not in [f.id for f in triage(ingest_text(text), [])]


def test_a_detectron2_colab_report_ranks_the_missing_wheels_first():
    assert report_ranked("1523-detectron2-4901-no-wheels-for-torch20.txt")[:1] == ["pip_index"]


# ---- code written for Ultralytics 8.0's ultralytics.yolo layout ---------------------------------

@pytest.mark.parametrize("line", [
    "ModuleNotFoundError: No module named 'ultralytics.yolo'",
    "ModuleNotFoundError: No module named 'ultralytics.yolo.utils.torch_utils'",
])
def test_the_removed_ultralytics_yolo_layout_is_code_older_than_the_package(line):
    findings = triage(ingest_text(line + "\n"), [])
    assert [f.category for f in findings][:1] == ["other"]
    assert "ultralytics-yolo-namespace-removed" in [f.id for f in findings]


def test_the_new_layout_missing_is_still_an_old_ultralytics():
    assert ranked("ModuleNotFoundError: No module named 'ultralytics.utils'\n")[:1] == ["ultralytics_outdated"]


def test_a_deepsort_report_ranks_the_layout_first():
    assert report_ranked("1526-yolov8-deepsort-41-no-module-ultralytics-yolo.txt")[:1] == ["other"]


# ---- a package's command not on PATH -----------------------------------------------------------

@pytest.mark.parametrize("line", [
    "zsh: command not found: yolo",
    "bash: yolo: command not found",
    "'yolo' is not recognized as an internal or external command,",
    "yolo : The term 'yolo' is not recognized as the name of a cmdlet, function, script file, or operable program.",
    "bash: mim: command not found",
])
def test_a_package_command_not_found_is_the_interpreter_setup(line):
    assert ranked(line + "\n")[:1] == ["wrong_interpreter"]


@pytest.mark.parametrize("line", ["bash: nvidia-smi: command not found", "zsh: command not found: yolov5s.pt"])
def test_other_commands_not_found_are_not_the_package_script(line):
    assert "python-cli-script-not-on-path" not in [f.id for f in triage(ingest_text(line + "\n"), [])]


# ---- two whole-environment reports and no error: the later one is the state asked about ---------

def test_two_ultralytics_banners_without_an_error_keep_the_later_environment():
    text = ("Ultralytics YOLOv8.0.53 Python-3.9.1 torch-1.8.1+cu111 CUDA:0 (NVIDIA GeForce RTX 3070, 8192MiB)\n"
            "Ultralytics YOLOv8.0.54 Python-3.10.6 torch-2.0.0+cpu CPU\n")
    result = ingest_text(text)
    assert result.facts.torch.version == "2.0.0+cpu"
    assert any("no error" in note for note in result.summary.notes)


def test_two_states_in_sentences_without_an_error_keep_the_first_reading():
    text = ("The worker sets CUDA_VISIBLE_DEVICES=1, and inside it torch.cuda.is_available() == False.\n"
            "In interactive Python, torch.cuda.is_available() returns True.\n")
    assert ingest_text(text).facts.torch.cuda_available is False


def test_an_upgrade_that_brought_a_cpu_torch_ranks_it_first():
    assert report_ranked("1530-ultralytics-1495-upgrade-brought-torch-cpu.txt")[:1] == ["torch_cpu_only"]


# ---- an extension built where torch sees no GPU ------------------------------------------------

def test_a_build_that_finds_no_cuda_runtime_is_the_gpu_visibility():
    text = ("No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda'\n"
            "NotImplementedError: Cuda is not availabel\n")
    assert ranked(text)[:2] == ["gpu_not_visible", "torch_cpu_only"]


def test_a_build_error_of_its_own_outranks_the_missing_runtime_note():
    text = ("No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda'\n"
            "RuntimeError:\nThe detected CUDA version (11.8) mismatches the version that was used to compile\n"
            "PyTorch (12.1). Please make sure to use the same CUDA versions.\n")
    assert ranked(text)[:1] == ["cuda_home_nvcc"]


def test_an_openpcdet_style_build_in_a_container_ranks_the_gpu_first():
    assert report_ranked("1537-d-align-1-docker-no-cuda-runtime-build.txt")[:1] == ["gpu_not_visible"]


# ---- pip's isolated build without torch, said in words ------------------------------------------

def test_an_isolated_build_that_did_not_find_torch_is_torch_missing():
    text = ("  Getting requirements to build editable: finished with status 'error'\n"
            "  error: subprocess-exited-with-error\n"
            "When building the docker environment, it reports torch not found.\n")
    assert ranked(text)[:1] == ["torch_missing"]


@pytest.mark.parametrize("text", [
    "  Getting requirements to build wheel ... error\n  error: subprocess-exited-with-error\n"
    "      ModuleNotFoundError: No module named 'numpy'\n",
    "  Getting requirements to build wheel ... done\nSuccessfully installed torch-2.4.0\n",
])
def test_other_build_failures_are_not_torch_missing(text):
    assert "build-isolation-torch-not-found-words" not in [f.id for f in triage(ingest_text(text), [])]
