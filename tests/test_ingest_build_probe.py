"""torch finding no driver or no GPU while an extension is built (a docker build): the build's failure, not the
machine's GPU (ingest.build_probe, PasteContext.no_gpu_in_build, the signature extension-build-arch-probe-no-gpu).
Small pastes written here, with ones it must leave alone, and the dev reports."""

import pytest

from pasted import check_categories, check_findings, report_categories

_NO_DRIVER = "AssertionError: Found no NVIDIA driver on your system\n"


@pytest.mark.parametrize("text", [
    'Step 7/9 : RUN pip install -v --no-cache-dir --global-option="--cpp_ext" --global-option="--cuda_ext" ./apex\n'
    + _NO_DRIVER,
    "$ python setup.py install\nrunning install\nrunning build_ext\n" + _NO_DRIVER,
    "RUN pip wheel --no-deps .\n  File \"/tmp/pip-req-build-1x/setup.py\", line 89, in <module>\n"
    "RuntimeError: No CUDA GPUs are available\n",
    # the build told after the error, and no program run anywhere
    "No longer able to build in Docker\n" + _NO_DRIVER + "This is how we build it:\nexport FORCE_CUDA=1\n"
    "python setup.py install --prefix=/install/torchvision\n",
])
def test_no_gpu_during_a_build_is_the_build(text):
    first = check_findings(text)[0]
    assert first["category"] == "flash_attn_build"
    assert "TORCH_CUDA_ARCH_LIST" in first["fix"]


@pytest.mark.parametrize("text", [
    # a program ran after the build: its own missing driver
    "docker build --tag testimage .\npip install -e .\npython main.py --save run\n" + _NO_DRIVER,
    "docker run -it myimage bash\npython train.py\n" + _NO_DRIVER,
    _NO_DRIVER,
])
def test_no_gpu_when_a_program_runs_stays_the_gpu(text):
    assert check_categories(text)[0] == "gpu_not_visible"


def test_the_empty_architecture_list_of_a_build_without_a_gpu():
    text = ('  File "/usr/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 1985, in '
            "_get_cuda_arch_flags\n    arch_list[-1] += '+PTX'\nIndexError: list index out of range\n")
    first = check_findings(text)[0]
    assert first["id"] == "extension-build-arch-probe-no-gpu" and first["category"] == "flash_attn_build"


def test_an_index_error_elsewhere_is_not_it():
    text = "    names[-1] += '+x'\nIndexError: list index out of range\n"
    assert "flash_attn_build" not in check_categories(text)


@pytest.mark.parametrize("name", ["15305-vision-1566-docker-build-no-nvidia-driver.txt",
                                  "15306-apex-486-docker-build-found-no-nvidia-driver.txt"])
def test_the_dev_reports(name):
    assert report_categories(name)[0] == "flash_attn_build"
