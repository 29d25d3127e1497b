"""YOLO environments, thirteenth round: the aliases of Python builtins NumPy 1.24 removed (np.int, np.float,
np.bool...) and the names NumPy 2.0 removed (np.float_, np.NaN) used by older code; a spawned dataloader worker
re-running a training script without the main-module guard; the label/nc assertion retold with a placeholder; and
YOLOv12's FlashAttention fallback notice, which yields to an error that stopped the run. Small pastes written here,
with ones each must not fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- NumPy 1.24's removed aliases ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "AttributeError: module 'numpy' has no attribute 'int'",
    "AttributeError: module 'numpy' has no attribute 'float'.\n"
    "`np.float` was a deprecated alias for the builtin `float`. To avoid this error in existing code, use `float` "
    "by itself.",
    "    bi = np.floor(np.arange(n) / batch_size).astype(np.int)  # batch index\n"
    "AttributeError: module 'numpy' has no attribute 'int'.\n",
    "  File \"/usr/lib/python3.8/dist-packages/tensorrt/__init__.py\", line 166, in nptype\n    bool: np.bool,\n"
    "AttributeError: module 'numpy' has no attribute 'bool'.",
    # the warning NumPy prints on the way, alone
    "tensorrt/__init__.py:166: FutureWarning: In the future `np.bool` will be defined as the corresponding NumPy "
    "scalar.\n  bool: np.bool,",
    "`np.object` was a deprecated alias for the builtin `object`. To avoid this error in existing code, use `object` "
    "by itself.",
    # retold without the quotes
    "I get AttributeError: module numpy has no attribute float when I run detect.py",
    "AttributeError: module 'numpy' has no attribute 'complex'.",
])
def test_a_removed_numpy_alias_is_numpy_newer_than_the_code(text):
    assert "numpy-removed-builtin-alias" in signal_ids(text)
    assert check_categories(text)[:1] == ["numpy_abi"]


@pytest.mark.parametrize("text", [
    # other names: NumPy's own scalar types, the 2.x string namespace, a private helper
    "AttributeError: module 'numpy' has no attribute 'int8'",
    "AttributeError: module 'numpy' has no attribute 'bool_'",
    "AttributeError: module 'numpy' has no attribute 'float64x'",
    "AttributeError: module 'numpy' has no attribute 'strings'",
    "AttributeError: module 'numpy' has no attribute '_no_nep50_warning'",
    # another module's missing int
    "AttributeError: module 'torch' has no attribute 'int'",
    # code that already uses the builtins
    "bi = np.floor(np.arange(n) / batch_size).astype(int)  # batch index",
])
def test_other_missing_names_are_not_the_removed_aliases(text):
    assert "numpy-removed-builtin-alias" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "AttributeError: `np.float_` was removed in the NumPy 2.0 release. Use `np.float64` instead.",
    "AttributeError: `np.NaN` was removed in the NumPy 2.0 release. Use `np.nan` instead.. Did you mean: 'nan'?",
])
def test_a_name_numpy_2_removed_is_numpy_newer_than_the_code(text):
    assert "numpy2-removed-member" in signal_ids(text)
    assert check_categories(text)[:1] == ["numpy_abi"]


def test_numpy_2_in_a_version_line_is_not_a_removed_name():
    assert "numpy2-removed-member" not in signal_ids("numpy 2.0.0 released; np.float_ is deprecated in my IDE")


@pytest.mark.parametrize("name", [
    "8500-yolov7-1280-train-np-int-removed.txt",
    "8503-asffnet512-8-np-float-main-test.txt",
    "8504-noisereduce-102-np-float-old-librosa.txt",
    "8505-ultralytics-1128-engine-inference-np-bool.txt",
    "7528-ultralytics-22930-jetpack5-tensorrt85-np-bool.txt",
])
def test_dev_reports_of_removed_numpy_aliases_are_numpy_abi(name):
    assert report_categories(name)[:1] == ["numpy_abi"]


# ---- a spawned worker re-running the script --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: \n        An attempt has been made to start a new process before the\n"
    "        current process has finished its bootstrapping phase.\n",
    "RuntimeError: An attempt has been made to start a new process before the current process has finished its "
    "bootstrapping phase.",
    # with a new GPU and a torch that supports it on the same paste: still the script
    "Ultralytics 8.3.151  Python-3.10.11 torch-2.7.1+cu128 CUDA:0 (NVIDIA GeForce RTX 5090 D, 32607MiB)\n"
    "RuntimeError: An attempt has been made to start a new process before the\n"
    "current process has finished its bootstrapping phase.\n",
])
def test_a_worker_re_running_the_script_is_the_users_script(text):
    assert "multiprocessing-spawn-bootstrapping" in signal_ids(text)
    assert check_categories(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # the child's traceback alone is any error raised while a worker imports the script (a paging file too small...)
    "  File \"C:\\Python39\\lib\\multiprocessing\\spawn.py\", line 116, in spawn_main\n"
    "    exitcode = _main(fd, parent_sentinel)\n",
    "the bootstrapping phase of the cluster took 10 minutes",
])
def test_a_spawn_traceback_or_the_word_alone_is_not_the_guard(text):
    assert "multiprocessing-spawn-bootstrapping" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "8550-ultralytics-13050-windows-train-bootstrapping.txt",
    "8551-ultralytics-17096-seg-train-spawn-bootstrapping.txt",
    "8553-ultralytics-21002-rtx5090d-train-freeze-support.txt",
])
def test_dev_reports_of_a_worker_re_running_the_script_are_other(name):
    assert report_categories(name)[:1] == ["other"]


# ---- the label assertion retold ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I fixed my labels but still get AssertionError: Label class x exceeds nc",
    "Label class N exceeds nc=3 in data.yaml",
])
def test_the_label_assertion_retold_with_a_placeholder_is_a_data_error(text):
    assert "yolo-label-class-exceeds-nc" in signal_ids(text)
    assert check_categories(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    "Label class xyz exceeds nc",
    "the model exceeds nc limits",
])
def test_other_words_near_exceeds_nc_are_not_the_assertion(text):
    assert "yolo-label-class-exceeds-nc" not in signal_ids(text)


def test_dev_report_of_a_stale_label_cache_is_other():
    assert report_categories("8557-yolov7-641-exceeds-nc-stale-labels-cache.txt")[:1] == ["other"]


# ---- YOLOv12's FlashAttention fallback notice yields to the error that stopped the run ------------------------------

NOTICE = "FlashAttention is not available on this device. Using scaled_dot_product_attention instead.\n"


def test_the_fallback_notice_after_a_download_failure_is_the_download():
    text = NOTICE + ("requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.github.com', port=443): Max "
                     "retries exceeded with url: /repos/sunsmarterjie/yolov12/releases/tags/v1.0 (Caused by "
                     "NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f1e2c40e0d0>: Failed to "
                     "resolve 'api.github.com' ([Errno -3] Temporary failure in name resolution)\"))\n")
    assert check_categories(text)[:1] == ["network_download"]


def test_the_fallback_notice_alone_is_still_flash_attention():
    assert check_categories(NOTICE)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("name", [
    "8526-yolov12-43-api-github-name-resolution-zh.txt",
])
def test_dev_report_of_a_download_after_the_fallback_notice_is_the_download(name):
    assert report_categories(name)[:1] == ["network_download"]


def test_dev_report_of_the_fallback_notice_alone_is_flash_attention():
    assert report_categories("017-yolov12-titanv-flashattention-unavailable.txt")[:1] == ["flash_attn_arch"]


# ---- torch.hub's download stopped inside urlopen -----------------------------------------------------------------------

HUB_FRAMES = ('  File "/usr/lib/python3/site-packages/torch/hub.py", line 611, in download_url_to_file\n'
              '    u = urlopen(req)\n'
              '  File "/usr/lib/python3.10/urllib/request.py", line 216, in urlopen\n'
              '    return opener.open(url, data, timeout)\n')


def test_a_hub_download_traceback_cut_inside_urlopen_is_the_download():
    assert "download-traceback-inside-urlopen" in signal_ids(HUB_FRAMES)
    assert check_categories(HUB_FRAMES)[:1] == ["network_download"]


def test_an_error_the_paste_names_ranks_before_the_download_frames():
    text = HUB_FRAMES + "RuntimeError: CUDA error: no kernel image is available for execution on the device\n"
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    # urlopen called by other code, or the download frame with something else below it
    '  File "app.py", line 12, in fetch\n    u = urlopen(req)\n'
    '  File "/usr/lib/python3.10/urllib/request.py", line 216, in urlopen\n',
    '  File "/usr/lib/python3/site-packages/torch/hub.py", line 620, in download_url_to_file\n'
    '    f.write(buffer)\nOSError: [Errno 28] No space left on device\n',
])
def test_other_urlopen_or_download_frames_are_not_the_hub_download(text):
    assert "download-traceback-inside-urlopen" not in signal_ids(text)


def test_dev_report_of_torch_hub_load_cut_inside_urlopen_is_the_download():
    assert report_categories("8521-yolov5-3910-torch-hub-load-master-zip-urlopen.txt")[:1] == ["network_download"]
