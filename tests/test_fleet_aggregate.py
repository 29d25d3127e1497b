"""The fleet's judgement on its own: grouping, the drift table's majority, the exit code, the node
task's envelope and the reading of srun's labelled output."""

from __future__ import annotations

import json
import subprocess
import sys

from yolodoctor.fleet.aggregate import build_fleet_document, exit_code, group_findings
from yolodoctor.fleet.drift import compact, drift_table
from yolodoctor.fleet.gather_slurm import SlurmRequest, parse_output, srun_argv
from yolodoctor.fleet.model import ANSWERED, TIMED_OUT, NodeFinding, NodeResult
from yolodoctor.fleet.node_task import RESULT, START, run_check


def finding(rule: str, fix: str, severity: str = "error", counted: bool = True) -> NodeFinding:
    return NodeFinding(rule, severity, "torch_cpu_only", "torch", f"title {rule}", f"message {rule}", fix, counted)


def answered(name: str, *findings: NodeFinding, **values: str) -> NodeResult:
    return NodeResult(node=name, status=ANSWERED, findings=findings, values=values, exit_code=0)


def test_nodes_sharing_a_finding_and_its_fix_form_one_group():
    same = "pip install torch==2.5.1+cu124"
    nodes = [answered("gpu07", finding("YD204", same)), answered("gpu12", finding("YD204", same)),
             answered("gpu11", finding("YD204", same)), answered("gpu01", finding("YD204", "other fix")),
             answered("gpu02", finding("YD701", "bigger shm", "warning"))]
    groups = group_findings(nodes)
    assert [(g.id, g.nodes) for g in groups] == [("YD204", ("gpu07", "gpu11", "gpu12")), ("YD204", ("gpu01",)),
                                                 ("YD701", ("gpu02",))]


def test_the_majority_is_the_most_common_value_and_ties_are_stable():
    nodes = [answered("a", driver="550"), answered("b", driver="535"), answered("c", driver="550"),
             answered("d", driver="570"), answered("e")]
    [row] = [r for r in drift_table(nodes) if r.key == "driver"]
    assert (row.majority, row.majority_count) == ("550", 2)
    assert [(o.value, o.nodes) for o in row.odd] == [("535", ("b",)), ("570", ("d",)), ("unknown", ("e",))]
    # A tie between a known value and "unknown" goes to the known one.
    [tie] = [r for r in drift_table([answered("a", nccl="2.21.5"), answered("b")]) if r.key == "nccl"]
    assert tie.majority == "2.21.5" and tie.odd[0].value == "unknown"


def test_facts_that_agree_make_no_row_and_silent_nodes_are_not_compared():
    nodes = [answered("a", driver="550"), answered("b", driver="550"),
             NodeResult(node="c", status=TIMED_OUT, reason="no answer", values={"driver": "470"})]
    assert drift_table(nodes) == []


def test_exit_code_follows_check_rules():
    warn = [answered("a", finding("YD701", "x", "warning"))]
    assert exit_code(group_findings(warn), [], warn, "warning") == 1
    assert exit_code(group_findings(warn), [], warn, "error") == 0
    uncounted = [answered("a", finding("YD204", "x", counted=False))]
    assert exit_code(group_findings(uncounted), [], uncounted, "warning") == 0
    silent = [answered("a"), NodeResult(node="b", status=TIMED_OUT, reason="no answer")]
    assert exit_code([], [], silent, "error") == 2
    assert exit_code([], [], silent, "never") == 0


def test_the_document_names_every_silent_node_with_its_reason():
    doc = build_fleet_document([answered("a"), NodeResult(node="b", status=TIMED_OUT, reason="no answer in 5 s")],
                               "ray", "warning")
    assert doc["not_answered"] == [{"node": "b", "status": "timed_out", "reason": "no answer in 5 s", "where": None}]
    assert doc["summary"]["nodes"] == 2 and doc["exit_code"] == 2


def test_long_node_lists_are_shortened():
    assert compact([f"n{i}" for i in range(15)], limit=3) == "n0, n1, n2 and 12 more"


