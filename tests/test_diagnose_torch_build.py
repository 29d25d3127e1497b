"""YD20x: torch installed, importable, and built for the GPUs; YD21x: the local CUDA toolkit."""

from diagnose_machines import GTX_1080, RTX_4090, RTX_5090, T4, V100, finding, gpu, ids, machine, pkg

from yolodoctor.facts.model import Package

CU124_ARCHS = ["sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"]


# YD201 .. YD203

def test_torch_missing_on_a_gpu_machine_suggests_the_fitting_build():
    f = finding(machine(gpus=[RTX_4090], driver="550.54.14", torch=None, torch_status="missing"), "YD201")
    assert f.severity == "error" and "/opt/venv/bin/python" in f.message
    assert f.data["wanted_variant"] and "--index-url https://download.pytorch.org/whl/" in f.fix


def test_torch_missing_without_gpu_suggests_the_cpu_build():
    f = finding(machine(torch=None, torch_status="missing"), "YD201")
    assert "whl/cpu" in f.fix


def test_missing_cuda_library():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", torch_status="error",
                    torch_error="OSError: libcublas.so.12: cannot open shared object file: No such file or directory")
    f = finding(facts, "YD202")
    assert f.category == "cuda_lib_missing" and "libcublas.so.12" in f.message
    assert "torch==2.4.1+cu124" in f.fix
    assert ids(facts) == {"YD202"} and f.explains == ("YD203",)


def test_missing_libcuda_is_the_driver():
    facts = machine(torch="2.4.1+cu124", torch_status="error", container="docker",
                    torch_error="ImportError: libcuda.so.1: cannot open shared object file: No such file or directory")
    assert "driver's own library" in finding(facts, "YD202").message


def test_import_crash_and_hang():
    crashed = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", torch_status="crashed")
    crashed.torch.signal = 11
    assert "signal 11" in finding(crashed, "YD203").message
    hung = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", torch_status="timeout")
    assert "--timeout" in finding(hung, "YD203").fix


# YD204

def test_cpu_torch_on_a_gpu_machine():
    f = finding(machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cpu"), "YD204")
    assert f.data["wanted_variant"] == "cu124" and "torch==2.4.1+cu124 torchvision==0.19.1+cu124" in f.fix


def test_cpu_torch_root_cause_swallows_flash_attn_symptoms():
    """When torch is CPU-only, 'flash-attn cannot use the GPU' is not a separate error."""
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cpu",
                    packages={"flash_attn": pkg("2.6.3", status="error",
                                                error="ImportError: flash_attn_2_cuda.so: undefined symbol: "
                                                      "_ZN3c104cuda9SetDeviceEi")},
                    dists={"flash-attn": "2.6.3"})
    assert ids(facts) == {"YD204"}
    f = finding(facts, "YD204")
    assert set(f.explains) == {"YD403", "YD405"}
    assert {g.id for g in f.folded} == {"YD403", "YD405"}


def test_windows_pypi_cpu_wheel_is_mentioned():
    f = finding(machine(gpus=[RTX_4090], driver="551.61", torch="2.4.1+cpu", os="Windows"), "YD204")
    assert "Windows" in f.message


# YD205 / YD206

def test_rtx_5090_on_cu124():
    facts = machine(gpus=[RTX_5090], driver="570.26", torch="2.4.1+cu124", arch_list=CU124_ARCHS)
    f = finding(facts, "YD205")
    assert "sm_120" in f.message and "torch.cuda.get_arch_list()" in f.evidence[0]
    assert f.data["wanted_variant"] == "cu128"  # driver 570.26 cannot run cu130
    assert ids(facts) == {"YD205"}


def test_installed_arch_list_wins_over_the_table():
    # A source build of 2.4.1 with sm_120 added: the table says cu124 wheels lack it, the build has it.
    facts = machine(gpus=[RTX_5090], driver="570.26", torch="2.4.1+cu124", arch_list=CU124_ARCHS + ["sm_120"])
    assert "YD205" not in ids(facts)


def test_table_stands_in_without_an_arch_list():
    f = finding(machine(gpus=[RTX_5090], driver="570.26", torch="2.4.1+cu124", torch_source="metadata",
                        cuda_available=None), "YD205")
    assert "compat/torch.toml" in f.evidence[0]


def test_gtx_1080_on_cu128_wheels():
    f = finding(machine(gpus=[GTX_1080], driver="570.26", torch="2.8.0+cu128"), "YD205")
    assert "sm_61" in f.message and f.data["wanted_variant"] == "cu126"
    assert "torch==2.8.0+cu126" in f.fix


def test_volta_on_cu130_explains_the_cudnn_drop():
    facts = machine(gpus=[V100], driver="580.65.06", torch="2.14.1+cu130", cudnn="9.24.0")
    assert ids(facts) == {"YD205"}
    assert finding(facts, "YD205").explains == ("YD303",)


