"""Environment and packaging families of the real-report corpus (fifth round): the PyPI `pytorch` name
placeholder, a 32-bit Python, and the other mechanisms added with them. Each is checked on small pastes written
here (matching and not matching) and on reports of the dev split, through the same pipeline as `check --from`.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions
from pasted import signal_categories as categories

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def signal_ids(text):
    return {s.id for s in ingest_text(text).signals}


def first_category(path):
    document = build_pasted_report(ingest_path(str(REPORTS / path)), CheckOptions()).document
    return document["findings"][0]["category"]


@pytest.mark.parametrize("text", [
    'Exception: You tried to install "pytorch". The package named for PyTorch is "torch"\n',
    "Collecting pytorch\n  Downloading pytorch-1.0.2.tar.gz (689 bytes)\n",
    "Collecting pytorch\n  Using cached pytorch-0.1.tar.gz\n",
    "    Exception: You should install pytorch from http://pytorch.org\n",
])
def test_the_pytorch_name_on_pypi_is_a_placeholder(text):
    assert "pip-pytorch-name-placeholder" in signal_ids(text)
    assert categories(text)[0] == "pip_index"


def test_the_name_placeholder_replaces_the_torch_placeholder_on_its_line():
    text = "  Using cached https://files.pythonhosted.org/packages/a9/41/x/pytorch-0.1.2.tar.gz\n"
    assert signal_ids(text) == {"pip-pytorch-name-placeholder"}


@pytest.mark.parametrize("text", [
    "Collecting torch\n  Using cached torch-0.1.2.post2.tar.gz (128 kB)\n",         # torch's own placeholder
    "conda install pytorch torchvision -c pytorch\n",                                # conda's name is right
    "Successfully installed pytorch-lightning-1.0.2\n",                              # another package
    "  Downloading pytorch_lightning-1.0.2.tar.gz\n",
])
def test_other_pytorch_lines_are_not_the_name_placeholder(text):
    assert "pip-pytorch-name-placeholder" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "C:\\Python\\Python37-32\\Scripts>pip install torch\n",
    "Requirement already satisfied: pyyaml in c:\\users\\a\\appdata\\local\\programs\\python\\python38-32\\lib\\site-packages\n",
    "Python 3.10.6 (tags/v3.10.6:9c7b4bd, Aug  1 2022, 21:38:17) [MSC v.1932 32 bit (Intel)]\n",
    "Python version: 3.7 (32-bit runtime)\n",
    " - Python version: 3.8 (32 bit)\n",
])
def test_a_32bit_python_is_unsupported(text):
    assert "python-32bit" in signal_ids(text)
    assert categories(text)[0] == "python_unsupported"


@pytest.mark.parametrize("text", [
    "Python 3.10.6 (tags/v3.10.6:9c7b4bd, Aug  1 2022, 21:38:17) [MSC v.1932 64 bit (AMD64)]\n",
    "Python version: 3.10 (64-bit runtime)\n",
    "C:\\Users\\a\\AppData\\Local\\Programs\\Python\\Python310\\python.exe\n",
    "Building for win32 took 32 bit) seconds\n",
    "torch 2.1.0 (32 bit)\n",                                       # not a Python
])
def test_a_64bit_python_is_not_32bit(text):
    assert "python-32bit" not in signal_ids(text)


def test_the_families_on_dev_reports():
    assert first_category("330-pytorch-707-pip-pytorch-placeholder.txt") == "pip_index"
    assert first_category("1005-strainfacts-1-requirements-pytorch-name.txt") == "pip_index"
    assert first_category("1002-pytorch-37379-python38-32-placeholder-setup.txt") == "python_unsupported"
    assert first_category("1000-pytorch-41005-python37-32-cpu-wheel-not-found.txt") == "python_unsupported"


@pytest.mark.parametrize("text", [
    "import torch fails in PyCharm; in cmd, import torch works.\n",
    "I can import torch in the terminal, but in VS Code it says No module named 'torch'\n",
    "import torch works in a terminal opened within Jupyter, not in the notebook.\nImportError: No module named 'torch'\n",
    "在Prompt里面可以import torch并显示其版本，但是进入Jupyter Notebook后却报错说No module named 'torch'\n",
])
def test_an_import_that_works_in_one_place_only_is_the_interpreter(text):
    assert "import-works-in-one-place-not-another" in signal_ids(text)
    assert "wrong_interpreter" in categories(text)


@pytest.mark.parametrize("text", [
    "import torch fails in PyCharm.\n",                                              # one place only
    "Training works in the terminal and in PyCharm.\n",                              # nothing fails
    "The terminal shows: No module named 'torch'\n",                                 # no IDE, nothing works
    "It works fine in Jupyter, thanks!\n",                                           # one place, nothing fails
])
def test_one_place_or_one_outcome_is_not_the_interpreter(text):
    assert "import-works-in-one-place-not-another" not in signal_ids(text)


def test_the_issue_templates_install_answer_says_torch_was_installed():
    text = ("- How you installed PyTorch (conda, pip, source): pip3\n- Python version: 3.5.2\n"
            "ImportError: No module named 'torch'\n")
    assert categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("answer", ["", " N/A", " -"])
def test_an_unanswered_template_says_nothing(answer):
    text = f"- How you installed PyTorch (conda, pip, source):{answer}\nImportError: No module named 'torch'\n"
    assert categories(text)[0] == "torch_missing"


def test_pins_of_a_requirements_file_are_asked_for_not_installed():
    text = ("In requirements.txt the lines\ntorch==1.4.0\ntorchvision==0.5.0\nare commented out.\n"
            "ModuleNotFoundError: No module named 'torch'\n")
    assert not [o for o in ingest_text(text).observations if o.source == "pip_line"]
    assert categories(text)[0] == "torch_missing"


def test_pins_of_pip_freeze_are_installed():
    text = "$ pip freeze\ntorch==1.4.0\ntorchvision==0.5.0\n"
    assert [o for o in ingest_text(text).observations if o.source == "pip_line"]
    assert ingest_text(text).facts.torch.version == "1.4.0"
    assert ingest_text("torch==2.1.0\nnumpy==1.26.0\n").facts.torch.version == "2.1.0"


def test_the_interpreter_families_on_dev_reports():
    assert first_category("337-pytorch-6989-pycharm-interpreter-win10.txt") == "wrong_interpreter"
    assert first_category("123-pytorch-7472-pip3-other-python.txt") == "wrong_interpreter"
    assert first_category("308-faceit-live3-16-torch-commented-out.txt") == "torch_missing"


@pytest.mark.parametrize("text", [
    ">>> import torch\n>>> torch.cuda.is_available()\nFalse\n",
    "I can't run on cuda. The newest CUDA is installed (12.2) and my GPU is supported.\n",
    "装好以后 torch.cuda.is_available()返回False\n",
])
def test_cuda_unusable_with_nothing_else_is_most_often_a_cpu_build(text):
    findings = triage(ingest_text(text), [])
    assert findings[0].category == "torch_cpu_only"
    assert sorted(f.category for f in findings[1:]) == ["driver_too_old", "gpu_not_visible"]
    assert findings[0].id == "cuda-unavailable-unexplained" and findings[0].severity == "warning"
    assert [f.severity for f in findings[1:]] == ["info", "info"]


@pytest.mark.parametrize("text", [
    # torch's CUDA build is shown: not a CPU build
    ">>> torch.__version__\n'2.1.0+cu121'\n>>> torch.cuda.is_available()\nFalse\n",
    # a container: its own finding explains it
    "docker run -it pytorch/pytorch bash\n>>> torch.cuda.is_available()\nFalse\n",
    # CUDA works
    ">>> torch.cuda.is_available()\nTrue\n",
    # words about something else
    "The model runs on the GPU; training is slow.\n",
])
def test_no_cpu_guess_where_the_paste_says_more(text):
    assert "cuda-unavailable-unexplained" not in [f.id for f in triage(ingest_text(text), [])]


def test_the_cpu_guess_on_a_dev_report():
    assert first_category("328-panelcleaner-22-cuda-122-torch-no-cuda.txt") == "torch_cpu_only"


@pytest.mark.parametrize("text", [
    "(Windows) pip install -r requirements.txt through the Tsinghua (清华) mirror gave the CPU build of torch\n",
    "pip config set global.index-url https://pypi.tuna.tsinghua.edu.cn/simple\n"
    ">>> torch.__version__\n'2.3.1+cpu'\n>>> torch.cuda.is_available()\nFalse\n",
    "用阿里源 pip install torch 装上的是 cpu版 torch\n",
])
def test_a_cpu_torch_from_a_pypi_mirror_is_the_index(text):
    assert categories(text)[0] == "pip_index"
    assert "cpu-build-from-pypi-mirror" in [f.id for f in triage(ingest_text(text), [])]


@pytest.mark.parametrize("text", [
    # a mirror, but torch has CUDA
    "pip config set global.index-url https://pypi.tuna.tsinghua.edu.cn/simple\n>>> torch.__version__\n'2.3.1+cu121'\n",
    # a CPU build, no mirror
    ">>> torch.__version__\n'2.3.1+cpu'\n",
    # a mirror and a CPU build on Linux, where PyPI's torch has CUDA: the mirror does not explain it
    "Ubuntu 22.04\npip install torch -i https://pypi.tuna.tsinghua.edu.cn/simple\n>>> torch.__version__\n'2.3.1+cpu'\n"
    "Linux-5.15.0-91-generic-x86_64-with-glibc2.35\nOS: Ubuntu 22.04.3 LTS (x86_64)\n",
    # the university named, not its mirror
    "Thanks to the Tsinghua University team; torch CPU version works fine.\n",
])
def test_no_mirror_finding_without_a_mirror_and_a_cpu_build(text):
    assert "cpu-build-from-pypi-mirror" not in [f.id for f in triage(ingest_text(text), [])]


def test_the_mirror_cpu_build_on_a_dev_report():
    assert first_category("541-taskmatrix-171-tuna-cpu-torch-windows-cn.txt") == "pip_index"


@pytest.mark.parametrize("text", [
    "PackagesNotFoundError: The following packages are not available from current channels:\n\n  - pytorch-cuda=12.1\n",
    "PackageNotFoundError: Package missing in current osx-64 channels:\n  - pytorch\n",
    "PackagesNotFoundError: The following packages are not available from current channels:\n\n"
    "  - numpy=1.19\n  - torchvision==0.15.2\n",
])
def test_conda_without_the_channel_of_pytorch_is_the_index(text):
    assert "conda-torch-not-in-channels" in signal_ids(text)
    assert categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    "PackagesNotFoundError: The following packages are not available from current channels:\n\n  - opencv=4.9\n",
    "  - pytorch\nSolving environment: done\n",
])
def test_other_missing_conda_packages_are_not_the_torch_channel(text):
    assert "conda-torch-not-in-channels" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "Trying to install; it says torch module not found.\n",
    "运行时提示找不到torch\n",
])
def test_torch_missing_said_in_words(text):
    assert "torch-missing-in-words" in signal_ids(text)
    assert categories(text)[0] == "torch_missing"


@pytest.mark.parametrize("text", [
    "torchvision module not found\n",
    "the torch_scatter module not found\n",
    "libtorch not found by cmake\n",
])
def test_other_modules_not_found_are_not_torch(text):
    assert "torch-missing-in-words" not in signal_ids(text)


def test_installed_in_words_then_missing_is_another_interpreter():
    assert categories("I have installed pytorch, but: ModuleNotFoundError: No module named 'torch'\n")[0] \
        == "wrong_interpreter"


@pytest.mark.parametrize("install", ["conda install pytorch-nightly cudatoolkit=9.0 -c pytorch\n",
                                     "conda install pytorch-cpu -c pytorch\n"])
def test_condas_own_torch_package_names_are_a_torch_install(install):
    assert categories(install + "ModuleNotFoundError: No module named 'torch'\n")[0] == "wrong_interpreter"


def test_a_conda_row_with_its_track_features_column_is_read():
    text = ("# packages in environment at /home/u/anaconda3/envs/env2:\n#\n"
            "pytorch                   1.4.0               py3.7_cpu_0  [cpuonly]  pytorch\n")
    torch = ingest_text(text).facts.torch
    assert (torch.version, torch.cuda, torch.status) == ("1.4.0", None, "ok")
    # and with CUDA asked for, it is the CPU build that the solver fell back to
    assert categories("conda install pytorch cudatoolkit=10.1 -c pytorch\n" + text)[0] == "torch_cpu_only"


def test_a_pip_of_another_python_than_the_one_running_is_the_interpreter():
    text = (">py --version\nPython 3.8.1\n\n>pip --version\n"
            "pip 9.0.1 from c:\\python27\\lib\\site-packages (python 2.7)\n")
    findings = triage(ingest_text(text), [])
    assert findings[0].id == "pip-of-another-python" and findings[0].category == "wrong_interpreter"
    missing = text + "ModuleNotFoundError: No module named 'torch'\n"
    assert categories(missing)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    "$ python --version\nPython 3.10.12\n$ pip --version\npip 23.0.1 from /usr/lib/python3/dist-packages/pip (python 3.10)\n",
    "pip 23.0.1 from /opt/homebrew/lib/python3.11/site-packages/pip (python 3.11)\n",   # no running Python shown
    "Python 3.10.12\nthe pip from the base image (python 3.8) was removed\n",             # not pip --version output
])
def test_a_pip_of_the_same_or_an_unknown_python_says_nothing(text):
    assert "pip-of-another-python" not in [f.id for f in triage(ingest_text(text), [])]


@pytest.mark.parametrize("text, value", [
    ("cuda.is_available()==False\n", False),
    ("inside it torch.cuda.is_available() == False.\n", False),
    ("torch.cuda.is_available() == True\n", True),
])
def test_is_available_compared_with_a_boolean_is_read(text, value):
    assert ingest_text(text).facts.torch.cuda_available is value


@pytest.mark.parametrize("text", [
    "cupy.cuda.is_available() == False\n",          # another library's CUDA
    "numba.cuda.is_available(): False\n",
    "if torch.cuda.is_available() == False:\n",      # code, not an answer
])
def test_other_is_available_lines_are_not_torch(text):
    assert ingest_text(text).facts.torch.cuda_available is None


BEFORE_AFTER = ("env1 (works):\npytorch                   1.3.1           cuda100py37h53c1284_0\n"
                "cuda.is_available()==True\n\n{label}\n"
                "pytorch                   1.4.0               py3.7_cpu_0  [cpuonly]  pytorch\n"
                "cuda.is_available()==False\n")


def test_a_label_naming_the_failing_environment_chooses_it():
    result = ingest_text(BEFORE_AFTER.format(label="env2 (fails):"))
    assert (result.facts.torch.version, result.facts.torch.cuda_available) == ("1.4.0", False)
    assert any("labels the failing one" in n for n in result.summary.notes)
    assert categories(BEFORE_AFTER.format(label="env2 (fails):"))[0] == "torch_cpu_only"


def test_without_a_label_the_first_environment_is_kept():
    result = ingest_text(BEFORE_AFTER.format(label="env2:"))
    assert result.facts.torch.version == "1.3.1"
    assert not any("labels the failing one" in n for n in result.summary.notes)


def test_a_cpu_build_that_cannot_use_cuda_is_certain():
    text = "# packages in environment at /e:\n#\npytorch 1.4.0 py3.7_cpu_0 pytorch\n>>> torch.cuda.is_available()\nFalse\n"
    findings = triage(ingest_text(text), [])
    assert findings[0].id == "cuda-unavailable-cpu-build" and findings[0].severity == "error"


def test_the_before_after_pair_on_a_dev_report():
    assert first_category("1031-pytorch-32369-conda-cuda101-got-cpuonly.txt") == "torch_cpu_only"


def test_early_releases_are_older_than_the_release_table_and_disjoint_from_it():
    from packaging.version import Version

    from yolodoctor.knowledge import compat

    oldest = Version(compat.torch_releases()[0].version)
    for version in ("1.0.0", "1.4.0", "1.6.0", "1.9.1", "1.11.0"):
        assert compat.early_release_pythons(version) and Version(version) < oldest
    assert compat.early_release_pythons(compat.torch_releases()[0].version) is None
    assert compat.early_release_pythons("1.9.1+cu111") == ("3.6", "3.7", "3.8", "3.9")


@pytest.mark.parametrize("text, first", [
    ("pip install torch==1.9.1+cu111 -f https://download.pytorch.org/whl/torch_stable.html\n"
     "ERROR: No matching distribution found for torch==1.9.1+cu111\nPython 3.10.4\n",
     "pinned-torch-no-wheel-for-python"),   # the +cu111 message alone would blame the index
    ("$ python --version\nPython 3.9.1\npip install torch==1.6.0\n"
     "ERROR: Could not find a version that satisfies the requirement torch==1.6.0\n",
     "pip-no-version-bare"),                # pip's own message already names the Python
])
def test_an_early_torch_pinned_for_a_newer_python_is_judged_by_its_own_era(text, first):
    findings = triage(ingest_text(text), [])
    assert (findings[0].id, findings[0].category) == (first, "python_unsupported")


def test_an_early_torch_pinned_for_a_python_it_supports_is_not_blamed_on_python():
    text = ("$ python --version\nPython 3.8.10\npip install torch==1.9.0+cu102\n"
            "ERROR: No matching distribution found for torch==1.9.0+cu102\n")
    assert "pinned-torch-no-wheel-for-python" not in [f.id for f in triage(ingest_text(text), [])]


def test_the_early_era_on_a_dev_report():
    assert first_category("1037-pytorch-66399-python310-torch191-cu111.txt") == "python_unsupported"
