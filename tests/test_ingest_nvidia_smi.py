"""nvidia-smi: tables of every era, -q, CSV queries, -L; real outputs where reports had them."""

from pathlib import Path

from yolodoctor.facts.model import GpuProcess
from yolodoctor.ingest import PARSER_FAILURE, ingest_text

INPUTS = Path(__file__).parent / "fixtures" / "ingest"
REPORTS = Path(__file__).parent / "fixtures" / "reports"


def facts_of(text):
    result = ingest_text(text)
    assert not [n for n in result.summary.notes if n.startswith(PARSER_FAILURE)]
    return result.facts


def test_old_table_with_two_gpus_and_names_cut_short():
    f = facts_of((REPORTS / "008-docker-pytorch-no-gpus-flag.txt").read_text())
    assert (f.nvidia.driver_version, f.nvidia.cuda_driver_version) == ("435.21", "10.1")
    assert [(g.index, g.name, g.pci_bus_id, g.memory_total_mib, g.memory_free_mib) for g in f.nvidia.gpus] == [
        (0, "Tesla V100-PCIE", "00000000:37:00.0", 32510, 32510),
        (1, "Tesla V100-PCIE", "00000000:86:00.0", 32510, 32510)]
    assert f.nvidia.gpus_source == "nvidia-smi"


def test_windows_wddm_table():
    f = facts_of((INPUTS / "nvidia_smi-windows-560-wddm.txt").read_text())
    assert (f.nvidia.driver_version, f.nvidia.cuda_driver_version) == ("560.94", "12.6")
    [gpu] = f.nvidia.gpus
    assert (gpu.name, gpu.memory_total_mib, gpu.memory_free_mib) == ("NVIDIA GeForce RTX 3060", 6144, 6144 - 234)


def test_old_header_without_cuda_column_and_a_truncated_table():
    f = facts_of((INPUTS / "nvidia_smi-396-no-cuda-column-truncated.txt").read_text())
    assert f.nvidia.driver_version == "396.37"
    assert f.nvidia.cuda_driver_version is None  # that nvidia-smi did not print it: unknown, not guessed
    assert f.nvidia.gpus == []


def test_lone_header_line_and_the_error_after_it():
    result = ingest_text((INPUTS / "nvidia_smi_header-bladebit.txt").read_text())
    assert (result.facts.nvidia.driver_version, result.facts.nvidia.cuda_driver_version) == ("515.48.07", "11.7")
    assert [s.id for s in result.signals] == ["cuda-insufficient-driver"]


def test_new_table_with_mig_column_and_processes():
    text = """+---------------------------------------------------------------------------------------+
| NVIDIA-SMI 535.104.05             Driver Version: 535.104.05   CUDA Version: 12.2     |
|-----------------------------------------+----------------------+----------------------+
| GPU  Name                 Persistence-M | Bus-Id        Disp.A | Volatile Uncorr. ECC |
| Fan  Temp   Perf          Pwr:Usage/Cap |         Memory-Usage | GPU-Util  Compute M. |
|                                         |                      |               MIG M. |
|=========================================+======================+======================|
|   0  NVIDIA A100-SXM4-40GB          On  | 00000000:07:00.0 Off |                    0 |
| N/A   31C    P0              52W / 400W |   1024MiB / 40960MiB |      0%      Default |
|                                         |                      |             Disabled |
+-----------------------------------------+----------------------+----------------------+

+---------------------------------------------------------------------------------------+
| Processes:                                                                            |
|  GPU   GI   CI        PID   Type   Process name                            GPU Memory |
|        ID   ID                                                             Usage      |
|=======================================================================================|
|    0   N/A  N/A     12345      C   python train.py                            1010MiB |
+---------------------------------------------------------------------------------------+
"""
    [gpu] = facts_of(text).nvidia.gpus
    assert (gpu.name, gpu.mig_mode, gpu.memory_total_mib, gpu.memory_free_mib) == (
        "NVIDIA A100-SXM4-40GB", "disabled", 40960, 40960 - 1024)
    assert gpu.processes == [GpuProcess(pid=12345, name="python train.py", used_mib=1010)]


def test_wsl_reports_the_windows_driver_and_says_so():
    result = ingest_text("| NVIDIA-SMI 535.54.04              Driver Version: 536.23       CUDA Version: 12.2     |\n")
    assert result.facts.nvidia.driver_version == "536.23"
    assert any("WSL" in n for n in result.summary.unmapped)


def test_query_q_linux():
    f = facts_of((INPUTS / "nvidia_smi_q-linux-396.txt").read_text())
    assert f.nvidia.driver_version == "396.54"
    [gpu] = f.nvidia.gpus
    assert (gpu.index, gpu.name, gpu.uuid, gpu.pci_bus_id) == (
        0, "GeForce GTX 1080", "GPU-0200523e-f473-3a45-9b4a-fbbe0e41ccf8", "00000000:01:00.0")


def test_query_q_windows_cut_off_mid_report():
    f = facts_of((INPUTS / "nvidia_smi_q-windows-truncated.txt").read_text())
    assert (f.nvidia.driver_version, f.nvidia.cuda_driver_version) == ("442.92", "10.2")
    assert [g.name for g in f.nvidia.gpus] == ["GeForce GTX 1080 Ti"]  # 4 attached, one shown: one read


def test_query_q_memory_and_mig_sections():
    text = """==============NVSMI LOG==============

Driver Version                            : 550.54.15
CUDA Version                              : 12.4

Attached GPUs                             : 1
GPU 00000000:3B:00.0
    Product Name                          : NVIDIA H100 80GB HBM3
    MIG Mode
        Current                           : Enabled
        Pending                           : Enabled
    FB Memory Usage
        Total                             : 81559 MiB
        Reserved                          : 328 MiB
        Used                              : 0 MiB
        Free                              : 81231 MiB
    BAR1 Memory Usage
        Total                             : 131072 MiB
        Free                              : 131070 MiB
"""
    [gpu] = facts_of(text).nvidia.gpus
    assert (gpu.mig_mode, gpu.memory_total_mib, gpu.memory_free_mib) == ("enabled", 81559, 81231)


def test_csv_query_with_header():
    text = ("name, compute_cap, driver_version, memory.total [MiB]\n"
            "NVIDIA GeForce RTX 4090, 8.9, 550.120, 24564 MiB\n"
            "NVIDIA GeForce RTX 3090, 8.6, 550.120, 24576 MiB\n")
    f = facts_of(text)
    assert [(g.index, g.name, g.compute_capability, g.memory_total_mib) for g in f.nvidia.gpus] == [
        (0, "NVIDIA GeForce RTX 4090", "8.9", 24564), (1, "NVIDIA GeForce RTX 3090", "8.6", 24576)]
    assert f.nvidia.driver_version == "550.120"


def test_list_gpus():
    f = facts_of("GPU 0: NVIDIA GeForce RTX 3090 (UUID: GPU-5c6b5a9e-1f2a-4b3c-8d7e-0a1b2c3d4e5f)\n"
                 "GPU 1: Tesla T4 (UUID: GPU-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d)\n")
    assert [(g.index, g.name) for g in f.nvidia.gpus] == [(0, "NVIDIA GeForce RTX 3090"), (1, "Tesla T4")]
