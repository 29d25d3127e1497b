"""Findings (and facts) -> plan: the actions each category gets, root-only steps per OS/container."""

from yolodoctor.diagnose.model import Finding
from yolodoctor.facts.model import OK, Distribution, EndpointProbe, Facts, Gpu, Host, Network, Nvidia, Package, \
    PipConfig, PythonEnv, Torch, CudaToolkit
from yolodoctor.fix.planner import PlanOptions, make_plan
from yolodoctor.fix.safety import AllowList, check_plan


def finding(category, fid="YD999", severity="error", **data):
    return Finding(id=fid, category=category, severity=severity, area="torch", title=f"{category} title",
                   message=f"{category} message", fix=f"{category} fix", data=data)


def facts(torch="2.4.1+cpu", cuda=None, driver="550.54.14", cap="8.6", container=None, distro="Ubuntu 22.04.4 LTS",
          dists=(), pip_config=None, packages=None, nvcc=None, abi=False):
    f = Facts(
        host=Host(os="Linux", distro=distro, container=container, cpu_count=8, memory_available_bytes=32 * 2 ** 30),
        nvidia=Nvidia(driver_version=driver, gpus=[Gpu(index=0, name="GPU0", compute_capability=cap)] if cap else []),
        python=PythonEnv(executable="/envs/yolo/bin/python", version="3.11.7", platform="linux-x86_64",
                         pip_config=pip_config or PipConfig(), pip_version="23.2.1",
                         distributions=[Distribution(name=n, version=v) for n, v in
                                        (("torch", torch), *dists) if v]),
        torch=Torch(status=OK, version=torch, cuda=cuda, cxx11_abi=abi, source="import"),
        cuda=CudaToolkit(nvcc_version=nvcc),
    )
    f.packages = dict(packages or {})
    return f


def kinds(plan):
    return [a.kind for a in plan.actions]


def test_no_engine_judges_the_torch_set_from_facts():
    plan = make_plan(facts(), None)
    assert kinds(plan) == ["install"]
    action = plan.actions[0]
    # torchvision comes with torch even when absent: the set is installed paired (Ultralytics needs both)
    assert action.requirements == ("torch==2.4.1+cu124", "torchvision==0.19.1+cu124")
    assert action.index_url == "https://download.pytorch.org/whl/cu124"
    check_plan(plan, AllowList())


def test_engine_finding_drives_the_torch_set():
    plan = make_plan(facts(dists=(("torchvision", "0.19.1+cpu"),)), [finding("torch_cpu_only", "YD101")])
    action = plan.actions[0]
    assert action.findings == ("YD101",)
    assert action.requirements == ("torch==2.4.1+cu124", "torchvision==0.19.1+cu124")
    assert plan.findings == (("YD101", "torch_cpu_only title"),)


def test_engine_says_healthy_nothing_to_do():
    assert make_plan(facts(), []).actions == ()


def test_driver_too_old_for_every_build_prints_driver_steps_per_os():
    plan = make_plan(facts(torch="2.4.1+cu124", cuda="12.4", driver="418.67"),
                     [finding("driver_too_old", required_driver="525.60.13")])
    manual = [a for a in plan.actions if a.kind == "manual"]
    assert manual and manual[0].needs_root
    assert "450.80.02" in manual[0].title
    assert any("ubuntu-drivers install nvidia:450" in s for s in manual[0].steps)
    wsl = make_plan(facts(torch="2.4.1+cu124", cuda="12.4", driver="418.67", container="wsl2"),
                    [finding("driver_too_old")])
    steps = " ".join(next(a for a in wsl.actions if a.kind == "manual").steps)
    assert "Windows" in steps and "do not install a Linux NVIDIA driver" in steps
    docker = make_plan(facts(torch="2.4.1+cu124", cuda="12.4", driver="418.67", container="docker"),
                       [finding("driver_too_old")])
    assert "host" in " ".join(next(a for a in docker.actions if a.kind == "manual").steps)


def test_gpu_not_visible_in_docker():
    plan = make_plan(facts(cap=None, driver=None, container="docker"), [finding("gpu_not_visible")])
    action = plan.actions[0]
    assert action.kind == "manual" and any("--gpus all" in s for s in action.steps)


