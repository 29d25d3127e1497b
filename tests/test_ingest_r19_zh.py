"""Chinese-language reports, nineteenth round. conda unable to read a channel's repodata at the URL a mirror or
custom_channels entry gives ("Unable to read repodata JSON file ..."); a package mirror said in Chinese not to be used
(the mirror "不生效", the packages "没有从...源下载", "还是走默认的源"); a download from a mirror said to stall ("卡住不动");
and an install said to fail in the environment of a named Python ("在 python3.10 的环境里 pip 安装时报错"). Each
mechanism is tried on the wordings its family uses and on look-alikes (conditions, questions, Docker images, model
downloads, tool output) it must not read."""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- conda cannot read the channel's repodata -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: Unable to read repodata JSON file 'https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/pytorch/"
    "noarch', error was: repository does not start with an object",                               # corpus 14608
    "`RuntimeError: Unable to read repodata JSON file 'https://mirrors.ustc.edu.cn/anaconda/cloud/nvidia/linux-64', "
    "error was: parse error`",
    "critical libmamba Unable to read repodata JSON file https://mirrors.aliyun.com/anaconda/pkgs/main/noarch, error was:"
    " unexpected end of input",
])
def test_conda_repodata_unreadable(text):
    assert "conda-repodata-unreadable" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "Unable to read repodata JSON file",                                     # no URL, no reason: a fragment, not the error
    "info     libmamba Reading repodata.json file /opt/conda/pkgs/cache/497deca9.json for repo channel",
    "CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main/"
    "linux-64/current_repodata.json>",
])
def test_other_repodata_lines_are_not_read(text):
    assert "conda-repodata-unreadable" not in signal_ids(text)


def test_corpus_report_repodata_unreadable():
    assert report_categories("14608-tuna-1933-conda-pytorch-repodata-not-object.txt")[:1] == ["pip_index"]


# ---- a package mirror said not to be used -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "然后用 pytorch 官网给的命令安装，结果 conda 并没有从刚加的清华源下载 pytorch，还是走默认的源。",       # corpus 14607
    "配置了清华源但是不生效，pip install 的时候还是很慢",
    "换了阿里云源以后，还是不生效",
    "pip 源配置了但是没起作用",
    "为什么镜像源根本没起作用？",
    "装的时候仍然从官方源下载，速度只有几十 K",
    "conda 没有走配置的镜像安装，全部都是 conda.anaconda.org",
])
def test_package_mirror_said_not_used(text):
    assert "package-mirror-not-used-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "如果镜像不生效，执行 conda clean -i 清除索引缓存后重试。",            # a condition: the mirror's help, not a report
    "若清华源不生效，请检查 ~/.condarc",
    "镜像没生效吗？",                                                     # a question
    "docker 镜像没有生效，容器里还是旧代码",                               # a Docker image
    "修改了环境变量但是不生效",                                           # not a mirror
    "网络不好的话还是用官方源吧",                                         # advice
    "清华源已经生效，下载速度快多了",                                     # the mirror works
    "Looking in indexes: https://pypi.tuna.tsinghua.edu.cn/simple",      # pip's own line
])
def test_mirror_advice_questions_and_other_images_are_not_read(text):
    assert "package-mirror-not-used-in-words-zh" not in signal_ids(text)


def test_corpus_report_mirror_not_used():
    assert report_categories("14607-tuna-506-conda-pytorch-mirror-channel-not-used.txt")[:1] == ["pip_index"]


# ---- a download from a mirror said to stall -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "用清华的 anaconda 源装 cuda11.1 版本的 pytorch，下载包的时候，到第二个 1G 多的那个包就卡住不动了，一直没有进度。",
    "从阿里云镜像下载 torch 的 whl 一直卡在那，没有任何反应",                                          # (the wheel)
    "为什么从镜像下载总是卡住？",
])
def test_download_from_mirror_said_to_stall(text):
    assert "package-index-slow-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "从镜像下载模型的时候卡住了",                                         # a model: network_download's, not the index's
    "源下载是不是卡住了？",                                               # a question
    "pip 源下载卡住了吗",
    "训练到第 3 个 epoch 就卡住不动了",                                   # no mirror at all
    "Downloading https://mirrors.aliyun.com/pypi/packages/torch-2.3.1-cp310-cp310-win_amd64.whl (159.8 MB)",
])
def test_stalls_elsewhere_and_questions_are_not_read(text):
    assert "package-index-slow-in-words-zh" not in signal_ids(text)


def test_corpus_report_mirror_download_stalls():
    assert report_categories("14609-tuna-1305-conda-pytorch-cuda111-download-stuck.txt")[:1] == ["pip_index"]


# ---- an install said to fail in the environment of a named Python ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "用仓库最新的依赖列表，在 python3.10 的环境里 pip 安装时报错：ERROR: Could not build wheels for numpy, which is "
    "required to install pyproject.toml-based projects",                                         # corpus 14612
    "python 3.12 的虚拟环境里装依赖的时候总是失败",
    "在 Python3.13 环境下用 uv 安装就报错",
])
def test_install_said_to_fail_under_a_named_python(text):
    assert "python-version-blamed-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    "在 python3.10 环境下安装时没有报错",                                 # it worked
    "python3.10 的环境里安装成功了",
    "python3.10 的环境里安装会报错吗",                                    # a question
    "Python 3.10.12 (main, Nov 20 2023) [GCC 11.4.0] on linux",           # the interpreter's banner
])
def test_a_python_named_without_a_failure_is_not_read(text):
    assert "python-version-blamed-in-words-zh" not in signal_ids(text)


def test_corpus_report_install_fails_under_python_310():
    assert report_categories("14612-vits-fast-fine-tuning-188-py310-numpy-wheel-build.txt")[:1] == \
        ["python_unsupported"]


# ---- an AMD card named by "AMD" and its number, without "RX" ------------------------------------------------------------

NOT_COMPILED = 'raise AssertionError("Torch not compiled with CUDA enabled")\nAssertionError: Torch not compiled with CUDA enabled'


@pytest.mark.parametrize("words", [
    "用 AMD 6800 显卡部署的时候出错了，想问一下能不能用 AMD 的显卡？",                                 # corpus 14613
    "我的显卡是 amd6600xt",
    "GPU: AMD 7900 XTX 24G",
    "显卡 AMD 9070 XT",
])
def test_amd_card_named_by_brand_and_number(words):
    assert check_categories(words + "\n" + NOT_COMPILED)[:1] == ["other"]


@pytest.mark.parametrize("words", [
    "笔记本 CPU 是 AMD 6800H，显卡是 RTX 3060",          # a Ryzen laptop CPU: the letter after the number
    "CPU: AMD 7900，显卡 RTX 4090",                     # a Ryzen 9 7900 (a Radeon 7900 is named with XT/XTX)
    "处理器 AMD 5600，显卡 GTX 1660",                    # a Ryzen 5 5600
])
def test_ryzen_numbers_after_amd_are_not_a_radeon(words):
    assert check_categories(words + "\n" + NOT_COMPILED)[:1] == ["torch_cpu_only"]


def test_corpus_report_amd_6800():
    assert report_categories("14613-chatglm-6b-814-amd-6800-torch-not-compiled-cuda.txt")[:1] == ["other"]
