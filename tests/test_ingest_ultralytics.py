"""Ultralytics banner and `yolo checks`."""

from pathlib import Path

from yolodoctor.ingest import PARSER_FAILURE, ingest_text

INPUTS = Path(__file__).parent / "fixtures" / "ingest"


def facts_of(text):
    result = ingest_text(text)
    assert not [n for n in result.summary.notes if n.startswith(PARSER_FAILURE)]
    return result.facts


def test_yolo_checks_on_windows_from_a_real_report():
    f = facts_of((INPUTS / "yolo_checks-windows-8.0.221.txt").read_text(encoding="utf-8"))
    assert f.package("ultralytics").version == "8.0.221"
    assert (f.torch.version, f.torch.cuda, f.torch.cuda_available, f.torch.status) == ("2.1.1+cu121", "12.1", True,
                                                                                       "ok")
    assert [(d.index, d.name, d.total_memory_bytes) for d in f.torch.devices] == [
        (0, "NVIDIA GeForce GTX 1650 SUPER", 4096 << 20)]
    assert (f.python.version, f.host.os, f.host.cpu_count) == ("3.11.6", "Windows", 12)
    assert f.host.memory_total_bytes == int(15.93 * (1 << 30))  # the two-decimal RAM row, not "15.9 GB"
    assert f.package("torchvision").version == "0.16.1"
    assert f.package("cv2").version == "4.8.1.78"


def test_current_yolo_checks_with_gpu_rows_and_a_failed_requirement():
    text = """Ultralytics 8.3.40 🚀 Python-3.10.12 torch-2.5.1+cu124 CUDA:0 (NVIDIA GeForce RTX 4090, 24210MiB)
Setup complete ✅ (32 CPUs, 125.5 GB RAM, 241.5/915.8 GB disk)

OS                     Linux-6.8.0-49-generic-x86_64-with-glibc2.35
Environment            Docker
Python                 3.10.12
Install                git
Path                   /workspace/ultralytics/ultralytics
RAM                    125.52 GB
Disk                   241.5/915.8 GB
CPU                    AMD Ryzen 9 7950X 16-Core Processor
CPU count              32
GPU                    NVIDIA GeForce RTX 4090, 24210MiB
GPU count              1
CUDA                   12.4

numpy                  ✅ 1.26.4<=2.1.1,>=1.23.0
torch                  ✅ 2.5.1+cu124!=2.4.0,>=1.8.0; sys_platform == "win32"
torchvision            ✅ 0.20.1+cu124>=0.9.0
ultralytics-thop       ❌ (not installed)>=2.0.0
"""
    f = facts_of(text)
    assert (f.host.os, f.host.kernel, f.host.container) == ("Linux", "6.8.0-49-generic", "docker")
    assert f.package("ultralytics").details["install_kind"] == "git"
    assert f.package("ultralytics").location == "/workspace/ultralytics/ultralytics"
    assert (f.torch.device_count, f.torch.cuda) == (1, "12.4")
    assert f.distribution("ultralytics-thop") is None  # "(not installed)" is not a version


def test_checks_cuda_none_means_torch_cannot_use_the_gpu():
    f = facts_of("OS                  Linux-5.15.0-x86_64-with-glibc2.35\nPython              3.9.7\n"
                 "CUDA                None\n")
    assert f.torch.cuda_available is False
    assert f.torch.cuda is None and f.torch.status is None  # the build is not known from this


def test_banner_with_several_gpus():
    text = ("Ultralytics 8.2.0 🚀 Python-3.11.5 torch-2.2.1+cu121 CUDA:0 (Tesla V100-SXM2-16GB, 16151MiB)\n"
            "                                                           CUDA:1 (Tesla V100-SXM2-16GB, 16151MiB)\n")
    f = facts_of(text)
    assert [(d.index, d.name) for d in f.torch.devices] == [(0, "Tesla V100-SXM2-16GB"), (1, "Tesla V100-SXM2-16GB")]
    assert f.torch.cuda_available is True and f.torch.cuda == "12.1"


def test_banner_cpu_build_proves_a_cpu_only_torch():
    f = facts_of("Ultralytics YOLOv8.1.3 🚀 Python-3.10.11 torch-2.1.0+cpu\n")
    assert (f.torch.version, f.torch.status, f.torch.cuda, f.torch.hip) == ("2.1.0+cpu", "ok", None, None)
    assert f.package("ultralytics").version == "8.1.3"


def test_banner_without_a_build_tag_leaves_the_build_unknown():
    f = facts_of("Ultralytics 8.3.40 🚀 Python-3.11.5 torch-2.1.0 MPS (Apple M2)\n")
    assert f.torch.version == "2.1.0"
    assert f.torch.status is None and f.torch.cuda_available is None


def test_yolov5_banner_is_not_an_ultralytics_version():
    f = facts_of("YOLOv5 🚀 v7.0-72-g064365d Python-3.10.6 torch-1.13.1+cu116 CUDA:0 (Tesla T4, 15110MiB)\n")
    assert f.package("ultralytics").version is None
    assert (f.torch.version, f.torch.cuda, f.python.version) == ("1.13.1+cu116", "11.6", "3.10.6")


def test_banner_printed_through_a_cp1252_console():
    banner = "Ultralytics YOLOv8.0.3 🚀 Python-3.9.13 torch-1.13.1+cu117 CUDA:0 (NVIDIA GeForce RTX 3060, 12288MiB)"
    f = facts_of(banner.encode("utf-8").decode("cp1252") + "\n")
    assert f.package("ultralytics").version == "8.0.3"
    assert f.torch.devices[0].name == "NVIDIA GeForce RTX 3060"