def test_shm_small_in_kubernetes_and_docker():
    k8s = make_plan(facts(container="kubernetes"), [finding("shm_small")])
    assert "emptyDir" in k8s.actions[0].steps[0]
    docker = make_plan(facts(container="docker"), [finding("shm_small")], PlanOptions(shm_size="16g"))
    assert "--shm-size=16g" in docker.actions[0].steps[0]


def test_opencv_libgl_headless_swap_and_root_alternative():
    plan = make_plan(facts(dists=(("opencv-python", "4.10.0.84"),), container="docker"), [finding("opencv_libgl")])
    swap, manual = plan.actions
    assert swap.kind == "install" and swap.uninstall == ("opencv-python",)
    assert swap.requirements == ("opencv-python-headless==4.10.0.84",)
    assert manual.kind == "manual" and "libgl1" in manual.steps[0]


def test_numpy_abi():
    plan = make_plan(facts(dists=(("numpy", "2.1.0"),)), [finding("numpy_abi", packages=["torchsig"])])
    assert plan.actions[0].requirements == ("numpy<2",)
    assert "torchsig" in plan.actions[0].why


def test_ultralytics_outdated_wheel_and_checkout():
    pkg = Package(status=OK, version="8.2.103", details={"install_kind": "wheel"})
    plan = make_plan(facts(packages={"ultralytics": pkg}), [finding("ultralytics_outdated", family="yolo11")])
    assert plan.actions[0].requirements == ("ultralytics>=8.3.0",)
    assert plan.actions[0].options == ("--upgrade",)
    pkg = Package(status=OK, version="8.2.103", location="/src/ultralytics/ultralytics",
                  details={"install_kind": "editable"})
    plan = make_plan(facts(packages={"ultralytics": pkg}), [finding("ultralytics_outdated", family="yolo11")])
    assert plan.actions[0].kind == "manual" and "git -C" in plan.actions[0].steps[0]


def test_tensorrt_matches_torch_cuda():
    plan = make_plan(facts(torch="2.4.1+cu124", cuda="12.4", dists=(("tensorrt", "10.13.3.9"),
                                                                    ("tensorrt-cu13", "10.13.3.9"))),
                     [finding("tensorrt_problem")])
    action = plan.actions[0]
    assert action.requirements[0] == "tensorrt-cu12>=7.0.0,!=10.2.0"
    assert action.uninstall == ("tensorrt", "tensorrt-cu13")


def test_flash_attn_on_turing_is_sdpa_info():
    plan = make_plan(facts(torch="2.4.1+cu124", cuda="12.4", cap="7.5"), [finding("flash_attn_arch")])
    assert kinds(plan) == ["info"] and "SDPA" in plan.actions[0].title


def test_flash_attn_abi_reinstalls_the_matching_wheel():
    plan = make_plan(facts(torch="2.4.1+cu124", cuda="12.4", dists=(("flash-attn", "2.6.3"),)),
                     [finding("flash_attn_abi")])
    action = plan.actions[0]
    assert action.uninstall == ("flash-attn",)
    assert action.requirements[0].endswith("flash_attn-2.6.3+cu123torch2.4cxx11abiFALSE-cp311-cp311-linux_x86_64.whl")
    check_plan(plan, AllowList())
    mirror = make_plan(facts(torch="2.4.1+cu124", cuda="12.4", dists=(("flash-attn", "2.6.3"),)),
                       [finding("flash_attn_abi")], PlanOptions(flash_attn_releases="https://mirror.example/fa"))
    assert mirror.actions[0].requirements[0].startswith("https://mirror.example/fa/v2.6.3/flash_attn-2.6.3+")


def test_flash_attn_build_blocked_by_nvcc_is_manual():
    plan = make_plan(facts(torch="2.9.0+cu128", cuda="12.8", nvcc="13.0", abi=True), [finding("flash_attn_build")])
    assert kinds(plan) == ["manual", "manual"]
    assert "CUDA 12.8 toolkit" in plan.actions[0].title
    assert plan.actions[1].steps[0] == "/envs/yolo/bin/python -m pip install ninja packaging psutil"
    assert "--no-build-isolation" in plan.actions[1].steps[1] and "MAX_JOBS=" in plan.actions[1].steps[1]
    runnable = make_plan(facts(torch="2.9.0+cu128", cuda="12.8", nvcc="12.8", abi=True),
                         [finding("flash_attn_build")])
    build = runnable.actions[0]
    assert build.kind == "install" and build.options == ("--no-build-isolation",)
    assert dict(build.env)["MAX_JOBS"] == "3"  # min(8 CPUs // 2, 32 GiB free / 9 GiB per job)


