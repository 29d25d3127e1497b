"""`check --format junit`: one test case per rule evaluated, for CI test reports.

A rule whose finding counts against the exit code (per --fail-on) is a
failure; notes and findings --fail-on ignores are reported as output of a
passing case; a finding explained by another one names its root cause.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, Optional

from .summary import inspected_line, verdict_line

FAILING = {"warning": ("error", "warning"), "error": ("error",), "never": ()}


def _text(finding: dict[str, Any]) -> str:
    lines = [finding["message"]]
    if finding["evidence"]:
        lines += ["", "Why:"] + [f"  - {e}" for e in finding["evidence"]]
    if finding["fix"]:
        lines += ["", "Fix:"] + [f"  {line}" for line in finding["fix"].splitlines()]
    return "\n".join(lines)


def render_junit(document: dict[str, Any]) -> str:
    failing = FAILING.get(document["fail_on"], ("error", "warning"))
    by_rule: dict[str, list[tuple[dict[str, Any], Optional[str]]]] = {}
    for finding in document["findings"]:
        by_rule.setdefault(finding["id"], []).append((finding, None))
        for explained in finding["explained"]:
            by_rule.setdefault(explained["id"], []).append((explained, finding["id"]))
    suite = ET.Element("testsuite", name="yolodoctor check", timestamp=document["target"].get("collected_at") or "")
    failures = 0
    for rule in document["rules_evaluated"]:
        rule_id = rule["id"]
        case = ET.SubElement(suite, "testcase", classname=f"yolodoctor.{rule['area'] or 'rules'}",
                             name=f"{rule_id} {rule['title']}".strip(), time="0")
        out = []
        for finding, root in by_rule.get(rule_id, []):
            if root is None and finding["severity"] in failing:
                failure = ET.SubElement(case, "failure", type=finding["severity"], message=finding["message"])
                failure.text = _text(finding)
                failures += 1
            else:
                prefix = f"explained by {root}: " if root else f"{finding['severity']}: "
                out.append(prefix + _text(finding))
        if out:
            ET.SubElement(case, "system-out").text = "\n\n".join(out)
    suite.set("tests", str(len(document["rules_evaluated"])))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(document.get("rule_errors", []))))
    properties = ET.Element("properties")
    for name, value in (("verdict", verdict_line(document)), ("inspected", inspected_line(document))):
        ET.SubElement(properties, "property", name=name, value=value)
    suite.insert(0, properties)
    for error in document.get("rule_errors", []):
        case = ET.SubElement(suite, "testcase", classname="yolodoctor.rules", name=error.split(":", 1)[0], time="0")
        ET.SubElement(case, "error", message=error).text = error
    root = ET.Element("testsuites", name="yolodoctor", tests=suite.get("tests"), failures=suite.get("failures"),
                      errors=suite.get("errors"))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
