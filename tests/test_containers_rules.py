"""Container rules: a GPU container started without GPU access, compute capability missing, small /dev/shm."""

import pytest

from machines import A100, load, machine
from yolodoctor.diagnose.containers import container_without_gpu, driver_capabilities_without_compute, shm_fix
from yolodoctor.profiles import get_profile

MIB = 1024 ** 2


def no_gpu_container(kind, env=None, **kw):
    """A CUDA torch in a container whose runtime passed no GPU: the host's module shows in /sys, no /dev nodes."""
    return load(machine(container=kind, gpus=[], kernel_module=True, device_nodes=[], env=env, **kw))


@pytest.mark.parametrize("kind, flags", [
    ("docker", "docker run --gpus all"),
    ("podman", "podman run --device nvidia.com/gpu=all"),
    ("kubernetes", "nvidia.com/gpu: 1"),
])
def test_gpu_container_without_gpu_access_prints_the_flags_for_its_runtime(kind, flags):
    hit = container_without_gpu(no_gpu_container(kind))
    assert hit is not None and flags in hit.fix
    assert hit.severity is None  # a CUDA torch needs the GPU: the catalogue's error stands
    assert "no /dev/nvidia0" in " ".join(hit.evidence)


def test_docker_mentions_the_runtime_alternative_and_the_host_setup():
    hit = container_without_gpu(no_gpu_container("docker", env={"NVIDIA_VISIBLE_DEVICES": "all"}))
    assert "--runtime=nvidia -e NVIDIA_VISIBLE_DEVICES=all" in hit.fix
    assert "nvidia-ctk runtime configure --runtime=docker" in hit.fix
    assert "only the NVIDIA runtime acts on it" in hit.message


@pytest.mark.parametrize("value", ["void", "none", ""])
def test_nvidia_visible_devices_that_hide_gpus_are_named(value):
    hit = container_without_gpu(no_gpu_container("docker", env={"NVIDIA_VISIBLE_DEVICES": value}))
    assert f"NVIDIA_VISIBLE_DEVICES={value or '(empty)'} hides every GPU" in hit.message
    assert "NVIDIA_VISIBLE_DEVICES=all" in hit.fix


def test_cpu_torch_in_a_container_on_a_cpu_host_is_not_a_problem():
    facts = load(machine(container="docker", torch="2.4.1+cpu", torch_cuda=None, gpus=[], kernel_module=False,
                         device_nodes=[]))
    assert container_without_gpu(facts) is None


def test_cpu_torch_but_gpu_profile_is_a_problem_and_host_module_is_a_hint_only():
    facts = load(machine(container="docker", torch="2.4.1+cpu", torch_cuda=None, gpus=[], kernel_module=True,
                         device_nodes=[]))
    hint = container_without_gpu(facts)
    assert hint is not None and hint.severity == "warning"
    needed = container_without_gpu(facts, get_profile("tensorrt-export"))
    assert needed.severity is None and "profile tensorrt-export needs a GPU" in needed.evidence


def test_container_with_gpus_and_bare_metal_are_fine():
    assert container_without_gpu(load(machine(container="docker", gpus=[A100]))) is None
    assert container_without_gpu(load(machine(container=None, gpus=[], kernel_module=True, device_nodes=[]))) is None


def test_pasted_reports_do_not_judge_device_nodes():
    data = machine(container="docker", gpus=[], kernel_module=True, device_nodes=[])
    data["origin"] = "pasted"
    assert container_without_gpu(load(data)) is None


@pytest.mark.parametrize("caps, fires", [
    ("utility", True), ("graphics,utility", True), ("compute,utility", False), ("all", False), ("", False),
    (None, False),
])
def test_driver_capabilities_without_compute(caps, fires):
    env = {"NVIDIA_DRIVER_CAPABILITIES": caps} if caps is not None else {}
    hit = driver_capabilities_without_compute(load(machine(container="docker", gpus=[A100], env=env)))
    assert (hit is not None) == fires
    if fires:
        assert "-e NVIDIA_DRIVER_CAPABILITIES=compute,utility" in hit.fix
        assert "libcuda.so" in hit.message


@pytest.mark.parametrize("kind, fix_text", [
    ("docker", "docker run --shm-size=8g"),
    ("podman", "podman run --shm-size=8g"),
    ("kubernetes", "emptyDir"),
    ("lxc", "--shm-size=8g or --ipc=host"),  # an unknown runtime gets the generic advice
])
def test_shm_fix_is_the_runtimes_own_flag(kind, fix_text):
    assert fix_text in shm_fix(kind)


def test_the_container_is_reported_as_the_root_cause_of_cuda_being_unusable():
    hit = container_without_gpu(no_gpu_container("docker"))
    assert hit.explains == ("YD105", "YD1005")
