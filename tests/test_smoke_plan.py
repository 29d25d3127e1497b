"""Which stage runs where, decided from what the device stage found."""

import pytest

from yolodoctor.smoke.plan import STAGE_NAMES, Discovery, Job, Skipped, check_device_spec, plan


def _jobs(items):
    return [(i.stage, i.device) for i in items if isinstance(i, Job)]


def _skips(items):
    return {(i.stage, i.device): i.reason for i in items if isinstance(i, Skipped)}


def test_cpu_quick_runs_every_cpu_stage_and_skips_health():
    items = plan(Discovery(selected=("cpu",), working=("cpu",)), "quick", STAGE_NAMES, None)
    assert _jobs(items) == [("model", "cpu"), ("attention", "cpu"), ("vision", "cpu"), ("ultralytics", "cpu"),
                            ("export", "cpu"), ("distributed", "cpu")]
    assert _skips(items) == {("health", "-"): "runs with --level full"}


def test_full_on_cpu_says_health_needs_a_gpu():
    items = plan(Discovery(selected=("cpu",), working=("cpu",)), "full", STAGE_NAMES, None)
    assert "CUDA" in _skips(items)[("health", "-")]


def test_two_gpus_get_nccl_export_on_the_first_gpu_and_health_on_each():
    discovery = Discovery(selected=("cpu", "cuda:0", "cuda:1"), working=("cpu", "cuda:0", "cuda:1"))
    items = plan(discovery, "full", STAGE_NAMES, None)
    jobs = _jobs(items)
    assert ("distributed", "cuda:0,cuda:1") in jobs
    assert ("export", "cuda:0") in jobs
    assert [j for j in jobs if j[0] == "health"] == [("health", "cuda:0"), ("health", "cuda:1")]
    assert [j for j in jobs if j[0] == "model"] == [("model", "cpu"), ("model", "cuda:0"), ("model", "cuda:1")]


def test_one_gpu_falls_back_to_gloo_and_says_why():
    items = plan(Discovery(selected=("cuda:0",), working=("cuda:0",)), "quick", STAGE_NAMES, None)
    job = next(i for i in items if isinstance(i, Job) and i.stage == "distributed")
    assert job.device == "cpu" and "NCCL needs two GPUs" in job.note


def test_a_failed_gpu_is_skipped_with_its_reason_while_the_cpu_still_runs():
    items = plan(Discovery(selected=("cpu", "cuda:0"), working=("cpu",)), "full", STAGE_NAMES, None)
    skips = _skips(items)
    assert skips[("model", "cuda:0")] == "cuda:0 failed the device stage"
    assert skips[("health", "cuda:0")] == "cuda:0 failed the device stage"
    assert ("model", "cpu") in _jobs(items)
    assert ("distributed", "cpu") in _jobs(items)


def test_nothing_runs_without_torch():
    items = plan(Discovery(torch_usable=False, why_unusable="torch could not be imported"), "quick", STAGE_NAMES, None)
    assert not _jobs(items)
    assert set(_skips(items).values()) == {"torch could not be imported"}
    assert len(items) == len(STAGE_NAMES) - 1


def test_only_the_stages_asked_for_and_the_timeout_override():
    items = plan(Discovery(selected=("cpu",), working=("cpu",)), "quick", ("device", "vision"), 42.0)
    assert [(i.stage, i.timeout) for i in items] == [("vision", 42.0)]


@pytest.mark.parametrize("spec,ok", [("cpu", True), ("cuda:3", True), ("all", True), ("cpu,cuda:1", True),
                                     ("gpu", False), ("cuda:", False), ("cuda:x", False), ("", False)])
def test_device_spec(spec, ok):
    assert (check_device_spec(spec) is None) is ok
