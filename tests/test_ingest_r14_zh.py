"""Chinese-language reports, fourteenth round: the Python version blamed in more words (a version and all above it,
the only version that installs, a Python without an installable release: python-version-blamed-in-words-zh); a new
GPU architecture said unsupported (new-gpu-unsupported-in-words-zh) and Paddle's compute-capability warning
(paddle-gpu-compute-capability-unsupported); a package index or mirror said slow (package-index-slow-in-words-zh) and
another index said to work (index-switch-fixed-it-in-words-zh);
the nvcc-not-on-PATH message of the copied locate_cuda() (nvcc-binary-not-located-in-path); and a torchrun rank that
cannot import its own package (torchrun-rank-cannot-import-own-package). Each mechanism is tried on the wordings its
family uses and on look-alikes it must not read."""

import pytest

from pasted import check_categories, signal_ids


# ---- the Python version blamed in more words ---------------------------------------------------------------------

PY_BLAMED = "python-version-blamed-in-words-zh"


@pytest.mark.parametrize("text", [
    "python3.8 往上会有很多包安装不了",                                 # corpus 9609's title
    "python3.8+会有很多包安装不了",
    "Python 3.12 以上很多依赖都装不上",
    "我从 3.8 一直试到 3.10，装依赖都有报错，只有换成 3.11 时安装包才没报错。",  # corpus 9609
    "只有3.11安装包没有报错",
    "只有用 python 3.9 才能装上",
    "可是 python3.10 上没有 1.21 以下的 numpy 可装",                     # corpus 9608
    "python 3.12 下没有对应的 whl",
])
def test_python_version_blamed_in_more_words_is_python_unsupported(text):
    assert PY_BLAMED in signal_ids(text)
    assert check_categories(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    "python 3.10 环境",
    "只有 3.11 的环境",                     # the only environment, nothing said to work
    "python3.10 上没有问题",                # fine on it
    "python3.8 以上的版本都可以",
    "只有 torch 2.1 才能用",               # another package
])
def test_look_alikes_of_the_python_version_blamed_are_not_read(text):
    assert PY_BLAMED not in signal_ids(text)


# ---- a new GPU architecture said unsupported; Paddle's compute-capability warning --------------------------------

NEW_GPU = "new-gpu-unsupported-in-words-zh"


@pytest.mark.parametrize("text", [
    "网上查到的说法是 50 系显卡属于 sm_120，而 pytorch 不支持 120",        # corpus 9601
    "官方文档给的是 pytorch=2.0.1，这个版本最高只支持到 sm_90 架构",        # corpus 9602
    "不支持50系列显卡的使用",
    "模型对50系显卡适配有问题",
    "5090显卡显示不支持",
    "paddle 还不支持 sm_120",
])
def test_new_gpu_said_unsupported_is_gpu_arch_unsupported(text):
    assert NEW_GPU in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


def test_the_architecture_said_unsupported_ranks_before_the_gpu_said_undetected():
    text = "这个版本最高只支持到 sm_90 架构，可 50 系显卡是 sm_120 架构，装好以后会识别不到显卡。"
    # The sentence compares the card's sm_120 with the build's highest: that comparison is read as a whole, and the
    # "not detected" after it is its consequence, so it may drop out of the ranking but never leads it.
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]
    assert "gpu-arch-newer-than-build-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", [
    "torch 2.7 已经支持 50 系显卡了",        # said to work
    "请问支持50系显卡吗",                    # a question, no negation
    "显卡不支持 bf16",                       # another thing unsupported
    "paddle 不支持 python 3.12",
    "torch 不支持 cuda 12.0",
    "我的显卡是 5070Ti",
])
def test_look_alikes_of_a_new_gpu_said_unsupported_are_not_read(text):
    assert NEW_GPU not in signal_ids(text)


def test_paddle_compute_capability_warning_is_gpu_arch_unsupported():
    text = ("W0414 23:25:04.877511 18584 gpu_resources.cc:106] The GPU compute capability in your current machine "
            "is 120, which is not supported by Paddle, it is recommended to install the corresponding wheel package "
            "according to the installation information on the official Paddle website.")
    assert "paddle-gpu-compute-capability-unsupported" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


