"""Chinese-language reports, eighteenth round. The quantized ChatGLM kernels (cpm_kernels) unable to load the CUDA
runtime library ("Library cudart is not initialized"); the CUDA runtime's "API call is not supported in the installed
CUDA driver" (a driver older than the CUDA the program was built with); Hugging Face said to time out on connection or a
program said to still connect to it although the files are local; and a package mirror said unreachable or down. Each
mechanism is tried on the wordings its family uses and on look-alikes it must not read."""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- cpm_kernels cannot load the CUDA runtime library -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "执行infer.py(python infer.py)遇到错误：RuntimeError: Library cudart is not initialized，是怎么回事啊？",  # corpus 13601
    "!!! Exception during processing !!! Library cudart is not initialized",
    '    raise RuntimeError("Library %s is not initialized" % self.__name)\nRuntimeError: Library cudart is not initialized',
    "[BUG/Help] 跑微调train时报错 Library cublasLt is not initialized",
])
def test_cpm_kernels_runtime_library_not_loaded(text):
    assert "cpm-kernels-library-not-initialized" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_lib_missing"]


@pytest.mark.parametrize("text", [
    "RuntimeError: Library cuda is not initialized",                     # the driver's libcuda: another cause
    "ValueError: Library is not initialized yet, call init() first",
    "RuntimeError: CUDA driver initialization failed, you might not have a CUDA gpu.",
])
def test_other_not_initialized_errors_are_not_read(text):
    assert "cpm-kernels-library-not-initialized" not in signal_ids(text)


def test_corpus_report_cudart_not_initialized():
    assert report_categories("13601-chatglm-finetuning-96-infer-cudart-not-initialized.txt")[:1] == ["cuda_lib_missing"]


# ---- a CUDA call that needs a newer driver ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "[Bug] lmdeploy部署报错API call is not supported in the installed CUDA driver",                 # corpus 13606
    "RuntimeError: [TM][ERROR] CUDA runtime error: API call is not supported in the installed CUDA driver "
    "/lmdeploy/src/turbomind/utils/allocator.h:169",
])
def test_call_requires_newer_driver(text):
    assert "cuda-call-requires-newer-driver" in signal_ids(text)
    assert check_categories(text)[:1] == ["driver_too_old"]


@pytest.mark.parametrize("text", [
    "RuntimeError: [TM][ERROR] CUDA runtime error: operation not supported /lmdeploy/src/turbomind/utils/allocator.h:197",
    "This API call is not supported on this platform",
])
def test_other_unsupported_calls_are_not_read(text):
    assert "cuda-call-requires-newer-driver" not in signal_ids(text)


# ---- Hugging Face connection said to time out, or still attempted -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "模型已经下载到本地，可一运行还是报连接 huggingface 超时",                                          # corpus 13607
    "试用api出错，为啥下载了sat模型还是要连接huggingface？？",                                          # corpus 13610
    "明明是本地加载，为什么还要去访问 huggingface 网站？",
    "访问 github 失败，权重下载不下来",
    "连接huggingface.co超时",
])
def test_hugging_face_connection_said_failing(text):
    assert "model-host-unreachable-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "首次运行需要连接 huggingface 下载模型",
    "如果连接 huggingface 超时，可以设置 HF_ENDPOINT",
    "还是要看 huggingface 上的说明",
    "已经连接到 huggingface 了，下载正常",
    "请求 github 的 API 成功",
])
def test_hugging_face_named_without_failing_is_not_read(text):
    assert "model-host-unreachable-in-words-zh" not in signal_ids(text)


# ---- a package mirror said unreachable ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "pytorch-wheels 镜像无法访问",                                                               # corpus 13614
    "现在打不开 https://mirror.sjtu.edu.cn/pytorch-wheels/ 这个镜像了。",                           # corpus 13614
    "清华源连不上，pip install 一直失败",
    "阿里云镜像站挂了",
])
def test_package_mirror_said_unreachable(text):
    assert "package-mirror-unreachable-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "如果镜像无法访问，请换源",
    "docker 镜像无法访问，拉取失败",
    "容器镜像打不开",
    "清华源可以正常访问",
    "镜像已经同步完成",
    "打不开这个镜像文件",
])
def test_mirror_named_without_failing_or_docker_image_is_not_read(text):
    assert "package-mirror-unreachable-in-words-zh" not in signal_ids(text)
