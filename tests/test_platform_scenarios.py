"""Platforms off desktop Linux: the fixes `check` gives on each platform machine
(tests/platform_scenarios.py) name only what can work there, and the platform
gate, facts readers and quoting that decide it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import NoCompiler, materialise
from tests.harness.run import REPO
from tests.platform_scenarios import FIX_TEXT, PLATFORM_SCENARIOS
from yolodoctor.diagnose import platform_gate as P
from yolodoctor.facts.model import CondaPackage, Distribution, Facts, Jetson, Rocm, Wsl
from yolodoctor.facts.platform import gfx_name
from yolodoctor.facts.probe_target import _miopen_version_text
from yolodoctor.facts.system import SystemView
from yolodoctor.fix.commands import display


def _check(m, *extra: str) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-s", "-m", "yolodoctor", "check", "--offline", *m.cli_args(), *extra]
    return subprocess.run(argv, capture_output=True, text=True, env=m.env, timeout=180, cwd=str(REPO))


def _fix_texts(finding: dict) -> list[str]:
    texts = [finding.get("fix") or ""]
    for inner in finding.get("folded") or ():
        texts += _fix_texts(inner)
    return texts


def test_every_platform_scenario_says_what_its_fixes_must_say():
    assert {s.name for s in PLATFORM_SCENARIOS} == set(FIX_TEXT)


@pytest.mark.parametrize("scenario", PLATFORM_SCENARIOS, ids=lambda s: s.name)
def test_fixes_fit_the_platform(scenario, tmp_path):
    try:
        m = materialise(scenario, tmp_path)
    except NoCompiler as exc:
        pytest.skip(str(exc))
    proc = _check(m, "--format", "json")
    assert "Traceback" not in proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    fixes = "\n".join(t for f in findings for t in _fix_texts(f))
    required, forbidden = FIX_TEXT[scenario.name]
    for text in required:
        assert text in fixes, f"{scenario.name}: no fix says {text!r}:\n{fixes}"
    for text in forbidden:
        assert text not in fixes, f"{scenario.name}: a fix says {text!r}, which cannot work there:\n{fixes}"


def test_a_recognised_import_error_shows_its_own_fix_in_the_terminal(tmp_path):
    scenario = next(s for s in PLATFORM_SCENARIOS if s.name == "windows-torch-fbgemm-winerror-126")
    m = materialise(scenario, tmp_path)
    out = _check(m).stdout
    assert "YD203" in out and "Visual C++ Redistributable" in out
    assert "known-bad release" in out  # torch 2.4.0 on Windows (compat/ultralytics.toml)


def test_a_pasted_windows_dll_error_keeps_its_specific_fix(tmp_path):
    paste = tmp_path / "issue.txt"
    paste.write_text(
        ">>> import torch\nTraceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"
        "ImportError: DLL load failed while importing _C: The specified module could not be found.\n"
        "torch                2.5.1\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from", str(paste), "--offline",
                           "--format", "json"], capture_output=True, text=True, timeout=120, cwd=str(REPO))
    findings = json.loads(proc.stdout)["findings"]
    assert findings and all("Visual C++ Redistributable" in f["fix"] for f in findings if f["category"] == "other")


# ------------------------------------------------------------ the gate ---

def _facts(**kw) -> Facts:
    facts = Facts()
    for path, value in kw.items():
        target = facts
        parts = path.split("__")
        for part in parts[:-1]:
            target = getattr(target, part)
        setattr(target, parts[-1], value)
    return facts


def test_gate_routes_per_platform():
    nvidia = {"nvidia__driver_version": "551.61"}
    wsl = P.gate(_facts(platform__wsl=Wsl(dxg=True), **nvidia))
    assert (wsl.kind, wsl.route, wsl.driver_os) == ("wsl2", P.PIP_CUDA, "Windows")
    jetson = P.gate(_facts(platform__jetson=Jetson(l4t_version="36.4.0"), **nvidia))
    assert (jetson.kind, jetson.routes, jetson.desktop_driver) == ("jetson", (P.JETPACK,), False)
    mac = P.gate(_facts(host__os="Darwin"))
    assert (mac.kind, mac.routes) == ("macos", (P.MPS,))
    amd = P.gate(_facts(host__os="Linux", platform__rocm=Rocm(kfd=True, gfx_targets=["gfx1100"])))
    assert (amd.gpu, amd.routes) == ("amd", (P.PIP_ROCM, P.PIP_CPU))
    amd_wsl = P.gate(_facts(platform__wsl=Wsl(dxg=True), platform__rocm=Rocm(kfd=True)))
    assert not amd_wsl.allows(P.PIP_ROCM)  # PyTorch's ROCm wheels are Linux-only
    windows = P.gate(_facts(host__os="Windows", **nvidia))
    assert windows.windows_shell and windows.driver_os == "Windows"
    linux = P.gate(_facts(host__os="Linux", **nvidia))
    assert (linux.kind, linux.route, linux.driver_os) == ("linux", P.PIP_CUDA, "Linux")


def test_gate_takes_the_conda_route_only_when_conda_installed_torch():
    conda = _facts(host__os="Linux", nvidia__driver_version="550.127.05",
                   python__distributions=[Distribution("torch", "2.5.1", conda_package="pytorch")],
                   python__conda_packages=[CondaPackage("pytorch", "2.5.1", "py3.11_cpu_0")])
    assert P.gate(conda).route == P.CONDA
    pip_in_conda_env = _facts(host__os="Linux", nvidia__driver_version="550.127.05",
                              python__distributions=[Distribution("torch", "2.5.1+cu124", installer="pip")],
                              python__conda_packages=[CondaPackage("python", "3.11.10", "h0")])
    assert P.gate(pip_in_conda_env).route == P.PIP_CUDA


def test_windows_quoting_never_uses_single_quotes():
    assert P.shell_quote("C:\\Program Files\\Python\\python.exe", True) == '"C:\\Program Files\\Python\\python.exe"'
    assert P.shell_quote('say "hi"', True) == '"say ""hi"""'
    assert P.shell_quote("a b", False) == "'a b'"
    line = display(["C:\\Program Files\\Python312\\python.exe", "-m", "pip", "install", "torch==2.5.1+cu124"],
                   [("PIP_NO_CACHE_DIR", "1")])
    assert "'" not in line
    assert line.startswith('$env:PIP_NO_CACHE_DIR="1"; & "C:\\Program Files\\Python312\\python.exe" -m pip')
    assert display(["/usr/bin/python3", "-m", "pip", "install", "a b"]) == "/usr/bin/python3 -m pip install 'a b'"


