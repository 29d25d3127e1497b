"""Signatures for a module that is not what it should be (a user's file shadowing it, a torch that is
not the package) and for messages people paste cut short or retyped."""

from yolodoctor.ingest import ingest_text


def _ids(text: str) -> list[str]:
    return [s.id for s in ingest_text(text).signals]


# A script named like a standard-library module, run from its folder: the error comes several frames
# after the frame that shows the file (more than one scanner window away).
_SCRIPT_NAMED_LIKE_STDLIB = """python random.py
Traceback (most recent call last):
  File "random.py", line 1, in <module>
    import torch
  File "/opt/conda/lib/python3.8/site-packages/torch/__init__.py", line 190, in <module>
    from torch._utils_internal import get_file_path
  File "/opt/conda/lib/python3.8/site-packages/torch/_utils_internal.py", line 4, in <module>
    import tempfile
  File "/opt/conda/lib/python3.8/tempfile.py", line 45, in <module>
    from random import Random as _Random
  File "/opt/conda/lib/python3.8/site-packages/torch/nn/__init__.py", line 1, in <module>
    from .modules import *
ImportError: cannot import name 'Random' from partially initialized module 'random'
"""


def test_a_script_named_like_a_stdlib_module_is_named_as_the_cause():
    [signal] = [s for s in ingest_text(_SCRIPT_NAMED_LIKE_STDLIB).signals if s.id == "local-file-shadows-module"]
    assert signal.category == "other" and signal.line == 3


def test_a_file_in_a_project_folder_shadowing_a_module_torch_imports():
    text = ('  File "C:\\Users\\me\\project\\yaml.py", line 3, in <module>\n'
            "    import torch\n"
            "AttributeError: module 'yaml' has no attribute 'safe_load'\n")
    assert "local-file-shadows-module" in _ids(text)


def test_the_real_module_in_the_python_installation_is_not_a_shadow():
    for path in ("/usr/lib/python3.10/inspect.py", "C:\\Python311\\Lib\\inspect.py",
                 "/home/me/venv/lib/python3.10/site-packages/numpy/typing.py",
                 "/home/me/.local/lib/python3.8/site-packages/torch.py"):
        text = (f'  File "{path}", line 35, in <module>\n    import dis\n'
                "AttributeError: module 'torch' has no attribute 'Tensor'\n")
        assert "local-file-shadows-module" not in _ids(text), path


def test_a_file_whose_name_merely_contains_a_module_name_is_not_a_shadow():
    text = ('  File "/content/yolov5/utils/torch_utils.py", line 12, in <module>\n    import torch\n'
            "AttributeError: module 'torch' has no attribute 'compile'\n")
    assert "local-file-shadows-module" not in _ids(text)


def test_a_shadowing_file_without_an_import_or_attribute_error_is_not_reported():
    text = ('  File "/home/me/json.py", line 3, in <module>\n    main()\n'
            "RuntimeError: CUDA error: out of memory\n")
    assert "local-file-shadows-module" not in _ids(text)


def test_torch_without_its_oldest_attributes_is_not_the_package():
    [signal] = ingest_text("AttributeError: module 'torch' has no attribute 'manual_seed'\n").signals
    assert (signal.id, signal.category, signal.certainty) == ("torch-core-attribute-missing", "other", "likely")
    # attributes that come and go with releases say nothing of the kind
    for attribute in ("compile", "_six", "library", "xpu"):
        text = f"AttributeError: module 'torch' has no attribute '{attribute}'\n"
        assert "torch-core-attribute-missing" not in _ids(text), attribute


def test_torch_c_missing_is_a_torch_that_is_not_the_installed_package():
    assert _ids("ModuleNotFoundError: No module named 'torch._C'\n") == ["torch-c-module-missing"]
    assert "torch-c-module-missing" not in _ids("ModuleNotFoundError: No module named 'torch._C._dynamo'\n")


def test_the_hub_message_cut_after_the_url_still_names_the_network():
    [signal] = ingest_text("OSError: We couldn't connect to 'https://huggingface.co'\n").signals
    assert (signal.id, signal.category) == ("huggingface-cannot-connect", "network_download")


def test_the_engine_message_retyped_with_another_capitalisation():
    text = ("the engine plan file is not compatible with this version of tensorRT, "
            "expecting library version 5.1.6 got 5.0.6\n")
    assert _ids(text) == ["tensorrt-engine-incompatible"]


def test_a_switched_off_nccl_transport_says_nccl_trouble_but_is_no_error_by_itself():
    [signal] = ingest_text("export NCCL_P2P_DISABLE=1\npython train.py\n").signals
    assert (signal.id, signal.category) == ("nccl-transport-disabled", "nccl_problem")
    # turning a transport back on is no workaround
    assert ingest_text("NCCL_P2P_DISABLE=0 python train.py\n").signals == []


def test_the_last_of_several_shadowing_frames_before_the_error_is_named():
    text = ('  File "/home/me/random.py", line 2, in <module>\n    import json\n'
            '  File "/home/me/json.py", line 1, in <module>\n    import torch\n'
            '  File "/usr/lib/python3.10/site-packages/torch/__init__.py", line 5, in <module>\n    import x\n'
            "ImportError: cannot import name 'dumps' from partially initialized module 'json'\n")
    [signal] = [s for s in ingest_text(text).signals if s.id == "local-file-shadows-module"]
    assert signal.line == 3
