"""Torch-set selection over drivers x GPUs x Python versions x installed/pinned torch.

Every expectation follows from the compat tables, cited per row:
  [T] compat/cuda.toml [[toolkit]] (CUDA Toolkit release notes, Table 3)
  [M] compat/cuda.toml [[minor_compat]] (release notes Table 2 / CUDA compatibility guide)
  [R] compat/torch.toml [[release]] (PyPI, pytorch/test-infra generate_binary_build_matrix.py)
  [A] compat/torch.toml [[arch]] (pytorch/builder and .ci/manywheel build_cuda.sh, pytorch#157517)
"""

import pytest

from yolodoctor.facts.model import Facts, Gpu, Nvidia
from yolodoctor.fix.machine import GpuInfo, Machine, visible_gpus
from yolodoctor.fix.select import arch_covers, driver_check, select_torch_set

RTX3090 = GpuInfo("NVIDIA GeForce RTX 3090", "8.6")
GTX1080 = GpuInfo("NVIDIA GeForce GTX 1080", "6.1")
RTX5090 = GpuInfo("NVIDIA GeForce RTX 5090", "12.0")
H100 = GpuInfo("NVIDIA H100", "9.0")
K80 = GpuInfo("Tesla K80", "3.7")
K40 = GpuInfo("Tesla K40c", "3.5")
RTX4090 = GpuInfo("NVIDIA GeForce RTX 4090", "8.9")


def linux(**kw):
    kw.setdefault("os", "linux")
    kw.setdefault("platform", "linux-x86_64")
    kw.setdefault("python", "3.11")
    return Machine(**kw)