# ---------------------------------------------------------- the readers ---

@pytest.mark.parametrize("number, text", [(3002000, "3.2.0"), (2019000, "2.19.0"), (3004001, "3.4.1")])
def test_miopen_version_is_decoded_as_miopen(number, text):
    assert _miopen_version_text(number) == text  # major*1000000 + minor*1000 + patch, not cuDNN's scheme


@pytest.mark.parametrize("target, name", [(110000, "gfx1100"), (90010, "gfx90a"), (90402, "gfx942"),
                                          (100301, "gfx1031"), (90008, "gfx908")])
def test_kfd_gfx_target_version_names(target, name):
    assert gfx_name(target) == name


def test_jetpack_5_release_file_and_dpkg_status(tmp_path: Path):
    from yolodoctor.facts.model import Nvidia
    from yolodoctor.facts.platform import collect_platform

    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/nv_tegra_release").write_text(
        "# R35 (release), REVISION: 4.1, GCID: 33958178, BOARD: t186ref, EABI: aarch64, "
        "DATE: Tue Aug  1 19:57:35 UTC 2023\n", encoding="utf-8")
    (tmp_path / "var/lib/dpkg").mkdir(parents=True)
    (tmp_path / "var/lib/dpkg/status").write_text(
        "Package: nvidia-jetpack\nStatus: deinstall ok config-files\nVersion: 5.0.2-b231\n\n"
        "Package: nvidia-jetpack\nStatus: install ok installed\nVersion: 5.1.2-b104\n", encoding="utf-8")
    platform = collect_platform(SystemView(root=tmp_path, env={}), Nvidia(), "5.10.120-tegra")
    assert platform.jetson.l4t_version == "35.4.1"
    assert platform.jetson.jetpack_version == "5.1.2"  # the installed record, not the removed one
    assert platform.jetson.tegra_kernel is True
    assert platform.wsl is None and platform.rocm is None and platform.macos_version is None


YOLO_CHECKS_ROCM = """Ultralytics 8.3.40 \U0001F680 Python-3.10.12 torch-2.5.1+rocm6.2 \
CPU (AMD Ryzen 9 7950X 16-Core Processor)
Setup complete \u2705 (32 CPUs, 62.5 GB RAM, 120.3/915.8 GB disk)

OS                  Linux-6.8.0-49-generic-x86_64-with-glibc2.39
Environment         Linux
Python              3.10.12
Install             pip
RAM                 62.45 GB
CPU                 AMD Ryzen 9 7950X 16-Core Processor
CPU count           32
GPU                 AMD Radeon RX 7900 XTX, 24560MiB
GPU count           1
CUDA                None

torch               \u2705 2.5.1+rocm6.2>=1.8.0
torchvision         \u2705 0.20.1+rocm6.2>=0.9.0
"""


