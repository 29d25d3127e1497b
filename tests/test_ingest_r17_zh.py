"""Chinese-language reports, seventeenth round: causes told only in Chinese prose. Hugging Face, GitHub or Google
Drive said unreachable or not downloadable from (a negation before "从 <host> 下载", the host said blocked either way
round); two Pythons in play (another interpreter, an IDE's interpreter chosen wrongly, pip and the program not the same
one); the CUDA Toolkit / nvcc said missing or CUDA_HOME unset; the driver said too old or an update of it said to have
fixed it; and the NumPy version blamed (too new, a return below 2 said to fix it), with "py" inside "numpy" no longer
read as Python. Each mechanism is tried on the wordings its family uses and on look-alikes it must not read."""

import pytest

from pasted import check_categories, signal_ids


# ---- Hugging Face / GitHub said unreachable ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "标题：中国大陆无法自动从hugging face下载模型",                                       # corpus 12614
    "在中国大陆，这个程序没法自动从 Hugging Face 把模型下载下来。",
    "没法从 GitHub 下载权重文件",
    "无法访问 Hugging Face，怎么办",
    "服务器连不上 huggingface.co",
    "HuggingFace 被墙了",
    "github 在国内经常打不开",
    "不能从 google drive 下载预训练模型",
])
def test_model_host_said_unreachable(text):
    assert "model-host-unreachable-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "如果无法从 huggingface 下载，可以设置 HF_ENDPOINT=https://hf-mirror.com",          # advice, as a README words it
    "若 Hugging Face 无法访问，请使用镜像",
    "能不能从 github 下载权重？",
    "已经可以从 huggingface 下载了",
    "模型在 huggingface 上，可以直接下载",
    "github 上的代码我看过了，没有问题",
])
def test_host_named_without_failing_is_not_read(text):
    assert "model-host-unreachable-in-words-zh" not in signal_ids(text)


# ---- two Pythons in play ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "我的电脑里有两个 python，pip 装到了另一个 python 里",
    "用的是 base 环境的 python，不是 conda 环境里的",
    "在 pycharm 里选错了解释器",
    "pip 和 python 不是同一个环境",
    "包安装在别的环境里了",
    "装了多个版本的 Python，不知道用的是哪个",
])
def test_two_pythons_said_in_words(text):
    assert "different-pythons-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["wrong_interpreter"]


@pytest.mark.parametrize("text", [
    "我装了两个版本的 torch",
    "有两个 python 包冲突",
    "python 版本是 3.10",
    "conda 环境里装好了 torch",
    "运行的是 python 3.10",
])
def test_one_python_or_two_packages_is_not_read(text):
    assert "different-pythons-in-words-zh" not in signal_ids(text)


# ---- the CUDA Toolkit / nvcc said missing -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "nvcc 没装，编译不了",
    "没有安装 CUDA Toolkit，所以编译失败",
    "系统里没有 nvcc",
    "找不到 nvcc",
    "我没装 cuda 工具包",
])
def test_toolkit_said_missing(text):
    assert "cuda-toolkit-missing-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "不需要安装 CUDA Toolkit，直接 pip 安装即可",
    "无需 nvcc，用预编译的 wheel",
    "已经安装了 CUDA Toolkit 12.1",
    "nvcc 版本是 12.1",
    "Cuda compilation tools, release 12.1, V12.1.105",                                   # nvcc -V's own output
])
def test_toolkit_not_needed_or_present_is_not_read(text):
    assert "cuda-toolkit-missing-in-words-zh" not in signal_ids(text)


# ---- the driver said too old ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "显卡驱动太老了",
    "驱动版本过低",
    "nvidia 驱动版本有点旧",
    "升级了显卡驱动就可以了",
    "更新驱动以后就好了",
])
def test_driver_said_too_old(text):
    assert "driver-too-old-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["driver_too_old"]


@pytest.mark.parametrize("text", [
    "驱动太新了",
    "驱动版本不低",
    "要不要更新驱动？",
    "更新驱动后就好了吗",
    "Driver Version: 535.104.05   CUDA Version: 12.2",
])
def test_driver_fine_or_asked_is_not_read(text):
    assert "driver-too-old-in-words-zh" not in signal_ids(text)


# ---- the NumPy version blamed -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "numpy 版本太高了",
    "numpy 降到 1.26 就好了",
    "把 numpy 降级到 1.24.4 就可以了",
    "降级 numpy 后就好了",
    "numpy 2.0 不兼容",
])
def test_numpy_version_blamed(text):
    assert "numpy-version-blamed-in-words-zh" in signal_ids(text)
    assert check_categories(text)[:1] == ["numpy_abi"]


@pytest.mark.parametrize("text", [
    "numpy 版本太低",
    "numpy 升级到 2.1 就好了",
    "numpy 降到 1.26 可以吗",
    "numpy 版本是 1.26.4",
])
def test_numpy_too_old_or_asked_is_not_read(text):
    assert "numpy-version-blamed-in-words-zh" not in signal_ids(text)


@pytest.mark.parametrize("text", ["numpy 版本太高了", "cupy 版本太高", "numpy 版本太低"])
def test_py_inside_another_name_is_not_python(text):
    assert "python-version-blamed-in-words-zh" not in signal_ids(text)


def test_python_version_still_blamed():
    assert "python-version-blamed-in-words-zh" in signal_ids("python 版本太高了，换成 3.10 就好了")
