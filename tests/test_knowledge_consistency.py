"""Cross-table consistency of compat/: facts typed into different tables must not contradict each other.

Each test names the tables it joins. A failure here means one of the tables is wrong (or a new row
lacks its partner): read the sources again, do not loosen the test."""

from __future__ import annotations

import re

import pytest

from yolodoctor.knowledge import compat
from yolodoctor.knowledge import versions as V

BUILDS = [(r, v) for r in compat.torch_releases() for v in r.cuda_variants]
# Variants with no Windows wheels: CUDA 10.2 builds were Linux-only by 1.12 (compat/torch.toml platform_note).
LINUX_ONLY = {"cu102"}


def _id(build) -> str:
    return f"{build[0].version}+{build[1]}"


def _sass_caps(entry: compat.ArchEntry) -> list[tuple[int, int]]:
    return sorted(V.parse_arch(a).capability for a in entry.arch_list)


@pytest.mark.parametrize("build", BUILDS, ids=_id)
def test_every_published_variant_has_an_arch_list(build):
    release, variant = build
    assert compat.arch_entry(variant, release.version) is not None, "torch.toml [[release]] vs [[arch]]"


@pytest.mark.parametrize("build", [b for b in BUILDS if V.pep440(b[0].version) >= V.pep440("1.13") and b[0].verified],
                         ids=_id)
def test_every_variant_names_the_cudnn_it_ships(build):
    """torch.toml [[release]] vs cudnn.toml [[torch_bundled]]: without a row the cuDNN-vs-GPU check never runs."""
    release, variant = build
    bundled = compat.cudnn_bundled(release.version, variant)
    assert bundled, f"no cuDNN known for torch {release.version} {variant}"
    assert compat.cudnn_release(bundled) is not None, f"cuDNN {bundled} has no [[release]] row"


@pytest.mark.parametrize("build", BUILDS, ids=_id)
def test_arch_list_does_not_promise_gpus_the_shipped_cudnn_refuses(build):
    """torch.toml [[arch]] vs cudnn.toml: a build carrying kernels for a GPU whose bundled cuDNN dropped it
    would pass the arch check and fail in cuDNN (2.11 cu128 with sm_70 and cuDNN 9.17 was such a row)."""
    release, variant = build
    entry = compat.arch_entry(variant, release.version)
    bundled = compat.cudnn_bundled(release.version, variant)
    cudnn = compat.cudnn_release(bundled) if bundled else None
    if entry is None or cudnn is None:
        pytest.skip("covered by the two tests above")
    lowest = _sass_caps(entry)[0]
    if lowest < cudnn.min_capability and "cuDNN" in entry.note and V.sm_name(lowest) in entry.note:
        return  # a real contradiction of the published wheels, stated in the row (K80 on 2.4+ cu118)
    assert lowest >= cudnn.min_capability, \
        f"{variant} of {release.version} carries {V.sm_name(lowest)} but cuDNN {bundled} needs >= " \
        f"{V.capability_text(cudnn.min_capability)}"


def test_cuda13_builds_have_nothing_below_turing():
    """cuda.toml note (CUDA 13 cannot target sm < 7.5) vs torch.toml [[arch]]."""
    for entry in compat.arch_entries():
        if V.major(V.variant_cuda(entry.variant)) >= 13:
            assert _sass_caps(entry)[0] >= (7, 5), entry


def test_arch_lists_and_cudnn_floors_name_architectures_the_gpu_table_knows():
    """torch.toml [[arch]] and cudnn.toml [[release]] vs gpus.toml [[arch]]: every capability from Volta on
    that a build targets or a cuDNN floor names is a known architecture with a family."""
    caps = {c for e in compat.arch_entries() for c in _sass_caps(e)}
    caps |= {r.min_capability for r in compat.cudnn_releases()}
    for cap in sorted(c for c in caps if c >= (6, 0)):
        assert compat.gpu_arch(cap) is not None, f"{V.sm_name(cap)} is not in gpus.toml [[arch]]"


def test_newest_gpu_architecture_has_kernels_in_some_build():
    """gpus.toml vs torch.toml: the Blackwell consumer parts the GPU table lists run on a published build."""
    for arch in compat.gpu_archs():
        if arch.capability in ((12, 0), (10, 0), (9, 0), (8, 0), (7, 5)):
            assert compat.builds_supporting(arch.capability), arch


@pytest.mark.parametrize("build", BUILDS, ids=_id)
def test_every_variant_cuda_has_a_driver_minimum_per_platform(build):
    """torch.toml [[release]] vs cuda.toml: each platform a variant is published for has a driver minimum."""
    release, variant = build
    cuda = V.variant_cuda(variant)
    platforms = ["Linux"] + ([] if variant in LINUX_ONLY else ["Windows"])
    for platform in platforms:
        need = compat.driver_requirement(cuda, platform)
        assert need.minimum, f"CUDA {cuda} ({variant}, torch {release.version}) has no {platform} driver minimum"


def test_driver_minimums_rise_with_cuda():
    """cuda.toml [[toolkit]]: a newer CUDA never needs an older driver (a typo shows up as a dip)."""
    for platform in ("Linux", "Windows"):
        rows = [r for r in compat.toolkit_drivers() if r.driver(platform)]
        for older, newer in zip(rows, rows[1:]):
            assert V.numeric(newer.driver(platform)) >= V.numeric(older.driver(platform)), (older, newer)


def test_pypi_default_variant_is_one_of_the_published_variants():
    for release in compat.torch_releases():
        if release.pypi_default_cuda:
            assert release.pypi_default_cuda in release.cuda_variants, release.version


def test_tensorrt_profile_agrees_with_the_tensorrt_table():
    """profiles.toml tensorrt-export vs tensorrt.toml: the capability floor is the current TensorRT's, the pip
    spec excludes only versions the table knows, and every torch CUDA major it installs for has TensorRT wheels."""
    profile = compat.profile("tensorrt-export")
    rows = compat.tensorrt_releases()
    newest = max(rows, key=lambda r: r.high)
    assert profile.tensorrt_min_capability == newest.min_capability
    # Capability floors only rise with TensorRT releases (the profile's V100 note relies on it).
    floors = [r.min_capability for r in sorted(rows, key=lambda r: r.low) if r.min_capability]
    assert floors == sorted(floors)
    for excluded in re.findall(r"!=\s*([0-9.]+)", profile.tensorrt_pip):
        assert compat.tensorrt_release(excluded) is not None, f"the profile excludes unknown TensorRT {excluded}"
    majors = {m for r in rows for m in r.cuda_majors}
    published = {V.major(V.variant_cuda(v)) for r in compat.torch_releases() for v in r.cuda_variants
                 if V.satisfies(r.version, profile.torch or ">=0")}
    cuda_floor = V.major(re.sub(r"[^0-9.]", "", profile.cuda)) if profile.cuda else 0
    for major in sorted(m for m in published if m >= cuda_floor):
        assert major in majors, f"no TensorRT row for CUDA {major}"