# (id, machine, pin, expected pins | None, expected change)
CASES = [
    # CPU build on a GPU box: keep 2.4.1, highest variant the 550.54.14 driver runs natively is cu124 [T][R][A].
    ("cpu-torch-550-3090", linux(driver="550.54.14", gpus=(RTX3090,), torch="2.4.1+cpu",
                                 torchvision="0.19.1+cpu"), None,
     ("torch==2.4.1+cu124", "torchvision==0.19.1+cu124"), "variant"),
    # 545.23.06 is CUDA 12.3 natively; cu124 still runs by minor-version compatibility (>= 525.60.13) [T][M].
    ("cpu-torch-545-minor-compat", linux(driver="545.23.06", gpus=(RTX3090,), torch="2.4.1+cpu"), None,
     ("torch==2.4.1+cu124", "torchvision==0.19.1+cu124"), "variant"),
    # 520.61.05 is below the CUDA 12 floor 525.60.13 but runs 11.8 natively [T][M].
    ("cpu-torch-520-cu118", linux(driver="520.61.05", gpus=(RTX3090,), torch="2.4.1+cpu"), None,
     ("torch==2.4.1+cu118", "torchvision==0.19.1+cu118"), "variant"),
    # 470.82.01 runs CUDA 11.x by minor-version compatibility (>= 450.80.02) [M].
    ("cu124-on-470-goes-cu118", linux(driver="470.82.01", gpus=(RTX3090,), torch="2.4.1+cu124",
                                      torchvision="0.19.1+cu124"), None,
     ("torch==2.4.1+cu118", "torchvision==0.19.1+cu118"), "variant"),
    # GTX 1080 (sm_61): cu128 of torch >= 2.8 dropped sm_60; cu126 keeps it [A: cu128 torch_min 2.8.0, cu126].
    ("sm61-keeps-cu126", linux(driver="570.26", gpus=(GTX1080,), torch="2.8.0+cu128",
                               torchvision="0.23.0+cu128"), None,
     ("torch==2.8.0+cu126", "torchvision==0.23.0+cu126"), "variant"),
    # RTX 5090 (sm_120): only cu128+ builds have sm_120; nearest release line with one is 2.7 [A][R].
    ("sm120-needs-cu128", linux(driver="570.26", gpus=(RTX5090,), torch="2.4.1+cu124",
                                torchvision="0.19.1+cu124"), None,
     ("torch==2.7.1+cu128", "torchvision==0.22.1+cu128"), "upgrade"),
    # sm_120 on 2.8.0+cu126: cu129 (12.9) is the highest variant of 2.8.0 with sm_120; 575.51.03 runs it [T][A].
    ("sm120-cu126-to-cu129", linux(driver="575.51.03", gpus=(RTX5090,), torch="2.8.0+cu126"), None,
     ("torch==2.8.0+cu129", "torchvision==0.23.0+cu129"), "variant"),
    # K80 (sm_37): only cu118 builds carry sm_37, and cu118 ends at 2.7 [A][R]; but the cu118 wheels of
    # 2.4-2.7 bundle cuDNN 9.x, whose floor is compute capability 5.0 (compat/cudnn.toml), so convolutions
    # would fail there (YD303). 2.3.1 is the newest whose bundled cuDNN is not recorded as dropping it.
    ("sm37-downgrade-cu118", linux(driver="550.54.14", gpus=(K80,), torch="2.8.0+cu128"), None,
     ("torch==2.3.1+cu118", "torchvision==0.18.1+cu118"), "downgrade"),
    # 580.65.06 runs CUDA 13.0 natively; torch 2.9 has cu130 [T][R].
    ("driver-580-cu130", linux(driver="580.65.06", gpus=(RTX3090,), torch="2.9.0+cpu"), None,
     ("torch==2.9.0+cu130", "torchvision==0.24.0+cu130"), "variant"),
    # H100 on 535.54.03: CUDA 13 floor (580) not met; cu128 runs by minor-version compatibility [M][R].
    ("h100-535-cu128", linux(driver="535.54.03", gpus=(H100,), torch="2.9.0+cpu"), None,
     ("torch==2.9.0+cu128", "torchvision==0.24.0+cu128"), "variant"),
    # RTX 4090 (sm_89) runs sm_86 cubins [A note].
    ("sm89-on-sm86-cubin", linux(driver="550.54.14", gpus=(RTX4090,), torch="2.4.1+cpu"), None,
     ("torch==2.4.1+cu124", "torchvision==0.19.1+cu124"), "variant"),
    # A pinned version is honoured (2.5.1 has cu118/cu121/cu124) [R].
    ("pin-2.5.1", linux(driver="550.54.14", gpus=(RTX3090,), torch="2.4.1+cpu"), "2.5.1",
     ("torch==2.5.1+cu124", "torchvision==0.20.1+cu124"), "upgrade"),
    # A pinned variant is honoured.
    ("pin-variant-cu121", linux(driver="550.54.14", gpus=(RTX3090,), torch="2.4.1+cpu"), "2.4.1+cu121",
     ("torch==2.4.1+cu121", "torchvision==0.19.1+cu121"), "variant"),
    # torch is fine, torchvision is the cu124 build of a cu121 torch: pair it, keep torch exactly [R].
    ("pair-torchvision", linux(driver="550.54.14", gpus=(RTX3090,), torch="2.4.1+cu121",
                               torchvision="0.19.1+cu124"), None,
     ("torch==2.4.1+cu121", "torchvision==0.19.1+cu121"), "pair"),
    # torchaudio comes along when installed [R].
    ("torchaudio-paired", linux(driver="550.54.14", gpus=(RTX3090,), torch="2.4.1+cpu",
                                torchvision="0.19.1+cpu", torchaudio="2.4.1+cpu"), None,
     ("torch==2.4.1+cu124", "torchvision==0.19.1+cu124", "torchaudio==2.4.1+cu124"), "variant"),
    # No torch yet, Python 3.13: newest verified release with cp313 whose variants the 550 driver runs:
    # 2.14.1 has cu126/cu130/cu132; CUDA 13 needs >= 580, so cu126 [R][M]. (2.15.0 is verified = false.)
    ("no-torch-py313", linux(python="3.13", driver="550.54.14", gpus=(RTX3090,)), None,
     ("torch==2.14.1+cu126", "torchvision==0.29.1+cu126"), "install"),
    # Windows: 551.61 is the Windows driver of CUDA 12.4 [T].
    ("windows-551", Machine(os="windows", platform="win-amd64", python="3.11", driver="551.61",
                            gpus=(RTX3090,), torch="2.4.1+cpu"), None,
     ("torch==2.4.1+cu124", "torchvision==0.19.1+cu124"), "variant"),
    # Only the driver's CUDA version is known (nvidia-smi header): 12.2 runs cu124 by minor compatibility.
    ("driver-cuda-only", linux(driver_cuda="12.2", gpus=(RTX3090,), torch="2.4.1+cpu"), None,
     ("torch==2.4.1+cu124", "torchvision==0.19.1+cu124"), "variant"),
    # GTX 1080, Python 3.10, driver 440.33 (CUDA 10.2 only, no minor compatibility for CUDA 10):
    # 1.12.1+cu102 is the only build; torchvision 0.13.1 pairs it [T][M][R][A].
    ("cuda10-driver-downgrade", linux(python="3.10", driver="440.33", gpus=(GTX1080,), torch="2.4.1+cu124"),
     None, ("torch==1.12.1+cu102", "torchvision==0.13.1+cu102"), "downgrade"),
]


