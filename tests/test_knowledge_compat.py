"""The compat values rules rely on, at their edges, each with the source it comes from.

These read the shipped compat/ tables: a hand edit that changes a value a rule depends on fails here.
"""

import pytest

from yolodoctor.knowledge import compat
from yolodoctor.knowledge import versions as V


def test_every_table_loads():
    assert compat.validate() == []


# --------------------------------------------------------------------- CUDA ---
# Source: CUDA Toolkit release notes, Table 3 (toolkit driver) and Table 2 (minor-version compatibility),
# https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/index.html

def test_cuda_12_4_needs_550_54_14():
    row = compat.toolkit_driver("12.4")
    assert (row.linux_driver, row.windows_driver) == ("550.54.14", "551.61")
    assert compat.toolkit_driver("12.4.1").cuda == "12.4"  # a patch level maps to its minor


def test_cuda_12_minor_compat_floor_is_525_60_13():
    need = compat.driver_requirement("12.4", "Linux")
    assert (need.minimum, need.full, need.minimum_source) == ("525.60.13", "550.54.14", "minor_compat")
    assert need.allows("525.60.13") is True
    assert need.allows("525.60.12") is False
    assert need.fully("550.54.13") is False
    assert need.fully("550.54.14") is True


def test_cuda_12_windows_floor_is_528_33():
    # Table 2 gives >= 528.33 on Windows (the cuDNN matrix says 527.41; the safe value is kept).
    assert compat.driver_requirement("12.1", "Windows").minimum == "528.33"


def test_cuda_13_needs_the_580_branch():
    # NVIDIA/cuda-python pull 902 and the CUDA 13.0 release notes: 580.65.06 is the 13.0 GA driver;
    # the 13.x minor-compat floor is only stated as the 580 branch (unverified patch level).
    need = compat.driver_requirement("13.0", "Linux")
    assert need.minimum == "580" and need.full == "580.65.06"
    assert need.verified is False
    assert need.allows("580.65.06") is True
    assert need.allows("575.57.08") is False


def test_cuda_10_2_has_no_minor_compat():
    # Minor-version compatibility starts with CUDA 11; 10.2 needs its own toolkit driver 440.33.
    need = compat.driver_requirement("10.2", "Linux")
    assert need.minimum == need.full == "440.33" and need.minimum_source == "toolkit"


def test_there_is_no_cuda_12_7():
    assert compat.toolkit_driver("12.7") is None
    # An unknown minor borrows the newest older row of its major, marked unverified.
    need = compat.driver_requirement("12.7")
    assert need.full == "560.28.03" and need.verified is False


@pytest.mark.parametrize("driver, highest", [
    ("470.82.01", "11.4"),  # 11.4 Update 3 driver; the 11.5 GA driver is 495.29.05
    ("525.60.13", "12.0"),
    ("535.54.03", "12.2"),
    ("550.54.14", "12.4"),
    ("580.65.06", "13.0"),
    ("440.33", "10.2"),
    ("418.39", "10.1"),  # the pre-2020 rows: a torch 1.3-1.4 (CUDA 10.1) report's driver is judged by its era
    ("410.104", "10.0"),
    ("396.26", "9.2"),
    ("375.26", "8.0"),
    ("367.48", None),  # older than every row (CUDA 8.0 GA2 is the oldest in the table)
])
def test_highest_cuda_for_driver(driver, highest):
    assert compat.highest_cuda_for_driver(driver, "Linux") == highest


def test_toolkit_rows_go_from_8_0_to_13():
    rows = compat.toolkit_drivers()
    assert rows[0].cuda == "8.0"
    assert [r.cuda for r in rows[:7]] == ["8.0", "9.0", "9.1", "9.2", "10.0", "10.1", "10.2"]
    assert V.major(rows[-1].cuda) == 13


# -------------------------------------------------------------------- torch ---
# Source: PyPI torch / torchvision release metadata and pytorch/pytorch RELEASE.md (compat/torch.toml).

def test_torch_2_4_1_pairs_with_torchvision_0_19_1():
    assert compat.torchvision_for_torch("2.4.1+cu121") == "0.19.1"
    assert compat.torch_for_torchvision("0.19.1+cu121").version == "2.4.1"


def test_torch_2_0_0_pairs_with_torchvision_0_15_1():
    # torchvision 0.15.0 was yanked; 0.15.1 pins torch==2.0.0 (wheel metadata).
    assert compat.torchvision_for_torch("2.0.0") == "0.15.1"


def test_torch_releases_cover_1_12_to_newest():
    versions = [r.version for r in compat.torch_releases()]
    assert versions[0] == "1.12.0"
    assert "2.14.1" in versions


def test_default_pypi_cuda_of_2_4_1_is_cu121():
    release = compat.torch_release("2.4.1")
    assert release.pypi_default_cuda == "cu121"
    assert release.cuda_variants == ("cu118", "cu121", "cu124")
    assert release.cudnn == "9.1.0.70"


