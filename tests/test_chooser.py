"""The one torch chooser as check and fix both see it: the minor-version trade-off, sources that
answered, the offline route, the platform gate, and a build PyTorch never published."""

from __future__ import annotations

import shlex

from diagnose_machines import RTX_4090, T4, finding, machine
from yolodoctor.facts.model import EndpointProbe
from yolodoctor.fix.commands import action_commands, display
from yolodoctor.fix.machine import machine_from_facts
from yolodoctor.fix.planner import PlanOptions, make_plan
from yolodoctor.fix.platform import platform_of
from yolodoctor.fix.select import select_torch_set
from yolodoctor.fix.verify import run_engine

OFFICIAL = "https://download.pytorch.org/whl"


def _plan(facts, **options):
    findings = run_engine(facts)
    return findings, make_plan(facts, findings, PlanOptions(installer="pip", **options))


def _online(facts, status="ok"):
    facts.network.status = "ok"
    facts.network.endpoints = [EndpointProbe(kind="pytorch_wheels", url=f"{OFFICIAL}/", role="default", status=status),
                               EndpointProbe(kind="pypi", url="https://pypi.org/simple/", role="default", status=status)]
    return facts


def test_minor_version_compatibility_says_the_tradeoff_in_check_and_fix():
    # Driver 535 runs cu124 only by minor-version compatibility (its own driver is 550.54.14).
    facts = _online(machine(gpus=[RTX_4090], driver="535.54.03", torch="2.4.1+cpu"))
    findings, plan = _plan(facts)
    torch = next(a for a in plan.actions if a.kind == "install")
    assert "torch==2.4.1+cu124" in torch.requirements
    line = next(n for n in torch.notes if "minor-version compatibility" in n)
    assert "upgrade the driver to >= 550.54.14" in line and "yolodoctor fix --torch 2.4.1+cu121" in line
    yd204 = next(f for f in findings if f.id == "YD204")
    assert line in yd204.fix and display(action_commands(plan, torch)[0]) in yd204.fix


def test_dead_index_is_never_printed_without_saying_so_and_the_offline_route_is_exact():
    facts = _online(machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cpu"), status="dns")
    findings, plan = _plan(facts)
    assert not any(a.kind == "install" and a.index_url and a.index_url.startswith(OFFICIAL) for a in plan.actions)
    route = next(a for a in plan.actions if a.kind == "manual" and a.title.endswith("offline"))
    assert "did not answer in this run (dns)" in route.why
    download, files, install = route.steps
    argv = shlex.split(download.split(": ", 1)[1])
    assert argv[:5] == ["python", "-m", "pip", "download", "--only-binary=:all:"]
    assert ["--python-version", "3.11"] == argv[argv.index("--python-version"):argv.index("--python-version") + 2]
    assert "--implementation" in argv and argv[argv.index("--implementation") + 1] == "cp"
    assert "manylinux_2_28_x86_64" in argv and "linux_x86_64" in argv
    assert argv[-2:] == ["torch==2.4.1+cu124", "torchvision==0.19.1+cu124"]
    assert "torch-2.4.1+cu124-cp311-cp311-*.whl" in files and "torchvision-0.19.1+cu124-cp311-cp311-*.whl" in files
    assert shlex.split(install.split(": ", 1)[1]) == [
        "/opt/venv/bin/python", "-m", "pip", "install", "--no-index", "--find-links", "torch-wheels",
        "torch==2.4.1+cu124", "torchvision==0.19.1+cu124"]
    yd204 = next(f for f in findings if f.id == "YD204")  # check says the same, and why
    assert download in yd204.fix and install in yd204.fix and "did not answer" in yd204.fix


def test_offline_run_goes_straight_to_the_offline_route():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cpu")
    facts.network.status = "skipped"
    _, plan = _plan(facts)
    assert [a.kind for a in plan.actions if "torch" in a.title][:1] == ["manual"]
    # An index named on the command line is the user's choice: installed from directly.
    _, given = _plan(facts, torch_index="https://mirror.example/whl")
    assert given.actions[0].kind == "install" and given.actions[0].index_url == "https://mirror.example/whl/cu124"


def test_answered_official_index_is_used():
    facts = _online(machine(gpus=[T4], driver="550.54.14", torch="2.4.1+cpu"))
    _, plan = _plan(facts)
    assert plan.actions[0].index_url == f"{OFFICIAL}/cu124" and plan.actions[0].notes[0] == \
        "from PyTorch's official index"


def test_platform_gate():
    assert platform_of(machine_from_facts(machine(os="Windows"))).name == "windows"
    linux = platform_of(machine_from_facts(machine()))
    assert linux.name == "linux" and linux.os_key == "linux"
    mac = machine_from_facts(machine(gpus=[RTX_4090], driver="550.54.14", os="Darwin"))
    gate = platform_of(mac)
    assert gate.name == "macos" and not gate.cuda_wheels and gate.pypi_torch_is_cpu
    assert select_torch_set(mac).chosen is None  # no CUDA wheels there, whatever the tables say


def test_cpu_build_by_name():
    selection = select_torch_set(machine_from_facts(machine(torch="2.4.1+cu124")), "2.4.1+cpu")
    assert selection.chosen.pins() == ("torch==2.4.1+cpu", "torchvision==0.19.1+cpu")


def test_unpublished_build_is_offered_the_nearest_published_one_by_check_and_fix():
    facts = _online(machine(gpus=[RTX_4090], driver="550.54.14", torch="2.7.0+cu121",
                            dists={"torchvision": "0.22.0+cu121"}))
    yd207 = finding(facts, "YD207")
    assert yd207.severity == "warning" and "2.7.0+cu126" in yd207.message
    assert "cu118, cu126 and cu128" in yd207.message and "third-party index" in yd207.message
    findings, plan = _plan(facts)
    torch = next(a for a in plan.actions if a.kind == "install")
    assert torch.requirements[0] == "torch==2.7.0+cu126" and "YD207" in torch.findings
    assert display(action_commands(plan, torch)[0]) in yd207.fix


def test_a_failing_chooser_never_takes_the_findings_with_it(monkeypatch):
    from yolodoctor.diagnose.engine import run
    from yolodoctor.fix import chooser

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(chooser, "fill_torch_repairs", broken)
    diagnosis = run(machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cpu"))
    yd204 = next(f for f in diagnosis.findings if f.id == "YD204")
    assert "{torch-repair}" not in yd204.fix and "yolodoctor fix" in yd204.fix
    assert any(e.startswith("torch chooser: RuntimeError: boom") for e in diagnosis.errors)


def test_unpublished_rocm_build_names_the_published_ones():
    facts = machine(torch="2.7.0+rocm6.1", torch_cuda=None)
    facts.torch.hip = "6.1"
    yd207 = finding(facts, "YD207")
    assert "rocm6.2.4 and rocm6.3" in yd207.message and "2.7.0+rocm6.2.4" in yd207.message
    assert "https://download.pytorch.org/whl/rocm6.2.4" in yd207.fix


def test_a_reinstall_command_never_names_a_dead_index_without_saying_so():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", torch_status="error",
                    torch_error="OSError: libcublas.so.12: cannot open shared object file: No such file or directory")
    assert "did not answer" not in finding(facts, "YD202").fix  # nothing probed: nothing to say
    dead = finding(_online(facts, status="dns"), "YD202")
    assert f"--index-url {OFFICIAL}/cu124" in dead.fix
    assert "download.pytorch.org did not answer in this run (dns)" in dead.fix and "--no-index" in dead.fix