@pytest.mark.parametrize("case_id,machine,pin,expected,change", CASES, ids=[c[0] for c in CASES])
def test_selection_table(case_id, machine, pin, expected, change):
    selection = select_torch_set(machine, pin)
    assert selection.problems == ()
    assert selection.chosen is not None, selection
    assert selection.chosen.pins() == expected
    assert selection.chosen.change == change


def test_chosen_build_has_every_gpu_and_runs_on_the_driver():
    for _id, machine, pin, _expected, _change in CASES:
        chosen = select_torch_set(machine, pin).chosen
        runs, how, _ = driver_check(chosen.variant, machine)
        assert runs, (_id, how)


NOTHING_FITS = [
    # Kepler sm_35: no official build has it [A].
    ("sm35-no-build", linux(driver="550.54.14", gpus=(K40,), torch="2.4.1+cu124"), "has kernels for sm_35", None),
    # Driver 418 (CUDA 10.1): below every variant of every 3.11 release; 11.x needs >= 450.80.02 [M].
    ("driver-418", linux(driver="418.67", gpus=(RTX3090,), torch="2.4.1+cu124"), "too old", "450.80.02"),
    # RTX 5090 on Python 3.8: the first sm_120 builds (2.7) have no cp38 wheels [R].
    ("sm120-py38", linux(python="3.8", driver="570.26", gpus=(RTX5090,), torch="2.4.1+cu124"), "sm_120", None),
    # The driver is unknown: nothing can be chosen honestly.
    ("driver-unknown", linux(gpus=(RTX3090,), torch="2.4.1+cpu"), "unknown", None),
]


@pytest.mark.parametrize("case_id,machine,text,needs", NOTHING_FITS, ids=[c[0] for c in NOTHING_FITS])
def test_nothing_fits(case_id, machine, text, needs):
    selection = select_torch_set(machine)
    assert selection.chosen is None
    assert any(text in p for p in selection.problems), selection.problems
    assert selection.needs_driver == needs


def test_installed_set_that_fits_is_left_alone():
    machine = linux(driver="550.54.14", gpus=(RTX3090,), torch="2.4.1+cu124", torchvision="0.19.1+cu124")
    selection = select_torch_set(machine)
    assert selection.current_ok and selection.chosen is None


def test_cu128_on_535_is_fine_by_minor_compat():
    # A PyPI torch 2.8.0 (cu128 default [R]) on a 535 driver runs: no change proposed.
    machine = linux(driver="535.104.05", gpus=(RTX3090,), torch="2.8.0")
    assert select_torch_set(machine).current_ok