def test_yolo_checks_cuda_none_on_rocm_is_not_no_gpu(tmp_path):
    """Ultralytics' CUDA row is torch.version.cuda: None on a ROCm build that sees its GPU (the GPU row)."""
    paste = tmp_path / "checks.txt"
    paste.write_text(YOLO_CHECKS_ROCM, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from", str(paste), "--offline",
                           "--format", "json"], capture_output=True, text=True, timeout=120, cwd=str(REPO))
    ids = {f["id"] for f in json.loads(proc.stdout)["findings"]}
    assert not ids & {"YD104", "YD105", "YD131", "YD231", "YD232"}, ids
    no_gpu_row = paste.with_name("no_gpu.txt")
    no_gpu_row.write_text(YOLO_CHECKS_ROCM.replace("GPU                 AMD Radeon RX 7900 XTX, 24560MiB\n", "")
                          .replace("GPU count           1\n", ""), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from", str(no_gpu_row), "--offline",
                           "--format", "json"], capture_output=True, text=True, timeout=120, cwd=str(REPO))
    assert "YD131" in {f["id"] for f in json.loads(proc.stdout)["findings"]}  # then the ROCm torch sees no GPU


@pytest.mark.parametrize("name, step", [
    ("conda-cpuonly-pytorch-on-rtx3090", "pytorch-cuda=12.4 -c pytorch -c nvidia"),
    ("jetson-orin-pypi-cpu-torch", "developer.download.nvidia.com/compute/redist/jp/v61"),
    ("amd-gpu-with-cpu-torch", "download.pytorch.org/whl/rocm6.2"),
])
def test_fix_plans_the_platform_route_never_a_cuda_wheel(name, step, tmp_path):
    scenario = next(s for s in PLATFORM_SCENARIOS if s.name == name)
    m = materialise(scenario, tmp_path)
    argv = [sys.executable, "-s", "-m", "yolodoctor", "fix", "--offline", "--format", "json", *m.cli_args()]
    proc = subprocess.run(argv, capture_output=True, text=True, env=m.env, timeout=180, cwd=str(REPO))
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    actions = document.get("plan", document)["actions"]
    installs = [r for a in actions if a["kind"] == "install" for r in a["requirements"]]
    assert not [r for r in installs if r.split("=")[0].strip() in ("torch", "torchvision", "torchaudio")], installs
    manual = [a for a in actions if a["kind"] == "manual"]
    assert any(step in line for a in manual for line in a["steps"]), manual


# ------------------------------------------------- rules over imagined Facts ---

def test_a_hung_nvidia_smi_under_wsl_gets_windows_advice():
    from diagnose_machines import RTX_4090, finding, machine
    from yolodoctor.facts.model import Command

    facts = machine(gpus=[RTX_4090], driver="566.36", torch="2.5.1+cu124", container="wsl2")
    facts.platform.wsl = Wsl(kernel="5.15.167.4-microsoft-standard-WSL2", dxg=True, lib_dir="/usr/lib/wsl/lib")
    facts.nvidia.nvidia_smi = Command(path="/usr/lib/wsl/lib/nvidia-smi", status="timeout", seconds=10.0)
    fix = finding(facts, "YD109").fix
    assert "wsl --shutdown" in fix and "nvidia-smi -r" not in fix and "dmesg" not in fix
    linux = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.5.1+cu124")
    linux.nvidia.nvidia_smi = Command(path="/usr/bin/nvidia-smi", status="timeout", seconds=10.0)
    assert "nvidia-smi -r" in finding(linux, "YD109").fix  # the catalogue's Linux advice stays


def test_cuda_visible_devices_on_windows_is_set_the_powershell_way():
    from diagnose_machines import RTX_4090, finding, machine

    facts = machine(gpus=[RTX_4090], driver="551.61", torch="2.5.1+cu124", os="Windows", cuda_available=False)
    facts.nvidia.cuda_visible_devices = "-1"
    fix = finding(facts, "YD106").fix
    assert '$env:CUDA_VISIBLE_DEVICES="0"' in fix and "'" not in fix


def test_wsl_is_judged_by_the_windows_driver_minimum():
    from diagnose_machines import RTX_4090, finding, ids, machine

    # 550.54.14 is CUDA 12.4's Linux driver; on Windows (and so under WSL) it is 551.61.
    linux = machine(gpus=[RTX_4090], driver="551.23", torch="2.5.1+cu124")
    assert "YD102" not in ids(linux)
    wsl = machine(gpus=[RTX_4090], driver="551.23", torch="2.5.1+cu124", container="wsl2")
    wsl.platform.wsl = Wsl(dxg=True)
    f = finding(wsl, "YD102")
    assert f.data["recommended_driver"] == "551.61" and "550.54.14" not in f.fix + f.message


