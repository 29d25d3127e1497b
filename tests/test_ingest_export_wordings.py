"""Model export and install commands as reports word them (eighth round, reports 3600-3699).

torch's ONNX exporter refusing an opset or an operator is one failure worded four ways across torch releases; it
is neither a CUDA nor a TensorRT problem. pip reads a long option from any unambiguous prefix, so an index given
as `--extra-index URL` is given right. Each case is a small paste written here, with look-alikes that must not
fire, and the dev reports of the family through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories as checked, report_categories, signal_ids


# ---- the ONNX exporter of the installed torch ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # YOLOv5 / Ultralytics print the exporter's ValueError after their own prefix
    "ONNX: starting export with onnx 1.12.0...\nONNX: export failure: Unsupported ONNX opset version: 16",
    "ValueError: Unsupported ONNX opset version: 15",
    # retyped: other case, no colon, doubled spaces
    "unsupported onnx opset  version 17 when I run export.py",
    # torch 2.x's TorchScript exporter past its ceiling
    "UserWarning: Exporting to ONNX opset version 21 is not supported. by 'torch.onnx.export()'.",
    # an operator the exporter cannot write at the opset asked for (torch/onnx/errors.py, symbolic_helper)
    "torch.onnx.errors.UnsupportedOperatorError: Exporting the operator 'aten::scaled_dot_product_attention' "
    "to ONNX opset version 12 is not supported.",
    "RuntimeError: Exporting the operator silu to ONNX opset version 11 is not supported. Please open a bug "
    "to request ONNX export support for the missing operator.",
    "torch.onnx.errors.SymbolicValueError: Unsupported: ONNX export of Pad in opset 9. The sizes of the padding "
    "must be constant.",
])
def test_exporter_refusing_an_opset_is_named(text):
    assert "onnx-export-opset-unsupported" in signal_ids(text)
    assert checked(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # the opset is only stated, nothing failed
    "ONNX: starting export with onnx 1.13.0 opset 17...\nONNX: export success ✅ 1.2s, saved as 'yolov8n.onnx'",
    "yolo export model=yolov8n.pt format=onnx opset=12",
    # onnxruntime reading a model, not torch writing one
    "onnxruntime.capi.onnxruntime_pybind11_state.Fail: [ONNXRuntimeError] : 1 : FAIL : Load model from m.onnx "
    "failed:Unsupported model IR version: 10, max supported IR version: 9",
])
def test_exporter_signature_does_not_fire_on_look_alikes(text):
    assert "onnx-export-opset-unsupported" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "3618-ultralytics-625-onnx-opset-17-torch-171.txt",
    "3619-ultralytics-742-onnx-opset-17-export-script.txt",
    "3620-yolov5-4717-onnx-opset-13-torch-170.txt",
])
def test_exporter_reports_name_the_exporter_first(name):
    assert report_categories(name)[:1] == ["other"]


# ---- an index given to pip with an abbreviated option ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "pip install -e . --extra-index https://download.pytorch.org/whl/cpu/",
    "pip install torch==2.1.0 --index https://download.pytorch.org/whl/cu121",
    "pip install torch --find https://download.pytorch.org/whl/torch_stable.html",
])
def test_abbreviated_index_options_are_not_a_url_given_as_a_requirement(text):
    assert "pip-pytorch-index-as-requirement" not in signal_ids(text)


def test_a_bare_pytorch_index_url_is_still_a_requirement():
    text = "pip install torch==2.6.0+cu126 torchvision==0.21.0+cu126 https://download.pytorch.org/whl/cu126"
    assert "pip-pytorch-index-as-requirement" in signal_ids(text)


# ---- TensorRT installed without the packages NVIDIA's index provides --------------------------------------------

@pytest.mark.parametrize("text", [
    "  File \"/venv/lib/python3.10/site-packages/tensorrt/__init__.py\", line 18, in <module>\n"
    "    from tensorrt_bindings import *\nModuleNotFoundError: No module named 'tensorrt_bindings'",
    "ModuleNotFoundError: No module named 'tensorrt_libs'",
    # retyped in prose
    "after pip install tensorrt i get no module named tensorrt_bindings",
    # NVIDIA's placeholder on PyPI refusing to install a TensorRT package
    "RuntimeError:\n###################\nThe package you are trying to install is only a placeholder project on PyPI.org "
    "repository.\nThis package is hosted on NVIDIA Python Package Index.\n\nThis package can be installed as:\n```\n"
    "$ pip install nvidia-pyindex\n$ pip install nvidia-tensorrt\n```",
])
def test_tensorrt_without_its_nvidia_index_packages_is_named(text):
    assert "tensorrt-bindings-from-nvidia-index" in signal_ids(text)
    assert checked(text)[:1] == ["tensorrt_problem"]


@pytest.mark.parametrize("text", [
    # the tensorrt package itself missing is another finding (install it into this Python)
    "ModuleNotFoundError: No module named 'tensorrt'",
    # a placeholder for a package that is not TensorRT
    "The package you are trying to install is only a placeholder project on PyPI.org repository.\n"
    "This package is hosted on NVIDIA Python Package Index.\n$ pip install nvidia-pyindex\n"
    "$ pip install pytorch-quantization",
    # TensorRT-LLM's own bindings module
    "ModuleNotFoundError: No module named 'tensorrt_llm.bindings'",
])
def test_tensorrt_bindings_signature_does_not_fire_on_look_alikes(text):
    assert "tensorrt-bindings-from-nvidia-index" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "3627-tensorrt-3838-missing-tensorrt-bindings-1001.txt",
    "3628-tensorrt-3936-venv-pip-tensorrt-bindings-a30.txt",
])
def test_tensorrt_bindings_reports_name_tensorrt_first(name):
    assert report_categories(name)[:1] == ["tensorrt_problem"]


# ---- GitHub's API limit answered with 403 (torch.hub) -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "urllib.error.HTTPError: HTTP Error 403: rate limit exceeded",
    "requests.exceptions.HTTPError: 403 Client Error: rate limit exceeded for url: https://api.github.com/repos/x/y",
    # retyped
    "http error 403:  rate limit exceeded",
])
def test_github_rate_limit_answered_with_403_is_a_rate_limit(text):
    assert "http-rate-limited" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    # a 403 that is not a rate limit, and a rate limit of an API that is not a download host
    "urllib.error.HTTPError: HTTP Error 403: Forbidden",
    "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota'}}",
])
def test_rate_limit_signature_does_not_fire_on_other_403s(text):
    assert "http-rate-limited" not in signal_ids(text)


def test_torch_hub_rate_limit_report_names_the_download_first():
    assert report_categories("3641-pytorch-hub-212-inception-403-rate-limit.txt")[:1] == ["network_download"]


# ---- OpenCV windows: a build without a GUI backend, or no display for the GUI build -----------------------------

@pytest.mark.parametrize("text", [
    # OpenCV 4.x, naming Cocoa
    "cv2.error: OpenCV(4.8.0) /io/opencv/modules/highgui/src/window.cpp:1272: error: (-2:Unspecified error) The "
    "function is not implemented. Rebuild the library with Windows, GTK+ 2.x or Cocoa support. If you are on "
    "Ubuntu or Debian, install libgtk2.0-dev and pkg-config, then re-run cmake or configure script in function "
    "'cvShowImage'",
    # OpenCV 3.x, naming Carbon, wrapped by a terminal
    "OpenCV Error: Unspecified error (The function is not implemented. Rebuild the library with Windows,\n"
    "GTK+ 2.x or Carbon support. If you are on Ubuntu or Debian, install libgtk2.0-dev) in cvNamedWindow",
])
def test_opencv_without_a_gui_backend_is_named(text):
    assert "opencv-gui-not-built" in signal_ids(text)
    assert checked(text)[:1] == ["opencv_libgl"]


@pytest.mark.parametrize("text", [
    "qt.qpa.xcb: could not connect to display :0\nqt.qpa.plugin: Could not load the Qt platform plugin \"xcb\" in "
    "\"/env/lib/python3.10/site-packages/cv2/qt/plugins\" even though it was found.\nThis application failed to "
    "start because no Qt platform plugin could be initialized.",
    # only the plugin line, with an empty path
    "qt.qpa.plugin: Could not load the Qt platform plugin \"xcb\" in \"\" even though it was found.",
])
def test_opencv_qt_without_a_display_is_named(text):
    assert "opencv-qt-no-display" in signal_ids(text)
    assert checked(text)[:1] == ["opencv_libgl"]


@pytest.mark.parametrize("text", [
    # other "not implemented" errors of OpenCV and Python
    "cv2.error: OpenCV(4.5.5) :-1: error: (-5:Bad argument) in function 'imshow'",
    "NotImplementedError: The function is not implemented for this backend",
    # a Qt message that is not about the display
    "qt.qpa.plugin: Could not find the Qt platform plugin \"wayland\" in \"\"",
])
def test_opencv_window_signatures_do_not_fire_on_look_alikes(text):
    ids = signal_ids(text)
    assert "opencv-gui-not-built" not in ids and "opencv-qt-no-display" not in ids


@pytest.mark.parametrize("name", [
    "3646-opencv-17181-jupyterhub-headless-namedwindow.txt",
    "3649-girder-detection-ros-5-qt-xcb-docker-no-display.txt",
    "3651-ultralytics-2624-jetson-orin-show-qt-xcb.txt",
])
def test_opencv_window_reports_name_opencv_first(name):
    assert report_categories(name)[:1] == ["opencv_libgl"]


# ---- a download whose connection the network resets ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'Downloading: "https://github.com/x/y/releases/download/v1/model.pth" to /root/.cache/torch/hub/checkpoints/m.pth\n'
    "ConnectionResetError: [Errno 104] Connection reset by peer",
    'File "ssl.py", line 1342, in do_handshake\nConnectionResetError: [WinError 10054] An existing connection was '
    "forcibly closed by the remote host",
    # requests' tuple, in the words of a Chinese Windows
    "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(10054, "
    "'远程主机强迫关闭了一个现有的连接。', None, 10054, None)) while requesting https://huggingface.co/x/resolve/main/a.bin",
])
def test_a_download_reset_by_the_network_is_named(text):
    assert "download-connection-reset" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    # DataLoader workers talking over a local socket: not a download
    '  File "/usr/lib/python3.10/multiprocessing/connection.py", line 383, in _recv\n'
    "    chunk = read(handle, remaining)\nConnectionResetError: [Errno 104] Connection reset by peer",
    # a reset with no download anywhere near it
    "sent = self._sock.send(data)\nConnectionResetError: [WinError 10054] An existing connection was forcibly closed",
])
def test_a_reset_that_is_not_a_download_is_not_named_a_download(text):
    assert "download-connection-reset" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "3654-face-alignment-194-winerror-10054-slow-download.txt",
    "3655-zzz-onedragon-624-yolov8-onnx-download-10054-cn.txt",
])
def test_reset_download_reports_name_the_network_first(name):
    assert report_categories(name)[:1] == ["network_download"]


# ---- torchvision's operators in the words of other releases ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: Failed to register operator torchvision::_new_empty_tensor_op.",
    "RuntimeError: operator torchvision::roi_align does not exist",
])
def test_torchvision_operators_that_do_not_register_are_a_mismatch(text):
    assert "torchvision-nms-missing" in signal_ids(text)
    assert checked(text)[:1] == ["torchvision_mismatch"]


def test_an_operator_of_another_library_that_does_not_exist_is_not_torchvision():
    text = "RuntimeError: operator mmcv::nms does not exist"
    assert "torchvision-nms-missing" not in signal_ids(text)


def test_torchvision_registration_report_names_torchvision_first():
    assert report_categories("3659-yolov5-148-torch14-register-new-empty-tensor-op.txt")[:1] == ["torchvision_mismatch"]


# ---- a download cut short ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "requests.exceptions.ChunkedEncodingError: ('Connection broken: IncompleteRead(9438 bytes read, 512 more "
    "expected)', IncompleteRead(9438 bytes read, 512 more expected))",
    "http.client.IncompleteRead: IncompleteRead(32761 bytes read, 7 more expected)",
    "urllib.error.ContentTooShortError: <urlopen error retrieval incomplete: got only 1048576 out of 6534387 bytes>",
])
def test_a_download_cut_short_is_named(text):
    assert "download-cut-short" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    # the names alone, without the byte counts of a real short read
    "from http.client import IncompleteRead",
    "retrieval incomplete, please retry",
])
def test_download_cut_short_does_not_fire_on_names_alone(text):
    assert "download-cut-short" not in signal_ids(text)


def test_cut_short_report_names_the_network_first():
    assert report_categories("3664-tts-webui-232-incompleteread-large-model.txt")[:1] == ["network_download"]


# ---- a class the installed Ultralytics release does not export ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "ImportError: cannot import name 'YOLOWorld' from 'ultralytics' (/usr/src/ultralytics/ultralytics/__init__.py)",
    ">>> from ultralytics import YOLOv10\nImportError: cannot import name 'YOLOv10' from 'ultralytics' "
    "(/env/lib/python3.9/site-packages/ultralytics/__init__.py)",
    "ImportError: cannot import name 'YAML' from 'ultralytics.utils' (/env/site-packages/ultralytics/utils/__init__.py)",
])
def test_a_class_the_release_does_not_export_is_release_skew(text):
    assert "ultralytics-module-attribute-skew" in signal_ids(text)
    assert checked(text)[:1] == ["ultralytics_outdated"]


@pytest.mark.parametrize("text", [
    # YOLO has always been exported: these are a shadowing folder, an unknown location, a typo
    "ImportError: cannot import name 'YOLO' from 'ultralytics' (unknown location)",
    "ImportError: cannot import name 'YOLO' from 'ultralytics' (C:\\proj\\ultralytics\\__init__.py)",
    "ImportError: cannot import name 'yolo' from 'ultralytics' (C:\\Python312\\Lib\\site-packages\\ultralytics\\__init__.py)",
    "ImportError: cannot import name 'YOLO' from partially initialized module 'ultralytics' (most likely due to a "
    "circular import) (/home/u/ultralytics.py)",
])
def test_import_failures_that_are_not_release_skew_are_left_alone(text):
    assert "ultralytics-module-attribute-skew" not in signal_ids(text)
