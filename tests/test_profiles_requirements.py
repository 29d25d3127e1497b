"""Each profile judged on machines that meet it and machines that do not (facts level; the CLI is tested in
test_check_profile.py)."""

import pytest

from machines import A100, GTX1050, L4, T4, V100, load, machine, weights_on_disk
from yolodoctor.facts.model import facts_from_dict
from yolodoctor.policy import Policy, effective_profile
from yolodoctor.profiles import get_profile
from yolodoctor.profiles.requirements import CHECKS, evaluate

FORK_OK = dict(torch="2.2.2+cu118", torch_cuda="11.8",
               packages={"torchvision": "0.17.2", "flash_attn": "2.7.3", "ultralytics": "8.3.63"},
               dists=[])
ULTRA_OK = dict(packages={"torchvision": "0.19.1", "ultralytics": "8.4.190"})


def fork_ok(**over):
    kwargs = dict(FORK_OK, gpus=[A100])
    kwargs.update(over)
    data = machine(**kwargs)
    # The fork is installed with `pip install -e .` from a clone.
    for dist in data["python"]["distributions"]:
        if dist["name"] == "ultralytics":
            dist.update(editable=True, direct_url="file:///work/yolov12")
    return data


SCENARIOS = [
    # profile, machine, expected rule ids (empty: the machine meets the profile)
    ("yolov8", machine(gpus=[T4], **ULTRA_OK), set()),
    ("yolov8", machine(torch="2.4.1+cpu", torch_cuda=None, **ULTRA_OK), set()),  # CPU is fine for YOLOv8
    ("yolov8", machine(python="3.7.16", gpus=[T4], packages={"ultralytics": None}), {"YD1001"}),
    ("yolov8", machine(gpus=[GTX1050], **ULTRA_OK), set()),  # 2 GiB card meets the 2 GiB minimum
    ("yolo11", machine(gpus=[L4], **ULTRA_OK), set()),
    ("yolo11", machine(python="3.7.16", gpus=[L4], packages={"ultralytics": "8.2.103"}), {"YD1001"}),
    ("yolo12", machine(gpus=[L4], **ULTRA_OK), set()),
    ("yolo12", machine(torch="1.7.1+cu110", torch_cuda="11.0", gpus=[GTX1050], packages={"ultralytics": "8.3.77"}),
     {"YD1002"}),
    ("yolo26", machine(gpus=[A100], **ULTRA_OK), set()),
    ("yolo26", machine(torch="1.7.1+cu110", torch_cuda="11.0", gpus=[A100],
                       packages={"ultralytics": "8.3.253"}), {"YD1002"}),
    ("yolov12", fork_ok(), set()),
    ("yolov12", fork_ok(gpus=[T4], packages={"torchvision": "0.17.2", "flash_attn": None, "ultralytics": "8.3.63"}),
     {"YD1008"}),  # flash-attn cannot run on a T4: information, the fork's fallback runs
    ("yolov12", machine(python="3.12.3", gpus=[A100], packages={"torchvision": "0.19.1", "ultralytics": "8.4.190"}),
     {"YD1001", "YD1002", "YD1003", "YD1004", "YD1013"}),
    ("yolov13", fork_ok(), set()),
    ("yolov13", fork_ok(gpus=[V100]), {"YD1008"}),
    ("yolov13", fork_ok(packages={"torchvision": "0.17.2", "flash_attn": "2.7.3", "ultralytics": None}), {"YD1013"}),
    ("tensorrt-export", machine(gpus=[L4], packages={"tensorrt": "10.13.3.9", "ultralytics": "8.4.190"}), set()),
    ("tensorrt-export", machine(gpus=[L4], packages={"tensorrt": None, "ultralytics": "8.4.190"}), {"YD1010"}),
    ("tensorrt-export", machine(torch="2.4.1+cpu", torch_cuda=None, gpus=[L4], cuda_available=False,
                                packages={"tensorrt": None, "ultralytics": "8.4.190"}), {"YD1005", "YD1010"}),
    # No NVIDIA GPU at all: YD104 says so (as an error, with this profile); YD1005 stays quiet.
    ("tensorrt-export", machine(torch="2.4.1+cpu", torch_cuda=None, packages={"tensorrt": None}), {"YD1010"}),
    ("tensorrt-export", machine(torch="2.1.0+cu117", torch_cuda="11.7", gpus=[L4],
                                packages={"tensorrt": "8.6.1", "ultralytics": "8.4.190"}), {"YD1004"}),
    ("multi-gpu-train", machine(gpus=[A100, A100], **ULTRA_OK), set()),
    # Weights: on disk, or downloadable, or neither.
    ("yolo11", machine(gpus=[L4], network=weights_on_disk(github="timeout"), **ULTRA_OK), {"YD1014"}),
    ("yolo11", machine(gpus=[L4], network=weights_on_disk("yolo11n.pt", github="timeout"), **ULTRA_OK), set()),
    ("yolo11", machine(gpus=[L4], network=weights_on_disk(github="ok"), **ULTRA_OK), set()),
    ("yolov13", fork_ok(network=weights_on_disk("yolo11n.pt", offline=True)), {"YD1014"}),
    ("tensorrt-export", machine(gpus=[L4], network=weights_on_disk(offline=True),
                                packages={"tensorrt": "10.13.3.9", "ultralytics": "8.4.190"}), set()),
    ("multi-gpu-train", machine(gpus=[A100, A100], cuda_available=False, **ULTRA_OK), {"YD1005"}),
]


