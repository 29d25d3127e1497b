"""`yolodoctor profiles`, run as a user would."""

import json


def test_lists_every_profile_with_its_key_requirements(cli):
    result = cli("profiles")
    assert result.returncode == 0, result.stderr
    for name in ("yolov8", "yolo11", "yolo12", "yolo26", "yolov12", "yolov13", "tensorrt-export", "multi-gpu-train"):
        assert name in result.stdout
    line = next(l for l in result.stdout.splitlines() if l.strip().startswith("yolov12 "))
    assert "==3.11.*" in line and "==2.2.2" in line and "recommended (>= 8.0)" in line and "vendored 8.3.63" in line


def test_one_profile_in_full(cli):
    result = cli("profiles", "yolov13")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "without flash-attn" in out and "plain PyTorch attention" in out
    assert "yolov13n.pt" in out and "compat/profiles.toml" in out


def test_json_is_schema_versioned_and_complete(cli):
    result = cli("profiles", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["schema"] == "yolodoctor.profiles/1"
    by_name = {p["name"]: p for p in doc["profiles"]}
    assert by_name["tensorrt-export"]["tensorrt"] == "required" and by_name["multi-gpu-train"]["gpus_min"] == 2
    assert by_name["yolov12"]["weights_url_templates"][0].endswith("{weight}")


def test_unknown_profile_and_bad_format_are_usage_errors(cli):
    result = cli("profiles", "yolov5")
    assert result.returncode == 64 and "unknown profile 'yolov5'" in result.stderr and "yolo26" in result.stderr
    assert "Traceback" not in result.stderr
    result = cli("profiles", "--format", "xml")
    assert result.returncode == 64 and "table or json" in result.stderr
