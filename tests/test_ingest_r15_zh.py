"""Chinese-language reports, fifteenth round: a package a PyPI mirror deliberately does not sync (a nightly on TUNA or
USTC: package-not-synced-by-mirror, from compat/mirrors.toml); the torch download said slow while pip fetches a +cpu
build (slow-download-not-cpu-build), and the slow-download words when pip or torch touch the Chinese that follows;
CUDA's "no CUDA-capable device is detected" retyped without its "device"; an issue template's yes/no question not
answered yes, which states no container; and a GeForce model number named bare after 显卡是. Each mechanism is tried on
the wordings its family uses and on look-alikes it must not read."""

import pytest

from pasted import check_categories, check_findings, pasted_facts, signal_ids
from yolodoctor.ingest.context import read_context


# ---- a package the mirror does not sync --------------------------------------------------------------------------

NIGHTLY_ON_TUNA = """\
(.env) PS D:\\src\\stable-diffusion-webui> pip install -i https://pypi.tuna.tsinghua.edu.cn/simple tb-nightly
Looking in indexes: https://pypi.tuna.tsinghua.edu.cn/simple
ERROR: Could not find a version that satisfies the requirement tb-nightly (from versions: none)
ERROR: No matching distribution found for tb-nightly
"""


@pytest.mark.parametrize("text", [
    NIGHTLY_ON_TUNA,                                                           # corpus 10616
    NIGHTLY_ON_TUNA.replace("tb-nightly", "tf_nightly"),
    NIGHTLY_ON_TUNA.replace("https://pypi.tuna.tsinghua.edu.cn/simple",
                            "https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple"),  # the mirror's other path
    NIGHTLY_ON_TUNA.replace("https://pypi.tuna.tsinghua.edu.cn/simple", "https://mirrors.ustc.edu.cn/pypi/simple"),
])
def test_nightly_package_on_tuna_is_the_index(text):
    findings = check_findings(text)
    assert findings[0]["id"] == "package-not-synced-by-mirror"
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    NIGHTLY_ON_TUNA.replace("https://pypi.tuna.tsinghua.edu.cn/simple", "https://mirrors.aliyun.com/pypi/simple"),
    NIGHTLY_ON_TUNA.replace("https://pypi.tuna.tsinghua.edu.cn/simple", "https://pypi.org/simple"),
    NIGHTLY_ON_TUNA.replace("tb-nightly", "tensorboard"),                     # not a nightly
    NIGHTLY_ON_TUNA.replace("(from versions: none)", "(from versions: 2.14.0a20230806)"),  # the mirror has some
    NIGHTLY_ON_TUNA.replace("Looking in indexes: https://pypi.tuna.tsinghua.edu.cn/simple\n", ""),  # index unknown
])
def test_other_mirrors_and_packages_are_not_read_as_unsynced(text):
    assert "package-not-synced-by-mirror" not in [f["id"] for f in check_findings(text)]


# ---- the torch download said slow while pip fetches a +cpu build ---------------------------------------------------

SLOW_CPU_WHEEL = """\
这个Torch下载的好慢啊，有什么办法解决嘛
Looking in links: https://download.pytorch.org/whl/torch_stable.html
Collecting torch==1.7.0+cpu
  Downloading https://download.pytorch.org/whl/cpu/torch-1.7.0%2Bcpu-cp36-cp36m-linux_x86_64.whl (184.2 MB)
     |                                | 778 kB 23 kB/s eta 2:10:07
"""


@pytest.mark.parametrize("text", [
    SLOW_CPU_WHEEL,
    SLOW_CPU_WHEEL.replace("这个Torch下载的好慢啊", "pip下载太慢了"),
    SLOW_CPU_WHEEL.replace("这个Torch下载的好慢啊", "torch 下载速度太慢"),
])
def test_slow_download_of_a_cpu_wheel_is_the_index(text):
    assert "package-index-slow-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    SLOW_CPU_WHEEL + "装好以后 torch.cuda.is_available() 返回 False\n",    # the CPU build shown failing
    SLOW_CPU_WHEEL + "装好以后 cuda 不可用，显卡没有用上\n",
])
def test_slow_download_with_the_gpu_unused_keeps_the_cpu_build_first(text):
    assert check_categories(text)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("text", [
    "torch下载好了，但是运行很慢",     # installed; the run is slow
    "pip下载好了",
    "docker镜像下载太慢",
])
def test_other_slowness_is_not_the_index(text):
    assert "package-index-slow-in-words-zh" not in signal_ids(text)


# ---- "no CUDA-capable is detected" -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "程序运行的时候，提示：\nno CUDA-capable is detected",
    "RuntimeError: CUDA error: no CUDA-capable device is detected",
])
def test_no_cuda_capable_device_with_or_without_device(text):
    assert "cuda-no-device" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_not_visible"]


def test_other_capable_wordings_are_not_no_device():
    assert "cuda-no-device" not in signal_ids("this machine has a CUDA-capable GPU, and it is detected")


# ---- an issue template's yes/no question not answered yes ----------------------------------------------------------

def _container_line(text):
    return read_context(enumerate(text.splitlines(), 1)).container


@pytest.mark.parametrize("line", [
    "- 是否使用 Docker 部署（是/否）：否 / Is Docker deployment used (yes/no): no",
    "- 是否使用 Docker 部署（是/否）：",
    "是否使用 docker（是/否）：不使用",
])
def test_template_docker_question_not_answered_yes_is_no_container(line):
    assert _container_line(line) is None


@pytest.mark.parametrize("line", [
    "- 是否使用 Docker 部署（是/否）：是 / Is Docker deployment used (yes/no): yes",
    "我是在 docker 里跑的",
    "docker run --rm -it pytorch/pytorch bash",
])
def test_container_said_or_answered_yes_is_read(line):
    assert _container_line(line) == 1


def test_template_no_does_not_put_cuda_false_in_a_container():
    text = "- 是否使用 Docker 部署（是/否）：否\ntorch.cuda.is_available() 返回 False\n"
    assert "container-without-gpu" not in [f["id"] for f in check_findings(text)]


# ---- a GeForce number named bare after 显卡是 ------------------------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("我的显卡是 4090，训练时 torch.cuda.is_available() 返回 False", "NVIDIA GeForce RTX 4090"),
    ("我的显卡是5070Ti 我看百度说这个显卡是sm_120算力", "NVIDIA GeForce RTX 5070 Ti"),
    ("显卡型号为 3060", "NVIDIA GeForce RTX 3060"),
    ("显卡用的是 1080ti", "NVIDIA GeForce GTX 1080 Ti"),
])
def test_gpu_number_after_xianka_shi_is_read(text, name):
    assert [g.name for g in pasted_facts(text).nvidia.gpus] == [name]


@pytest.mark.parametrize("text", [
    "显卡是 12G 的",
    "显卡驱动是 535",
    "显卡是 2023 年买的",
    "显卡是40系的",
])
def test_other_numbers_after_xianka_are_not_a_gpu(text):
    assert pasted_facts(text).nvidia.gpus == []
