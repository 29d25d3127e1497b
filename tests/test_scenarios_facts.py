"""Every scenario machine, built for real, through the real `yolodoctor facts`.

Each scenario (tests/scenarios.py) declares the facts the CLI must report
there; a mismatch names the path, the value expected and the value got.
"""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from tests.harness import NoCompiler, materialise, mismatches, placeholders, run_facts
from tests.scenarios import SCENARIOS
from yolodoctor.facts.model import SCHEMA, facts_from_dict
from yolodoctor.report.facts_table import print_facts

# Values the scenarios put into the environment that must never be printed.
SECRETS = ("hf_abcdefghijklmnopqrstuvwxyzABCD", "s3cret", "tok3n", "abc123secret")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_facts(scenario, tmp_path):
    try:
        m = materialise(scenario, tmp_path)
    except NoCompiler as exc:  # the fake NVML library is compiled from C
        pytest.skip(str(exc))
    result = run_facts(m)
    assert result.proc.returncode == 0, result.proc.stderr
    assert "Traceback" not in result.proc.stderr
    facts = result.facts
    assert facts["schema"] == SCHEMA
    assert facts["probe_errors"] == []
    problems = mismatches(facts, scenario.expect, placeholders(m))
    assert not problems, "\n".join(problems)
    # The interpreter inspected is the scenario's, however it was selected.
    assert facts["python"]["prefix"] == str(m.prefix)
    for secret in SECRETS:
        assert secret not in result.proc.stdout
    # The same facts render as tables without error.
    out = io.StringIO()
    print_facts(facts_from_dict(json.loads(result.proc.stdout)), verbose=True,
                console=Console(file=out, width=120, highlight=False))
    assert "PyTorch" in out.getvalue()


def test_the_catalogue_is_complete():
    names = [s.name for s in SCENARIOS]
    assert len(names) == len(set(names)) >= 15
    for scenario in SCENARIOS:
        assert scenario.expect, f"{scenario.name} asserts nothing"
        assert scenario.story
        assert hasattr(scenario, "expected_findings")
