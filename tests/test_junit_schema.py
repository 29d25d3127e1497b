"""The JUnit schema itself: it accepts the documented format and rejects what CI systems would misread."""

import pytest

from junit_schema import problems

VALID = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="yolodoctor" tests="2" failures="1" errors="0">
  <testsuite name="yolodoctor check" tests="2" failures="1" errors="0" skipped="0" time="0.120"
             timestamp="2026-11-22T10:00:00">
    <properties><property name="profile" value="yolov12"/></properties>
    <testcase name="driver" classname="yolodoctor.driver" time="0"/>
    <testcase name="flash_attn" classname="yolodoctor.flash_attn">
      <failure message="YD1008 flash-attn cannot run on this GPU" type="YD1008">Fix: leave flash-attn out</failure>
      <system-out>evidence</system-out>
    </testcase>
  </testsuite>
</testsuites>"""


def test_a_documented_report_is_valid():
    assert problems(VALID) == []


@pytest.mark.parametrize("change, why", [
    (('tests="2" failures="1" errors="0" skipped', 'tests="3" failures="1" errors="0" skipped'), "tests count"),
    (('failures="1" errors="0" skipped', 'failures="0" errors="0" skipped'), "failures count"),
    (('<testsuites name="yolodoctor" tests="2"', '<testsuites name="yolodoctor" tests="5"'), "suite total"),
    (('classname="yolodoctor.driver" ', ""), "classname missing"),
    (('time="0.120"', 'time="fast"'), "time not a number"),
    (("<system-out>evidence</system-out>", "<system-out>evidence</system-out><failure/>"), "two outcomes"),
    (('<property name="profile" value="yolov12"/>', '<property name="profile"/>'), "property value missing"),
    (('<testcase name="driver"', '<testcase name=""'), "empty name"),
    (("<properties>", "<bogus/><properties>"), "unknown element"),
])
def test_mistakes_are_rejected(change, why):
    old, new = change
    assert old in VALID, why
    assert problems(VALID.replace(old, new, 1)), why


def test_not_xml_at_all_is_rejected():
    with pytest.raises(Exception):
        problems("<testsuites>")
