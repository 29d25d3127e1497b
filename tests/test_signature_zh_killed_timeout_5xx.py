"""Three message families widened or added in the eleventh round, each in the shapes people retell them: the
process said killed in a Chinese sentence (process-killed-oom-zh), a download said to time out or break off in
either language (download-fails-in-words), and a download host answering 5xx (download-host-server-error). Every
paste is written here; none is a corpus report's wording."""

import pytest

from pasted import check_categories, report_categories, signal_ids


@pytest.mark.parametrize("text", [
    "加载到一半，然后 killed，这是什么原因",
    "训练到第三个 epoch 就killed了",
    "跑着跑着突然Killed",
    "终端提示 Killed，没有别的报错",
    "运行后显示“Killed”",
    "进程被系统kill了",
    "每次都被内核杀掉",
])
def test_killed_in_a_chinese_sentence_is_host_memory(text):
    assert "process-killed-oom-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "卡住不动，我就 kill 掉重来了",          # the user ended a hang
    "用 kill -9 结束了进程",
    "the killed processes are listed below",
    "被 killall 命令误伤",                   # not the word killed/kill on its own
])
def test_a_kill_by_the_user_is_not_read(text):
    assert "process-killed-oom-zh" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "下载模型的时候总是超时",
    "modelscope 下载到一半中断了",
    "下着下着突然就报错，只能重新下",
    "下载权重报 timeout 错误",
    "The download of the weights times out after a few minutes",
    "downloading yolov8n.pt timed out",
])
def test_a_download_said_to_time_out(text):
    assert "download-fails-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "下载完成，没有超时",                     # the download finished; the timeout is another clause
    "pip install timeout settings",
    "the timeout of the dataloader is 0",
])
def test_timeouts_that_are_not_a_download(text):
    assert "download-fails-in-words" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "requests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: https://huggingface.co/api/models/x",
    "huggingface_hub.utils._errors.HfHubHTTPError: 504 Server Error: Gateway Time-out for url: https://hf-mirror.com/a/b",
    "urllib.error.HTTPError: HTTP Error 503: Service Unavailable",
    "ERROR 502: Bad Gateway.",
    "requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for URL: https://www.modelscope.cn/api/v1/models",
])
def test_a_download_host_answering_5xx(text):
    assert "download-host-server-error" in signal_ids(text)
    assert check_categories(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    # pip's index and its files are the index entries' business
    "ERROR: Could not install packages due to an OSError: 503 Server Error: Service Unavailable for url: "
    "https://files.pythonhosted.org/packages/aa/bb/torch-2.1.0-cp310-cp310-manylinux1_x86_64.whl",
    "Could not fetch URL https://pypi.org/simple/torch/: 502 Server Error: Bad Gateway for url: https://pypi.org/simple/torch/",
    "404 Client Error: Not Found for url: https://huggingface.co/x/y",      # a client error, not the server's
    "HTTP Error 505: HTTP Version Not Supported",
])
def test_index_errors_and_client_errors_are_not_read(text):
    assert "download-host-server-error" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "6606-glm-112-glm-10b-chinese-killed-cn.txt",
])
def test_corpus_reports_killed_in_words(name):
    assert report_categories(name)[:1] == ["resources_low"]


@pytest.mark.parametrize("name", [
    "6611-easyphoto-128-modelscope-502-bad-gateway.txt",
    "6612-modelscope-1518-download-timeout-no-resume-cn.txt",
])
def test_corpus_reports_download_failures(name):
    assert report_categories(name)[:1] == ["network_download"]
