"""Two readings of a CPU-only torch that no line of the paste names:

- a "no CUDA device" symptom (Ultralytics' invalid device, a webui's check, Lightning's backend) on Windows with no
  torch build shown: PyPI's torch for Windows is the CPU build, so that is the likely cause (proofs.windows_default_build);
- the fix that worked, told as such, installs a CUDA build of torch (the PyTorch CUDA index, a +cuXXX pin, conda's
  pytorch-cuda): the torch before it could not use CUDA (context check cuda-build-fixed-it).

Each has look-alikes it must not fire on."""

import pytest

from pasted import check_categories, check_findings


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


_INVALID = ("ValueError: Invalid CUDA 'device=0' requested. Use 'device=cpu' or pass valid CUDA device(s) if available, "
            "i.e. 'device=0' or 'device=0,1,2,3' for Multi-GPU.\n\ntorch.cuda.is_available(): False\n"
            "torch.cuda.device_count(): 0\n")


@pytest.mark.parametrize("where", [
    '  File "C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python311\\Lib\\site-packages\\ultralytics\\engine\\model.py",'
    ' line 250, in predict\n',
    '  File "D:\\yolo\\venv\\Lib\\site-packages\\ultralytics\\utils\\torch_utils.py", line 119, in select_device\n',
    "OS: Microsoft Windows 11 Pro\n",
])
def test_no_cuda_device_on_windows_without_a_build_shown_is_pypis_cpu_torch(where):
    paste = where + _INVALID
    findings = check_findings(paste)
    assert findings[0]["id"] == "ultralytics-invalid-cuda-device:torch_cpu_only"
    assert any("the paste ran on Windows" in e for e in findings[0]["evidence"])


@pytest.mark.parametrize("where", [
    '  File "/home/me/venv/lib/python3.11/site-packages/ultralytics/engine/model.py", line 250, in predict\n',  # Linux
    '  File "D:\\yolo\\venv\\Lib\\site-packages\\ultralytics\\engine\\model.py", line 250, in predict\n'
    "Ultralytics YOLOv8.1.3 Python-3.10.11 torch-2.1.0+cu121\n",  # a CUDA build is shown
    '  File "C:\\Users\\me\\miniconda3\\envs\\y\\Lib\\site-packages\\ultralytics\\engine\\model.py", line 250, in predict\n'
    "conda install pytorch pytorch-cuda=12.1 -c pytorch -c nvidia\n",  # conda's builds are not PyPI's
    '  File "C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python311\\Lib\\site-packages\\ultralytics\\engine\\model.py",'
    ' line 250, in predict\nMy GPU is an AMD Radeon RX 6600.\n',  # no NVIDIA GPU
])
def test_no_windows_cpu_guess_where_the_paste_says_otherwise(where):
    findings = check_findings(where + _INVALID)
    assert not any("the paste ran on Windows" in e for f in findings for e in f.get("evidence", []))
    assert findings[0]["id"] != "ultralytics-invalid-cuda-device:torch_cpu_only"


@pytest.mark.parametrize("paste", [
    "Training sat on the CPU, GPU at 0 %.\nWhat fixed it for me:\npip uninstall torch\n"
    "pip install torch --index-url https://download.pytorch.org/whl/cu124",
    "conda install pytorch torchvision pytorch-cuda=12.1 -c pytorch -c nvidia   <- this solved it",
    "pip install torch==2.1.2+cu121 -f https://download.pytorch.org/whl/torch_stable.html\nand now it works on the GPU",
    "重新安装：pip install torch --index-url https://download.pytorch.org/whl/cu118 之后就好了",
    "Worked around it by force-reinstalling:\n"
    "python -m pip install --force-reinstall torch torchaudio --index-url https://download.pytorch.org/whl/cu121",
])
def test_a_cuda_build_installed_as_the_fix_that_worked(paste):
    assert _ids(paste)[:1] == ["cuda-build-fixed-it"]
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("paste", [
    # the install did not help
    "I tried pip install torch --index-url https://download.pytorch.org/whl/cu121 but it didn't help",
    # an install with no word of a fix
    "pip install torch --index-url https://download.pytorch.org/whl/cu121",
    # the fix was something else, far from the install
    "Updating the NVIDIA driver fixed it.\n\nSetup notes:\nline\nline\nline\n"
    "pip install torch --index-url https://download.pytorch.org/whl/cu121",
    # a machine without an NVIDIA GPU
    "My card is an AMD RX 6800.\npip install torch --index-url https://download.pytorch.org/whl/cu121 solved it",
    # the paste's own error explains it: an old driver
    "RuntimeError: The NVIDIA driver on your system is too old (found version 11040).\n"
    "pip install torch --index-url https://download.pytorch.org/whl/cu118 fixed it",
])
def test_no_fix_finding_for_look_alikes(paste):
    assert "cuda-build-fixed-it" not in _ids(paste)


@pytest.mark.parametrize("paste", [
    "GPU available: False, used: False\nTPU available: False, using: 0 TPU cores",  # Lightning's banner
    "- `Accelerate` version: 0.21.0\n- PyTorch version (GPU?): 2.0.1 (False)",  # accelerate env
    "- Transformers version: 4.36.2\n- PyTorch version (GPU?): 1.13.1 (False)",  # transformers-cli env
    "gpu_available = False",
])
def test_frameworks_labels_of_no_gpu_are_read(paste):
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("paste", [
    "GPU available: True, used: False\nTPU available: False, using: 0 TPU cores",  # a GPU left unused on purpose
    "- PyTorch version (GPU?): 2.1.0+cu121 (True)",
    "Is the GPU available: we will see False positives later",
])
def test_labels_of_a_gpu_that_is_there_are_not_read_as_none(paste):
    assert "torch_cpu_only" not in check_categories(paste)