def test_python_support():
    assert compat.torch_release("2.4.1").supports_python("3.12.3")
    assert not compat.torch_release("2.4.1").supports_python("3.13.0")
    assert compat.newest_torch_release("3.8.10").version == "2.4.1"  # 2.5 dropped Python 3.8


def test_installed_variant():
    assert compat.installed_variant("2.4.1+cu121", "12.1") == "cu121"
    assert compat.installed_variant("2.4.1", "12.1") == "cu121"  # plain PyPI wheel: from torch.version.cuda
    assert compat.installed_variant("2.4.1+cpu", None) is None


# --------------------------------------------------------------- GPU archs ---
# Source: pytorch/builder manywheel/build_cuda.sh per release branch, pytorch/pytorch .ci/manywheel/build_cuda.sh,
# pytorch/pytorch#157517 (compat/torch.toml [[arch]]).

def test_cu124_has_no_sm_120():
    entry = compat.arch_entry("cu124", "2.4.1")
    assert "sm_90" in entry.arch_list and not entry.runs_on((12, 0))


def test_sm_120_needs_cu128_or_newer():
    release, variant = compat.first_release_supporting((12, 0))
    assert (release.version, variant) == ("2.7.0", "cu128")


def test_cu128_from_2_8_drops_pascal_sm_61():
    assert not compat.arch_entry("cu128", "2.8.0").runs_on((6, 1))
    assert compat.arch_entry("cu126", "2.8.0").runs_on((6, 1))  # sm_60 SASS runs on sm_61
    assert compat.variants_supporting((6, 1), "2.8.0") == ["cu126"]


def test_sm_86_cubin_covers_ada_sm_89():
    assert compat.arch_entry("cu121", "2.4.1").runs_on((8, 9))


def test_cu130_ptx_covers_future_archs_but_not_volta():
    entry = compat.arch_entry("cu130", "2.14.1")
    assert entry.full_list[-1] == "compute_120"
    assert entry.runs_on((13, 0))  # through PTX JIT
    assert not entry.runs_on((7, 0))


# -------------------------------------------------------------------- cuDNN ---
# Source: cuDNN support matrices 9.10.2 and earlier; 9.11 dropping SM < 7.5 is marked unverified.

def test_cudnn_9_11_drops_below_sm_7_5():
    row = compat.cudnn_release("9.11.0")
    assert row.min_capability == (7, 5) and row.verified is False
    assert compat.cudnn_release("9.10.2").min_capability == (5, 0)
    assert compat.first_cudnn_dropping((7, 0)).version == "9.11"


def test_cudnn_patch_maps_to_nearest_known_minor():
    assert compat.cudnn_release("9.12.0").version == "9.11"


def test_cudnn_bundled_with_torch():
    # torch 2.14 PyPI wheel pins nvidia-cudnn-cu13==9.24.0.43; cu126 builds stay on 9.10.2.21.
    assert compat.cudnn_bundled("2.14.1", "cu130") == "9.24.0.43"
    assert compat.cudnn_bundled("2.9.1", "cu126") == "9.10.2.21"
    assert compat.cudnn_bundled("2.4.1", "cu124") == "9.1.0.70"


# --------------------------------------------------------------- flash-attn ---
# Source: Dao-AILab/flash-attention tags (flash_api.cpp, setup.py, publish.yml), compat/flash_attn.toml.

def test_flash_attn_2_needs_ampere():
    assert compat.flash_attn_major("2.5.8").min_capability == (8, 0)
    assert compat.flash_attn_major("1.0.9").min_capability == (7, 5)


def test_flash_attn_up_to_2_7_2_rejects_blackwell():
    assert compat.flash_attn_rejection("2.7.2.post1").rejects_capability((12, 0))
    assert compat.flash_attn_rejection("2.7.2").rejects_capability((10, 0))
    assert not compat.flash_attn_rejection("2.7.2").rejects_capability((9, 0))
    assert compat.flash_attn_rejection("2.7.2").rejects_capability((9, 1))  # "9.x other than 9.0"
    assert not compat.flash_attn_rejection("2.7.3").rejects_capability((12, 0))
    assert compat.flash_attn_rejection("2.8.3").first_blackwell_wheel == "2.8.0"


def test_flash_attn_prebuilt_wheel_naming():
    wheel = compat.flash_attn_prebuilt("2.2.2+cu121", "12.1", "3.11.7", False, "2.7.3")
    assert wheel.filename == "flash_attn-2.7.3+cu12torch2.2cxx11abiFALSE-cp311-cp311-linux_x86_64.whl"
    assert wheel.url.startswith("https://github.com/Dao-AILab/flash-attention/releases/download/v2.7.3/")
    # major_minor tags before 2.7.0: CUDA 12 torch gets the cu122 wheel
    old = compat.flash_attn_prebuilt("2.1.2+cu121", "12.1", "3.10.0", True, "2.5.0")
    assert "+cu122torch2.1cxx11abiTRUE-cp310" in old.filename


