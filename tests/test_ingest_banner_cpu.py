"""An Ultralytics banner whose device is "CPU": select_device() prints it when asked for the CPU, or when left to
choose with torch.cuda.is_available() False. With no request for the CPU in the paste, the banner says torch could not
use CUDA; on a Jetson that is a torch other than NVIDIA's JetPack build (YD230)."""

import pytest

from pasted import check_findings, pasted_facts, report_findings

BANNER = "Ultralytics YOLOv8.2.54 🚀 Python-3.9.13 torch-2.2.0 CPU (Intel Core(TM) i7-9700K 3.60GHz)"


@pytest.mark.parametrize("banner", [
    BANNER,
    "Ultralytics 8.3.40 Python-3.10.12 torch-2.5.1 CPU (AMD Ryzen 7 5800X 8-Core Processor)",
    # the rocket retyped or lost on the way: another character, or none
    "Ultralytics YOLOv8.0.138 = Python-3.8.0 torch-2.0.1 CPU (ARMv8 Processor rev 1 (v8l))",
    "YOLOv5 🚀 2022-4-22 Python-3.9.7 torch-1.11.0 CPU",
])
def test_a_cpu_banner_says_cuda_was_not_available(banner):
    assert pasted_facts(banner + "\n").torch.cuda_available is False


@pytest.mark.parametrize("asked", [
    "yolo detect train data=coco8.yaml model=yolov8n.pt device=cpu",
    "model.train(data='data.yaml', epochs=3, device='cpu')",
    "python detect.py --source 0 --device cpu",
    "engine/trainer: task=detect, mode=train, model=yolov8n.pt, device=cpu, workers=8",
    "I run it on the CPU on purpose",
])
def test_a_cpu_asked_for_is_not_cuda_unavailable(asked):
    assert pasted_facts(asked + "\n" + BANNER + "\n").torch.cuda_available is None


def test_a_cpu_builds_banner_says_only_the_build():
    # "CPU" is all a +cpu build can print, asked for the GPU or not: the build is the fact, not a failed request
    banner = "Ultralytics YOLOv8.0.196  Python-3.10.5 torch-2.2.1+cpu CPU (12th Gen Intel Core(TM) i5-12600KF)\n"
    assert pasted_facts(banner).torch.cuda_available is None


def test_a_cuda_banner_is_not_read_as_cpu():
    facts = pasted_facts("Ultralytics 8.3.40 🚀 Python-3.10.12 torch-2.1.0+cu121 CUDA:0 "
                         "(NVIDIA GeForce RTX 3090, 24135MiB)\n")
    assert facts.torch.cuda_available is True


def test_on_a_jetson_a_cpu_banner_is_a_torch_other_than_jetpacks():
    text = ("Model: NVIDIA Jetson AGX Orin - Jetpack 5.1.2 [L4T 35.4.1]\n"
            "Ultralytics 8.3.12 🚀 Python-3.8.10 torch-2.1.2 CPU (Cortex-A78AE)\n")
    first = check_findings(text)[0]
    assert (first["id"], first["category"]) == ("YD230", "torch_cpu_only")


def test_on_a_jetson_a_cpu_banner_asked_for_is_not_judged():
    text = ("Model: NVIDIA Jetson AGX Orin - Jetpack 5.1.2 [L4T 35.4.1]\n"
            "yolo predict model=yolo11n.pt source=bus.jpg device=cpu\n"
            "Ultralytics 8.3.12 🚀 Python-3.8.10 torch-2.1.2 CPU (Cortex-A78AE)\n")
    assert not any(f["id"] == "YD230" for f in check_findings(text))


def test_a_jetson_banner_on_a_dev_report():
    first = report_findings("6122-ultralytics-3844-jetson-nano-torch-201-cpu-armv8.txt")[0]
    assert (first["id"], first["category"]) == ("YD230", "torch_cpu_only")
