"""Version strings of the GPU stack are compared as numbers, part by part."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yolodoctor.knowledge import versions as V


def test_numeric_comparison_is_not_string_comparison():
    assert V.at_least("525.125.06", "525.60.13")  # as strings "525.125" < "525.60"
    assert not V.at_least("525.60.12", "525.60.13")
    assert V.at_least("580.65.06", "580")  # a short floor is a branch


@pytest.mark.parametrize("bad", ["", "12.x", "v550", "550.54.14 ", "1..2"])
def test_numeric_refuses_garbage(bad):
    if bad.strip() and bad != bad.strip():
        assert V.numeric(bad) == (550, 54, 14)  # surrounding blanks are tolerated
    else:
        with pytest.raises(ValueError):
            V.numeric(bad)


def test_wheel_versions():
    assert V.base_release("2.4.1+cu121") == "2.4.1"
    assert V.base_release("2.5.0.dev20240801+cu124") == "2.5.0"
    assert V.local_tag("2.4.1+cu121") == "cu121"
    assert V.local_tag("2.4.1") is None
    assert V.satisfies(V.base_release("2.6.0.dev20241112+cu124"), ">=2.6,<2.7")
    assert not V.satisfies("2.6.0.dev20241112", ">=2.6,<2.7")  # PEP 440: a dev release precedes its release


def test_cuda_variant_names():
    assert V.cuda_variant("12.4") == "cu124"
    assert V.cuda_variant("11.8.0") == "cu118"
    assert V.variant_cuda("cu130") == "13.0"
    assert V.variant_cuda("cu102") == "10.2"
    with pytest.raises(ValueError):
        V.variant_cuda("rocm6.2")


@given(st.integers(10, 19), st.integers(0, 9))
def test_variant_round_trip(major, minor):
    assert V.variant_cuda(V.cuda_variant(f"{major}.{minor}")) == f"{major}.{minor}"


def test_arch_entries():
    assert V.parse_arch("sm_120").capability == (12, 0)
    assert V.parse_arch("compute_90").ptx
    assert V.parse_arch("sm_86").runs_on((8, 9))  # same major, newer minor
    assert not V.parse_arch("sm_86").runs_on((8, 0))
    assert not V.parse_arch("sm_90").runs_on((10, 0))  # SASS never crosses majors
    assert V.parse_arch("compute_90").runs_on((12, 0))  # PTX JIT runs on newer GPUs
    assert not V.parse_arch("sm_90a").runs_on((9, 1))  # arch-specific
    assert V.arch_list_covers(["sm_50", "bogus", "sm_80"], (8, 6)) == "sm_80"
    assert V.arch_list_covers(["sm_50", "sm_60"], (7, 5)) is None


def test_minor_ranges():
    assert V.in_minor_range("2.9.1", "2.8-2.14")
    assert not V.in_minor_range("2.15.0", "2.8-2.14")
    assert V.in_minor_range("2.14.1", ">=2.14")
    assert V.in_minor_range("2.4.0", "2.4")
