"""The engine: areas, ordering, folding root causes, exit codes, purity, failing predicates."""

import copy

import pytest
from diagnose_machines import GTX_1080, RTX_4090, V100, ids, machine, pkg

from yolodoctor.diagnose import engine
from yolodoctor.diagnose.engine import diagnose, exit_code_for, fold, resolve_areas, run
from yolodoctor.diagnose.model import Finding, Hit, PREDICATES
from yolodoctor.facts.model import to_dict


def f(rule_id, severity="error", category="other", explains=(), certainty="certain", area="torch"):
    return Finding(id=rule_id, category=category, severity=severity, area=area, title=rule_id, message=rule_id,
                   fix="", certainty=certainty, explains=tuple(explains))


def test_order_is_errors_first_then_certainty_then_depth_then_id():
    ordered = fold([f("YD604", category="numpy_abi"), f("YD102", "info", "driver_too_old"),
                    f("YD205", category="gpu_arch_unsupported"), f("YD701", "warning", "shm_small"),
                    f("YD105", category="gpu_not_visible", certainty="likely"), f("YD101", category="driver_too_old")])
    assert [x.id for x in ordered] == ["YD101", "YD205", "YD604", "YD105", "YD701", "YD102"]


def test_folding_is_transitive_and_takes_the_gravest_severity():
    found = fold([f("YD104", "info", "gpu_not_visible", explains=("YD405",)),
                  f("YD405", "error", "gpu_not_visible", explains=("YD999",)), f("YD999", "warning")])
    assert [x.id for x in found] == ["YD104"]
    assert found[0].severity == "error" and set(found[0].explains) == {"YD405", "YD999"}


def test_folding_survives_cycles():
    found = fold([f("YD201", explains=("YD202",)), f("YD202", explains=("YD201",))])
    assert len(found) == 1 and found[0].explains in (("YD202",), ("YD201",))


def test_only_findings_that_fired_are_folded():
    found = fold([f("YD204", explains=("YD405", "YD403"))])
    assert found[0].explains == () and found[0].folded == ()


@pytest.mark.parametrize("severities, fail_on, code", [
    ((), "warning", 0), (("info",), "warning", 0), (("warning", "info"), "warning", 1),
    (("error", "warning"), "warning", 2), (("warning",), "error", 0), (("error",), "error", 2),
    (("error",), "never", 0),
])
def test_exit_codes(severities, fail_on, code):
    assert exit_code_for([f(f"YD{100 + i}", s) for i, s in enumerate(severities)], fail_on) == code


def test_exit_code_rejects_unknown_fail_on():
    with pytest.raises(ValueError):
        exit_code_for([], "sometimes")


def test_areas_select_rules():
    facts = machine(gpus=[GTX_1080], driver="470.82.01", torch="2.8.0+cu128", container="docker", shm=2 ** 26)
    assert ids(facts) >= {"YD101", "YD701"}
    only = run(facts, areas=["system"], strict=True)
    assert {x.id for x in only.findings} == {"YD701"}
    assert all(r.startswith("YD7") for r in only.evaluated) and only.areas == ("system",)
    assert {x.id for x in run(facts, areas=["gpu"]).findings} == {"YD101"}  # an alias of driver


def test_area_names_and_aliases():
    assert resolve_areas(["flash-attn", "PyTorch", "container"]) == ("torch", "flash_attn", "system")
    assert resolve_areas([]) is None
    with pytest.raises(ValueError, match="unknown area 'gpus-and-more'"):
        resolve_areas(["gpus-and-more"])


def test_profile_by_name_or_unknown():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", packages={"ultralytics": pkg("8.2.0")})
    assert "YD601" in ids(facts, profile="yolo11")
    with pytest.raises(ValueError, match="unknown profile"):
        run(facts, profile="yolo99")


def test_diagnose_is_pure():
    facts = machine(gpus=[V100], driver="470.82.01", torch="2.4.1+cpu", packages={"flash_attn": pkg("2.5.8")})
    before = copy.deepcopy(to_dict(facts))
    first = diagnose(facts)
    assert to_dict(facts) == before
    assert diagnose(facts) == first


def test_a_failing_predicate_is_reported_and_the_rest_still_run(monkeypatch):
    def broken(ctx):
        raise KeyError("boom")

    monkeypatch.setitem(PREDICATES, "YD704", broken)
    facts = machine(gpus=[GTX_1080], driver="470.82.01", torch="2.4.1+cu124")
    result = run(facts)
    assert result.errors == ("YD704: KeyError: 'boom'",)
    assert {x.id for x in result.findings} == {"YD101"}
    with pytest.raises(KeyError):
        run(facts, strict=True)


def test_predicates_ask_for_arguments_by_name(monkeypatch):
    seen = {}

    def by_name(facts, params, profile):
        seen.update(python=facts.python.version, params=dict(params), profile=profile)
        return Hit("disk low", severity="info")

    monkeypatch.setitem(PREDICATES, "YD704", by_name)
    found = [x for x in diagnose(machine()) if x.id == "YD704"]
    assert found and found[0].severity == "info" and found[0].fix  # the catalogue's fix fills in
    assert seen == {"python": "3.11.7", "params": {"min_free_bytes": 5368709120}, "profile": None}


def test_a_predicate_returning_junk_is_an_error(monkeypatch):
    monkeypatch.setitem(PREDICATES, "YD704", lambda ctx: "not a hit")
    assert run(machine()).errors[0].startswith("YD704: TypeError")


def test_hits_become_findings_with_catalogue_text():
    finding = next(x for x in diagnose(machine(gpus=[GTX_1080], driver="470.82.01", torch="2.4.1+cu124")))
    assert finding.title == "NVIDIA driver too old for torch's CUDA"
    assert finding.explanation.startswith("A CUDA build of torch")
    assert finding.references and finding.area == "driver"


def test_engine_modules_are_all_imported():
    assert {"YD101", "YD205", "YD403", "YD501", "YD604", "YD701", "YD901"} <= set(engine.load_predicates())
