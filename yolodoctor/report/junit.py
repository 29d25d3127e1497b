"""`check --format junit`: one test case per checked area, for CI test reports.

An area with a finding that counts against the exit code (per --fail-on and the chosen profile) is a
failure carrying each such finding, its evidence and its fix; notes, findings --fail-on lets pass and
findings the profile does not count are the case's output. The format follows Ant's JUnit XML as CI
systems read it (tests/schemas/junit.xsd documents and checks it).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any, Optional

from .areas import LABELS
from .summary import inspected_line, verdict_line

FAILING = {"warning": ("error", "warning"), "error": ("error",), "never": ()}


def _text(finding: dict[str, Any]) -> str:
    lines = [finding["message"]]
    if finding["evidence"]:
        lines += ["", "Why:"] + [f"  - {e}" for e in finding["evidence"]]
    if finding["fix"]:
        lines += ["", "Fix:"] + [f"  {line}" for line in finding["fix"].splitlines()]
    return "\n".join(lines)


def _finding_text(finding: dict[str, Any]) -> str:
    head = f"{finding['id']} {finding['title']} ({finding['severity']})"
    if finding.get("not_counted"):
        head += f", not counted: {finding['not_counted']}"
    parts = [head, _text(finding)]
    for explained in finding.get("explained", []):
        parts.append(f"Also explains {explained['id']} ({explained['title']}): {explained['message']}")
    return "\n".join(parts)


def _timestamp(value: Optional[str]) -> Optional[str]:
    """JUnit's timestamp is an ISO 8601 date-time; leave it out rather than write anything else."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(microsecond=0).isoformat()
    except ValueError:
        return None


def render_junit(document: dict[str, Any]) -> str:
    """One test case per checked area: it fails when the area has a finding that counts against the exit
    code (per --fail-on and the profile); the failure carries each finding with its evidence and fix."""
    failing = FAILING.get(document["fail_on"], ("error", "warning"))
    by_id = {f["id"]: f for f in document["findings"]}
    suite = ET.Element("testsuite", name="yolodoctor check" + (f" --profile {document['profile']}"
                                                                 if document.get("profile") else ""))
    stamp = _timestamp(document["target"].get("collected_at"))
    if stamp:
        suite.set("timestamp", stamp)
    properties = ET.SubElement(suite, "properties")
    for name, value in (("verdict", verdict_line(document)), ("inspected", inspected_line(document)),
                        ("profile", document.get("profile")), ("policy", document.get("policy")),
                        ("fail_on", document["fail_on"])):
        if value:
            ET.SubElement(properties, "property", name=name, value=str(value))
    failures = 0
    for area in document["areas"]:
        # The test case's name is an id CI keeps history by: the English label, whatever the language.
        case = ET.SubElement(suite, "testcase", classname="yolodoctor", name=LABELS.get(area["area"], area["label"]),
                             time="0")
        # Findings are listed under the area of the root finding; explained ones travel inside it.
        found = [by_id[i] for i in area["findings"] if i in by_id and by_id[i]["area"] == area["area"]]
        failed = [f for f in found if f["severity"] in failing and not f.get("not_counted")]
        if failed:
            failures += 1
            worst = "error" if any(f["severity"] == "error" for f in failed) else "warning"
            failure = ET.SubElement(case, "failure", type=worst,
                                    message="; ".join(f"{f['id']} {f['title']}" for f in failed))
            failure.text = "\n\n".join(_finding_text(f) for f in failed)
        rest = [f for f in found if f not in failed]
        out = [f"{area['label']}: {area['summary']} ({area['status']})"] + [_finding_text(f) for f in rest]
        ET.SubElement(case, "system-out").text = "\n\n".join(out)
    errors = document.get("rule_errors", [])
    for error in errors:
        case = ET.SubElement(suite, "testcase", classname="yolodoctor.rules", name=error.split(":", 1)[0], time="0")
        ET.SubElement(case, "error", type="rule_error", message=error).text = error
    suite.set("tests", str(len(document["areas"]) + len(errors)))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(errors)))
    suite.set("skipped", "0")
    root = ET.Element("testsuites", name="yolodoctor", tests=suite.get("tests"), failures=suite.get("failures"),
                      errors=suite.get("errors"))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