def test_runtime_arch_list_beats_the_table():
    # A custom build whose get_arch_list() lacks sm_86 is judged by what it reports.
    machine = linux(driver="550.54.14", gpus=(RTX3090,), torch="2.4.1+cu124", torch_cuda_known=True,
                    torch_cuda="12.4", torch_arch_list=("sm_70", "sm_75"))
    selection = select_torch_set(machine)
    assert not selection.current_ok
    assert selection.chosen.pins()[0] == "torch==2.4.1+cu124"


def test_no_gpu_means_no_cuda_selection():
    selection = select_torch_set(linux(driver=None, gpus=(), torch="2.4.1+cpu"))
    assert selection.current_ok and selection.chosen is None


def test_macos_has_no_cuda_wheels():
    machine = Machine(os="darwin", platform="macosx-11.0-arm64", python="3.11", driver="550.54.14",
                      gpus=(RTX3090,), torch="2.4.1")
    selection = select_torch_set(machine)
    assert selection.chosen is None and "macosx" in selection.problems[0]


@pytest.mark.parametrize("arch_list,ptx,cap,ptx_usable,expected", [
    (("sm_60",), None, (6, 1), False, True),  # sm_60 cubin runs on sm_61
    (("sm_70", "sm_80"), None, (6, 1), False, False),
    (("sm_86",), None, (8, 9), False, True),
    (("sm_90",), None, (8, 9), False, False),  # another major, no PTX
    (("sm_90",), "compute_90", (12, 0), True, True),  # PTX JIT with a driver that runs it natively
    (("sm_90",), "compute_90", (12, 0), False, False),  # not under minor-version compatibility
    (("sm_100", "sm_120"), None, (12, 1), False, True),
    (("sm_90a",), None, (9, 0), False, True),
])
def test_arch_covers(arch_list, ptx, cap, ptx_usable, expected):
    assert arch_covers(arch_list, ptx, cap, ptx_usable) is expected


def test_cuda_visible_devices_filters_gpus():
    facts = Facts(nvidia=Nvidia(gpus=[Gpu(index=0, name="A", uuid="GPU-aaaa", compute_capability="6.1"),
                                      Gpu(index=1, name="B", uuid="GPU-bbbb", compute_capability="8.6")]))
    assert [g.name for g in visible_gpus(facts)] == ["A", "B"]
    facts.nvidia.cuda_visible_devices = "1"
    assert [g.name for g in visible_gpus(facts)] == ["B"]
    facts.nvidia.cuda_visible_devices = "GPU-aaaa,7,1"  # CUDA stops at the first entry naming no device
    assert [g.name for g in visible_gpus(facts)] == ["A"]
    facts.nvidia.cuda_visible_devices = ""
    assert visible_gpus(facts) == ()


def test_only_visible_gpus_decide():
    # A GTX 1080 hidden by CUDA_VISIBLE_DEVICES does not force cu126.
    facts = Facts(nvidia=Nvidia(driver_version="570.26", cuda_visible_devices="1",
                                gpus=[Gpu(index=0, name="GTX 1080", compute_capability="6.1"),
                                      Gpu(index=1, name="RTX 3090", compute_capability="8.6")]))
    machine = linux(driver="570.26", gpus=visible_gpus(facts), torch="2.8.0+cpu")
    assert select_torch_set(machine).chosen.variant == "cu129"


def test_no_gpu_no_torch_gets_the_cpu_build():
    selection = select_torch_set(linux(python="3.12", gpus=()))
    assert selection.chosen.pins() == ("torch==2.14.1+cpu", "torchvision==0.29.1+cpu")
    # ... but not when the GPU is only hidden (a container started without --gpus): fix that first
    assert select_torch_set(linux(python="3.12", gpus=()), cpu_ok=False).chosen is None
