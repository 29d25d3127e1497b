"""Chinese-language reports of the ninth round (tests/fixtures/reports 4600-4699): system messages a
Chinese-locale machine prints (shells, glibc, Windows) read as their English originals, a compiler the shell
cannot find in any shell's wording, launchers that lose a worker to SIGKILL, shared memory retold in one line,
and Paddle's own GPU-architecture check. Each mechanism is checked on pastes written here, including ones it must
not fire on, and on reports of the dev split through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest.locale_messages import english_system_messages
from pasted import check_categories, check_findings, report_categories, signal_categories as ranked, signal_ids


@pytest.mark.parametrize("chinese, english", [
    ("./make.sh: 行 12: nvcc: 未找到命令", "./make.sh: line 12: nvcc: command not found"),
    ("bash: nvcc: 命令找不到", "bash: nvcc: command not found"),
    ("段错误 (核心已转储)", "Segmentation fault (core dumped)"),
    ("g++: error: op.cu.o: 没有那个文件或目录", "g++: error: op.cu.o: No such file or directory"),
    ("PermissionError: [WinError 5] 拒绝访问。", "PermissionError: [WinError 5] Access is denied。"),
    ("找不到命令 “nvcc”，但可以通过以下软件包安装：", "Command 'nvcc' not found，但可以通过以下软件包安装："),
])
def test_chinese_system_messages_read_as_their_english_originals(chinese, english):
    assert english_system_messages(chinese) == english


def test_the_translation_keeps_every_line_and_leaves_other_text_alone():
    text = "第一行说明\n已杀死\n训练集有 2975 张图片\n"
    translated = english_system_messages(text)
    assert translated.count("\n") == text.count("\n")
    assert translated.splitlines() == ["第一行说明", "Killed", "训练集有 2975 张图片"]
    ascii_log = "epoch 1 loss 0.5\n"
    assert english_system_messages(ascii_log) is ascii_log


@pytest.mark.parametrize("paste", [
    "./compile.sh: 行 15: nvcc: 未找到命令\ng++: error: kernel.cu.o: 没有那个文件或目录\n",
    "bash: nvcc: 命令找不到\n",
    "C:\\work>nvcc -V\n'nvcc' 不是内部或外部命令，也不是可运行的程序\n或批处理文件。\n",
    "PS C:\\work> nvcc -V\nnvcc : 无法将“nvcc”项识别为 cmdlet、函数、脚本文件或可运行程序的名称。\n",
    "$ nvcc --version\n找不到命令 “nvcc”，但可以通过以下软件包安装：\nsudo apt install nvidia-cuda-toolkit\n",
    "$ nvcc --version\nCommand 'nvcc' not found, but can be installed with:\nsudo apt install nvidia-cuda-toolkit\n",
    "build.sh: 11: build.sh: nvcc: not found\n",
    "zsh: command not found: nvcc\n",
    "unable to execute 'nvcc': No such file or directory\nerror: command 'nvcc' failed with exit status 1\n",
    "which: no nvcc in (/usr/local/bin:/usr/bin:/bin)\n",
])
def test_a_shell_that_cannot_find_nvcc_is_the_toolkit_in_every_wording(paste):
    assert "nvcc-command-not-found" in signal_ids(paste)
    assert ranked(paste)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("paste", [
    "nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 11.8, V11.8.89\n",
    "mynvcc: command not found\n",
    "装好以后 nvcc 找到了，版本 12.1\n",
    "error: [Errno 2] No such file or directory: '/usr/local/cuda/bin/nvcc'\n",
])
def test_nvcc_output_other_commands_and_a_wrong_cuda_home_are_not_this_signal(paste):
    assert "nvcc-command-not-found" not in signal_ids(paste)


@pytest.mark.parametrize("paste", [
    "C:\\Users\\1\\MockingBird>pip install -r requirements.txt\n'pip' 不是内部或外部命令，也不是可运行的程序\n或批处理文件。\n",
    "PS D:\\ComfyUI> python main.py\npython : 无法将“python”项识别为 cmdlet、函数、脚本文件或可运行程序的名称。\n",
])
def test_a_chinese_shell_without_pip_or_python_is_the_interpreter(paste):
    assert ranked(paste)[:1] == ["wrong_interpreter"]


def test_bashs_chinese_killed_line_is_host_memory():
    assert ranked("679 2975\n680 2975\n681 2975\n已杀死\n")[:1] == ["resources_low"]


def test_a_process_said_not_to_be_killed_is_not_a_kill():
    assert not {"process-killed-oom", "process-killed-oom-zh"} & set(signal_ids("进程没有已杀死的记录，只是卡住了\n"))


@pytest.mark.parametrize("line", [
    "[2023-11-13 16:59:55,650] [ERROR] [launch.py:320:sigkill_handler] ['/opt/conda/bin/python', '-u', "
    "'train.py', '--local_rank=1'] exits with return code = -9",
    "torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 0 (pid: 2184) of binary: "
    "/usr/bin/python3",
    "  exitcode  : -9 (pid: 2184)",
    "Process finished with exit code 137 (interrupted by signal 9: SIGKILL)",
    "subprocess.CalledProcessError: Command '['python', 'train.py']' died with <Signals.SIGKILL: 9>.",
    "worker-3 exited with exit code -9",
])
def test_a_launcher_losing_its_worker_to_sigkill_is_host_memory(line):
    assert "process-killed-sigkill-status" in signal_ids(line + "\n")
    assert ranked(line + "\n")[:1] == ["resources_low"]


@pytest.mark.parametrize("line", [
    "  exitcode  : -6 (pid: 2184)",
    "  exitcode  : -90 (pid: 2184)",
    "] exits with return code = -11",
    "Process finished with exit code 1",
    "exit code 1370",
])
def test_other_exit_codes_are_not_a_sigkill(line):
    assert "process-killed-sigkill-status" not in signal_ids(line + "\n")


@pytest.mark.parametrize("paste", [
    "标题：提示bus error，insufficient shared memery (shm)\n同样的脚本，单机能运行。\n",
    "训练时报 Bus error，共享内存不足，docker 里跑的\n",
    "ERROR: Bus error: not enough shared memory in the container\n",
])
def test_a_bus_error_retold_with_shared_memory_is_shm(paste):
    assert ranked(paste)[:1] == ["shm_small"]


@pytest.mark.parametrize("paste", [
    "Bus error (core dumped)\n",
    "共享内存不足的问题已经解决了，现在是显存不够\n",
])
def test_a_bare_bus_error_or_shared_memory_alone_is_not_this_signal(paste):
    assert "shm-bus-error-any-wording" not in signal_ids(paste)


def test_paddles_architecture_check_outranks_the_cudnn_failure_it_causes():
    text = ("W0824 17:41:21.103258 13550 gpu_resources.cc:96] The GPU architecture in your current machine is "
            "Pascal, which is not compatible with Paddle installation with arch: 70 75 80 86 , it is recommended to "
            "install the corresponding wheel package according to the installation information on the official "
            "Paddle website.\n"
            "ExternalError: CUDNN error(1), CUDNN_STATUS_NOT_INITIALIZED.\n")
    assert ranked(text)[:1] == ["gpu_arch_unsupported"]


def test_paddles_device_note_alone_is_not_the_architecture_check():
    text = "W0824 17:41:21.103291 13550 gpu_resources.cc:119] Please NOTE: device: 0, GPU Compute Capability: 6.1\n"
    assert "paddle-gpu-arch-not-compatible" not in signal_ids(text)


@pytest.mark.parametrize("name, category", [
    ("4601-nonlinear-face-3dmm-42-nvcc-command-not-found-cn.txt", "cuda_home_nvcc"),
    ("4612-anomalygpt-43-deepspeed-sigkill-host-ram-cn.txt", "resources_low"),
    ("4613-mockingbird-451-pip-not-internal-command-cn.txt", "wrong_interpreter"),
    ("4615-llamafactory-7315-bus-error-shm-docker-prose-cn.txt", "shm_small"),
    ("4629-paddleocr-10725-pascal-gpu-paddle-arch-70-plus-cn.txt", "gpu_arch_unsupported"),
])
def test_dev_reports_rank_the_established_cause_first(name, category):
    assert report_categories(name)[:1] == [category]


@pytest.mark.parametrize("paste", [
    "在终端里 pip 安装 pytorch 后，进 python 输入 import torch 验证也是成功的，不会报错。\n"
    "但是到了 pycharm 里面就没法 import，已经尝试过更改解释器。\n",
    "在 VS Code 里能跑，终端里运行就报错 No module named 'torch'\n",
    "In the terminal import torch works fine.\nIn PyCharm it fails with No module named 'torch'.\n",
])
def test_a_program_that_works_in_one_of_ide_and_terminal_is_two_interpreters(paste):
    assert check_categories(paste)[:1] == ["wrong_interpreter"]


@pytest.mark.parametrize("paste", [
    "在终端里运行也报错，在 pycharm 里也报错\n",
    "PyCharm 里能跑，终端里也能跑，就是速度慢\n",
    "在终端里 import torch 没问题\n",
])
def test_both_places_failing_or_working_are_not_two_interpreters(paste):
    assert "ide-and-terminal-differ" not in {f["id"] for f in check_findings(paste)}


@pytest.mark.parametrize("line", [
    "配置文件里改成 cuda 以后每次启动到一半就说 torch 编译时未激活 cuda",
    "看起来 torch 没有编译 cuda，只能用 cpu 跑",
    "Torch 编译的时候没有启用 CUDA 吗？",
])
def test_not_compiled_with_cuda_retold_in_chinese_is_the_cpu_build(line):
    assert "torch-cpu-build-in-words" in signal_ids(line + "\n")


@pytest.mark.parametrize("line", [
    "用 torch 编译扩展时没有找到 cuda",
    "torch 编译成功，cuda 可用",
    "编译 flash-attn 时没有 cuda",
])
def test_compiling_something_else_is_not_the_cpu_build_in_words(line):
    assert "torch-cpu-build-in-words" not in signal_ids(line + "\n")


@pytest.mark.parametrize("name, category", [
    ("4637-pytorch-handbook-56-terminal-imports-pycharm-cannot-prose-cn.txt", "wrong_interpreter"),
    ("4639-langchain-chatchat-1453-torch-not-compiled-cuda-in-words-cn.txt", "torch_cpu_only"),
])
def test_dev_reports_in_prose_rank_the_established_cause_first(name, category):
    assert report_categories(name)[:1] == [category]


INSTALL_FAILED = ("pip install torch==1.3.1\n"
                  "ERROR: Could not find a version that satisfies the requirement torch==1.3.1 (from versions: 2.0.0, "
                  "2.0.1, 2.1.0)\n"
                  "ERROR: No matching distribution found for torch==1.3.1\n")
RUN_THROUGH_TORCH = ('  File "C:\\Users\\me\\AppData\\Roaming\\Python\\Python311\\site-packages\\torch\\cuda\\__init__.py", '
                     'line 239, in _lazy_init\n'
                     '    raise AssertionError("Torch not compiled with CUDA enabled")\n'
                     'AssertionError: Torch not compiled with CUDA enabled\n')


def test_a_later_run_through_an_installed_torch_outranks_the_install_that_failed_before_it():
    assert check_categories(INSTALL_FAILED + "装了 2.0.0 以后运行又报错：\n" + RUN_THROUGH_TORCH)[:1] == ["torch_cpu_only"]


def test_without_a_run_through_torch_the_install_failure_stays_first():
    text = INSTALL_FAILED + "AssertionError: Torch not compiled with CUDA enabled\n"
    assert check_categories(text)[:1] != ["torch_cpu_only"]


def test_an_install_failure_after_the_run_is_not_history():
    assert check_categories(RUN_THROUGH_TORCH + INSTALL_FAILED)[:1] != ["torch_cpu_only"]
