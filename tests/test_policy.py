"""The team policy: found from the working directory upwards, validated with precise errors, overridden by flags."""

from pathlib import Path

import pytest

from yolodoctor.exitcodes import DATA, USAGE, UserError
from yolodoctor.policy import Policy, discover_policy, effective_profile, find_policy_file, load_policy, with_overrides
from yolodoctor.profiles import get_profile


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_from_a_subdirectory_in_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.yolodoctor]\nprofile = "yolov12"\n'
                                      'fail-on = "warning"\nignore = ["YD703"]\n')
    deep = tmp_path / "src" / "pkg"
    deep.mkdir(parents=True)
    policy = discover_policy(deep)
    assert policy.path == str(tmp_path / "pyproject.toml")
    assert (policy.profile, policy.fail_on, policy.ignore) == ("yolov12", "warning", ("YD703",))


def test_yolodoctor_toml_wins_in_the_same_directory_and_nearer_wins_over_farther(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.yolodoctor]\nprofile = "yolov8"\n')
    write(tmp_path / "yolodoctor.toml", 'profile = "yolo26"\n')
    assert discover_policy(tmp_path).profile == "yolo26"
    write(tmp_path / "job" / "pyproject.toml", '[tool.yolodoctor]\nprofile = "tensorrt-export"\n')
    assert discover_policy(tmp_path / "job").profile == "tensorrt-export"


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    write(tmp_path / "yolodoctor.toml", "offline = true\n")
    write(tmp_path / "app" / "pyproject.toml", '[project]\nname = "app"\n')
    found = find_policy_file(tmp_path / "app")
    assert found == (tmp_path / "yolodoctor.toml", False)
    assert discover_policy(tmp_path / "app").offline is True


def test_no_policy_anywhere_is_an_empty_policy(tmp_path):
    assert discover_policy(tmp_path) == Policy()


def test_snake_case_keys_are_accepted_and_all_keys_load(tmp_path):
    path = write(tmp_path / "yolodoctor.toml",
                 'profile = "multi-gpu-train"\ngpus_min = 4\nmin-vram-gib = 24\n'
                 'required-packages = ["onnx>=1.16", "tensorrt-cu12"]\nignore = ["YD1007"]\nfail_on = "error"\n'
                 'offline = false\n')
    policy = load_policy(path)
    assert policy.gpus_min == 4 and policy.min_vram_gib == 24.0
    assert policy.required_packages == ("onnx>=1.16", "tensorrt-cu12")
    assert policy.origins["gpus_min"] == "yolodoctor.toml"


@pytest.mark.parametrize("body, code, must_mention", [
    ('fail-on = "critical"\n', DATA, ["fail-on", "'critical'", "error, warning, never"]),
    ('profile = "yolov99"\n', DATA, ["profile", "'yolov99'", "yolov8", "multi-gpu-train"]),
    ('gpus-min = -2\n', DATA, ["gpus-min", "-2", "whole number >= 0"]),
    ('min-vram-gib = 0\n', DATA, ["min-vram-gib", "> 0"]),
    ('offline = "yes"\n', DATA, ["offline", "true, false"]),
    ('ignore = ["E501"]\n', DATA, ["ignore", "'E501'", "YD followed by"]),
    ('ignore = "YD703"\n', DATA, ["ignore", "list of rule ids"]),
    ('required-packages = ["torch>>2"]\n', DATA, ["required-packages", "'torch>>2'", "PEP 508"]),
    ('profle = "yolov8"\n', DATA, ["unknown key 'profle'", "allowed keys: profile, gpus-min"]),
    ('fail-on = "error"\nfail_on = "warning"\n', DATA, ["given twice"]),
    ('fail-on = \n', DATA, ["not valid TOML"]),
])
def test_errors_name_file_key_and_allowed_values(tmp_path, body, code, must_mention):
    path = write(tmp_path / "yolodoctor.toml", body)
    with pytest.raises(UserError) as info:
        load_policy(path)
    assert info.value.code == code
    message = str(info.value)
    assert str(path) in message, message
    for text in must_mention:
        assert text in message, (text, message)


@pytest.mark.parametrize("name", ["yolodoctor.toml", "pyproject.toml"])
def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path, name):
    (tmp_path / name).write_bytes(b'[tool.yolodoctor]\nprofile = "\xff\xfe"\n')
    with pytest.raises(UserError) as info:
        discover_policy(tmp_path)
    assert info.value.code == DATA and "not UTF-8" in str(info.value) and name in str(info.value)


def test_pyproject_errors_name_the_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.yolodoctor]\nfail-on = "sometimes"\n')
    with pytest.raises(UserError, match=r"pyproject.toml \[tool.yolodoctor\]: key 'fail-on'") as info:
        discover_policy(tmp_path)
    assert str(info.value).startswith(str(path))


def test_a_broken_pyproject_that_has_our_table_is_reported_not_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.yolodoctor]\nprofile = \n')
    with pytest.raises(UserError, match="not valid TOML"):
        discover_policy(tmp_path)


def test_command_line_overrides_the_file_and_ignores_are_joined(tmp_path):
    path = write(tmp_path / "yolodoctor.toml", 'profile = "yolov8"\nfail-on = "warning"\nignore = ["YD703"]\n')
    policy = with_overrides(load_policy(path), profile="yolo26", fail_on="error", ignore=("YD1007", "YD703"),
                            offline=None)
    assert (policy.profile, policy.fail_on) == ("yolo26", "error")
    assert policy.ignore == ("YD703", "YD1007")
    assert policy.origins["fail_on"] == "--fail-on" and policy.origins["ignore"] == "--ignore"


def test_bad_command_line_values_are_usage_errors():
    with pytest.raises(UserError) as info:
        with_overrides(Policy(), fail_on="loud")
    assert info.value.code == USAGE and "--fail-on" in str(info.value) and "error, warning, never" in str(info.value)


def test_policy_requirements_replace_the_profile_values_and_say_so(tmp_path):
    policy = load_policy(write(tmp_path / "yolodoctor.toml", 'gpus-min = 4\nmin-vram-gib = 40\n'
                                                           'required-packages = ["onnx>=1.16"]\n'))
    profile = effective_profile(policy, get_profile("multi-gpu-train"))
    assert (profile.gpus_min, profile.min_vram_gib, profile.requires_gpu) == (4, 40.0, True)
    assert profile.required_packages == ("onnx>=1.16",)
    assert profile.origin("gpus_min") == "the policy (yolodoctor.toml)"
    assert profile.origin("python") == "profile multi-gpu-train"
    # Without a profile, the policy's requirements still make one to judge against.
    bare = effective_profile(policy)
    assert bare.name == "team-policy" and bare.gpus_min == 4 and bare.flash_attn == "no"
    assert effective_profile(Policy()) is None