CONDA_LIST_CPUONLY = """# packages in environment at /home/me/miniconda3/envs/yolo:
#
# Name                    Version                   Build  Channel
cpuonly                   2.0                           0    pytorch
python                    3.11.10              hc5c86c4_0
pytorch                   2.5.1               py3.11_cpu_0    pytorch
torchvision               0.20.1                py311_cpu    pytorch
+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 550.127.05             Driver Version: 550.127.05     CUDA Version: 12.4     |
"""


def test_a_pasted_conda_list_with_cpuonly_gets_the_conda_route(tmp_path):
    paste = tmp_path / "conda.txt"
    paste.write_text(CONDA_LIST_CPUONLY, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from", str(paste), "--offline",
                           "--format", "json"], capture_output=True, text=True, timeout=120, cwd=str(REPO))
    found = {f["id"]: f for f in json.loads(proc.stdout)["findings"]}
    assert "YD204" in found, sorted(found)
    fix = found["YD204"]["fix"]
    assert "conda remove cpuonly" in fix and "pytorch-cuda=12.4 -c pytorch -c nvidia" in fix
    assert "pip install" not in fix


def test_fix_judges_a_wsl_driver_by_windows_minimums():
    from yolodoctor.fix.machine import Machine
    from yolodoctor.fix.select import driver_check

    linux = driver_check("cu124", Machine(os="linux", driver="551.23"))
    wsl = driver_check("cu124", Machine(os="linux", driver="551.23", driver_os="windows"))
    assert linux[1].startswith("native") and "550.54.14" in linux[1]
    assert wsl[1].startswith("minor-version compatibility")  # below Windows' 551.61 for CUDA 12.4
    facts = _facts(host__os="Linux", platform__wsl=Wsl(dxg=True), nvidia__driver_version="551.23")
    from yolodoctor.fix.machine import machine_from_facts

    assert machine_from_facts(facts).driver_os == "windows"


def test_the_chooser_asks_the_one_gate():
    """fix's Platform is a view of the gate the rules ask: same kind, same driver minimums, and no
    download.pytorch.org CUDA wheel where the gate rules them out, even with a GPU the chooser can see."""
    from yolodoctor.facts.model import Gpu as FactsGpu
    from yolodoctor.fix.machine import machine_from_facts
    from yolodoctor.fix.platform import platform_of
    from yolodoctor.fix.select import select_torch_set

    gpu = [FactsGpu(index=0, name="NVIDIA GeForce RTX 3090", compute_capability="8.6")]
    machines = {
        "wsl2": _facts(host__os="Linux", platform__wsl=Wsl(dxg=True), nvidia__driver_version="551.23",
                       nvidia__gpus=gpu, python__platform="linux-x86_64", python__version="3.11.9"),
        "jetson": _facts(host__os="Linux", platform__jetson=Jetson(l4t_version="36.4.0"),
                         nvidia__driver_version="540.4.0", nvidia__gpus=gpu, python__version="3.10.12"),
        "linux": _facts(host__os="Linux", platform__rocm=Rocm(kfd=True, gfx_targets=["gfx1100"]),
                        nvidia__gpus=[], python__version="3.11.9"),
        "macos": _facts(host__os="Darwin", python__platform="macosx-14.0-arm64", nvidia__gpus=gpu,
                        python__version="3.11.9"),
    }
    for kind, facts in machines.items():
        machine = machine_from_facts(facts)
        gate = P.gate(facts)
        platform = platform_of(machine)
        assert machine.gate == gate and platform.name == gate.kind == kind
        assert platform.driver_os == gate.driver_os.lower()
        assert platform.cuda_wheels is not gate.cuda_wheels_impossible
        selection = select_torch_set(machine)
        if gate.cuda_wheels_impossible and machine.gpus:
            assert selection.chosen is None and gate.route in selection.problems[0], (kind, selection)
    assert platform_of(machine_from_facts(machines["wsl2"])).driver_os == "windows"


@pytest.mark.parametrize("name, line", [
    ("jetson-jetpack6-torch-healthy", "Jetson (L4T 36.4.0, JetPack 6.1)"),
    ("rocm-rx7900-healthy", "AMD GPU gfx1100, ROCm 6.2.4-120"),
    ("macos-apple-silicon-mps", "Apple GPU through MPS (macOS 15.1)"),
])
def test_the_summary_names_the_platform_gpu(name, line, tmp_path):
    scenario = next(s for s in PLATFORM_SCENARIOS if s.name == name)
    proc = _check(materialise(scenario, tmp_path))
    assert proc.returncode == 0, proc.stdout
    assert line in proc.stdout and "no NVIDIA driver or GPU found" not in proc.stdout
