"""pip list / freeze / show and conda list."""

from pathlib import Path

from yolodoctor.ingest import PARSER_FAILURE, ingest_text

INPUTS = Path(__file__).parent / "fixtures" / "ingest"
REPORTS = Path(__file__).parent / "fixtures" / "reports"


def facts_of(text):
    result = ingest_text(text)
    assert not [n for n in result.summary.notes if n.startswith(PARSER_FAILURE)]
    return result.facts


def test_pip_list_table_with_locations_holding_spaces():
    text = """Package                  Version        Editable project location
------------------------ -------------- ---------------------------------------------
numpy                    1.26.4
torch                    2.3.1+cu121
torchvision              0.18.1+cu121
ultralytics              8.2.48         C:\\Users\\me\\My Projects\\ultralytics
"""
    f = facts_of(text)
    assert (f.torch.version, f.torch.cuda, f.torch.status) == ("2.3.1+cu121", "12.1", "ok")
    assert f.package("torchvision").version == "0.18.1+cu121"
    assert f.distribution("ultralytics").location == "C:\\Users\\me\\My Projects\\ultralytics"


def test_freeze_pins_direct_urls_and_editables():
    text = """flash_attn==2.5.8
numpy==1.26.4
torch @ https://download.pytorch.org/whl/cu121/torch-2.1.0%2Bcu121-cp310-cp310-linux_x86_64.whl
-e git+https://user:secret@github.com/ultralytics/ultralytics.git@a1b2c3d#egg=ultralytics
"""
    f = facts_of(text)
    assert f.package("flash_attn").version == "2.5.8"
    assert (f.torch.version, f.torch.cuda) == ("2.1.0+cu121", "12.1")
    ultralytics = f.distribution("ultralytics")
    assert ultralytics.editable is True
    assert "secret" not in ultralytics.direct_url


def test_a_requested_version_on_a_command_line_is_not_an_installed_one():
    f = facts_of("pip install torch==2.10.0 --index-url https://download.pytorch.org/whl/cu130\n")
    assert f.torch.version is None and f.python.distributions == []


def test_pip_show_several_packages():
    f = facts_of((REPORTS / "016-sdnext-torch-cu121-torchvision-cu124.txt").read_text())
    assert (f.torch.version, f.torch.cuda) == ("2.4.0+cu121", "12.1")
    assert f.package("torchvision").version == "0.20.1+cu124"
    assert f.distribution("torch").requires[:2] == ["filelock", "fsspec"]
    assert f.host.os == "Windows"  # c:\...\site-packages


def test_conda_list_with_header_and_environment():
    f = facts_of((INPUTS / "conda_list-cudatoolkit-cpu-select.txt").read_text())
    assert f.cuda.conda_cudatoolkit == "10.2.89"
    assert f.python.conda_env == "/disk/ocean/yichao-liang/miniconda3/envs/pytorch3d"
    assert f.distribution("cffi").version == "1.14.1"
    assert f.torch.version is None  # no pytorch package in this excerpt


def test_conda_rows_without_header_for_tracked_packages_only():
    f = facts_of((INPUTS / "conda_list-pypi-nvidia-wheels.txt").read_text())
    assert f.distribution("nvidia-cudnn-cu11").version == "8.7.0.84"
    assert f.distribution("nvidia-cudnn-cu11").installer == "pip"
    assert f.package("cv2").version == "4.7.0.68"
    assert f.distribution("openssl") is None  # an untracked bare row is not believed


def test_conda_pytorch_build_strings():
    f = facts_of("pytorch                   2.1.0           py3.10_cuda12.1_cudnn8.9.2_0    pytorch\n")
    assert (f.torch.version, f.torch.cuda, f.torch.status) == ("2.1.0", "12.1", "ok")
    f = facts_of("pytorch                   2.1.0           cpu_py310h6a2f0c9_0    conda-forge\n")
    assert (f.torch.status, f.torch.cuda) == ("ok", None)
    f = facts_of("pytorch                   2.3.1           cuda118_py311h4ee7bbc_300    conda-forge\n")
    assert f.torch.cuda == "11.8"


def test_grep_rows_and_name_then_version():
    f = facts_of("(yolov13) yolov13$ pip list | grep flash\nflash-attn               2.7.3\n")
    assert f.package("flash_attn").version == "2.7.3"
    f = facts_of("python --version\nPython 3.8.7\n\nultralytics\n8.2.79\n")
    assert f.package("ultralytics").version == "8.2.79" and f.python.version == "3.8.7"
    f = facts_of("GPU      0\nEpoch    1\n")
    assert f.python.distributions == []