@pytest.mark.parametrize("profile, data, expected", SCENARIOS,
                         ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(SCENARIOS)])
def test_profile_scenarios(profile, data, expected):
    hits = evaluate(load(data), get_profile(profile))
    assert {rule_id for rule_id, _ in hits} == expected, [(r, h.message) for r, h in hits]


def test_every_profile_has_a_passing_and_a_failing_scenario():
    names = {p for p, _, _ in SCENARIOS}
    assert names == {"yolov8", "yolo11", "yolo12", "yolo26", "yolov12", "yolov13", "tensorrt-export",
                     "multi-gpu-train"}
    for name in names:
        outcomes = {bool(expected) for p, _, expected in SCENARIOS if p == name}
        assert outcomes == {True, False}, name


def test_every_profile_check_fires_in_some_scenario():
    fired = set().union(*(expected for _, _, expected in SCENARIOS))
    assert set(CHECKS) - fired == {"YD1015"}  # policy-only: tested below


def test_missing_weights_give_the_exact_download_url():
    hit = _hit("YD1014", get_profile("yolov13"), fork_ok(network=weights_on_disk(offline=True)))
    assert "https://github.com/iMoonLab/yolov13/releases/download/yolov13/yolov13n.pt" in hit.fix
    assert "YOLO_OFFLINE is on" in hit.message and hit.explains == ("YD808", "YD809")
    hit = _hit("YD1014", get_profile("yolo11"), machine(gpus=[L4], network=weights_on_disk(github="timeout"),
                                                       **ULTRA_OK))
    assert "https://github.com/ultralytics/assets/releases/download/v8.4.0/yolo11n.pt" in hit.fix
    assert "/root/weights/yolo11n.pt" in hit.fix


def _hit(rule_id, profile, data):
    return dict(evaluate(load(data), profile))[rule_id]


def test_flash_attn_on_a_t4_says_what_runs_instead_and_is_information():
    hit = _hit("YD1008", get_profile("yolov12"), fork_ok(gpus=[T4]))
    assert hit.severity == "info"
    assert "Tesla T4" in hit.message and "7.5" in hit.message and "Turing" in hit.message
    assert "plain PyTorch attention" in hit.message  # what runs instead, from the profile
    # The installed wheel would fail with flash-attn's own message (compat/flash_attn.toml).
    assert "FlashAttention only supports Ampere GPUs or newer." in hit.message
    assert "pip uninstall flash-attn" in hit.fix and "A100" in hit.fix


