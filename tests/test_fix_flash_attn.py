"""flash-attn: prebuilt wheel, build recipe, or nothing (SDPA), from compat/flash_attn.toml
([[wheel]] publish.yml matrices, [[major]] capability floors, [[arch_rejection]], [[build]])."""

import pytest

from yolodoctor.fix.flash_attn import SDPA, select_flash_attn, wheel_for
from yolodoctor.fix.machine import GpuInfo, Machine

RTX3090 = GpuInfo("NVIDIA GeForce RTX 3090", "8.6")
T4 = GpuInfo("Tesla T4", "7.5")
V100 = GpuInfo("Tesla V100", "7.0")
RTX5090 = GpuInfo("NVIDIA GeForce RTX 5090", "12.0")
H100 = GpuInfo("NVIDIA H100", "9.0")


def machine(gpus=(RTX3090,), python="3.11", abi=False, torch="2.4.1+cu124", nvcc="12.4", cpus=16, mem_gib=64):
    return Machine(os="linux", platform="linux-x86_64", python=python, gpus=gpus, torch=torch, cxx11_abi=abi,
                   nvcc=nvcc, cpu_count=cpus, memory_available_bytes=mem_gib * 2 ** 30)


WHEELS = [
    # (flash-attn, torch, torch CUDA, abi, python) -> asset file name (publish.yml naming at that tag)
    ("2.6.3", "2.4.1", "12.4", False, "3.11", "flash_attn-2.6.3+cu123torch2.4cxx11abiFALSE-cp311-cp311-linux_x86_64.whl"),
    ("2.5.9.post1", "2.3.1", "12.1", True, "3.10",
     "flash_attn-2.5.9.post1+cu122torch2.3cxx11abiTRUE-cp310-cp310-linux_x86_64.whl"),
    ("2.5.8", "2.2.2", "11.8", False, "3.11", "flash_attn-2.5.8+cu118torch2.2cxx11abiFALSE-cp311-cp311-linux_x86_64.whl"),
    ("2.7.3", "2.2.2", "11.8", False, "3.11", "flash_attn-2.7.3+cu11torch2.2cxx11abiFALSE-cp311-cp311-linux_x86_64.whl"),
    ("2.8.3", "2.8.0", "12.8", True, "3.12", "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl"),
]


@pytest.mark.parametrize("fa,torch,cuda,abi,python,filename", WHEELS)
def test_wheel_names(fa, torch, cuda, abi, python, filename):
    found = wheel_for(fa, torch, cuda, abi, python, "linux-x86_64")
    assert found is not None and found[0] == filename


@pytest.mark.parametrize("fa,torch,cuda,python", [
    ("2.7.4", "2.2.2", "11.8", "3.11"),  # 2.7.4 built no CUDA 11 wheels
    ("2.6.3", "2.5.1", "12.4", "3.11"),  # torch 2.5 not in 2.6.3's matrix
    ("2.5.0", "1.12.1", "11.8", "3.11"),  # excluded: torch=1.12.1,python=3.11
    ("2.5.0", "2.0.1", "12.2", "3.10"),  # excluded: torch=2.0.1,cuda=12.2.2
    ("2.8.3", "2.8.0", "12.8", "3.14"),  # no cp314
])
def test_no_wheel(fa, torch, cuda, python):
    assert wheel_for(fa, torch, cuda, False, python, "linux-x86_64") is None


def test_installed_version_kept_when_its_wheel_exists():
    choice = select_flash_attn(machine(), "2.4.1", "12.4", "2.6.3")
    assert choice.kind == "wheel" and choice.version == "2.6.3"
    assert choice.url == ("https://github.com/Dao-AILab/flash-attention/releases/download/v2.6.3/"
                          "flash_attn-2.6.3+cu123torch2.4cxx11abiFALSE-cp311-cp311-linux_x86_64.whl")
    assert choice.verified is False  # assets_verified = false in compat


def test_nearest_newer_version_with_a_wheel():
    choice = select_flash_attn(machine(), "2.4.1", "12.4", "2.5.0")  # 2.5.0 had no torch 2.4 wheels
    assert choice.kind == "wheel" and choice.version == "2.5.9"


def test_abi_from_torch_version_when_facts_lack_it():
    m = Machine(os="linux", platform="linux-x86_64", python="3.11", gpus=(RTX3090,), torch="2.7.1+cu128")
    choice = select_flash_attn(m, "2.7.1", "12.8", "2.8.3")
    assert "cxx11abiTRUE" in choice.filename  # compat/fix.toml [[torch_abi]]: torch >= 2.7 uses the C++11 ABI
    assert any("inferred" in r for r in choice.reasons)


@pytest.mark.parametrize("gpu", [T4, V100])
def test_pre_ampere_gets_sdpa_not_flash_attn(gpu):
    choice = select_flash_attn(machine(gpus=(gpu,)), "2.4.1", "12.4", "2.6.3")
    assert choice.kind == "none" and choice.instead == SDPA
    assert "8.0" in choice.reasons[0]


def test_blackwell_wheel_starts_at_2_8_0():
    m = machine(gpus=(RTX5090,), torch="2.7.1+cu128", abi=True)
    choice = select_flash_attn(m, "2.7.1", "12.8", "2.7.4.post1")
    assert choice.kind == "wheel" and choice.version == "2.8.0"
    assert any("first release whose wheels" in r for r in choice.reasons)


def test_build_recipe_when_no_wheel():
    m = machine(gpus=(H100,), torch="2.9.0+cu128", abi=True, nvcc="12.8", cpus=32, mem_gib=40)
    choice = select_flash_attn(m, "2.9.0", "12.8", None)
    assert choice.kind == "build"
    recipe = choice.build
    assert recipe.prerequisites == ("ninja", "packaging", "psutil")
    assert recipe.options == ("--no-build-isolation",)
    env = dict(recipe.env)
    assert env["MAX_JOBS"] == "4"  # min(32 // 2, 40 GiB / 9 GiB per job) [fix.toml from setup.py v2.8.3]
    assert env["FLASH_ATTN_CUDA_ARCHS"] == "90"
    assert recipe.blocked == ()


def test_build_blocked_by_nvcc_major_mismatch():
    m = machine(gpus=(RTX3090,), torch="2.9.0+cu128", abi=True, nvcc="13.0")
    recipe = select_flash_attn(m, "2.9.0", "12.8", None).build
    assert recipe.blocked and "major versions must match" in recipe.blocked[0]
    assert recipe.nvcc_needed == "12.8"
    assert dict(recipe.env)["FLASH_ATTN_CUDA_ARCHS"] == "80"  # sm_80 cubins run on sm_86


def test_build_blocked_without_nvcc():
    m = machine(gpus=(RTX3090,), torch="2.9.0+cu128", abi=True, nvcc=None, cpus=2, mem_gib=4)
    recipe = select_flash_attn(m, "2.9.0", "12.8", None).build
    assert recipe.blocked and "no nvcc" in recipe.blocked[0]
    assert dict(recipe.env)["MAX_JOBS"] == "1"


def test_no_cuda_torch_no_flash_attn():
    assert select_flash_attn(machine(), "2.4.1", None, None).kind == "none"
