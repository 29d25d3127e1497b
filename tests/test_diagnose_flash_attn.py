"""YD4xx: flash-attn on the wrong GPU, the wrong torch, not built, or without a GPU."""

from diagnose_machines import A100, RTX_4090, RTX_5090, T4, V100, finding, ids, machine, pkg

UNDEFINED = "ImportError: /venv/lib/python3.10/site-packages/flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: " \
            "undefined symbol: _ZN3c104cuda9SetDeviceEi"


def fa(version, status="ok", error=None, **details):
    return {"flash_attn": pkg(version, status=status, error=error, **details)}


# YD401

def test_flash_attn_2_on_volta():
    facts = machine(gpus=[V100], driver="550.54.14", torch="2.4.1+cu124", packages=fa("2.5.8"))
    f = finding(facts, "YD401")
    assert f.severity == "warning" and "8.0" in f.message and "Ampere GPUs or newer" in f.message
    assert ids(facts) == {"YD401"}


def test_flash_attn_2_on_turing_suggests_flash_attn_1():
    f = finding(machine(gpus=[T4], driver="550.54.14", torch="2.4.1+cu124", packages=fa("2.5.8")), "YD401")
    assert 'flash-attn>=1.0,<2' in f.fix


def test_required_by_the_profile_makes_it_an_error():
    facts = machine(gpus=[V100], driver="550.54.14", torch="2.4.1+cu124", packages=fa("2.5.8"))
    assert finding(facts, "YD401", profile="yolov12").severity == "warning"  # recommended: forks fall back
    assert "YD401" not in ids(machine(gpus=[A100], driver="550.54.14", torch="2.4.1+cu124", packages=fa("2.5.8")))


# YD402 (flash-attn <= 2.7.2 refuses Blackwell; 2.7.3-2.7.x wheels have no Blackwell kernels; 2.8.0 has)

def test_old_flash_attn_refuses_blackwell():
    facts = machine(gpus=[RTX_5090], driver="570.26", torch="2.7.0+cu128", cxx11_abi=True,
                    packages=fa("2.7.2.post1"))
    f = finding(facts, "YD402")
    assert f.certainty == "certain" and "Ampere GPUs or newer" in f.message
    assert f.data["wanted_flash_attn"] == "2.8.0"
    assert "flash_attn-2.8.3.post1+cu12torch2.7cxx11abiTRUE-cp311-cp311-linux_x86_64.whl" in f.fix


def test_2_7_4_wheels_lack_blackwell_kernels():
    f = finding(machine(gpus=[RTX_5090], driver="570.26", torch="2.7.0+cu128", packages=fa("2.7.4")), "YD402")
    assert f.certainty == "likely"


def test_2_8_supports_blackwell():
    assert "YD402" not in ids(machine(gpus=[RTX_5090], driver="570.26", torch="2.7.0+cu128", packages=fa("2.8.3")))


# YD403

def test_built_for_another_torch_with_a_matching_wheel():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.3.0+cu121", python="3.10.14",
                    packages=fa("2.5.8", status="error", error=UNDEFINED), dists={"flash-attn": "2.5.8"})
    f = finding(facts, "YD403")
    assert f.category == "flash_attn_abi"
    assert f.data["wheel_filename"] == "flash_attn-2.5.8+cu122torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl"
    assert f.data["wheel_url"] in f.fix


def test_cu11_wheel_next_to_a_cuda_12_torch():
    error = "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory"
    facts = machine(gpus=[A100], driver="550.54.14", torch="2.2.2+cu121", packages=fa("2.7.3", "error", error),
                    dists={"flash-attn": "2.7.3"})
    f = finding(facts, "YD403")
    assert "+cu12torch2.2" in f.data["wheel_filename"]
    ok = machine(gpus=[A100], driver="550.54.14", torch="2.2.2+cu121", dists={"flash-attn": "2.7.3"},
                 packages=fa("2.7.3", "error", "ImportError: libcudart.so.12: cannot open shared object file"))
    assert "YD403" not in ids(ok)


def test_no_wheel_means_rebuild():
    facts = machine(gpus=[RTX_4090], driver="580.65.06", torch="2.14.1+cu130", cxx11_abi=True,
                    packages=fa("2.8.3", "error", UNDEFINED), dists={"flash-attn": "2.8.3"})
    f = finding(facts, "YD403")
    assert "FLASH_ATTENTION_FORCE_BUILD=TRUE" in f.fix and "--no-build-isolation" in f.fix


# YD404

def test_profile_wants_flash_attn_and_a_wheel_exists():
    facts = machine(gpus=[A100], driver="550.54.14", torch="2.2.2+cu118", cuda_available=True)
    f = finding(facts, "YD404", profile="yolov12")
    assert f.severity == "info" and "flash_attn-2.7.3+cu11torch2.2cxx11abiFALSE-cp311" in f.fix


def test_profile_wants_flash_attn_and_it_must_be_built():
    facts = machine(gpus=[A100], driver="580.65.06", torch="2.14.1+cu130", cxx11_abi=True,
                    packages={"flash_attn": pkg(None, status="missing", packaging_version="24.0",
                                                ninja_version=None, ninja_on_path=None)})
    f = finding(facts, "YD404", profile="yolov12")
    assert f.severity == "warning" and "ninja" in f.message and "nvcc" in f.message
    assert "--no-build-isolation" in f.fix


def test_profile_on_a_gpu_below_the_flash_attn_floor_asks_nothing():
    assert "YD404" not in ids(machine(gpus=[V100], driver="550.54.14", torch="2.2.2+cu118"), profile="yolov12")


# YD405

def test_flash_attn_without_any_gpu_is_folded_into_no_gpu():
    facts = machine(torch="2.4.1+cu124", packages=fa("2.6.3"), dists={"flash-attn": "2.6.3"})
    assert ids(facts) == {"YD104"}
    root = finding(facts, "YD104")
    assert root.explains == ("YD405",) and root.severity == "error"  # takes the severity of what it explains


def test_flash_attn_with_cuda_unusable_is_reported_with_the_cuda_problem():
    facts = machine(gpus=[A100], driver="550.54.14", torch="2.4.1+cu124", cuda_available=False,
                    packages=fa("2.6.3"))
    assert ids(facts) == {"YD105"}
    assert finding(facts, "YD105").explains == ("YD405",)


def test_refusal_in_a_pasted_report_without_version():
    """A pasted log with flash-attn's refusal on a Titan V (capability from the GPU table's examples)."""
    facts = machine(gpus=[("NVIDIA TITAN V", None)], driver="535.54.03", torch="2.2.2+cu121",
                    packages={"flash_attn": pkg(None, status="error",
                                                error="RuntimeError: FlashAttention only supports Ampere GPUs or newer.")})
    f = finding(facts, "YD401")
    assert "7.0" in f.message and "Volta" in f.message
    unknown = machine(gpus=[("Mystery GPU", None)], driver="535.54.03", torch="2.2.2+cu121",
                      packages={"flash_attn": pkg(None, status="error",
                                                  error="RuntimeError: FlashAttention only supports Ampere GPUs or newer.")})
    assert finding(unknown, "YD401").certainty == "likely"
