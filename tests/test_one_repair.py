"""One judgement, one repair: on every scenario machine and for every profile, the torch install
commands `check` prints are exactly the ones `fix` plans for the same facts.

Each scenario is built for real and its facts collected by the real CLI (`yolodoctor facts`); then
the real `check --facts` and `fix --facts --installer pip` run on that document, and the engine and
planner are run in-process for every profile and for three network situations (offline, the
official index answered, nothing answered).
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys

import pytest

from tests.harness import NoCompiler, materialise
from tests.harness.run import REPO, run_facts
from tests.scenarios import SCENARIOS
from yolodoctor.diagnose.repair import TORCH_REPAIR
from yolodoctor.facts.model import facts_from_dict
from yolodoctor.fix.commands import action_commands, display
from yolodoctor.fix.flow import _profile_torch_pin
from yolodoctor.fix.planner import PlanOptions, make_plan
from yolodoctor.fix.verify import run_engine
from yolodoctor.profiles import get_profile
from yolodoctor.profiles.load import load_profiles

OFFICIAL = "https://download.pytorch.org/whl"


REQUIREMENT = re.compile(r"^[\"']?(torch|torchvision|torchaudio)([=<>!~].*)?[\"']?$")


def _torch_line(line: str) -> bool:
    """A pip install/download command with a torch, torchvision or torchaudio requirement (prose that follows
    a command starts with "(")."""
    # A reinstall of the very build that is installed (--force-reinstall, YD202/YD304) repairs broken files;
    # it is not a choice of build, so it is not the chooser's.
    if line.startswith("("):  # a note under a command, not a command
        return False
    words = line.split()
    for verb in ("install", "download"):
        if "pip" in words and verb in words and "--force-reinstall" not in words:
            after = words[words.index(verb) + 1:]
            after = after[:next((i for i, w in enumerate(after) if w.startswith("(")), len(after))]
            return any(REQUIREMENT.match(w) for w in after)
    return False


def check_commands(findings) -> set[str]:
    """Torch install/download lines in the findings' fix texts (folded findings too)."""
    lines = set()
    stack = list(findings)
    while stack:
        finding = stack.pop()
        stack.extend(finding.get("folded", []) if isinstance(finding, dict) else finding.folded)
        fix = finding.get("fix") if isinstance(finding, dict) else finding.fix
        for line in (fix or "").splitlines():
            line = line.strip()
            assert TORCH_REPAIR not in line, "an unfilled torch repair slot reached the user"
            if _torch_line(line):
                lines.add(line)
    return lines


def plan_commands(plan) -> tuple[set[str], list[list[str]]]:
    lines, installs = set(), []
    for action in plan.actions:
        for argv in action_commands(plan, action):
            if _torch_line(display(argv)):
                lines.add(display(argv))
                installs.append(argv)
        lines.update(step for step in action.steps if _torch_line(step))
    return lines, installs


def _network(doc: dict, situation: str) -> dict:
    doc = copy.deepcopy(doc)
    if situation == "offline":
        return doc
    status = "ok" if situation == "answered" else "dns"
    doc["network"] = {**doc.get("network", {}), "status": "ok", "endpoints": [
        {"kind": "pytorch_wheels", "name": "PyTorch wheels", "url": f"{OFFICIAL}/", "role": "default",
         "status": status},
        {"kind": "pypi", "name": "PyPI", "url": "https://pypi.org/simple/", "role": "default", "status": status}]}
    return doc


def _assert_same(doc: dict, profile_name, label: str) -> None:
    facts = facts_from_dict(doc)
    profile = get_profile(profile_name) if profile_name else None
    findings = run_engine(facts, profile)
    plan = make_plan(facts, findings, PlanOptions(torch_pin=_profile_torch_pin(profile), installer="pip"))
    said = check_commands(findings)
    planned, installs = plan_commands(plan)
    assert said == planned, f"{label}: check {sorted(said)} != fix {sorted(planned)}"
    assert len(installs) <= 1, f"{label}: one torch install per target env, got {installs}"
    for argv in installs:
        assert argv[:3] == [facts.python.executable, "-m", "pip"], argv
        pins = [a for a in argv if REQUIREMENT.match(a)]
        index = argv[argv.index("--index-url") + 1] if "--index-url" in argv else None
        if index and index.startswith(OFFICIAL):  # explicit local tags from the variant's own index
            variant = index.rstrip("/").rsplit("/", 1)[-1]
            assert all(p.endswith(f"+{variant}") for p in pins), argv
    if doc.get("network", {}).get("endpoints") and any(
            e.get("status") != "ok" for e in doc["network"]["endpoints"]):
        for line in said:  # a dead source is never printed without saying so
            if OFFICIAL in line and "-m pip install" in line:
                raise AssertionError(f"{label}: prints the dead index {line}")


PROFILES = [None] + [p.name for p in load_profiles()]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_check_and_fix_give_the_same_torch_commands(scenario, tmp_path):
    try:
        m = materialise(scenario, tmp_path)
    except NoCompiler as exc:  # the fake NVML library is compiled from C
        pytest.skip(str(exc))
    run = run_facts(m)
    assert run.facts is not None, run.proc.stderr
    facts_file = tmp_path / "facts.json"
    facts_file.write_text(json.dumps(run.facts))
    # The real commands, end to end, on the saved facts.
    cli = [sys.executable, "-s", "-m", "yolodoctor"]
    check = subprocess.run([*cli, "check", "--facts", str(facts_file), "--format", "json"], capture_output=True,
                           text=True, env=m.env, timeout=180, cwd=str(REPO))
    fix = subprocess.run([*cli, "fix", "--facts", str(facts_file), "--installer", "pip", "--format", "json"],
                         capture_output=True, text=True, env=m.env, timeout=180, cwd=str(REPO))
    assert "Traceback" not in check.stderr + fix.stderr
    document = json.loads(fix.stdout)
    plan = document.get("plan", document)
    planned = {" ".join(map(str, c)) for a in plan["actions"] for c in a["commands"] if _torch_line(" ".join(c))}
    planned |= {s for a in plan["actions"] for s in a["steps"] if _torch_line(s)}
    said = check_commands(json.loads(check.stdout)["findings"])
    # display() quotes for the shell; the plan document keeps the argv: compare without quoting.
    assert {s.replace("'", "") for s in said} == {p.replace("'", "") for p in planned}
    # Every profile and network situation, in-process, on the same facts.
    for situation in ("offline", "answered", "dead"):
        doc = _network(run.facts, situation)
        for profile in PROFILES if situation == "offline" else (None,):
            _assert_same(doc, profile, f"{scenario.name} / {profile} / {situation}")
