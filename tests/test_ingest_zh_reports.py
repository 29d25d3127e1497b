"""Failures as Chinese-language reports paste them: Windows' cuDNN DLL loader, Paddle's cuDNN version warning,
Python's bare socket errors and pip's verdicts on a mirror (tests/fixtures/reports 1600-1699). Each mechanism is
checked on small pastes written here, including ones it must not fire on, and on reports of the dev split
through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest import ingest_text
from pasted import (check_categories as report_ranked_text, report_categories as report_ranked,
                    signal_categories as ranked, signal_ids)


@pytest.mark.parametrize("line", [
    "Could not load library cudnn_cnn_infer64_8.dll. Error code 126",
    "Could not load library cudnn_cnn_infer64_8.dll. Error code 193",
    "Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library path!",
    "Could not locate cudnn_graph64_9.dll. Please make sure it is in your library path!",
])
def test_cudnn_windows_loader_lines_are_cudnn(line):
    text = "推理的时候出现：\n" + line + "\n"
    assert "cudnn-windows-dll-not-loadable" in signal_ids(text)
    assert ranked(text)[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("line", [
    "Could not load library nvcuda.dll. Error code 126",
    "cudnn64_8.dll 这个文件是存在的",
    "copy cudnn_cnn_infer64_8.dll to the CUDA bin folder",
])
def test_other_dlls_and_prose_about_cudnn_files_are_not_the_loader_error(line):
    assert "cudnn-windows-dll-not-loadable" not in signal_ids(line + "\n")


def test_paddle_cudnn_version_warning_is_read_with_both_versions():
    text = ("W0814 15:01:53.702119 31504 gpu_resources.cc:201] WARNING: device: . The installed Paddle is compiled "
            "with CUDNN 8.4, but CUDNN version in your machine is 8.3, which may cause serious incompatible bug.\n")
    signals = [s for s in ingest_text(text).signals if s.id == "paddle-cudnn-version-differs"]
    assert signals and "8.4" in signals[0].text and "8.3" in signals[0].text
    assert ranked(text)[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("line", [
    "OSError: [Errno 101] Network is unreachable",
    "OSError: [Errno 113] No route to host",
    "socket.gaierror: [Errno -3] Temporary failure in name resolution",
    "socket.gaierror: [Errno 11001] getaddrinfo failed",
    "socket.gaierror: [Errno -2] Name or service not known",
])
def test_bare_socket_errors_in_a_download_traceback_are_network(line):
    text = ('  File "/usr/lib/python3.11/site-packages/urllib3/connection.py", line 85, in create_connection\n'
            "    sock.connect(sa)\n" + line + "\n")
    assert ranked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("line", [
    "[W socket.cpp:601] [c10d] The client socket has failed to connect to [node1]:29500 "
    "(errno: 101 - Network is unreachable).",
    "the cluster network is unreachable from my laptop, so I run it on the server",
])
def test_socket_words_without_pythons_errno_form_are_not_this_signal(line):
    assert "socket-errno-host-unreachable" not in signal_ids(line + "\n")


def test_an_untrusted_http_mirror_is_the_index_not_the_python():
    text = ("Looking in indexes: http://mirrors.aliyun.com/pypi/simple\n"
            "WARNING: The repository located at mirrors.aliyun.com is not a trusted or secure host and is being "
            "ignored. If this repository is available via HTTPS we recommend you use HTTPS instead, otherwise you "
            "may silence this warning and allow it anyway with '--trusted-host mirrors.aliyun.com'.\n"
            "ERROR: Could not find a version that satisfies the requirement qrcode==6.1 (from versions: none)\n"
            "ERROR: No matching distribution found for qrcode==6.1\n")
    assert ranked(text)[:1] == ["pip_index"]
    assert "pip-no-matching-version" not in signal_ids(text)


def test_a_trusted_host_option_in_a_command_is_not_the_warning():
    text = "pip install -r requirements.txt -i http://mirrors.aliyun.com/pypi/simple --trusted-host mirrors.aliyun.com\n"
    assert "pip-index-untrusted-http-host" not in signal_ids(text)


def test_pip_failing_the_mirrors_certificate_is_the_index():
    text = ("Could not fetch URL https://pypi.tuna.tsinghua.edu.cn/simple/torch/: There was a problem confirming the "
            "ssl certificate: HTTPSConnectionPool(host='pypi.tuna.tsinghua.edu.cn', port=443): Max retries exceeded "
            "with url: /simple/torch/ (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] "
            "certificate verify failed: unable to get local issuer certificate (_ssl.c:1124)'))) - skipping\n"
            "ERROR: Could not find a version that satisfies the requirement torch (from versions: none)\n")
    assert ranked(text)[:1] == ["pip_index"]
    assert "tls-certificate-verify-failed" not in signal_ids(text)


def test_a_certificate_failure_of_a_model_download_stays_network():
    text = ("requests.exceptions.SSLError: HTTPSConnectionPool(host='huggingface.co', port=443): Max retries exceeded "
            "with url: /bert-base-chinese/resolve/main/config.json (Caused by SSLError(SSLCertVerificationError(1, "
            "'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate "
            "chain (_ssl.c:1007)')))\n")
    assert ranked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "训练过程中途总是退出（killed），没任何错误提示\n物理内存是 8G 的\n",
    "在服务器上训练，进程每次都被kill掉\n",
    "num_workers 设为 20 时内存一直涨，最后被killed了\n",
    "程序运行到一半就被杀掉了，没有报错\n",
    "标题：模型INT4量化被Killed\n",
])
def test_chinese_prose_saying_the_run_was_killed_is_host_memory(text):
    assert ranked(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "我用 kill -9 把进程结束了，然后重新运行\n",
    "训练卡住了，我手动 kill 掉再跑\n",
])
def test_the_user_killing_a_process_is_not_a_memory_kill(text):
    assert "process-killed-oom-zh" not in signal_ids(text)


@pytest.mark.parametrize("line", [
    "RuntimeError: FlashAttention is only supported on CUDA 11 and above",
    "RuntimeError: FlashAttention is only supported on CUDA 11.6 and above.  Note: make sure nvcc has a supported "
    "version by running nvcc -V.",
    "RuntimeError: FlashAttention-3 is only supported on CUDA 12.3 and above",
])
def test_flash_attn_setup_refusing_the_nvcc_is_the_toolkit(line):
    assert ranked("  Building wheel for flash-attn (setup.py) ... error\n" + line + "\n")[:1] == ["cuda_home_nvcc"]


def test_flash_attn_refusing_the_gpu_is_not_the_toolkit_check():
    text = "RuntimeError: FlashAttention only supports Ampere GPUs or newer.\n"
    assert "flash-attn-setup-nvcc-too-old" not in signal_ids(text)


def test_pip3_of_python2_is_the_wrong_interpreter():
    text = ("pip3 install six 安装后依然无法找到 module\n$ pip3 --version\n"
            "pip 18.1 from /Users/xxx/Library/Python/2.7/lib/python/site-packages/pip (python 2.7)\n")
    assert ranked(text)[:1] == ["wrong_interpreter"]


def test_pip3_of_python3_is_not_that_signal():
    text = "$ pip3 --version\npip 24.0 from /usr/lib/python3/dist-packages/pip (python 3.12)\n"
    assert "pip3-belongs-to-python2" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "之前用H100跑通了代码，但切到V100显示不支持flash atten2\nImportError: FlashAttention2 has been toggled on, but it "
    "cannot be used due to the following error: the package flash_attn seems to be not installed.\n",
    "Our T4 does not support flash attention, so training stops here\n",
    "2080 Ti 不支持 flash attention 吗？\n".replace("2080 Ti", "RTX 2080 Ti"),
])
def test_a_pre_ampere_gpu_said_unsupported_is_the_gpu_generation(text):
    assert ranked(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    "A100 上 flash attention 正常，V100 上我改用了 xformers\n",
    "this build does not support flash attention on Windows\n",
])
def test_flash_attention_talk_without_an_old_gpu_said_unsupported_is_not_that_signal(text):
    assert "pre-ampere-gpu-said-unsupported-by-flash-attn" not in signal_ids(text)


@pytest.mark.parametrize("statement", [
    "运行这一步时用的是 cpu，请问有办法规避这个报错吗？",
    "我的电脑没有N卡，只有 cpu",
    "I don't have an NVIDIA GPU on this laptop.",
])
def test_a_machine_said_to_have_no_nvidia_gpu_explains_no_driver_found(statement):
    text = (statement + "\n  File \"evaluate_depth.py\", line 12, in evaluate\n    encoder.cuda()\n"
            "RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and "
            "installed a driver from http://www.nvidia.com/Download/index.aspx\n")
    assert report_ranked_text(text)[:1] == ["other"]


@pytest.mark.parametrize("statement", [
    "装的是 cpu 版本的 torch，用的是cpu版本",
    "nvidia-smi 显示没有显卡",
])
def test_a_cpu_build_or_an_unseen_gpu_is_not_a_machine_without_gpu(statement):
    text = (statement + "\nRuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA "
            "GPU and installed a driver from http://www.nvidia.com/Download/index.aspx\n")
    assert report_ranked_text(text)[:1] != ["other"]


@pytest.mark.parametrize("line", [
    "torchvision 0.13.0 requires torch==1.12.0, but you have torch 2.1.1 which is incompatible.",
    "ERROR: torchvision 0.6.0 has requirement torch==1.5.0, but you'll have torch 1.6.0.dev20200413 which is "
    "incompatible.",
    "    torchvision 0.16.1+cu118 depends on torch==2.1.1+cu118",
])
def test_pip_reporting_torchvisions_torch_pin_is_a_torchvision_mismatch(line):
    assert ranked(line + "\n")[:1] == ["torchvision_mismatch"]


def test_another_package_pinning_torch_is_not_a_torchvision_mismatch():
    text = "torchaudio 2.3.1+cu121 requires torch==2.3.1, but you have torch 2.7.0 which is incompatible.\n"
    assert "torchvision-pins-another-torch" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "安装环境卡在 Building wheel for flash-attn (setup.py) 4个小时以上了\n",
    "在安装 flash-attn 这个包的时候卡了特别特别久\nBuilding wheel for flash-attn (setup.py) ... /（在这一直转）\n",
    "pip install flash_attn 一直卡住不动\n",
])
def test_a_flash_attn_install_said_to_hang_is_github_access(text):
    assert ranked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "推理的时候卡住了，显存占满\n",
    "flash-attn 装好了，训练速度很快\n",
])
def test_other_hangs_or_flash_attn_talk_are_not_this_signal(text):
    assert "flash-attn-build-stalls-zh" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "3.12的Python部分依赖不支持，请问该如何解决\n",
    "这个项目不支持 python 3.13 吗\n",
    "It seems torch doesn't support Python 3.13 yet.\n",
])
def test_a_python_said_unsupported_is_the_python(text):
    assert ranked(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    "torch 2.3.12 不支持这块显卡\n",
    "CUDA 12.3 不支持 V100 吗\n",
    "python 3.12 is supported by torch 2.2\n",
])
def test_other_versions_said_unsupported_are_not_the_python(text):
    assert "python-version-said-unsupported" not in signal_ids(text)


def test_a_markdown_bolded_oom_amount_is_still_read():
    text = ("torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate **10.36 GiB** (GPU 0; 14.76 GiB total "
            "capacity; 4.54 GiB already allocated; 9.01 GiB free; 4.93 GiB reserved in total by PyTorch)\n")
    assert "cuda-out-of-memory" in signal_ids(text)
    assert ranked(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("name, category", [
    ("1606-hf-mirror-site-16-deepspeed-mii-network-unreachable-cn.txt", "network_download"),
    ("1611-paddledetection-8265-cudnn-cnn-infer-error127-cn.txt", "cudnn_problem"),
    ("1613-paddle-45112-cudnn-84-error193-cn.txt", "cudnn_problem"),
    ("1627-learning-power-32-aliyun-mirror-ssl-cert-cn.txt", "pip_index"),
    ("1628-qinglong-2492-aliyun-http-mirror-not-trusted-cn.txt", "pip_index"),
    ("1630-paddledetection-2271-training-killed-8gb-ram-cn.txt", "resources_low"),
    ("1634-consistency-models-23-flashattention-cuda11-nvcc-cn.txt", "cuda_home_nvcc"),
    ("1635-alwaystest-blog-84-pip3-points-to-python27-cn.txt", "wrong_interpreter"),
    ("1626-easyr1-430-v100-flash-attention2-toggled-cn.txt", "flash_attn_arch"),
    ("1644-af-sfmlearner-39-found-no-nvidia-driver-cuda-call-cpu-cn.txt", "other"),
    ("1648-cemotion-8-torchvision-013-needs-torch-112-cn.txt", "torchvision_mismatch"),
    ("1651-deepseek-ocr-18-flash-attn-build-hangs-github-cn.txt", "network_download"),
    ("1653-gpt-academic-1960-python312-deps-windows-cn.txt", "python_unsupported"),
    ("1655-langchain-chatchat-33-int4-allocate-10gib-cn.txt", "gpu_oom"),
    ("1658-glm-130b-137-int4-convert-killed-128g-ram-cn.txt", "resources_low"),
])
def test_dev_reports_of_these_families_lead_with_their_cause(name, category):
    assert report_ranked(name)[:1] == [category]
