"""Chinese-language reports, sixteenth round: the Python version blamed in more of the words Chinese reports use (an
install under a named Python said to fail, a package said not to get on with a Python, a Python said to have removed
a module, "就没问题" without 了); an sm_120 / Blackwell card or a card's architecture said incompatible with a
framework's kernels; the newest release an index offers said to stop below the one wanted; and CUDA unavailable in a
hosted notebook (Colab, a Kaggle notebook), whose runtime has no GPU selected. Each mechanism is tried on the wordings
its family uses and on look-alikes it must not read."""

import pytest

from pasted import check_categories, check_findings, signal_ids


# ---- the Python version blamed in words -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "标题：为什么python3.12安装有很多依赖冲突",                                        # corpus 11608
    "另外 numpy<2.0、pyecharts==1.9.1 这几个老版本也都和 Python 3.12 合不来。",
    "      → Python 3.12 已移除 pkg_resources",
    "标题：Python 3.13 安装依赖失败",                                                   # corpus 11609
    "我拿 python 3.13.4 装依赖会报错，换成 python 3.12.10 就没问题。",
    "换成 python3.10 就正常",
    "这个库目前不支持 Python 3.13",
    "python3.11 里已经删除了 distutils",
])
def test_python_version_blamed_in_more_words(text):
    assert "python-version-blamed-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    "python 3.10 安装成功了，但是运行报 CUDA 错误",
    "python 版本是 3.12",
    "换成 python 3.10 可以吗？",
    "换成 3.10 可以吗",
    "我用的是 python3.11，装好了依赖",
    "这个版本和 CUDA 12.1 不兼容",
    "python3.12 里删除了缓存文件夹后重新安装",          # a folder removed, not a module named by the Python
])
def test_python_version_named_or_asked_is_not_blamed(text):
    assert "python-version-blamed-in-words-zh" not in signal_ids(text)


# ---- an sm_120 card or a card's architecture said incompatible with kernels -------------------------------------------

@pytest.mark.parametrize("text", [
    "“RTX 5070 Ti/sm_120 与 LMDeploy TurboMind CUDA 内核的兼容性问题”",               # corpus 11624
    "标题：CUDA 内核与显卡架构不兼容",
    "sm_120 和 vllm 的预编译算子不兼容",
    "Blackwell 架构和这个版本的 xformers 有兼容性问题",
    "提示显卡架构不支持",
])
def test_new_architecture_said_incompatible(text):
    assert "new-gpu-unsupported-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    "sm_120 的兼容性问题已经解决了吗？",
    "sm_120 不支持吗",
    "显卡架构是 sm_86，没有问题",
    "这个内核和 CUDA 版本不兼容",
    "和 Python 3.12 有兼容性问题",
])
def test_other_incompatibilities_are_not_the_architecture(text):
    assert "new-gpu-unsupported-in-words-zh" not in signal_ids(text)


# ---- the newest release an index offers said to stop below the one wanted ----------------------------------------------

@pytest.mark.parametrize("text", [
    "执行 pip install paddleocr，能装到的最新只有 2.10.0，根本没有 3.0 版本。",         # corpus 11616
    "pip 上最新版本只有 0.4.9，没有 2.2 版",
    "最高只到 1.13.1，并没有 2.0.1 版本",
])
def test_newest_release_offered_stops_below_the_wanted_one(text):
    assert "package-index-lacks-release-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "最新版本是 2.10.0，我装的是 3.0",
    "最新只有 2.10.0 的文档",
    "显卡驱动最新只到 535，没有 550 的",                  # a driver named, not a package release: no 版本 after the number
])
def test_other_newest_versions_are_not_the_index(text):
    assert "package-index-lacks-release-in-words-zh" not in signal_ids(text)


# ---- CUDA unavailable in a hosted notebook ------------------------------------------------------------------------------

COLAB_TITLE = """\
标题：请问在Colab出现 "CPU training is not allowed."该如何解决

在 Colab 上跑训练，出来的就是截图里这样：

AssertionError: CPU training is not allowed.
"""


@pytest.mark.parametrize("text", [
    COLAB_TITLE,                                                                        # corpus 11623
    "RuntimeError: No CUDA GPUs are available on Google Colab\n",
    "On Colab, torch.cuda.is_available() returns False\n",
    "在Kaggle notebook 里 torch.cuda.is_available() 为 False\n",
])
def test_hosted_notebook_without_gpu(text):
    assert "hosted-notebook-without-gpu" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_not_visible"]


@pytest.mark.parametrize("text", [
    "Colab 上可以正常训练，本地出现 CPU training is not allowed\n",
    "AssertionError: CPU training is not allowed.\n",
    "I downloaded the kaggle dataset; torch.cuda.is_available() returns False\n",
    "Colab 上 torch.cuda.is_available() 是 True\n",
])
def test_other_cuda_unavailable_lines_are_not_the_hosted_runtime(text):
    assert "hosted-notebook-without-gpu" not in signal_ids(text)
