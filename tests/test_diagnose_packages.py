"""YD5xx TensorRT/ONNX, YD60x Ultralytics and packages, YD7xx system, YD9xx Python environment."""

from diagnose_machines import GiB, RTX_4090, V100, A100, duplicate, finding, ids, machine, pkg

from yolodoctor.facts.model import DiskSpace


def gpu_box(**kw):
    kw.setdefault("gpus", [RTX_4090])
    kw.setdefault("driver", "550.54.14")
    return machine(**kw)


# ----------------------------------------------------------------- TensorRT ---

def test_tensorrt_cuda_13_next_to_cuda_12_torch():
    facts = gpu_box(torch="2.4.1+cu121",
                    packages={"tensorrt": pkg("10.13.3.9", distributions={"tensorrt": "10.13.3.9",
                                                                         "tensorrt_cu13": "10.13.3.9",
                                                                         "tensorrt_cu13_libs": "10.13.3.9"})})
    f = finding(facts, "YD501")
    assert "CUDA 13 build" in f.message and f.data["install"] == "tensorrt-cu12>=7.0.0,!=10.2.0"
    assert "uninstall -y tensorrt tensorrt_cu13 tensorrt_cu13_libs" in f.fix


def test_tensorrt_matching_torch():
    facts = gpu_box(torch="2.4.1+cu124", packages={"tensorrt": pkg("10.7.0", distributions={
        "tensorrt-cu12": "10.7.0", "tensorrt-cu12-libs": "10.7.0"})})
    assert ids(facts) == set()


def test_tensorrt_on_volta():
    facts = gpu_box(gpus=[V100], torch="2.4.1+cu124",
                    packages={"tensorrt": pkg("10.7.0", distributions={"tensorrt-cu12": "10.7.0"})})
    f = finding(facts, "YD502")
    assert "tensorrt-cu12==10.4.0" in f.fix


def test_tensorrt_import_fails_and_the_cuda_mismatch_explains_it():
    broken = pkg("10.13.3.9", status="error",
                 error="ImportError: libnvinfer.so.10: cannot open shared object file: No such file or directory",
                 distributions={"tensorrt": "10.13.3.9", "tensorrt_cu13": "10.13.3.9"})
    assert "libnvinfer.so.10" in finding(gpu_box(torch="2.4.1+cu124", packages={"tensorrt": broken}), "YD501") \
        .folded[0].message
    alone = pkg("8.6.1", status="error", error="ImportError: libnvinfer.so.8: cannot open shared object file")
    assert ids(gpu_box(torch="2.4.1+cu124", packages={"tensorrt": alone})) == {"YD503"}


def test_tensorrt_release_refused_by_ultralytics():
    facts = gpu_box(torch="2.4.1+cu124", packages={"tensorrt": pkg("10.2.0", distributions={"tensorrt-cu12": "10.2.0"}),
                                                    "ultralytics": pkg("8.3.0")})
    assert "YD504" in ids(facts)
    facts.packages.pop("ultralytics")
    assert "YD504" not in ids(facts)


def test_both_onnxruntime_builds():
    facts = gpu_box(dists={"onnxruntime": "1.19.2", "onnxruntime-gpu": "1.19.2"})
    assert finding(facts, "YD505").severity == "warning"


# -------------------------------------------------------------- Ultralytics ---

def test_ultralytics_too_old_for_the_profile():
    facts = gpu_box(packages={"ultralytics": pkg("8.2.79", install_kind="wheel")})
    f = finding(facts, "YD601", profile="yolo11")
    assert f.severity == "error" and ">=8.3.0" in f.fix and f.explains == ("YD602",)
    assert ids(facts, profile="yolo11") == {"YD601"}


def test_ultralytics_missing_for_the_profile():
    facts = gpu_box()
    facts.packages.pop("ultralytics", None)
    assert "not installed" in finding(facts, "YD601", profile="yolo26").message


def test_ultralytics_predates_families_is_a_note():
    f = finding(gpu_box(packages={"ultralytics": pkg("8.2.79")}), "YD602")
    assert f.severity == "info" and "yolo11 (from 8.3.0)" in f.message
    assert "YD602" not in ids(gpu_box(packages={"ultralytics": pkg("8.4.190")}))


def test_git_checkout_is_updated_with_git_pull():
    facts = gpu_box(packages={"ultralytics": pkg("8.2.79", install_kind="git")})
    assert "git pull" in finding(facts, "YD602").fix


def test_torch_2_4_0_on_windows():
    facts = gpu_box(torch="2.4.0+cu121", os="Windows", driver="551.61", packages={"ultralytics": pkg("8.3.0")})
    f = finding(facts, "YD603")
    assert "yolodoctor fix --torch 2.4.1+cu121" in f.fix  # through the chooser, which pairs torchvision
    linux = gpu_box(torch="2.4.0+cu121", packages={"ultralytics": pkg("8.3.0")})
    assert "YD603" not in ids(linux)


