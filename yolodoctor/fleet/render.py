"""The fleet report as text: terminal, markdown and JUnit, all drawn from the fleet document
(aggregate.build_fleet_document); `--format json` prints that document itself (docs/fleet.md)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from ..i18n import tr
from .drift import compact

# Strings come from the nodes: no terminal escape or other control character reaches the output.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
VERDICTS = {0: "healthy", 1: "warnings", 2: "errors"}


def _clean(text: Any) -> str:
    return _CONTROL.sub("?", str(text))


def _verdict(code: int) -> str:
    """healthy / warnings / errors (VERDICTS) in the current language."""
    words = {0: lambda: tr("healthy"), 1: lambda: tr("warnings"), 2: lambda: tr("errors")}
    return words[code]() if code in words else tr("exit {code}", code=code)


def verdict_line(doc: dict[str, Any]) -> str:
    s = doc["summary"]
    parts = [tr("{answered} of {nodes} nodes answered", answered=s["answered"], nodes=s["nodes"])]
    if s["not_answered"]:
        parts.append(tr("{count} not", count=s["not_answered"]))
    parts.append(tr("{count} healthy", count=s["healthy"]))
    if s["drift"]:
        parts.append(tr("{count} fact differ across nodes", count=s["drift"]) if s["drift"] == 1
                     else tr("{count} facts differ across nodes", count=s["drift"]))
    if s["groups"]:
        parts.append(tr("{count} finding group", count=s["groups"]) if s["groups"] == 1
                     else tr("{count} finding groups", count=s["groups"]))
    return tr("fleet ({source}): {verdict} — {parts}", source=doc["source"], verdict=_verdict(doc["exit_code"]),
              parts=tr(", ").join(parts))


def group_line(group: dict[str, Any]) -> str:
    """'3 of 16 nodes: YD204 CPU-only torch — gpu07, gpu11, gpu12'"""
    values = dict(count=group["count"], total=group["of"], rule_id=group["id"], title=_clean(_title(group)),
                  nodes=_clean(compact(group["nodes"])))
    return (tr("{count} of {total} node: {rule_id} {title} — {nodes}", **values) if group["of"] == 1
            else tr("{count} of {total} nodes: {rule_id} {title} — {nodes}", **values))


def _title(group: dict[str, Any]) -> str:
    """A group's title as the node reported it; in zh-CN the rule catalogue's Chinese title where it has one
    (a node's report may be English)."""
    from ..i18n import is_chinese

    if not is_chinese():
        return group["title"]
    from ..knowledge.rules import load_catalogue

    rule = load_catalogue().get(str(group["id"]))
    return rule.in_language("zh-CN").title if rule is not None else group["title"]


def _odd(row: dict[str, Any]) -> str:
    return tr("; ").join(tr("{value} on {nodes}", value=_clean(o["value"]), nodes=_clean(compact(o["nodes"])))
                         for o in row["odd"])


def render_terminal(doc: dict[str, Any], verbose: bool = False) -> str:
    marks = {"error": "X", "warning": "!", "info": "i"}
    out = [verdict_line(doc)]
    if doc["drift"]:
        out += ["", tr("Drift (the majority value, then the nodes that differ):")]
        for row in doc["drift"]:
            flag = "!" if row["counts"] else " "
            out.append(f" {flag} " + tr("{fact}: {majority} on {count} nodes; {odd}", fact=tr(row["label"]),
                                        majority=_clean(row["majority"]), count=row["majority_nodes"], odd=_odd(row)))
    if doc["groups"]:
        out += ["", tr("Findings across nodes:")]
        for group in doc["groups"]:
            mark = marks.get(group["severity"], "?") if group["counted"] else "-"
            out.append(f" {mark} {group_line(group)}")
            if verbose:
                out += [f"     {_clean(line)}" for line in group["message"].splitlines()]
            if group["fix"]:
                out += [f"     {_clean(line)}" for line in group["fix"].splitlines()]
    if doc["not_answered"]:
        out += ["", tr("Nodes not judged:")]
        out += [f" X {_clean(n['node'])} ({n['status'].replace('_', ' ')}): {_clean(n['reason'])}"
                for n in doc["not_answered"]]
    for item in doc["rule_errors"]:
        out.append(" X " + tr("{node}: rules failed: {errors}", node=_clean(item["node"]),
                               errors=_clean("; ".join(item["errors"]))))
    out += smoke_lines(doc.get("smoke"))
    s = doc["summary"]
    if s["node_seconds_median"] is not None:
        out += ["", tr("Per node: median {median} s, slowest {slowest} s", median=f"{s['node_seconds_median']:.1f}",
                       slowest=f"{s['node_seconds_max']:.1f}")
                + (tr("; whole run {seconds} s", seconds=f"{s['wall_seconds']:.1f}") if s["wall_seconds"] is not None
                   else "")]
    return "\n".join(out)


def smoke_lines(smoke: Any) -> list[str]:
    if not smoke:
        return []
    if smoke["status"] == "skipped":
        return ["", tr("Smoke: skipped ({reason})", reason=smoke["reason"])]
    head = tr("Smoke ({backend} all-reduce and ring across {world} nodes): {status}", backend=smoke["backend"],
              world=smoke["world"], status=smoke["status"])
    lines = ["", head]
    lines += [f" X {_clean(n['node'])}: {_clean(n['reason'])}" for n in smoke["failed_nodes"]]
    lines += [" X " + tr("pair {first} -> {second}: {reason}", first=_clean(p["from"]), second=_clean(p["to"]),
                         reason=_clean(p["reason"])) for p in smoke["failed_pairs"]]
    return lines


def _cell(text: Any) -> str:
    return _clean(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _fence(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}\n{text}\n{fence}"


def render_markdown(doc: dict[str, Any]) -> str:
    out = ["## yolodoctor fleet", "", f"**{_clean(verdict_line(doc))}**"]
    if doc["drift"]:
        out += ["", tr("### Drift"), "", tr("| Fact | Majority | Nodes | Odd nodes |"), "|---|---|---|---|"]
        for row in doc["drift"]:
            out.append(f"| {_cell(tr(row['label']))}{' (!)' if row['counts'] else ''} | {_cell(row['majority'])} | "
                       f"{row['majority_nodes']} | {_cell(_odd(row))} |")
    if doc["groups"]:
        out += ["", tr("### Findings across nodes")]
        for group in doc["groups"]:
            out += ["", f"#### {_cell(group_line(group))}", "",
                    f"`{group['category']}`, {group['severity']}" + ("" if group["counted"] else tr(", not counted")),
                    "", _clean(group["message"])]
            if group["fix"]:
                out += ["", tr("**Fix**"), "", _fence(_clean(group["fix"]))]
    if doc["not_answered"]:
        out += ["", tr("### Nodes not judged"), "", tr("| Node | Status | Reason |"), "|---|---|---|"]
        out += [f"| {_cell(n['node'])} | {n['status']} | {_cell(n['reason'])} |" for n in doc["not_answered"]]
    if doc.get("smoke"):
        out += ["", tr("### Smoke"), ""] + [line for line in smoke_lines(doc["smoke"])[1:]]
    return "\n".join(out) + "\n"


def render_junit(doc: dict[str, Any]) -> str:
    """One test case per node (a failure carries what counts against it there), and one for the drift."""
    failing = {"warning": ("error", "warning"), "error": ("error",), "never": ()}.get(doc["fail_on"], ())
    suite = ET.Element("testsuite", name=f"yolodoctor fleet ({doc['source']})")
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="verdict", value=_clean(verdict_line(doc)))
    groups_by_id: dict[str, list[dict[str, Any]]] = {}
    for group in doc["groups"]:
        for node in group["nodes"]:
            groups_by_id.setdefault(node, []).append(group)
    failures = errors = 0
    for node in doc["nodes"]:
        case = ET.SubElement(suite, "testcase", classname="yolodoctor.fleet", name=_clean(node["node"]),
                             time=f"{node['seconds'] or 0:.3f}")
        if node["status"] != "answered":
            errors += 1
            ET.SubElement(case, "error", type=node["status"], message=_clean(node["reason"]))
            continue
        failed = [g for g in groups_by_id.get(node["node"], []) if g["counted"] and g["severity"] in failing]
        if failed:
            failures += 1
            failure = ET.SubElement(case, "failure", type="error" if any(g["severity"] == "error" for g in failed)
                                    else "warning", message="; ".join(f"{g['id']} {_clean(g['title'])}"
                                                                      for g in failed))
            failure.text = "\n\n".join(f"{g['id']} {_clean(g['title'])}\n{_clean(g['message'])}\n\nFix:\n"
                                       f"{_clean(g['fix'])}" for g in failed)
    drift_case = ET.SubElement(suite, "testcase", classname="yolodoctor.fleet", name="drift", time="0")
    counted = [row for row in doc["drift"] if row["counts"]]
    if counted and "warning" in failing:
        failures += 1
        ET.SubElement(drift_case, "failure", type="warning",
                      message="; ".join(row["label"] for row in counted)).text = \
            "\n".join(f"{row['label']}: {_clean(row['majority'])}; {_odd(row)}" for row in counted)
    elif doc["drift"]:
        ET.SubElement(drift_case, "system-out").text = "\n".join(f"{row['label']}: {_odd(row)}"
                                                                  for row in doc["drift"])
    tests = len(doc["nodes"]) + 1
    smoke = doc.get("smoke")
    if smoke:
        tests += 1
        case = ET.SubElement(suite, "testcase", classname="yolodoctor.fleet", name="smoke", time="0")
        if smoke["status"] == "skipped":
            ET.SubElement(case, "skipped", message=smoke["reason"])
        elif smoke["status"] != "ok":
            failures += 1
            ET.SubElement(case, "failure", type="error", message="cross-node all-reduce failed").text = \
                "\n".join(smoke_lines(smoke)[2:])
    for element in (suite,):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
        element.set("skipped", "1" if smoke and smoke["status"] == "skipped" else "0")
    root = ET.Element("testsuites", name="yolodoctor", tests=str(tests), failures=str(failures),
                      errors=str(errors))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