def test_unhandled_finding_becomes_info():
    plan = make_plan(facts(torch="2.4.1+cu124", cuda="12.4"), [finding("nccl_problem", severity="warning")])
    assert kinds(plan) == ["info"] and plan.actions[0].why == "nccl_problem fix"


def test_installer_choice():
    assert make_plan(facts(), None, PlanOptions(uv_path="/usr/bin/uv")).installer == "uv"
    configured = facts(pip_config=PipConfig(index_url="https://artifactory.corp.example/simple"))
    assert make_plan(configured, None, PlanOptions(uv_path="/usr/bin/uv")).installer == "pip"
    assert make_plan(facts(), None, PlanOptions(uv_path="/usr/bin/uv", installer="pip")).installer == "pip"
    no_pip = facts(pip_config=PipConfig(index_url="https://artifactory.corp.example/simple"))
    no_pip.python.pip_version = None  # a venv made by uv
    assert make_plan(no_pip, None, PlanOptions(uv_path="/usr/bin/uv")).installer == "uv"


def test_torch_from_configured_pytorch_mirror():
    f = facts(pip_config=PipConfig(extra_index_urls=["https://mirror.sjtu.edu.cn/pytorch-wheels/cu121"]))
    action = make_plan(f, None).actions[0]
    assert action.index_url == "https://mirror.sjtu.edu.cn/pytorch-wheels/cu124"
    assert not action.verified  # the mirror row is verified = false
    check_plan(make_plan(f, None), AllowList())


def test_torch_from_working_mirror_when_official_fails():
    f = facts()
    f.network = Network(status="ok", endpoints=[
        EndpointProbe(kind="pytorch_wheels", url="https://download.pytorch.org/whl/cu121/torch/", status="timeout"),
        EndpointProbe(kind="pytorch_wheels", url="https://mirrors.aliyun.com/pytorch-wheels/cu121/", status="ok")])
    action = make_plan(f, None).actions[0]
    assert action.find_links == ("https://mirrors.aliyun.com/pytorch-wheels/cu124",)
    assert action.index_url is None


def test_torch_from_pypi_when_its_default_is_the_variant():
    # torch 2.4.1's PyPI wheel is the cu121 build [compat/torch.toml pypi_default_cuda]
    f = facts(driver="535.54.03")
    f.network = Network(status="ok", endpoints=[
        EndpointProbe(kind="pytorch_wheels", url="https://download.pytorch.org/whl/cu121/torch/", status="dns"),
        EndpointProbe(kind="pypi", url="https://pypi.org/simple/", status="ok")])  # PyPI answered
    action = make_plan(f, None, PlanOptions(torch_pin="2.4.1+cu121")).actions[0]
    assert action.requirements == ("torch==2.4.1", "torchvision==0.19.1") and action.index_url is None


def test_torch_missing_without_gpu_installs_cpu_torch():
    f = facts(torch=None, cap=None, driver=None)
    f.torch = Torch(status="missing")
    plan = make_plan(f, [finding("torch_missing")])
    assert plan.actions[0].index_url == "https://download.pytorch.org/whl/cpu"
    assert plan.actions[0].requirements[0].endswith("+cpu")
    # No GPU at all (YD104): the CPU build, as check says. A GPU that is there but hidden (a container
    # started without --gpus, YD710) is fixed first.
    no_gpu = make_plan(f, [finding("torch_missing"), finding("gpu_not_visible", fid="YD104")])
    assert no_gpu.actions[0].requirements[0].endswith("+cpu")
    hidden = make_plan(f, [finding("torch_missing"), finding("gpu_not_visible", fid="YD710")])
    assert not any(a.kind == "install" for a in hidden.actions)
    f.host.os = "Darwin"
    mac = make_plan(f, [finding("torch_missing")])
    assert mac.actions[0].index_url is None and "+" not in mac.actions[0].requirements[0]
