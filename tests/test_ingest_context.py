"""Where a paste says it ran (notebook, container, user site-packages), and how triage uses it.

Each mechanism is checked on a small paste written here and on one report of the dev split of the
real-report corpus (tests/fixtures/reports), through the same pipeline as `check --from`.
"""

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.context import PasteContext, read_context
from yolodoctor.ingest.triage import triage
from pasted import check_findings as checked, report_findings as ranked_findings, signal_categories as ranked


def test_read_context_names_the_first_line_of_each_context():
    lines = enumerate(["I run it in a Jupyter notebook", "inside a Docker container",
                       '  File "/home/u/.local/lib/python3.10/site-packages/x.py", line 3'], 1)
    context = read_context(lines)
    assert context == PasteContext(notebook=1, container=2, user_site=3, user_site_python="3.10", environment=1)
    assert read_context(enumerate(["plain text", "nothing here"], 1)) == PasteContext()


def test_a_missing_torch_in_a_notebook_is_the_kernels_python():
    text = "I use a Jupyter notebook\nimport torch\nModuleNotFoundError: No module named 'torch'\n"
    first = triage(ingest_text(text), [])[0]
    assert first.category == "wrong_interpreter"
    assert first.certainty == "likely"
    assert any("notebook" in e for e in first.evidence)
    # Without the notebook it stays a missing torch, with the interpreter only as an alternative.
    assert ranked("import torch\nModuleNotFoundError: No module named 'torch'\n")[:2] == \
        ["torch_missing", "wrong_interpreter"]


def test_a_missing_torch_in_a_notebook_on_a_dev_report():
    assert ranked_findings("247-vegans-jupyter-not-conda-env.txt")[0]["category"] == "wrong_interpreter"


def test_a_traceback_through_another_pythons_user_site_explains_the_error_first():
    text = ("I set up a venv with python 3.11\n"
            'Traceback (most recent call last):\n'
            '  File "/home/u/.local/lib/python3.10/site-packages/ultralytics/nn/tasks.py", line 628, in load\n'
            "AttributeError: Can't get attribute 'C3k2' on <module 'ultralytics.nn.modules.block'>\n")
    findings = triage(ingest_text(text), [])
    assert findings[0].category == "wrong_interpreter"
    assert findings[0].id == "user-site-shadowing"
    assert "ultralytics_outdated" in [f.category for f in findings[1:]]
    # The same traceback with no environment named and no other Python: nothing to say about interpreters.
    bare = text.replace("I set up a venv with python 3.11\n", "")
    assert "wrong_interpreter" not in ranked(bare)


def test_a_user_site_shadowing_on_a_dev_report():
    findings = ranked_findings("120-ultralytics-17877-c3k2-jupyter-user-site.txt")
    assert findings[0]["category"] == "wrong_interpreter"
    assert "ultralytics_outdated" in [f["category"] for f in findings]


def test_no_gpu_in_a_container_with_nothing_else_is_a_container_without_gpus():
    text = "I pulled the docker image\nimport torch\ntorch.cuda.is_available()\nFalse\n"
    assert ranked(text)[0] == "gpu_not_visible"
    # Outside a container, or with a +cpu torch that explains it, no container finding.
    outside = checked("import torch\ntorch.cuda.is_available()\nFalse\n")
    assert all(f["id"] != "container-without-gpu" for f in outside) and outside[0]["category"] != "gpu_not_visible"
    cpu = text + "torch.__version__\n'2.5.0+cpu'\n"
    assert checked(text)[0]["category"] == "gpu_not_visible"
    assert all(f["id"] != "container-without-gpu" for f in checked(cpu))


def test_no_gpu_in_a_container_on_a_dev_report():
    assert ranked_findings("172-dreammat-docker-no-toolkit-gpus-all.txt")[0]["category"] == "gpu_not_visible"


def test_a_failed_install_explains_the_missing_torch_after_it():
    text = ("ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n"
            "import torch\nModuleNotFoundError: No module named 'torch'\n")
    assert ranked(text)[:2] == ["resources_low", "torch_missing"]


