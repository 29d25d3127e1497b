"""YD1xx: driver and GPU rules, over Facts of imagined machines."""

from diagnose_machines import GiB, RTX_4090, A100, finding, gpu, ids, machine, pkg

from yolodoctor.diagnose.engine import exit_code_for, run
from yolodoctor.facts.model import Command


def test_healthy_gpu_machine_has_no_findings():
    assert ids(machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124")) == set()


# YD101 / YD102: compat/cuda.toml 12.x floor 525.60.13, 12.4 toolkit driver 550.54.14, 13.x floor 580.

def test_cu12_torch_below_525_60_13_is_an_error():
    facts = machine(gpus=[RTX_4090], driver="470.82.01", torch="2.4.1+cu124", cuda_available=False)
    f = finding(facts, "YD101")
    assert f.severity == "error" and f.category == "driver_too_old"
    assert "525.60.13" in f.message and "11.4" in f.message
    assert f.data["required_driver"] == "525.60.13" and f.data["recommended_driver"] == "550.54.14"
    assert f.data["wanted_variant"] == "cu118"  # what driver 470 can run (11.x floor 450.80.02)
    assert "torch==2.4.1+cu118" in f.fix and "https://download.pytorch.org/whl/cu118" in f.fix
    # torch.cuda.is_available() False is its symptom, reported inside it
    assert ids(facts) == {"YD101"} and f.explains == ("YD105",)


def test_driver_at_the_floor_is_only_a_note():
    facts = machine(gpus=[RTX_4090], driver="525.60.13", torch="2.4.1+cu124")
    assert ids(facts) == {"YD102"}
    f = finding(facts, "YD102")
    assert f.severity == "info" and "550.54.14" in f.message
    assert exit_code_for(run(facts).findings) == 0


def test_driver_between_floor_and_toolkit_driver():
    f = finding(machine(gpus=[RTX_4090], driver="535.54.03", torch="2.4.1+cu124"), "YD102")
    assert f.data["recommended_driver"] == "550.54.14"
    # cu121 is fully supported by 535: offered through the chooser (`fix --torch`), not as a second pip command
    assert "yolodoctor fix --torch 2.4.1+cu121" in f.fix and "pip install" not in f.fix


def test_cu13_torch_below_580_is_an_error():
    facts = machine(gpus=[RTX_4090], driver="575.57.08", torch="2.14.1+cu130", cuda_available=False)
    f = finding(facts, "YD101")
    assert "580" in f.message and f.certainty == "likely"  # the 13.x floor is marked unverified
    assert f.data["wanted_variant"] == "cu126"
    assert ids(machine(gpus=[RTX_4090], driver="580.65.06", torch="2.14.1+cu130")) == set()


def test_driver_cuda_level_from_a_pasted_report():
    facts = machine(gpus=[RTX_4090], driver=None, cuda_driver="11.0", torch="2.1.0+cu121", cuda_available=None,
                    torch_source="pasted")
    f = finding(facts, "YD101")
    assert "supports CUDA up to 11.0" in f.message


def test_torch_warning_alone_is_enough():
    facts = machine(gpus=[], driver=None, torch="2.1.0+cu121", torch_source="pasted", nvidia_probed=False,
                    torch_warnings=["UserWarning: CUDA initialization: The NVIDIA driver on your system is too old "
                                    "(found version 11000)."])
    f = finding(facts, "YD101")
    assert any("too old" in e for e in f.evidence)


# YD103

def test_nvml_mismatch():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", cuda_available=False,
                    nvml_status="error", nvml_error="Driver/library version mismatch")
    f = finding(facts, "YD103")
    assert f.severity == "error" and ids(facts) == {"YD103"}  # YD105 folded in


def test_kernel_and_user_space_versions_differ():
    facts = machine(gpus=[RTX_4090], driver="570.124.06", torch="2.4.1+cu124")
    facts.nvidia.driver_versions_seen = {"/sys/module/nvidia/version": "570.124.06", "nvml": "570.124.04"}
    f = finding(facts, "YD103")
    assert "570.124.06" in f.message and "570.124.04" in f.message


# YD104

def test_no_gpu_with_cuda_torch_in_docker():
    f = finding(machine(torch="2.14.1+cu130", container="docker"), "YD104")
    assert f.severity == "warning" and "docker container" in f.message and "--gpus all" in f.fix
    # the CPU build of the same release, through the chooser (`fix --torch` pins it with +cpu)
    assert "yolodoctor fix --torch 2.14.1+cpu" in f.fix


def test_no_gpu_with_cpu_torch_is_a_note_and_with_a_gpu_profile_an_error():
    assert finding(machine(torch="2.4.1+cpu"), "YD104").severity == "info"
    assert finding(machine(torch="2.4.1+cpu"), "YD104", profile="tensorrt-export").severity == "error"


