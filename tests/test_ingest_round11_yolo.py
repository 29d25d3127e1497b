"""Downloads that never connect, download links said to be dead, a GPU too old for torch said in words, TensorRT
engines moved between machines, and messages quoted and cut inside their quotes.

Eleventh round, reports 6500-6599. Each mechanism reads one fact in the several ways people give it: wget's
connection line left without "connected" in its translations; a download link "not working" or leading to a 404
with words between; PyTorch that "no longer supports" a card (English, German, Chinese); an engine built on one
machine and run on another, in several word orders; an error message quoted in a title and cut with "..." before
the closing quote. Small pastes written here, look-alikes that must not fire, and the dev reports of each family
through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories as checked, check_findings, pasted_facts, report_categories, signal_ids


# ---- wget never got a connection ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Connecting to github.com (github.com)|140.82.112.4|:443... failed: Connection timed out.\nRetrying.",
    "--2024-01-02--  https://github.com/x/y/releases/download/v1/w.pt\n"
    "Connecting to github.com (github.com)|140.82.112.4|:443... \n",
    "Connecting to objects.githubusercontent.com (objects.githubusercontent.com)|185.199.108.133|:443... "
    "failed: No route to host.",
    "正在连接 github.com (github.com)|20.205.243.166|:443... 失败：连接超时。",
    "正在连接 download.pytorch.org (download.pytorch.org)|13.35.7.42|:443...\n",
    "Verbindungsaufbau zu github.com (github.com)|140.82.121.4|:443 … fehlgeschlagen: Die Wartezeit ist abgelaufen.",
])
def test_a_wget_connection_left_open_or_failed_is_a_download_failure(text):
    assert "download-connect-never-completes" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "Connecting to github.com (github.com)|140.82.112.4|:443... connected.\nHTTP request sent, awaiting response... 200 OK",
    "正在连接 github.com (github.com)|20.205.243.166|:443... 已连接。",
    # an application's own log line, not wget's shape
    "Connecting to localhost:5432...\nConnected to the database",
    "Connecting to the server...\n",
])
def test_a_wget_connection_that_succeeded_or_another_program_is_not_a_failure(text):
    assert "download-connect-never-completes" not in signal_ids(text)


# ---- a download link said not to work ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The download links for the example models on the front page are not working.",
    "the weights link in the README returns 404",
    "The model URL gives a 404 Not Found when I open it",
    "the download link for yolov8n.pt no longer works",
    "both checkpoint links lead to a 404 page",
    "下载链接失效了，请问还有别的地址吗",
    "预训练模型的地址打不开",
])
def test_a_download_link_said_to_be_dead_is_a_download_failure(text):
    assert "download-fails-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "the link to the docs is not working",
    "The download finished; the links in the README are fine.",
    "torch.cuda is not working on my laptop",
])
def test_links_that_are_not_downloads_are_left_alone(text):
    assert "download-fails-in-words" not in signal_ids(text)


# ---- a GPU too old (or too new) for the installed torch, in words ------------------------------------------------

@pytest.mark.parametrize("text", [
    "Keine Unterstützung mehr für GTX780. Lässt sich wohl lösen indem man pytorch from source nutzt.",
    "PyTorch untersützt GPU nicht mehr",
    "PyTorch no longer supports my GTX 770",
    "It seems torch 2.7 dropped support for Pascal GPUs",
    "My GPU is too old for the latest PyTorch",
    "Support for Kepler GPUs was dropped in 1.3, so my K40 fails",
    "torch does not support the RTX 5090 yet",
    "我的显卡太旧了，跑不了",
    "pytorch不再支持这张显卡",
])
def test_a_gpu_said_to_be_too_old_for_torch_is_an_architecture_gap(text):
    assert "gpu-too-old-for-torch-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    # as often a CPU-only torch: no change over time is said
    "PyTorch does not support my GPU, torch.cuda.is_available() returns False",
    "my driver is too old for CUDA 12",
    "flash-attn no longer supports Turing",
    "torch supports my RTX 3090 fine",
])
def test_other_support_sentences_are_not_an_architecture_gap(text):
    assert "gpu-too-old-for-torch-in-words" not in signal_ids(text)


def test_the_warning_pasted_outranks_the_words():
    text = ("My GPU is too old for the latest PyTorch\n"
            "NVIDIA GeForce GTX 1080 Ti with CUDA capability sm_61 is not compatible with the current PyTorch "
            "installation.\nThe current PyTorch install supports CUDA capabilities sm_75 sm_80 sm_86 sm_90 sm_100 "
            "sm_120.")
    assert checked(text)[:1] == ["gpu_arch_unsupported"]
    assert {"gpu-too-old-for-torch-in-words", "torch-sm-not-compatible"} <= set(signal_ids(text))


# ---- a TensorRT engine moved between machines ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "the engine file was moved to the Jetson Nano, whose JetPack has TensorRT 8.2.1",
    "I created an engine file in window PC colab and moved it to jetson nano to use.",
    "This engine file generated from the model was transferred to Jetson Nano",
    "I copied yolov8n.engine to another machine and now it fails",
    "the engine was built on a different machine",
    "在电脑上生成的engine拷贝到jetson上运行报错",
])
def test_an_engine_built_elsewhere_is_a_tensorrt_problem(text):
    assert "tensorrt-engine-moved-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["tensorrt_problem"]


@pytest.mark.parametrize("text", [
    # the right way: the ONNX model moved, the engine built where it runs
    "I copied the onnx to the Jetson and built the engine there",
    "I built the engine on the Jetson and it works",
    "moved the game engine to another folder",
])
def test_an_engine_built_where_it_runs_is_not_moved(text):
    assert "tensorrt-engine-moved-in-words" not in signal_ids(text)


# ---- a message quoted and cut inside its quotes -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'GPU version of minimal example for libtorch fails with "no kernel image is available..."',
    "the run stops with 'no kernel image is available for…')",
    "(title: training fails, “no kernel image is available for execution…”)",
])
def test_a_message_cut_inside_its_quotes_is_read(text):
    assert "no-kernel-image" in signal_ids(text)


@pytest.mark.parametrize("text", [
    # not cut: the quote holds a shorter, different sentence
    'it printed "no kernel" and stopped',
    # a closing quote with no ellipsis before it is a whole quotation
    'it said "no kernel image is available"',
])
def test_a_quotation_that_is_not_cut_stays_unread(text):
    assert "no-kernel-image" not in signal_ids(text)


# ---- the dev reports of these families ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("6508-jetson-inference-340-china-box-com-wget.txt", "network_download"),
    ("6536-ultralytics-252-model-links-404.txt", "network_download"),
    ("6537-ba-dev-18-gtx780-no-longer-supported-de.txt", "gpu_arch_unsupported"),
    ("6538-pytorch-31007-libtorch-gtx780-no-kernel-image.txt", "gpu_arch_unsupported"),
    ("6547-mmdeploy-1231-engine-from-rtx2080-on-jetson-nano.txt", "tensorrt_problem"),
])
def test_round_11_reports_name_their_cause(name, category):
    assert report_categories(name)[:1] == [category]


# ---- a release pinned with one "=", or named in words --------------------------------------------------------------

@pytest.mark.parametrize("text, name, expected", [
    ("ultralytics=8.3.90\n", "ultralytics", "8.3.90"),
    ("ultralytics = 8.0.20\n", "ultralytics", "8.0.20"),
    # `conda list --export`: name=version=build; pytorch is torch, and the build names its CUDA
    ("pytorch=1.12.1=py3.9_cuda11.3_cudnn8.3.2_0\n", "torch", "1.12.1"),
    ("numpy=2.0.1=pypi_0\n", "numpy", "2.0.1"),
    # the release in words, as issue templates and prose give it
    ("- Ultralytics YOLOv8.0.52\n", "ultralytics", "8.0.52"),
    ("ultralytics version: 8.2.79\n", "ultralytics", "8.2.79"),
    ("I'm on Ultralytics 8.3 with yolo26n.pt\n", "ultralytics", "8.3"),
])
def test_a_release_pinned_with_one_equals_or_named_in_words_is_read(text, name, expected):
    facts = pasted_facts(text)
    assert [(d.name, d.version) for d in facts.python.distributions] == [(name, expected)]


def test_a_conda_export_row_keeps_the_builds_cuda():
    facts = pasted_facts("pytorch=1.12.1=py3.9_cuda11.3_cudnn8.3.2_0\n")
    assert (facts.torch.version, facts.torch.cuda) == ("1.12.1", "11.3")


@pytest.mark.parametrize("text", [
    "batch=16\n",  # an argument, not a package this tool tracks
    "CUDA_VISIBLE_DEVICES=0\n",
    "requirements.txt:\nultralytics=8.0.20\n",  # what a requirements file asks for is not what is installed
    "I will upgrade ultralytics to 8.4.0\n",  # a plan, not the setup
])
def test_other_single_equals_lines_and_plans_are_not_installed_releases(text):
    assert not [d for d in pasted_facts(text).python.distributions if d.name == "ultralytics" and d.version]


def test_an_old_release_pinned_with_one_equals_is_judged_against_the_model_families():
    assert "YD602" in [f["id"] for f in check_findings("ultralytics=8.0.20\n")]


# ---- a program's own CUDA kernel without an image for this GPU, reported by its C++ launch check -----------------

@pytest.mark.parametrize("text", [
    "[2021-11-07 08:22:04][error][yolo_decode.cu:115]:launch failed: no kernel image is available for execution on "
    "the device",
    "Cuda failure: no kernel image is available for execution on the device in file /src/modules/plugin_factory.cpp "
    "at line 155\nAborted (core dumped)",
    "GPUassert: no kernel image is available for execution on the device kernels.cu 42",
    "CUDA error at /src/bilateral.cu:88 code=209(cudaErrorNoKernelImageForDevice) \"cudaGetLastError()\"",
])
def test_a_programs_own_kernel_without_an_image_is_the_extensions_architecture(text):
    assert "extension-op-no-kernel-image" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    # torch's own kernels, named by their aten/ source: the generic finding
    "RuntimeError: CUDA error: no kernel image is available for execution on the device (launch_kernel at "
    "/pytorch/aten/src/ATen/native/cuda/Loops.cuh:103)",
    "THCudaCheck FAIL file=/pytorch/aten/src/THC/THCGeneral.cpp line=50 error=209 : no kernel image is available for "
    "execution on the device",
    "RuntimeError: CUDA error: no kernel image is available for execution on the device",
])
def test_torchs_own_kernels_stay_the_generic_architecture_finding(text):
    assert "extension-op-no-kernel-image" not in signal_ids(text)
    assert checked(text)[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("name", [
    "6550-yolo-tensorrt-13-plugin-factory-no-kernel-image.txt",
    "6551-crossfire-yolo-trt-34-yolo-decode-cu-no-kernel-image-cn.txt",
])
def test_round_11_own_kernel_reports_name_the_extension(name):
    assert report_categories(name)[:1] == ["flash_attn_arch"]


# ---- TensorRT's PyPI stub that finds no wheel for this Python or platform ---------------------------------------

@pytest.mark.parametrize("text", [
    "Collecting tensorrt\n  Using cached tensorrt-8.6.1.tar.gz (16 kB)\n  Preparing metadata (setup.py) ... done\n"
    "Building wheels for collected packages: tensorrt\n  Building wheel for tensorrt (setup.py) ... error",
    "  ERROR: Failed building wheel for tensorrt-cu12\nFailed to build tensorrt-cu12",
    "ERROR: Could not build wheels for tensorrt, which is required to install pyproject.toml based projects",
    "ERROR: Could not find a version that satisfies the requirement tensorrt_libs==8.6.1 (from versions: none)",
    "subprocess.CalledProcessError: Command '['pip', 'install', '--extra-index-url', 'https://pypi.nvidia.com', "
    "'tensorrt_libs==9.0.1.post11.dev4', 'tensorrt_bindings==9.0.1.post11.dev4']' returned non-zero exit status 1.",
    "Collecting tensorrt\n  Using cached tensorrt-9.3.0.post12.dev1.tar.gz (6.9 kB)\n"
    "  Installing build dependencies ... done\n  Getting requirements to build wheel ... error",
])
def test_a_tensorrt_stub_that_cannot_build_is_a_tensorrt_install_problem(text):
    assert "tensorrt-pip-stub-build-fails" in signal_ids(text)
    assert checked(text)[:1] == ["tensorrt_problem"]


@pytest.mark.parametrize("text", [
    "  Building wheel for tensorrt (setup.py) ... done\nSuccessfully installed tensorrt-8.6.1",
    "Failed to build mmcv-full",
    "Collecting tensorrt\n  Downloading tensorrt-10.0.1-cp310-none-win_amd64.whl",
])
def test_a_tensorrt_install_that_works_or_another_build_is_left_alone(text):
    assert "tensorrt-pip-stub-build-fails" not in signal_ids(text)


# ---- blocks of the YOLOv13 fork -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["DSC3k2", "HyperACE", "FullPAD_Tunnel", "DownsampleConv"])
def test_a_yolov13_block_unknown_to_parse_model_is_the_wrong_ultralytics(name):
    text = ("  File \"/env/lib/python3.11/site-packages/ultralytics/nn/tasks.py\", line 1014, in parse_model\n"
            f"    else globals()[m]\nKeyError: '{name}'")
    assert checked(text)[:1] == ["ultralytics_outdated"]


def test_a_custom_block_of_a_paper_repository_stays_a_fork_module():
    text = ("  File \"/env/lib/python3.10/site-packages/ultralytics/nn/tasks.py\", line 855, in parse_model\n"
            "    m = getattr(torch.nn, m[3:]) if \"nn.\" in m else globals()[m]\nKeyError: 'C3STR'")
    assert checked(text)[:1] == ["other"]


@pytest.mark.parametrize("name, category", [
    ("6552-yolov13-15-ddp-keyerror-dsc3k2-cn.txt", "ultralytics_outdated"),
    ("6555-tensorrt-2963-tensorrt-libs-861-not-found-windows-py39.txt", "tensorrt_problem"),
    ("6557-comfyui-rife-trt-21-tensorrt-cu12-python313-windowsapps.txt", "tensorrt_problem"),
])
def test_round_11_install_and_fork_reports_name_their_cause(name, category):
    assert report_categories(name)[:1] == [category]