def test_flash_attn_has_no_wheel_for_cuda_13_or_torch_2_14():
    assert compat.flash_attn_prebuilt("2.14.1+cu130", "13.0", "3.11.7", True) is None


# ---------------------------------------------------------------- TensorRT ---
# Source: TensorRT release notes 10.5 (Volta removed) and PyPI tensorrt-cu* packages.

def test_tensorrt_10_5_drops_volta():
    assert compat.tensorrt_release("10.4.0").min_capability == (7, 0)
    assert compat.tensorrt_release("10.5.0.18").min_capability == (7, 5)
    assert compat.tensorrt_release("10.13.3.9").version == "10.13"


def test_tensorrt_cuda_major_from_distribution_names():
    assert compat.tensorrt_cuda_majors(["tensorrt", "tensorrt-cu12", "tensorrt-cu12-libs"]) == {12}
    assert compat.tensorrt_cuda_majors(["tensorrt_cu13", "tensorrt_cu13_bindings"]) == {13}
    assert compat.tensorrt_cuda_majors(["tensorrt"]) == set()


# -------------------------------------------------------------------- GPUs ---
# Source: https://developer.nvidia.com/cuda-gpus (compat/gpus.toml).

def test_gpu_lookups():
    assert compat.arch_family((8, 9)) == "Ada Lovelace"
    assert compat.arch_family((12, 0)) == "Blackwell"
    assert compat.gpu_model("NVIDIA A100-SXM4-80GB").capability == (8, 0)  # not the "NVIDIA A10" pattern
    assert compat.gpu_model("NVIDIA GeForce RTX 5090").capability == (12, 0)
    assert compat.gpu_model("Matrox G200") is None


# ------------------------------------------------------------- Ultralytics ---
# Source: the ultralytics wheels on PyPI (cfg/models per version), compat/ultralytics.toml.

def test_model_families_first_versions():
    assert compat.model_family("yolo11").first_version == "8.3.0"
    assert compat.model_family("yolo12n.pt").first_version == "8.3.78"
    assert compat.model_family("yolo26s-seg.pt").first_version == "8.4.0"
    assert compat.model_family("yolov8n.pt").name == "yolov8"
    assert [f.name for f in compat.families_newer_than("8.2.79")] == ["yolo11", "yolo12", "yolo26"]
    assert compat.families_newer_than("8.4.190") == []


def test_ultralytics_excludes_torch_2_4_0_on_windows_only():
    assert [v for v, _ in compat.excluded_torch_versions("Windows")] == ["2.4.0"]
    assert compat.excluded_torch_versions("Linux") == []


def test_ultralytics_torchvision_pairs():
    assert compat.torchvision_pair("2.4.1").accepts("0.19.1")
    assert not compat.torchvision_pair("2.4.1").accepts("0.20.1")
    assert compat.torchvision_pair("2.15.0").accepts("0.29.2")  # >= 2.14 accepts >= 0.29


def test_profiles():
    assert compat.profile("yolov12").flash_attn_min_capability == (8, 0)
    assert compat.profile("yolo11").model_family == "yolo11"
    assert compat.profile("multi-gpu-train").gpus_min == 2
    assert compat.profile("nope") is None


def test_pytorch_index_url():
    assert compat.pytorch_index_url("cu124") == "https://download.pytorch.org/whl/cu124"


def test_cuda_11_minor_compat_floor_is_450_80_02():
    # CUDA release notes Table 2: 11.x runs on >= 450.80.02 (Linux), >= 452.39 (Windows).
    assert compat.driver_requirement("11.8", "Linux").minimum == "450.80.02"
    assert compat.driver_requirement("11.8", "Windows").minimum == "452.39"


def test_flash_attn_build_needs():
    # Dao-AILab/flash-attention setup.py: "FlashAttention is only supported on CUDA 11.7 and above";
    # README: limit MAX_JOBS below 96 GB of RAM; sm_100/sm_120 need nvcc >= 12.8.
    assert compat.flash_attn_build_need("nvcc").min_cuda == "11.7"
    assert compat.flash_attn_build_need("nvcc").get("blackwell_min_cuda") == "12.8"
    assert compat.flash_attn_build_need("max_jobs").get("ram_threshold_gib") == 96


def test_ultralytics_tensorrt_requirement():
    # ultralytics 8.4.190 utils/checks.py check_tensorrt: tensorrt-cu{torch CUDA major}>=7.0.0,!=10.2.0 (PR #24367).
    spec = next(r.specifier for r in compat.ultralytics_requirements() if r.package == "tensorrt")
    assert spec == "tensorrt-cu{torch.version.cuda major}>=7.0.0,!=10.2.0"


def test_profile_vram():
    # compat/profiles.toml rules of thumb (unverified): YOLO12 about 4 GiB, the YOLOv12 fork about 6 GiB.
    assert compat.profile("yolo12").min_vram_gib == 4
    assert compat.profile("yolov12").min_vram_gib == 6 and compat.profile("yolov12").verified is False