def test_srun_output_is_read_by_task_including_a_report_split_into_pieces():
    envelope = json.dumps({"node": "gpu02", "report": None, "error": "boom", "status": "failed"})
    stdout = "\n".join([f"0: {START}gpu01", f"1: {START}gpu02", f"1: {RESULT}{envelope[:20]}",
                        f"1: {envelope[20:]}"])
    stderr = "\n".join(["0: slurmstepd: error: execve(): python: No such file or directory",
                        "srun: error: gpu01: task 0: Exited with exit code 2", "srun: error: something general"])
    names, envelopes, task_err, general = parse_output(stdout, stderr)
    assert names == {0: "gpu01", 1: "gpu02"}
    assert json.loads(envelopes[1])["error"] == "boom"
    assert "execve(): python: No such file or directory" in task_err[0][0]
    assert general == ["srun: error: something general"]


def test_srun_runs_one_task_per_node():
    argv = srun_argv(["gpu01", "gpu02"], SlurmRequest(partition="gpu", extra=("--account=ml",), node_timeout=30),
                     ["--fail-on", "warning"], python="/opt/py/bin/python")
    assert argv[:5] == ["srun", "--nodes=2", "--ntasks=2", "--ntasks-per-node=1", "--nodelist=gpu01,gpu02"]
    assert "--partition=gpu" in argv and "--account=ml" in argv and "--immediate=60" in argv
    start = argv.index("/opt/py/bin/python")
    assert argv[start:] == ["/opt/py/bin/python", "-m", "yolodoctor.fleet.node_task", "--timeout", "30", "--",
                            "--fail-on", "warning"]
    inside = srun_argv(["gpu01"], SlurmRequest(), [], in_allocation=True)
    assert not any(a.startswith("--immediate") for a in inside)


def test_the_node_task_bounds_a_check_that_never_ends(tmp_path):
    # An interpreter that answers nothing and never exits stands for a node whose check hangs.
    hang = tmp_path / "python"
    hang.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(600)\n")
    hang.chmod(0o755)
    envelope = run_check([], 1.5, node="gpu09", python=str(hang))
    assert envelope["status"] == "timed_out" and envelope["report"] is None
    assert envelope["error"] == "yolodoctor check did not finish within 1.5 s on this node"
    assert envelope["seconds"] < 10


def test_the_node_task_prints_its_name_then_one_envelope(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "yolodoctor.fleet.node_task", "--timeout", "60", "--",
                           "--python", str(tmp_path / "missing")], capture_output=True, text=True, timeout=90,
                          env={**__import__("os").environ, "SLURMD_NODENAME": "gpu05"})
    lines = proc.stdout.splitlines()
    assert lines[0] == f"{START}gpu05" and lines[1].startswith(RESULT) and len(lines) == 2
    envelope = json.loads(lines[1][len(RESULT):])
    assert envelope["node"] == "gpu05" and envelope["status"] == "failed"
    assert "exited with 64" in envelope["error"] and str(tmp_path / "missing") in envelope["error"]


def test_the_smoke_verdict_names_a_failing_pair_and_a_node_that_never_joined():
    from yolodoctor.fleet.render import render_junit, render_terminal
    from yolodoctor.fleet.smoke import judge

    ok = {"joined": True, "all_reduce": "ok", "ring": "ok", "seconds": 1.0}
    results = {0: ok, 1: {**ok, "ring": "received 7 from rank 0"}, 2: ok}
    smoke = judge(["gpu01", "gpu02", "gpu03"], results, "gloo")
    assert smoke["status"] == "failed" and smoke["failed_nodes"] == []
    assert smoke["failed_pairs"] == [{"from": "gpu01", "to": "gpu02", "reason": "received 7 from rank 0"}]
    lost = judge(["gpu01", "gpu02"], {0: {"joined": False, "error": "Timed out"}}, "gloo", "srun: error: boom")
    assert lost["failed_nodes"] == [{"node": "gpu01", "reason": "could not join the group: Timed out"},
                                    {"node": "gpu02", "reason": "srun: error: boom"}]
    doc = build_fleet_document([answered("gpu01"), answered("gpu02"), answered("gpu03")], "slurm", "warning",
                               smoke=smoke, smoke_asked=True)
    assert doc["exit_code"] == 2
    text = render_terminal(doc)
    assert "Smoke (gloo all-reduce and ring across 3 nodes): failed" in text
    assert " X pair gpu01 -> gpu02: received 7 from rank 0" in text
    assert 'name="smoke"' in render_junit(doc) and "cross-node all-reduce failed" in render_junit(doc)
    assert judge(["a", "b"], {0: ok, 1: ok}, "gloo")["status"] == "ok"
