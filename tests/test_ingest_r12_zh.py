"""Chinese-language reports, twelfth round: the GPU without any load and the work turned CPU work,
said in Chinese (ingest.gpu_words_zh); training scripts refusing the CPU; pip's install said to get a 404
(pip-install-404-in-words); and CUDA said to work beside a program whose torch was not compiled with CUDA
(ingest.cuda_true_elsewhere). Each mechanism is tried on the wordings its family uses and on look-alikes it must not
read."""

import pytest

from yolodoctor.ingest.context import read_context
from yolodoctor.ingest.cuda_true_elsewhere import CUDA_TRUE_SAID, cuda_true_said
from yolodoctor.ingest.gpu_words_zh import GPU_UNUSED_ZH

from pasted import check_categories, check_findings, report_categories, signal_ids


def _unusable(text: str):
    return read_context(list(enumerate(text.splitlines(), 1))).cuda_unusable


# ---- the GPU unused, said in Chinese ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "开始训练之后 CPU 占用直接拉满到 100%，显卡那边完全没有占用",   # corpus 7624's words
    "显卡却一点占用都没有",
    "GPU 负载完全没有，CPU 跑满了",
    "全程没有任何 GPU 占用",
    "V2 版本怎么变成用 CPU 训练了？",                # corpus 7618's title
    "为什么是 cpu 在跑，不是显卡",
    "训练居然是用的 cpu",
])
def test_gpu_unused_in_chinese_points_to_a_cpu_only_torch(text):
    assert GPU_UNUSED_ZH.search(text.lower())
    assert _unusable(text) == 1
    assert check_categories(text)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("text", [
    "没找到显卡驱动，装了之后好了",          # the driver, not the GPU
    "找不到 cuda，nvcc 也没有",               # the toolkit, not the GPU
    "想用 CPU 训练，请问怎么设置",            # a wish
    "怎么用 cpu 训练？",                      # a how-to
    "能否调用 cpu 训练",
    "GPU 占用没有问题，就是显存不够",          # the load is fine
    "显卡占用没有释放",                       # memory not freed
    "没有显卡，只有 CPU",                     # no GPU at all: another family
    "看起来是没认出我这张显卡",               # not detected: the no-gpu-said-in-words family, below
])
def test_look_alikes_of_the_gpu_unused_are_not_read(text):
    assert not GPU_UNUSED_ZH.search(text.lower())


def test_a_gpu_said_not_detected_stays_a_gpu_not_visible():
    # 识别不到显卡 is the no-gpu-said-in-words signature's: a GPU not visible first, a CPU-only torch after it.
    assert check_categories("训练的时候识别不到显卡，一直很慢")[:2] == ["gpu_not_visible", "driver_too_old"]


def test_a_cuda_error_still_outranks_the_words():
    text = ("显卡没有被识别到\n"
            "RuntimeError: CUDA error: no kernel image is available for execution on the device\n")
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


# ---- training scripts that refuse the CPU -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "想在本地训练模型，一运行就提示 CPU training is not allowed.",
    "AssertionError: CPU training is not allowed.",
    "AssertionError: Only GPU training is allowed.",
])
def test_a_script_refusing_the_cpu_means_torch_sees_no_cuda(text):
    assert _unusable(text) == 1
    assert check_categories(text)[:1] == ["torch_cpu_only"]


def test_training_on_the_cpu_on_purpose_is_not_it():
    assert _unusable("I train on the CPU with --device cpu; CPU training is slow") is None


# ---- pip's install said to get a 404 ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "没有安装成功,pip安装时提示404",
    "pip 安装的时候直接提示 404（截图）",
    "pip install lmdeploy returns a 404",
    "pip install foo==1.2 failed with HTTP 404",
    "安装的时候报 404",
])
def test_pip_install_404_in_words_is_the_index(text):
    assert "pip-install-404-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "安装的时候下载模型权重提示404",            # the weights' download, not pip
    "huggingface 下载提示 404",
    "pip install x gives 4040 items",          # not a 404
    "the page at /docs/install returns 404",    # no pip install
])
def test_other_404s_are_not_pips(text):
    assert "pip-install-404-in-words" not in signal_ids(text)


def test_pips_own_404_line_is_left_to_its_entry():
    text = ("ERROR: HTTP error 404 while getting https://example.org/simple/foo/foo-1.0-py3-none-any.whl\n"
            "pip 安装的时候提示 404\n")
    assert check_categories(text)[:1] == ["pip_index"]
    assert check_findings(text)[0]["id"] != "pip-install-404-in-words"


# ---- CUDA said to work beside a torch not compiled with CUDA ----------------------------------------------------


@pytest.mark.parametrize("line", [
    "而且 torch.cuda.is_available() 返回的是 true",
    "torch.cuda.is_available()显示为True",
    "torch.cuda.is_available() returns True in the terminal",
    "print(torch.cuda.is_available()) prints True",
    "torch.cuda.is_available() -> True",
])
def test_cuda_said_to_be_available(line):
    assert CUDA_TRUE_SAID.search(line.lower())
    assert cuda_true_said([(3, line)]) == 3


@pytest.mark.parametrize("line", [
    "torch.cuda.is_available() returns False",
    "torch.cuda.is_available() 返回 false",
    "reinstalled, now torch.cuda.is_available() returns True",     # a fix's outcome
    "重装之后现在 torch.cuda.is_available() 返回 True 了",
    "torch.cuda.is_available() is false, is the driver true to its version?",
])
def test_false_and_fixed_are_not_read(line):
    assert cuda_true_said([(1, line)]) is None


def test_cuda_true_beside_not_compiled_is_two_pythons():
    text = ("我装的是 pytorch 2.3.1，而且 torch.cuda.is_available() 返回的是 true\n"
            "可是运行 magic-pdf 还是报 AssertionError: Torch not compiled with CUDA enabled\n")
    findings = check_findings(text)
    assert findings[0]["id"] == "cuda-available-elsewhere-not-compiled"
    assert findings[0]["category"] == "wrong_interpreter"
    assert "torch_cpu_only" in [f["category"] for f in findings[1:3]]


def test_not_compiled_alone_stays_the_cpu_build():
    assert check_categories("AssertionError: Torch not compiled with CUDA enabled")[:1] == ["torch_cpu_only"]


def test_cuda_true_after_a_fix_stays_the_cpu_build():
    text = ("AssertionError: Torch not compiled with CUDA enabled\n"
            "重装 cu118 以后解决了，torch.cuda.is_available() 返回 True\n")
    assert check_categories(text)[:1] == ["torch_cpu_only"]


# ---- the corpus reports these were written from -----------------------------------------------------------------


@pytest.mark.parametrize("name, category", [
    ("7609-mineru-2247-torch-not-compiled-while-cuda-true-zh.txt", "wrong_interpreter"),
    ("7612-lmdeploy-2175-cu118-wheel-404-zh.txt", "pip_index"),
    ("7618-gpt-sovits-1425-v2-trains-on-cpu-4060ti-zh.txt", "torch_cpu_only"),
    ("7623-vits-finetuning-10-cpu-training-not-allowed-zh.txt", "torch_cpu_only"),
    ("7624-so-vits-svc-25-cpu-100-gpu-no-usage-zh.txt", "torch_cpu_only"),
])
def test_corpus_reports(name, category):
    assert report_categories(name)[:1] == [category]
