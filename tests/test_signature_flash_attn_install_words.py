"""flash-attn's install said to fail in words, in the verbs and languages people use (flash-attn-build-fails-in-words
widened in the eleventh round), and the import message models' own code raises when it is missing
(transformers-flash-attn-missing). Pastes written here, none a corpus report's wording."""

import pytest

from pasted import check_categories, report_categories, signal_ids


@pytest.mark.parametrize("text", [
    "pip install flash_attn 一直无法安装成功",
    "flash-attn 装不上，换了几个版本都不行",
    "flash_attn 安装失败",
    "编译 flash-attention 报错了",
    "installing flash-attn fails on Windows",
    "flash_attn won't install with torch 2.4",
    "FlashAttention cannot be installed on my machine",
])
def test_flash_attn_install_failure_in_words(text):
    assert "flash-attn-build-fails-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "flash_attn 安装成功了，可以正常使用",
    "installing flash-attn succeeded after setting MAX_JOBS",
    "flash-attn is installed and works",
])
def test_a_successful_install_is_not_read(text):
    assert "flash-attn-build-fails-in-words" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "ImportError: flash_attn is not installed.",
    "    raise ImportError('flash_attn is not installed.')",
])
def test_models_own_import_message(text):
    assert "transformers-flash-attn-missing" in signal_ids(text)


def test_corpus_report():
    assert report_categories("6620-internvl-197-windows-flash-attn-not-installed-cn.txt")[:1] == ["flash_attn_build"]
