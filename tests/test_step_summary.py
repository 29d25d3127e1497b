"""The job summary: valid GitHub-flavoured Markdown, appended to $GITHUB_STEP_SUMMARY within GitHub's limits."""

from markdown_it import MarkdownIt

from machines import T4, load, machine
from yolodoctor.diagnose.model import AREAS, Finding
from yolodoctor.report.step_summary import STEP_SUMMARY_LIMIT, append_step_summary, md_text, render, write_summary
from yolodoctor.verdict import Verdict

FACTS = load(machine(gpus=[T4], container="docker"))


def finding(rule_id, severity, area, title, message="m", fix="f", evidence=()):
    return Finding(id=rule_id, category="other", severity=severity, area=area, title=title, message=message,
                   fix=fix, evidence=evidence)


ERR = finding("YD701", "error", "system", "Container started without GPU access",
              message="This docker container has no /dev/nvidia* devices | torch <2.5 sees no GPU",
              fix="Start it with: `docker run --gpus all ...`\nOn the host, once: install the toolkit",
              evidence=("container: docker", "NVIDIA_VISIBLE_DEVICES=all"))
INFO = finding("YD1008", "info", "flash_attn", "flash-attn cannot run on this GPU", message="T4 is 7.5 *not* 8.0")
TRT = finding("YD401", "warning", "tensorrt", "TensorRT mismatch")


def verdict(**over):
    base = dict(exit_code=2, fail_on="warning", profile="yolov12", counted=(ERR, INFO),
                not_counted=((TRT, "yolov12 does not use TensorRT"),), ignored=(), policy_path="/x/pyproject.toml")
    base.update(over)
    return Verdict(**base)


def tokens(markdown):
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def test_summary_is_a_table_with_one_row_per_area_and_a_section_per_finding():
    text = render(verdict(), FACTS, "YOLOv12 research fork")
    toks = tokens(text)
    assert text.startswith("## yolodoctor pre-flight: ✗ failed (1 error, 0 warnings, exit code 2)")
    rows = [t for t in toks if t.type == "tr_open"]
    assert len(rows) == 1 + len(AREAS)  # header + one per area
    cells = [t for t in toks if t.type == "td_open"]
    assert len(cells) == 3 * len(AREAS)  # the '|' inside the message did not add columns
    headings = [toks[i + 1].content for i, t in enumerate(toks) if t.type == "heading_open" and t.tag == "h3"]
    assert headings[0] == "✗ YD701 Container started without GPU access"
    assert headings[2].endswith("(not counted: yolov12 does not use TensorRT)")
    assert "| tensorrt | – not counted |" in text
    assert "| flash_attn | i info |" in text and "| driver | ✓ |" in text
    assert "profile **yolov12**" in text and "policy `pyproject.toml`" in text


def test_escaping_keeps_code_spans_and_neutralises_html_and_emphasis():
    assert md_text("torch <2.5 & *x*") == r"torch &lt;2.5 &amp; \*x\*"
    assert md_text("run `pip install \"a>=1\"` now") == "run `pip install \"a>=1\"` now"
    assert md_text("a|b\nc", in_table=True) == r"a\|b<br>c"
    # Rendered, the escaped text shows the original characters and no HTML element.
    html = MarkdownIt("commonmark").render(md_text("<script>alert(1)</script> *bold*"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<em>" not in html


def test_passed_and_warning_headlines():
    assert render(verdict(exit_code=0, counted=()), FACTS).startswith("## yolodoctor pre-flight: ✓ passed")
    assert "! passed with warnings" in render(verdict(exit_code=1, counted=(TRT,), not_counted=()), FACTS)


def test_append_respects_what_the_step_already_wrote(tmp_path):
    path = tmp_path / "step_summary"
    path.write_text("# Build\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(path)}
    assert write_summary(verdict(), FACTS, env=env) is None
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Build\n## yolodoctor pre-flight") and "### ✗ YD701" in text


def test_details_are_dropped_before_the_limit_and_nothing_is_written_past_it(tmp_path):
    path = tmp_path / "step_summary"
    full = render(verdict(), FACTS)
    short = render(verdict(), FACTS, detail=False)
    # Leave room for the table but not for the details.
    path.write_bytes(b"x" * (STEP_SUMMARY_LIMIT - 4096 - len(short.encode()) - 200))
    before = path.stat().st_size
    assert len(full.encode()) > len(short.encode()) + 200
    assert write_summary(verdict(), FACTS, env={"GITHUB_STEP_SUMMARY": str(path)}) is None
    added = path.read_bytes()[before:].decode()
    assert "| system |" in added and "### ✗ YD701" not in added and "1 MiB" in added
    assert path.stat().st_size <= STEP_SUMMARY_LIMIT
    # Full file: nothing is appended, and the caller gets a reason.
    path.write_bytes(b"x" * (STEP_SUMMARY_LIMIT - 10))
    problem = write_summary(verdict(), FACTS, env={"GITHUB_STEP_SUMMARY": str(path)})
    assert problem and "does not fit" in problem and path.stat().st_size == STEP_SUMMARY_LIMIT - 10


def test_no_variable_no_write_and_unwritable_path_is_reported(tmp_path):
    assert append_step_summary("x", env={}) is None
    problem = append_step_summary("x", env={"GITHUB_STEP_SUMMARY": str(tmp_path / "missing-dir" / "f")})
    assert problem and "cannot write the job summary" in problem
