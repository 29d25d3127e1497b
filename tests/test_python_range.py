"""The supported Python range, in one place each: pyproject says which Python
yolodoctor itself runs on; probe_target.MIN_PYTHON which interpreters it can
inspect (older ones: a training env is often older than the tool's own);
the README says both. Every module must at least parse and import on the
oldest supported version, the test suite's included (conftest.py is loaded
before any test can skip)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.harness.run import REPO
from yolodoctor.facts import probe_target

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]


def _requires_python() -> tuple[int, int]:
    spec = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(\d+)\.(\d+)", spec)
    assert match, spec
    return int(match.group(1)), int(match.group(2))


OLDEST = _requires_python()
# Scripts that run *inside* the inspected interpreter: they must parse there too.
IN_TARGET = {REPO / "yolodoctor" / "facts" / "probe_target.py", REPO / "yolodoctor" / "fix" / "_target" / "probe_installed.py"}


def _sources() -> list[Path]:
    return sorted(p for d in ("yolodoctor", "tests", "benchmarks") for p in (REPO / d).rglob("*.py")
                  if "localindex" not in p.parts)


def test_readme_and_pyproject_agree():
    readme = (REPO / "README.md").read_text()
    oldest = "%d.%d" % OLDEST
    target = "%d.%d" % probe_target.MIN_PYTHON
    assert f"Python {oldest}+" in readme, "README must name the Python yolodoctor runs on"
    assert f"Python {target}+" in readme, "README must name the oldest Python it can inspect"
    assert probe_target.MIN_PYTHON <= OLDEST


def _annotations(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
                if arg is not None and arg.annotation is not None:
                    yield arg.annotation
            if node.returns is not None:
                yield node.returns
        elif isinstance(node, ast.AnnAssign):
            yield node.annotation


def _newer_than(annotation: ast.AST, oldest: tuple[int, int]) -> bool:
    """`X | Y` (3.10) in an annotation, evaluated at definition time without postponed evaluation."""
    return oldest < (3, 10) and any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr)
                                    for n in ast.walk(annotation))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_parses_on_the_oldest_supported_python(path):
    oldest = probe_target.MIN_PYTHON if path in IN_TARGET else OLDEST
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path), feature_version=oldest)
    postponed = any(isinstance(n, ast.ImportFrom) and n.module == "__future__"
                    and any(a.name == "annotations" for a in n.names) for n in tree.body)
    if not postponed:
        bad = [a.lineno for a in _annotations(tree) if _newer_than(a, oldest)]
        assert not bad, f"{path.name}: `X | Y` annotations at lines {bad} fail on Python %d.%d without " \
                        "`from __future__ import annotations`" % oldest
