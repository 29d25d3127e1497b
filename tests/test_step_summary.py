"""The job summary: valid GitHub-flavoured Markdown, appended to $GITHUB_STEP_SUMMARY within GitHub's limits."""

from markdown_it import MarkdownIt

from machines import T4, V100, load, machine
from yolodoctor.commands.check_cmd import build_report, validate_options
from yolodoctor.policy import Policy
from yolodoctor.report.check_report import CheckOptions
from yolodoctor.report.step_summary import STEP_SUMMARY_LIMIT, append_step_summary, md_text, render, write_summary


def report(data, profile=None, fail_on="warning", ignore=()):
    policy = Policy(path="/repo/pyproject.toml", profile=profile, ignore=tuple(ignore))
    options = validate_options(CheckOptions(fail_on=fail_on, profile=profile, policy=policy))
    return build_report(load(data), options).document


# A Docker container started without --gpus on a T4 host, small /dev/shm, with the fork's flash-attn
# installed: errors, a warning, a note and a finding the profile does not count.
DOC = report(machine(container="docker", gpus=[], kernel_module=True, device_nodes=[], shm_bytes=64 * 2 ** 20,
                     packages={"flash_attn": "2.7.3", "torchvision": "0.19.1", "ultralytics": "8.4.190"}),
             profile="yolo11")


def tokens(markdown):
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def test_summary_is_a_table_with_one_row_per_area_and_a_section_per_finding():
    text = render(DOC)
    toks = tokens(text)
    assert text.startswith("## yolodoctor pre-flight: ✗ failed (")
    rows = [t for t in toks if t.type == "tr_open"]
    assert len(rows) == 1 + len(DOC["areas"])
    cells = [t for t in toks if t.type == "td_open"]
    assert len(cells) == 4 * len(DOC["areas"])  # no '|' in a message split a row
    headings = [toks[i + 1].content for i, t in enumerate(toks) if t.type == "heading_open" and t.tag == "h3"]
    ids = [f["id"] for f in DOC["findings"]]
    assert [h.split()[1] for h in headings] == ids
    assert "YD710" in ids  # the container without GPU access
    assert "profile **yolo11**" in text and "policy `pyproject.toml`" in text
    assert "docker run --gpus all" in text


def test_findings_the_profile_does_not_count_are_marked():
    # flash-attn 2 installed on a V100: a real problem, but YOLO11 does not use flash-attn.
    doc = report(machine(gpus=[V100], packages={"flash_attn": "2.7.3", "torchvision": "0.19.1",
                                                "ultralytics": "8.4.190"}), profile="yolo11")
    text = render(doc)
    assert doc["exit_code"] == 0 and text.startswith("## yolodoctor pre-flight: ✓ passed")
    assert "### ! YD401 flash-attn does not support this GPU generation (not counted: yolo11 does not use " \
           "flash-attn)" in text
    assert "| flash-attn | ✓ ok |" in text and "YD401 flash-attn does not support this GPU generation (not counted)" in text


def test_escaping_keeps_code_spans_and_neutralises_html_and_emphasis():
    assert md_text("torch <2.5 & *x*") == r"torch &lt;2.5 &amp; \*x\*"
    assert md_text("run `pip install \"a>=1\"` now") == "run `pip install \"a>=1\"` now"
    assert md_text("a|b\nc", in_table=True) == r"a\|b<br>c"
    html = MarkdownIt("commonmark").render(md_text("<script>alert(1)</script> *bold*"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<em>" not in html


def test_passed_headline():
    clean = report(machine(gpus=[T4], packages={"torchvision": "0.19.1", "ultralytics": "8.4.190"}), profile="yolov8")
    assert clean["exit_code"] == 0, [f["id"] for f in clean["findings"]]
    assert render(clean).startswith("## yolodoctor pre-flight: ✓ passed (0 errors, 0 warnings, exit code 0)")


def test_ignored_rules_are_left_out_and_named():
    data = machine(container="docker", gpus=[T4], shm_bytes=64 * 2 ** 20,
                   packages={"torchvision": "0.19.1", "ultralytics": "8.4.190"})
    assert [f["id"] for f in report(data, profile="yolov8")["findings"]] == ["YD701"]
    quiet = report(data, profile="yolov8", ignore=("YD701",))
    assert quiet["findings"] == [] and quiet["ignored"] == ["YD701"] and quiet["exit_code"] == 0
    assert "ignored `YD701`" in render(quiet)


def test_append_respects_what_the_step_already_wrote(tmp_path):
    path = tmp_path / "step_summary"
    path.write_text("# Build\n", encoding="utf-8")
    assert write_summary(DOC, env={"GITHUB_STEP_SUMMARY": str(path)}) is None
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Build\n## yolodoctor pre-flight") and "### ✗ YD710" in text


def test_details_are_dropped_before_the_limit_and_nothing_is_written_past_it(tmp_path):
    path = tmp_path / "step_summary"
    full, short = render(DOC), render(DOC, detail=False)
    assert len(full.encode()) > len(short.encode()) + 300
    path.write_bytes(b"x" * (STEP_SUMMARY_LIMIT - 4096 - len(short.encode()) - 200))
    before = path.stat().st_size
    assert write_summary(DOC, env={"GITHUB_STEP_SUMMARY": str(path)}) is None
    added = path.read_bytes()[before:].decode()
    assert "| System |" in added and "### ✗ YD710" not in added and "1 MiB" in added
    assert path.stat().st_size <= STEP_SUMMARY_LIMIT
    path.write_bytes(b"x" * (STEP_SUMMARY_LIMIT - 10))
    problem = write_summary(DOC, env={"GITHUB_STEP_SUMMARY": str(path)})
    assert problem and "does not fit" in problem and path.stat().st_size == STEP_SUMMARY_LIMIT - 10


def test_no_variable_no_write_and_unwritable_path_is_reported(tmp_path):
    assert append_step_summary("x", env={}) is None
    problem = append_step_summary("x", env={"GITHUB_STEP_SUMMARY": str(tmp_path / "missing-dir" / "f")})
    assert problem and "cannot write the job summary" in problem