def test_fork_torch_fix_is_the_exact_pinned_install_and_explains_the_rest():
    data = machine(gpus=[A100], packages={"torchvision": "0.19.1"})
    hit = _hit("YD1002", get_profile("yolov12"), data)
    # The command comes from the one chooser (the engine fills it), the same one `fix --profile` plans:
    # under the target interpreter, with the local tags, from the variant's own index.
    from yolodoctor.diagnose.engine import diagnose

    found = next(f for f in diagnose(load(data), profile=get_profile("yolov12")) if f.id == "YD1002")
    assert ("-m pip install --disable-pip-version-check --index-url https://download.pytorch.org/whl/cu118 "
            "torch==2.2.2+cu118 torchvision==0.17.2+cu118") in found.fix
    assert "{torch-repair}" not in found.fix + str(found.data)
    assert hit.explains == ("YD1003", "YD1004")
    assert hit.severity == "warning"  # the fork's pins are unverified: not an error on their own


def test_cpu_torch_for_a_gpu_profile_is_the_cpu_build_case():
    hit = _hit("YD1005", get_profile("tensorrt-export"),
               machine(torch="2.4.1+cpu", torch_cuda=None, gpus=[L4], cuda_available=False,
                       packages={"tensorrt": "10.13.3.9", "ultralytics": "8.4.190"}))
    assert "CPU-only build" in hit.message and hit.data["reason"] == "cpu_build"
    # The command is the chooser's, filled in by the engine: the same one YD204 and `fix` give.
    from yolodoctor.diagnose.engine import run

    data = machine(torch="2.4.1+cpu", torch_cuda=None, gpus=[L4], cuda_available=False,
                   packages={"tensorrt": "10.13.3.9", "ultralytics": "8.4.190"})
    found = [f for r in run(load(data), profile=get_profile("tensorrt-export")).findings for f in (r, *r.folded)]
    yd1005, yd204 = (next(f for f in found if f.id == i) for i in ("YD1005", "YD204"))
    assert "torch==2.4.1+cu12" in yd1005.fix and yd1005.fix.splitlines()[1:] == yd204.fix.splitlines()[1:]


def test_tensorrt_fix_names_the_cuda_major_of_torch():
    missing = _hit("YD1010", get_profile("tensorrt-export"),
                   machine(gpus=[L4], packages={"tensorrt": None, "ultralytics": "8.4.190"}))
    assert 'pip install "tensorrt-cu12>=7.0.0,!=10.2.0"' in missing.fix


def test_a_policy_that_declares_the_job_offline_needs_the_weights_on_disk():
    data = machine(gpus=[L4], network={"status": "skipped", "local": {"cwd": "/job", "cwd_weights": []}}, **ULTRA_OK)
    yolo11 = get_profile("yolo11")
    assert "YD1014" not in dict(evaluate(load(data), yolo11))  # not probed is not the same as offline
    policy = Policy(path="yolodoctor.toml", offline=True, origins={"offline": "yolodoctor.toml"})
    hit = dict(evaluate(load(data), effective_profile(policy, yolo11)))["YD1014"]
    assert "the policy (yolodoctor.toml) says the job runs offline" in hit.message
    # --offline on the command line only stops yolodoctor's own probes.
    probes_only = Policy(offline=True, origins={"offline": "--offline"})
    assert "YD1014" not in dict(evaluate(load(data), effective_profile(probes_only, yolo11)))


def test_policy_requirements_are_judged_and_named_as_the_policy():
    policy = Policy(path="yolodoctor.toml", required_packages=("onnx>=1.16", "onnxruntime-gpu"),
                    origins={"required_packages": "yolodoctor.toml"})
    profile = effective_profile(policy, get_profile("yolov8"))
    data = machine(gpus=[L4], packages={"onnx": "1.15.0", "ultralytics": "8.4.190"})
    hits = evaluate(load(data), profile)
    assert [r for r, _ in hits] == ["YD1015", "YD1015"]
    messages = " ".join(h.message for _, h in hits)
    assert "onnx 1.15.0 does not satisfy onnx>=1.16" in messages and "onnxruntime-gpu is not installed" in messages
    assert "the policy (yolodoctor.toml)" in messages


def test_unknown_facts_never_fire():
    empty = facts_from_dict({"schema": "yolodoctor.facts/1"})
    for name in ("yolov12", "tensorrt-export", "multi-gpu-train", "yolo26"):
        assert evaluate(empty, get_profile(name)) == [], name
