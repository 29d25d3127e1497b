"""compat/profiles.toml loads, and broken profile data fails with a message naming file, profile, key, values."""

import copy
import sys

import pytest

from yolodoctor.knowledge.files import data_dir
from yolodoctor.profiles import ProfileError, UnknownProfile, get_profile, load_profiles, parse_profiles

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXPECTED = {"yolov8", "yolo11", "yolo12", "yolo26", "yolov12", "yolov13", "tensorrt-export", "multi-gpu-train"}


def shipped() -> dict:
    with open(data_dir("compat") / "profiles.toml", "rb") as fh:
        return tomllib.load(fh)


def test_every_profile_the_issue_names_is_shipped_and_valid():
    profiles = {p.name: p for p in load_profiles()}
    assert set(profiles) == EXPECTED
    assert profiles["yolov12"].flash_attn == "recommended" and profiles["yolov12"].ultralytics_vendored == "8.3.63"
    assert profiles["tensorrt-export"].tensorrt == "required" and profiles["tensorrt-export"].requires_gpu
    assert profiles["multi-gpu-train"].gpus_min == 2
    assert profiles["yolo12"].ultralytics_specifier == ">=8.3.78"
    # The forks say what runs without flash-attn; the profile command and YD1008 print it.
    assert "attention" in profiles["yolov13"].flash_attn_fallback


def test_unknown_profile_lists_the_known_ones():
    with pytest.raises(UnknownProfile) as info:
        get_profile("yolov99")
    assert "yolov99" in str(info.value) and "yolov8" in str(info.value) and "multi-gpu-train" in str(info.value)


def _broken(mutate) -> str:
    data = copy.deepcopy(shipped())
    entry = next(e for e in data["profile"] if e["name"] == "yolov12")
    mutate(entry, data)
    with pytest.raises(ProfileError) as info:
        parse_profiles(data, "team/profiles.toml")
    return str(info.value)


@pytest.mark.parametrize("mutate, must_mention", [
    (lambda e, d: e.update(flash_attn="maybe"),
     ["team/profiles.toml", "yolov12", "'flash_attn'", "'maybe'", "required, recommended, no"]),
    (lambda e, d: e.update(tensorrt=True), ["'tensorrt'", "required, recommended, no"]),
    (lambda e, d: e.update(torch="2.2.2"), ["'torch'", "'2.2.2'", "PEP 440"]),
    (lambda e, d: e.update(flash_attn_min_capability="sm_80"), ["'flash_attn_min_capability'", "'sm_80'", "MAJOR.MINOR"]),
    (lambda e, d: e.update(min_vram_gib=-1), ["'min_vram_gib'", "-1", ">= 0"]),
    (lambda e, d: e.update(gpus_min=1.5), ["'gpus_min'", "whole number"]),
    (lambda e, d: e.update(network_weights="yes"), ["'network_weights'", "true, false"]),
    (lambda e, d: e.update(ultralytics="vendored"), ["'ultralytics'", "vendored X.Y.Z"]),
    (lambda e, d: e.update(ultralytics="latest"), ["'ultralytics'", "'latest'", "PEP 440"]),
    (lambda e, d: e.update(weights="yolov12n.pt"), ["'weights'", "list of file names"]),
    (lambda e, d: e.update(weights_url_template="https://example.invalid/x.pt"), ["'weights_url_template'", "{weight}"]),
    (lambda e, d: e.update(flash_atn="required"), ["unknown key 'flash_atn'", "allowed keys:", "flash_attn"]),
    (lambda e, d: e.pop("cuda"), ["required key 'cuda' is missing"]),
    (lambda e, d: e.update(flash_attn_min_capability=""), ["'flash_attn_min_capability'", "required when flash_attn"]),
    (lambda e, d: e.update(gpus_min=2), ["'requires_gpu'", "must be true when gpus_min is 2"]),
    (lambda e, d: e.update(requires_gpu=True), ["'gpus_min'", "at least 1"]),
    (lambda e, d: e.update(name="YOLO v12"), ["'YOLO v12'", "profile name"]),
    (lambda e, d: d["profile"].append(copy.deepcopy(e)), ["'yolov12' is defined twice"]),
])
def test_validation_errors_name_file_key_and_allowed_values(mutate, must_mention):
    message = _broken(mutate)
    assert message.startswith("team/profiles.toml"), message
    for text in must_mention:
        assert text in message, (text, message)


def test_a_file_without_profiles_is_rejected():
    with pytest.raises(ProfileError, match="no \\[\\[profile\\]\\] entries"):
        parse_profiles({"profile": []}, "x.toml")