def test_a_failed_install_on_a_dev_report():
    assert ranked_findings("239-easydiffusion-tmpfs-no-space-cusparse.txt")[0]["category"] == "resources_low"


def test_a_notebook_started_from_an_environment_with_nothing_else_found_is_the_kernel():
    text = "conda create -n torch1 python=3.6\nsource activate torch1\njupyter notebook\n"
    findings = checked(text)
    assert [f["id"] for f in findings] == ["notebook-kernel-environment"]
    assert findings[0]["severity"] == "warning" and findings[0]["category"] == "wrong_interpreter"
    # With an error that explains itself, or without an environment, it says nothing of kernels.
    assert "notebook-kernel-environment" not in [f["id"] for f in checked(
        text + "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB\n")]
    assert checked("jupyter notebook\n") == []


def test_a_notebook_started_from_an_environment_on_a_dev_report():
    assert ranked_findings("248-pytorch-13536-jupyter-not-in-new-env.txt")[0]["category"] == "wrong_interpreter"


def test_words_that_name_no_environment_are_not_an_environment():
    # torch's EnvironmentError about a variable, a CUDA kernel image, the OS kernel: none names an
    # environment the user set up; a venv or a conda env on the same line still does.
    for line in ("raise EnvironmentError('CUDA_HOME environment variable is not set. '",
                 "no kernel image is available for execution on the device",
                 "NVRM: API mismatch: the client has the version 535, but this kernel module has 530",
                 "Kernel Version: 5.15.0-91-generic"):
        assert read_context(enumerate([line], 1)).environment is None, line
    assert read_context(enumerate(["CUDA_HOME environment variable is not set in my conda env"], 1)).environment == 1


def test_a_user_site_traceback_with_an_environment_variable_error_is_the_build():
    # An extension build failing on CUDA_HOME, its frames in ~/.local: the toolkit, not an interpreter.
    text = ('Traceback (most recent call last):\n'
            '  File "/home/u/.local/lib/python3.7/site-packages/torch/utils/cpp_extension.py", line 498, in '
            'CUDAExtension\n'
            '    library_dirs += library_paths(cuda=True)\n'
            "    raise EnvironmentError('CUDA_HOME environment variable is not set. '\n"
            "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.\n")
    assert [f["category"] for f in checked(text)][:1] == ["cuda_home_nvcc"]
    assert ranked_findings("413-flownet2-218-cuda-home-setup.txt")[0]["category"] == "cuda_home_nvcc"


# ---- sudo, portable builds, files shadowing a package, pip on the PyTorch index alone ------------------

def test_a_missing_torch_under_sudo_is_roots_python():
    text = "sudo python3 setup.py install\nTraceback (most recent call last):\n    import torch\n" \
           "ModuleNotFoundError: No module named 'torch'\n"
    first = triage(ingest_text(text), [])[0]
    assert first.category == "wrong_interpreter"
    assert first.certainty == "likely"
    assert any("sudo" in e for e in first.evidence)
    # "sudo apt install" is not Python run through sudo: the missing torch stays first.
    plain = text.replace("sudo python3 setup.py install", "sudo apt install -y libjpeg-dev\npython3 setup.py install")
    assert ranked(plain)[0] == "torch_missing"


def test_a_missing_torch_under_sudo_on_a_dev_report():
    assert ranked_findings("312-torch2trt-dynamic-5-sudo-python-conda-env.txt")[0]["category"] == \
        "wrong_interpreter"


def test_a_portable_build_run_without_its_own_python():
    text = "I extracted the portable build and ran python main.py\n    import torch\n" \
           "ModuleNotFoundError: No module named 'torch'\n"
    assert ranked(text)[0] == "wrong_interpreter"
    # Its own embedded Python ran (the path says so): torch is really missing there.
    ran = text + '  File "C:\\ComfyUI\\python_embeded\\Lib\\site-packages\\x.py", line 1\n'
    assert ranked(ran)[0] == "torch_missing"
    assert read_context(enumerate(["python_embeded\\python.exe -s main.py"], 1)).embedded_ran == 1


