"""TensorRT, OpenCV, NumPy and Ultralytics choices (compat/tensorrt.toml, ultralytics.toml, fix.toml)."""

from yolodoctor.fix.machine import GpuInfo, Machine
from yolodoctor.fix.wheels import numpy_choice, opencv_choice, tensorrt_choice, ultralytics_choice


def gpu_machine(cap):
    return Machine(os="linux", platform="linux-x86_64", python="3.11", gpus=(GpuInfo("GPU", cap),))


def test_tensorrt_follows_torch_cuda_major_and_removes_the_cu13_meta_package():
    choice = tensorrt_choice(gpu_machine("8.6"), "12.4", ["tensorrt", "tensorrt-cu13", "tensorrt-cu13-libs",
                                                          "numpy"], cuda_available=True)
    # Ultralytics' own requirement (check_tensorrt): tensorrt-cu{major}>=7.0.0,!=10.2.0
    assert choice.requirements[0] == "tensorrt-cu12>=7.0.0,!=10.2.0"
    assert choice.uninstall == ("tensorrt", "tensorrt-cu13", "tensorrt-cu13-libs")
    # the export tools exporter.py asks for, onnxruntime-gpu on a CUDA device
    assert "onnx>=1.12.0,<2.0.0" in choice.requirements
    assert "onnxslim>=0.1.82" in choice.requirements
    assert "onnxruntime-gpu" in choice.requirements


def test_tensorrt_caps_version_for_volta():
    # TensorRT 10.5 dropped Volta (min_capability 7.5): a V100 stays below 10.5.
    choice = tensorrt_choice(gpu_machine("7.0"), "12.1", [], cuda_available=True)
    assert choice.requirements[0] == "tensorrt-cu12>=7.0.0,!=10.2.0,<10.5"


def test_tensorrt_for_cuda11_torch():
    choice = tensorrt_choice(gpu_machine("8.6"), "11.8", ["tensorrt-cu11"], cuda_available=False)
    assert choice.requirements[0].startswith("tensorrt-cu11>=")
    assert choice.uninstall == ()
    assert "onnxruntime-gpu" not in choice.requirements


def test_no_tensorrt_without_cuda_torch():
    assert tensorrt_choice(gpu_machine("8.6"), None, [], cuda_available=False) is None


def test_opencv_swapped_for_headless_same_version():
    choice = opencv_choice({"opencv-python": "4.10.0.84", "opencv-contrib-python": "4.9.0.80", "numpy": "1.26.4"})
    assert choice.uninstall == ("opencv-python", "opencv-contrib-python")
    assert choice.requirements == ("opencv-python-headless==4.10.0.84", "opencv-contrib-python-headless==4.9.0.80")


def test_opencv_headless_already():
    assert opencv_choice({"opencv-python-headless": "4.10.0.84"}) is None


def test_numpy_pin():
    choice = numpy_choice("torchsig._C", "2.1.0")
    assert choice.requirements == ("numpy<2",)
    assert "torchsig._C" in choice.reasons[0]
    older = numpy_choice("x", "1.21.0")  # built against a newer NumPy 1.x: upgrade instead
    assert older.requirements == ("numpy",) and older.options == ("--upgrade",)


def test_ultralytics_upgrade_for_family():
    choice = ultralytics_choice("8.2.103", family="yolo11")
    assert choice.requirements == ("ultralytics>=8.3.0",) and choice.options == ("--upgrade",)
    assert ultralytics_choice("8.3.78", family="yolo12") is None
    assert ultralytics_choice("8.3.0", family="yolo26").requirements == ("ultralytics>=8.4.0",)
    assert ultralytics_choice("8.3.0", required="8.3.78").requirements == ("ultralytics>=8.3.78",)
    assert ultralytics_choice("8.3.0") is None
