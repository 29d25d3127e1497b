"""Chinese-language reports, thirteenth round: the Python version blamed in words
(python-version-blamed-in-words-zh); a mirror or index said to lack a release (package-index-lacks-release-in-words-zh);
a model download said to fail (model-download-fails-in-words-zh) and Node's connect ETIMEDOUT (node-connect-etimedout);
and a package said installed in Chinese beside a module the run cannot import (context_words.PACKAGE_SAID_INSTALLED_WORDS).
Each mechanism is tried on the wordings its family uses and on look-alikes it must not read."""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids


def _first_id(text: str):
    found = check_findings(text)
    return found[0]["id"] if found else None


# ---- the Python version blamed in words --------------------------------------------------------------------------

PY_BLAMED = "python-version-blamed-in-words-zh"


@pytest.mark.parametrize("text", [
    "标题：python 版本不能用 3.10",                          # corpus 8604's title
    "Python 版本别太高：3.8 可以，3.13 就不行，驱动装不上",   # corpus 8610's title
    "python版本不宜太新",
    "我怀疑是 Python 版本的原因，3.10 下可以，3.11 下报错",
    "可能跟 python 版本有关",
    "换成3.9.7一切问题都解决了",
    "降到 python3.10 就好了",
    "用 python3.12 装不上",
    "Python 3.11 下就不行",
    "3.10 可以，3.11 不行",
])
def test_python_version_blamed_in_chinese_is_python_unsupported(text):
    assert PY_BLAMED in signal_ids(text)
    assert check_categories(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    "python 版本是 3.10",                 # stated, not blamed
    "python 版本没问题，torch 版本不对",
    "可能不是 python 版本的问题",          # doubted away
    "torch 版本太高了",                   # another package's version
    "CUDA 11.8 可以，12.1 不行",           # CUDA, not Python
    "换成 torch 2.1 就好了",
])
def test_look_alikes_of_the_python_version_blamed_are_not_read(text):
    assert PY_BLAMED not in signal_ids(text)


def test_an_error_the_paste_shows_ranks_before_the_python_version_blamed():
    text = "我怀疑是 Python 版本的原因\nAssertionError: Torch not compiled with CUDA enabled"
    assert check_categories(text)[:1] == ["torch_cpu_only"]


# ---- a mirror or index said to lack the release ------------------------------------------------------------------

INDEX_LACKS = "package-index-lacks-release-in-words-zh"


@pytest.mark.parametrize("text", [
    "可清华镜像上的最新版本还停在 0.4.9。",       # corpus 8617's words
    "pip 镜像源一直没有更新我的库",
    "阿里云镜像还没同步这个版本",
    "openmmlab 的下载页面里没有需要的mmcv==2.1.0",
    "清华源里没有对应的版本",
    "PyPI 上把旧版本的包删掉了",
    "旧版本被下架了，现在装不上",
])
def test_index_said_to_lack_the_release_is_pip_index(text):
    assert INDEX_LACKS in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "清华镜像上明明能搜到这个包",          # the mirror has it
    "镜像已经同步了",
    "资源没有更新",                       # 资源 is not a mirror
    "开源项目一直没有更新",
    "我把旧版本删掉了然后重装",             # the user removing their own install
    "换了清华源之后速度快多了",
])
def test_look_alikes_of_the_index_lacking_a_release_are_not_read(text):
    assert INDEX_LACKS not in signal_ids(text)


# ---- a model download said to fail; Node's connect ETIMEDOUT -----------------------------------------------------


@pytest.mark.parametrize("text", [
    "下载模型总是失败",
    "从 Hugging Face 下载模型报错",
    "运行 python download_models_hf.py 下载模型时就报上面的错",
    "下载权重的时候一直超时",
])
def test_model_download_said_to_fail_is_network_download(text):
    assert "model-download-fails-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "下载模型后报错",                   # after the download
    "下载完模型运行报错",
    "模型下载好了，放在 weights 目录",
    "下载模型很快",
])
def test_look_alikes_of_a_model_download_failing_are_not_read(text):
    assert "model-download-fails-in-words-zh" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "Download Failed Model mistral-ins-7b-g4 download failed: connect ETIMEDOUT 199.59.149.238:443",
    "Error: connect ETIMEDOUT 140.82.112.3:443",
    "FetchError: request to https://huggingface.co/api/models failed, reason: connect ETIMEDOUT",
])
def test_node_connect_etimedout_is_network_download(text):
    assert "node-connect-etimedout" in signal_ids(text)
    assert check_categories(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "ETIMEDOUTS are retried three times",
    "set the timeout with --connect-timeout",
])
def test_look_alikes_of_etimedout_are_not_read(text):
    assert "node-connect-etimedout" not in signal_ids(text)


# ---- a package said installed in Chinese beside a module that cannot be imported ----------------------------------


@pytest.mark.parametrize("said", [
    "numpy 已经装好了，运行还是报错",
    "已经安装numpy的情况下，仍然报错",
    "明明装了 numpy",
])
def test_package_said_installed_in_chinese_points_to_another_python(said):
    text = f"{said}\nModuleNotFoundError: No module named 'numpy'"
    assert check_categories(text)[:1] == ["wrong_interpreter"]


@pytest.mark.parametrize("said", [
    "请确保已经安装 numpy",          # a request
    "是否已安装 numpy？",             # a question
    "numpy 没装",                     # not installed
])
def test_install_asked_or_denied_in_chinese_is_not_said_installed(said):
    text = f"{said}\nModuleNotFoundError: No module named 'numpy'"
    assert "wrong_interpreter" not in check_categories(text)[:1]


# ---- the round's dev reports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, category", [
    ("8604-mockingbird-323-python310-pytorch-wont-install-zh.txt", "python_unsupported"),
    ("8610-em-llm-3-python313-too-new-zh.txt", "python_unsupported"),
    ("8617-tuna-1751-pypi-mirror-not-syncing-new-releases-zh.txt", "pip_index"),
    ("8611-mineru-981-api-hugging-face-download-error-zh.txt", "network_download"),
    ("8615-mineru-1384-download-models-hf-ssl-error-zh.txt", "network_download"),
    ("8616-jan-2115-model-download-etimedout-zh.txt", "network_download"),
    ("8609-bert-chinese-99-numpy-installed-still-no-module-zh.txt", "wrong_interpreter"),
])
def test_round_reports(name, category):
    assert report_categories(name)[:1] == [category]
