"""Corrections to compat/ found by checking it against primary sources (docs/knowledge.md).

Each test pins a fact that used to be wrong, through the diagnosis a user sees."""

from diagnose_machines import V100, finding, ids, machine

from yolodoctor.knowledge import compat


def test_v100_on_2_11_cu128_has_no_kernels():
    # The 2.11 CUDA 12.8 wheels dropped Volta (pytorch/pytorch#172352, RELEASE.md for 2.11).
    facts = machine(gpus=[V100], driver="570.124.06", torch="2.11.0+cu128")
    assert "YD205" in ids(facts)
    f = finding(facts, "YD205")
    assert "sm_70" in f.message
    assert f.data["wanted_variant"] == "cu126" and "torch==2.11.0+cu126" in f.fix


def test_v100_on_2_11_cu130_is_told_cu126_not_cu128():
    facts = machine(gpus=[V100], driver="580.65.06", torch="2.11.0+cu130")
    f = finding(facts, "YD205")
    assert f.data["wanted_variant"] == "cu126", f.fix
    assert "+cu128" not in f.fix


def test_v100_on_2_10_cu128_still_fine():
    facts = machine(gpus=[V100], driver="570.124.06", torch="2.10.0+cu128")
    assert "YD205" not in ids(facts)


def test_cu129_of_2_11_has_no_volta():
    entry = compat.arch_entry("cu129", "2.11.0")
    assert entry is not None and not entry.runs_on((7, 0)) and entry.runs_on((7, 5))


def test_cudnn_of_2_6_cu126_is_9_5_not_9_1():
    assert compat.cudnn_bundled("2.6.0", "cu126") == "9.5.1.17"
    assert compat.cudnn_bundled("2.6.0", "cu124") == "9.1.0.70"


def test_recent_builds_have_a_cudnn_row():
    for torch, variant in (("2.11.0", "cu128"), ("2.12.0", "cu132"), ("2.13.0", "cu132"), ("2.14.1", "cu132"),
                           ("2.14.1", "cu126"), ("2.15.0", "cu132")):
        assert compat.cudnn_bundled(torch, variant), (torch, variant)


def test_cuda13_windows_driver_is_marked_secondary():
    need = compat.driver_requirement("13.0", "Windows")
    assert need.minimum == "580.88" and need.verified is False
    assert compat.driver_requirement("12.8", "Windows").verified is True


def test_v100_on_2_15_is_sent_back_to_the_last_cuda12_release():
    # No CUDA 12.6 wheels from 2.15 on (PyTorch's notice, RFC pytorch/pytorch#190385): 2.14.1 cu126 is the way.
    assert "cu126" not in compat.torch_release("2.15.0").cuda_variants
    f = finding(machine(gpus=[V100], driver="580.65.06", torch="2.15.0+cu130"), "YD205")
    assert f.data["wanted_torch"] == "2.14.1" and f.data["wanted_variant"] == "cu126"


def test_cu132_arch_list_is_verified():
    entry = compat.arch_entry("cu132", "2.13.0")
    assert entry.verified and entry.ptx == "compute_120" and not entry.runs_on((7, 0))


def test_a_future_toolkit_and_gpu_are_said_once_never_a_crash():
    from diagnose_machines import gpu

    facts = machine(gpus=[gpu("NVIDIA Future GPU", "13.0")], driver="600.10", torch="2.14.1+cu130",
                    nvcc="13.9", toolkits=[("13.9", "/usr/local/cuda-13.9")])
    f = finding(facts, "YD220")
    assert "CUDA toolkit 13.9 (nvcc) is newer than this yolodoctor's tables" in f.message
    assert "reports compute capability 13.0" in f.message and "judged by the capability it reports" in f.message
    assert "torch" not in [n["kind"] for n in f.data["newer"]]  # 2.14.1 is known: not said