def test_gpu_no_wheel_supports():
    facts = machine(gpus=[gpu("Tesla K40c", "3.5")], driver="470.82.01", torch="2.0.1+cu118")
    assert "No official PyTorch wheel" in finding(facts, "YD205").fix


def test_ptx_only_gpu_is_a_note():
    facts = machine(gpus=[gpu("Future GPU", "13.0")], driver="600.10", torch="2.14.1+cu130",
                    arch_list=["sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120", "compute_120"])
    assert ids(facts) == {"YD206", "YD220"}  # YD220: capability 13.0 is newer than the GPU table
    assert finding(facts, "YD206").severity == "info"


# YD210 .. YD212

def test_nvcc_major_differs_only_a_note_without_a_build():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.2.2+cu118", nvcc="12.2",
                    toolkits=[("12.2", "/usr/local/cuda-12.2"), ("11.8", "/usr/local/cuda-11.8")])
    f = finding(facts, "YD210")
    assert f.severity == "info" and "export CUDA_HOME=/usr/local/cuda-11.8" in f.fix


def test_nvcc_major_differs_is_an_error_when_flash_attn_must_be_rebuilt():
    facts = machine(gpus=[RTX_4090], driver="580.65.06", torch="2.14.1+cu130", nvcc="12.8", cxx11_abi=True,
                    packages={"flash_attn": pkg("2.8.3", status="error",
                                                error="ImportError: undefined symbol: _ZN3c105ErrorC2E")},
                    dists={"flash-attn": "2.8.3"})
    f = finding(facts, "YD210")
    assert f.severity == "error" and f.data["build_needed"]
    assert {"YD210", "YD403"} <= ids(facts)


def test_same_major_nvcc_is_fine():
    assert "YD210" not in ids(machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu121", nvcc="12.6"))


def test_cuda_home_without_toolkit_and_disagreeing():
    gone = machine(gpus=[RTX_4090], driver="550.54.14", nvcc="12.4", cuda_home="/usr/local/cuda-11.7")
    assert "does not hold a CUDA toolkit" in finding(gone, "YD211").message
    other = machine(gpus=[RTX_4090], driver="550.54.14", nvcc="12.4", cuda_home="/usr/local/cuda-11.8",
                    toolkits=[("12.4", "/usr/local/cuda-12.4"), ("11.8", "/usr/local/cuda-11.8")])
    assert "CUDA 11.8 but nvcc on PATH is CUDA 12.4" in finding(other, "YD211").message


def test_nvcc_newer_than_driver():
    f = finding(machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", nvcc="13.0"), "YD212")
    assert f.severity == "warning" and "580" in f.message


def test_unknown_torch_state_fires_nothing():
    facts = machine(torch=None, torch_status=None, nvidia_probed=False)
    facts.torch.status = None
    facts.packages = {k: Package() for k in facts.packages}
    assert ids(facts) == set()


def test_torch_older_than_the_tables_says_it_itself():
    """torch 1.3.1 is older than compat/torch.toml; its own warning names the unsupported GPU."""
    facts = machine(gpus=[gpu("GeForce 820M", None)], driver="418.39", torch="1.3.1", torch_cuda="10.1",
                    torch_warnings=["UserWarning: Found GPU0 GeForce 820M which is of cuda capability 2.1. PyTorch no "
                                    "longer supports this GPU because it is too old."])
    f = finding(facts, "YD205")
    assert f.certainty == "likely" and "no longer supports this GPU" in f.message


# YD205 without an arch list: the CUDA torch was built with against the first CUDA that compiles for the GPU

RTX_3090 = ("NVIDIA GeForce RTX 3090", "8.6")


def test_a_torch_older_than_the_tables_built_with_a_cuda_older_than_the_gpu_has_no_kernels_for_it():
    facts = machine(gpus=[RTX_3090], driver="470.82.01", torch="1.6.0+cu101")
    f = finding(facts, "YD205")
    assert f.category == "gpu_arch_unsupported" and f.certainty == "likely"
    assert "CUDA 10.1" in f.message and "CUDA 11.0 or newer" in f.message
    assert f.data["first_cuda"] == "11.0" and f.data["capabilities"] == ["8.6"]


def test_an_earlier_architecture_of_the_same_major_serves_the_gpu_and_older_gpus_are_not_judged():
    # CUDA 11.0 compiles sm_80, whose cubins run on sm_86: an RTX 3090 under a cu110 build is served.
    assert "YD205" not in ids(machine(gpus=[RTX_3090], driver="470.82.01", torch="1.7.1+cu110"))
    # Turing (sm_75) is served by CUDA 10's sm_70 and sm_75; Pascal has no first CUDA in the table.
    assert "YD205" not in ids(machine(gpus=[T4], driver="470.82.01", torch="1.6.0+cu101"))
    assert "YD205" not in ids(machine(gpus=[GTX_1080], driver="470.82.01", torch="1.6.0+cu101"))