def test_nothing_known_about_nvidia_is_not_no_gpu():
    assert "YD104" not in ids(machine(torch="2.4.1+cu124", nvidia_probed=False))


# YD105 .. YD109

def test_cuda_unavailable_with_a_gpu_and_good_driver():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", cuda_available=False)
    f = finding(facts, "YD105")
    assert f.certainty == "likely" and "torch.cuda.init()" in f.fix


def test_cuda_visible_devices_hiding_everything():
    for value in ("", "-1", "none", "3", "GPU-deadbeef"):
        facts = machine(gpus=[gpu(*RTX_4090, uuid="GPU-1234")], driver="550.54.14", torch="2.4.1+cu124",
                        cuda_available=False, cuda_visible_devices=value)
        assert ids(facts) == {"YD106"}, value
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", cuda_visible_devices="0")
    assert "YD106" not in ids(facts)


def test_nouveau():
    facts = machine(gpus=[], torch="2.4.1+cu124", nouveau_loaded=True)
    facts.nvidia.nouveau_loaded = True
    assert ids(facts) == {"YD107"}
    assert finding(facts, "YD107").explains == ("YD104",)


def test_container_without_nvidia_uvm():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", cuda_available=False,
                    container="docker")
    facts.nvidia.device_nodes = ["/dev/nvidia0", "/dev/nvidiactl"]
    assert ids(facts) == {"YD108"}


def test_nvidia_smi_hang():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124")
    facts.nvidia.nvidia_smi = Command(path="/usr/bin/nvidia-smi", status="timeout", seconds=10.0)
    assert finding(facts, "YD109").category == "other"


# YD110 .. YD112

def test_gpu_memory_taken_by_others():
    facts = machine(gpus=[gpu("NVIDIA GeForce RTX 4090", "8.9", 24576, 1000, processes=2)], driver="550.54.14")
    f = finding(facts, "YD110")
    assert "1000 MiB free of 24576 MiB" in f.message and "2 processes" in f.message
    assert "YD110" not in ids(machine(gpus=[gpu("NVIDIA GeForce RTX 4090", "8.9", 24576, 20000)],
                                      driver="550.54.14"))


def test_profile_gpu_count_and_memory():
    one = machine(gpus=[A100], driver="550.54.14", torch="2.4.1+cu124")
    assert "YD111" in ids(one, profile="multi-gpu-train")
    two = machine(gpus=[A100, A100], driver="550.54.14", torch="2.4.1+cu124")
    assert "YD111" not in ids(two, profile="multi-gpu-train")
    small = machine(gpus=[gpu("NVIDIA GeForce GT 1030", "6.1", 2048)], driver="550.54.14", torch="2.4.1+cu124",
                    packages={"ultralytics": pkg("8.4.0", install_kind="wheel")})
    assert "YD112" in ids(small, profile="yolo12")
    assert "YD112" not in ids(small)


def test_memory_facts_in_gib_helper():
    assert GiB == 1024 ** 3


def test_a_mismatch_says_when_the_driver_after_the_reboot_is_still_too_old_for_torch():
    # The kernel module of 550 is loaded, the user space was replaced by the 470 branch (CUDA 11.4): the reboot
    # loads 470, and minor-version compatibility does not carry torch's CUDA 12.4 onto a CUDA 11 driver.
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", cuda_available=False)
    facts.nvidia.driver_versions_seen = {"/sys/module/nvidia/version": "550.54.14", "nvml": "470.256.02"}
    f = finding(facts, "YD103")
    assert "After the reboot the driver will be 470.256.02, which supports CUDA up to 11.4" in f.message
    assert "runs on the CPU only" in f.message
    # Within one CUDA major the reboot alone is enough: nothing is said about after it.
    facts.nvidia.driver_versions_seen["nvml"] = "535.216.01"
    assert "After the reboot" not in finding(facts, "YD103").message


def test_nvidia_smi_that_cannot_reach_the_driver_is_yd113_not_a_silent_note():
    facts = machine(torch="2.4.1+cu124")
    facts.nvidia.kernel_module_loaded = False
    facts.nvidia.nvidia_smi.status, facts.nvidia.nvidia_smi.exit_code = "error", 9
    facts.nvidia.nvidia_smi.error = ("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
                                     "Make sure that the latest NVIDIA driver is installed and running.")
    f = finding(facts, "YD113")
    assert f.severity == "error" and "exit status 9" in f.evidence[0]
    assert "YD104" not in ids(facts)  # explained by it, not beside it
    facts.nvidia.nouveau_loaded = True  # nouveau holding the GPU is YD107's story
    assert "YD113" not in ids(facts)