# ---------------------------------------------------------- NumPy, OpenCV ---

def test_numpy_2_with_a_numpy_1_extension():
    facts = gpu_box(packages={"numpy": pkg("2.0.1"), "cv2": pkg("4.8.0", status="error", error=(
        "A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.0.1 as it may crash.\n"
        "ImportError: numpy.core.multiarray failed to import"))})
    f = finding(facts, "YD604")
    assert 'numpy<2' in f.fix and f.data["packages"] == ["cv2"]


def test_opencv_without_libgl():
    facts = gpu_box(container="docker", packages={"cv2": pkg(None, status="error", error=(
        "ImportError: libGL.so.1: cannot open shared object file: No such file or directory"),
        distributions={"opencv-python": "4.10.0.84"})})
    f = finding(facts, "YD605")
    assert "opencv-python-headless==4.10.0.84" in f.fix and "uninstall -y opencv-python" in f.fix


def test_two_opencv_builds():
    facts = gpu_box(packages={"cv2": pkg("4.10.0", distributions={"opencv-python": "4.10.0.84",
                                                                    "opencv-python-headless": "4.10.0.84"})})
    assert finding(facts, "YD606").category == "opencv_libgl"
    single = gpu_box(packages={"cv2": pkg("4.10.0", distributions={"opencv-python": "4.10.0.84"})})
    assert "YD606" not in ids(single)


# ------------------------------------------------------------------ system ---

def test_small_shm_in_a_container():
    facts = gpu_box(container="docker", shm=64 * 2 ** 20)
    f = finding(facts, "YD701")
    assert "64 MiB" in f.message and "--shm-size" in f.fix
    assert "YD701" not in ids(gpu_box(shm=64 * 2 ** 20))  # not a container: /dev/shm is half the RAM
    assert "YD701" not in ids(gpu_box(container="docker", shm=GiB))
    assert "emptyDir" in finding(gpu_box(container="kubernetes", shm=64 * 2 ** 20), "YD701").fix


def test_nccl_needs_more_shm_with_several_gpus():
    facts = gpu_box(gpus=[A100, A100], container="docker", shm=GiB)
    assert ids(facts) == {"YD702"}
    tiny = gpu_box(gpus=[A100, A100], container="docker", shm=64 * 2 ** 20)
    assert ids(tiny) == {"YD701"} and finding(tiny, "YD701").explains == ("YD702",)


def test_low_memory_and_disk():
    facts = gpu_box(memory_available=GiB)
    assert "YD703" in ids(facts)
    facts.host.disks = [DiskSpace(purpose="hf_cache", path="/root/.cache/huggingface", free_bytes=GiB),
                        DiskSpace(purpose="cwd", path="/work", free_bytes=100 * GiB)]
    f = finding(facts, "YD704")
    assert "/root/.cache/huggingface (hf_cache)" in f.message and "/work" not in f.message


# --------------------------------------------------------------- Python env ---

def test_python_without_new_torch():
    facts = gpu_box(python="3.8.10", torch=None, torch_status="missing")
    f = finding(facts, "YD901")
    assert f.severity == "error" and "2.4.1" in f.message
    installed = gpu_box(python="3.8.10", torch="2.4.1+cu124")
    assert finding(installed, "YD901").severity == "info"


def test_python_too_old_for_ultralytics():
    assert "too old for Ultralytics" in finding(gpu_box(python="3.7.16"), "YD901").message


def test_inspected_own_interpreter():
    facts = gpu_box(torch=None, torch_status="missing", selected_by="current")
    f = finding(facts, "YD902")
    assert "--python" in f.fix
    assert "YD902" not in ids(gpu_box(torch=None, torch_status="missing", selected_by="--python"))


def test_pytorch_index_as_index_url():
    facts = gpu_box()
    facts.python.pip_config.index_url = "https://download.pytorch.org/whl/cu130"
    facts.python.pip_config.sources = ["/etc/pip.conf"]
    f = finding(facts, "YD903")
    assert "config unset global.index-url" in f.fix and "yolodoctor fix" in f.fix  # torch: the chooser's index
    facts.python.pip_config.index_url = "https://pypi.tuna.tsinghua.edu.cn/simple"
    assert "YD903" not in ids(facts)


def test_duplicate_distributions():
    facts = gpu_box()
    facts.python.duplicates = [duplicate("torch", ["2.1.0", "2.4.1"], ["/root/.local/lib/python3.11/site-packages",
                                                                       "/opt/venv/lib/python3.11/site-packages"])]
    assert "torch (2.1.0 and 2.4.1" in finding(facts, "YD904").message