def test_a_portable_build_on_a_dev_report():
    assert ranked_findings("309-comfyui-1832-standalone-system-python.txt")[0]["category"] == "wrong_interpreter"


def test_pip_into_another_python_than_the_portable_builds():
    text = ("In the python_embeded folder: pip install torch==2.5.0\n"
            "Requirement already satisfied: jinja2 in c:\\users\\a\\appdata\\local\\programs\\python\\python310"
            "\\lib\\site-packages (from torch==2.5.0) (3.1.4)\n"
            "Successfully installed torch-2.5.0+cu124\n")
    findings = triage(ingest_text(text), [])
    assert [f.id for f in findings] == ["portable-build-other-python"]
    assert findings[0].severity == "warning"
    # The same output from the embedded Python's own pip: nothing to say.
    own = text.replace("c:\\users\\a\\appdata\\local\\programs\\python\\python310", "c:\\comfy\\python_embeded")
    assert triage(ingest_text(own), []) == []
    assert ranked_findings("313-comfyui-6197-portable-pip-into-system-python.txt")[0]["category"] == \
        "wrong_interpreter"


def test_a_partially_initialised_module_is_a_file_shadowing_the_package():
    text = "ImportError: cannot import name 'YOLO' from partially initialized module 'ultralytics' " \
           "(most likely due to a circular import) (/home/u/test/ultralytics.py)\n"
    first = triage(ingest_text(text), [])[0]
    assert (first.category, first.id) == ("other", "python-circular-import-shadowing")
    assert first.certainty == "likely"
    for name in ("323-ultralytics-hub-271-script-named-ultralytics.txt", "324-sahi-402-running-utils-torch-py.txt"):
        assert ranked_findings(name)[0]["category"] == "other"


def test_pip_on_the_pytorch_index_alone_missing_a_pypi_package():
    text = ("Looking in indexes: https://download.pytorch.org/whl/cu128\n"
            + "Collecting torch\n" * 8
            + "ERROR: Could not find a version that satisfies the requirement fastapi==0.1 (from versions: none)\n")
    assert ranked(text)[0] == "pip_index"
    # torch itself missing from that index is judged as before (its Python or variant), not as PyPI left out.
    own = text.replace("fastapi==0.1", "torch==2.9.0")
    assert [f.id for f in triage(ingest_text(own), [])][0] == "pip-no-matching-version"
    assert ranked_findings("318-comfyui-7455-nightly-index-url-only.txt")[0]["category"] == "pip_index"


def test_a_cpu_torch_where_cuda_was_asked_for():
    text = ("conda install pytorch torchvision cudatoolkit=11.3 -c pytorch\n"
            "# Name                    Version                   Build  Channel\n"
            "pytorch                   1.11.0              py3.8_cpu_0    pytorch\n")
    findings = triage(ingest_text(text), [])
    assert (findings[0].id, findings[0].category, findings[0].severity) == \
        ("cuda-requested-cpu-installed", "torch_cpu_only", "error")
    assert any("cudatoolkit" in e or "asked for" in e for e in findings[0].evidence)
    # The CUDA build that was asked for and got installed: nothing to say.
    cuda = text.replace("py3.8_cpu_0", "py3.8_cuda11.3_cudnn8.2.0_0")
    assert "torch_cpu_only" not in ranked(cuda)
    # A CPU torch nobody asked CUDA of: no finding from the paste alone.
    assert "cuda-requested-cpu-installed" not in [f.id for f in triage(ingest_text(text.split("\n", 1)[1]), [])]


def test_a_cpu_torch_where_cuda_was_asked_for_on_a_dev_report():
    assert ranked_findings("336-torchdata-315-conda-env-cpuonly-pytorch.txt")[0]["category"] == "torch_cpu_only"