def test_paddle_compute_capability_notice_is_not_the_warning():
    text = "W0414 gpu_resources.cc:119] Please NOTE: device: 0, GPU Compute Capability: 8.6, Driver API Version: 12.2"
    assert "paddle-gpu-compute-capability-unsupported" not in signal_ids(text)


# ---- a package index or mirror said slow -------------------------------------------------------------------------

INDEX_SLOW = "package-index-slow-in-words-zh"


@pytest.mark.parametrize("text", [
    "标题：阿里云镜像下载 pytorch 慢得出奇",                               # corpus 9618's title
    "用 pip 下 torch 时每秒只有几百 K，而用浏览器下载速度是正常的",         # corpus 9618
    "安装脚本里用的上海交大 pytorch 镜像反代好像已经不能加速了",            # corpus 9616
    "[BUG] 装环境时 pytorch 下载速度很慢",
    "清华源下载也很慢",
])
def test_index_said_slow_is_pip_index(text):
    assert INDEX_SLOW in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "模型下载很慢",                        # a model: network_download
    "torch.hub 下载模型很慢",
    "docker 镜像下载很慢",                 # a Docker image
    "换了清华源之后速度快多了",             # fast
    "pip 安装很快",
])
def test_look_alikes_of_an_index_said_slow_are_not_read(text):
    assert INDEX_SLOW not in signal_ids(text)


def test_an_error_the_paste_shows_ranks_before_the_index_said_slow():
    text = "pytorch 下载速度很慢\nERROR: No matching distribution found for torch==2.4.1"
    assert check_categories(text)[:1] != ["network_download"]
    assert "pip_index" in check_categories(text)[:2] or "python_unsupported" in check_categories(text)[:2]


INDEX_SWITCH = "index-switch-fixed-it-in-words-zh"


@pytest.mark.parametrize("text", [
    "上面这两条命令现在已经装不了了，换成官方源下载就正常。",       # corpus 9623
    "改用阿里源就好了",
    "换了个源就可以了",
    "切换到 pypi 官方源后安装成功",
])
def test_another_index_said_to_work_is_pip_index(text):
    assert INDEX_SWITCH in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "换成 python 3.9 就好了",              # a Python, not an index
    "换了清华源之后速度快多了",             # faster, nothing failed
    "换成源码编译就好了",                   # a build from source
    "换成 conda 环境就好了",
    "资源换了就好了",
])
def test_look_alikes_of_another_index_said_to_work_are_not_read(text):
    assert INDEX_SWITCH not in signal_ids(text)


# ---- nvcc not on PATH (locate_cuda) ------------------------------------------------------------------------------


def test_nvcc_binary_not_located_is_cuda_home_nvcc():
    text = "OSError: The nvcc binary could not be located in your $PATH. Either add it to your path, or set $CUDAHOME"
    assert "nvcc-binary-not-located-in-path" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_home_nvcc"]


def test_nvcc_found_is_not_read():
    assert "nvcc-binary-not-located-in-path" not in signal_ids("the nvcc binary was located in /usr/local/cuda/bin")


# ---- a torchrun rank that cannot import its own package ----------------------------------------------------------

RANK = "torchrun-rank-cannot-import-own-package"

LAUNCHER = """Traceback (most recent call last):
  File "/home/u/LLaMA-Factory/src/llamafactory/launcher.py", line 15, in <module>
    from llamafactory.train.tuner import run_exp
ModuleNotFoundError: No module named 'llamafactory'
E0822 16:10:35.525161 139625595627328 torch/distributed/elastic/multiprocessing/api.py:833] failed (exitcode: 1) \
local_rank: 0 (pid: 1754335) of binary: /app/anaconda3/bin/python
"""


def test_rank_that_cannot_import_its_own_package_is_wrong_interpreter():
    assert RANK in signal_ids(LAUNCHER)
    assert check_categories(LAUNCHER)[:1] == ["wrong_interpreter"]


def test_another_module_missing_under_torchrun_is_not_read():
    text = LAUNCHER.replace("No module named 'llamafactory'", "No module named 'flash_attn'")
    assert RANK not in signal_ids(text)


def test_own_package_missing_without_the_launcher_line_is_not_read():
    text = LAUNCHER.split("E0822")[0]
    assert RANK not in signal_ids(text)
