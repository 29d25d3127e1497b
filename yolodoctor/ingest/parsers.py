"""The parsers, in the order they are tried, and how much each is believed.

Block parsers own a run of lines (a table, a dump) that starts with a line
they recognise; line parsers read single lines (with a look at the next one)
anywhere outside blocks. Precedence decides between two readings of the same
fact: a document yolodoctor wrote itself beats a dump, a dump beats a line
mentioning a version in passing, and a path in a traceback comes last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from . import (collect_env, docker, env_dump, error_facts, inferred, jetson, nvcc, nvidia_smi, openmmlab_env,
               paths, pip_list, prose_facts, python_repl, report_block, system_info, ultralytics)
from .model import Reading, Segment


@dataclass(frozen=True)
class BlockParser:
    kind: str
    label: str
    needles: tuple[str, ...]  # literal text on (or up to `lookback` lines below) every line a block starts on
    start: str  # regex matched at the start of a line
    extent: Callable[[Sequence[str], int], int]  # index after the block's last line, or the start if not a block
    parse: Callable[[Segment], Reading]
    owns_lines: bool = False  # nothing else reads these lines (yolodoctor's own facts are complete)
    lookback: int = 0


@dataclass(frozen=True)
class LineParser:
    kind: str
    label: str
    needles: tuple[str, ...]  # literal text every line the pattern matches contains (the fast pre-filter)
    pattern: str  # regex searched in a line (MULTILINE: ^ and $ are the line's ends)
    parse: Callable[[Sequence[str], int, int], Reading]


BLOCK_PARSERS: tuple[BlockParser, ...] = (
    BlockParser(report_block.KIND, report_block.LABEL, report_block.NEEDLES, report_block.START,
                report_block.extent, report_block.parse, owns_lines=True),
    BlockParser(report_block.JSON_KIND, report_block.JSON_LABEL, report_block.JSON_NEEDLES, report_block.JSON_START,
                report_block.json_extent, report_block.json_parse, owns_lines=True, lookback=3),
    BlockParser(collect_env.KIND, collect_env.LABEL, collect_env.NEEDLES, collect_env.START,
                collect_env.extent, collect_env.parse),
    BlockParser(ultralytics.CHECKS_KIND, ultralytics.CHECKS_LABEL, ultralytics.CHECKS_NEEDLES,
                ultralytics.CHECKS_START, ultralytics.checks_extent, ultralytics.checks_parse),
    BlockParser(nvidia_smi.KIND, nvidia_smi.LABEL, nvidia_smi.NEEDLES, nvidia_smi.START,
                nvidia_smi.extent, nvidia_smi.parse),
    BlockParser(nvidia_smi.Q_KIND, nvidia_smi.Q_LABEL, nvidia_smi.Q_NEEDLES, nvidia_smi.Q_START,
                nvidia_smi.q_extent, nvidia_smi.q_parse),
    BlockParser(nvidia_smi.CSV_KIND, nvidia_smi.CSV_LABEL, nvidia_smi.CSV_NEEDLES, nvidia_smi.CSV_START,
                nvidia_smi.csv_extent, nvidia_smi.csv_parse),
    BlockParser(pip_list.KIND, pip_list.LABEL, pip_list.NEEDLES, pip_list.START, pip_list.extent, pip_list.parse),
    BlockParser(pip_list.SHOW_KIND, pip_list.SHOW_LABEL, pip_list.SHOW_NEEDLES, pip_list.SHOW_START,
                pip_list.show_extent, pip_list.show_parse),
    BlockParser(pip_list.CONDA_KIND, pip_list.CONDA_LABEL, pip_list.CONDA_NEEDLES, pip_list.CONDA_START,
                pip_list.conda_extent, pip_list.conda_parse),
)

LINE_PARSERS: tuple[LineParser, ...] = (
    LineParser(ultralytics.BANNER_KIND, ultralytics.BANNER_LABEL, ultralytics.BANNER_NEEDLES,
               ultralytics.BANNER_PATTERN, ultralytics.parse_banner),
    LineParser(nvidia_smi.LINE_KIND, nvidia_smi.LINE_LABEL, nvidia_smi.LINE_NEEDLES, nvidia_smi.LINE_PATTERN,
               nvidia_smi.parse_line),
    LineParser(nvcc.KIND, nvcc.LABEL, nvcc.NEEDLES, nvcc.LINE_PATTERN, nvcc.parse_line),
    LineParser(openmmlab_env.KIND, openmmlab_env.LABEL, openmmlab_env.NEEDLES, openmmlab_env.LINE_PATTERN,
               openmmlab_env.parse_line),
    LineParser(docker.KIND, docker.LABEL, docker.NEEDLES, docker.LINE_PATTERN, docker.parse_line),
    LineParser(env_dump.KIND, env_dump.LABEL, env_dump.NEEDLES, env_dump.LINE_PATTERN, env_dump.parse_line),
    LineParser(system_info.KIND, system_info.LABEL, system_info.NEEDLES, system_info.LINE_PATTERN,
               system_info.parse_line),
    LineParser(jetson.KIND, jetson.LABEL, jetson.NEEDLES, jetson.LINE_PATTERN, jetson.parse_line),
    LineParser(python_repl.KIND, python_repl.LABEL, python_repl.NEEDLES, python_repl.LINE_PATTERN,
               python_repl.parse_line),
    LineParser(pip_list.PLAN_KIND, pip_list.PLAN_LABEL, pip_list.PLAN_NEEDLES, pip_list.PLAN_PATTERN,
               pip_list.parse_plan_line),
    LineParser(pip_list.LINE_KIND, pip_list.LINE_LABEL, pip_list.LINE_NEEDLES, pip_list.LINE_PATTERN,
               pip_list.parse_line),
    LineParser(error_facts.LINE_KIND, error_facts.LINE_LABEL, error_facts.NEEDLES, error_facts.LINE_PATTERN,
               error_facts.parse_line),
    LineParser(paths.KIND, paths.LABEL, paths.NEEDLES, paths.LINE_PATTERN, paths.parse_line),
    LineParser(inferred.INSTALL_KIND, inferred.INSTALL_LABEL, inferred.INSTALL_NEEDLES, inferred.INSTALL_PATTERN,
               inferred.parse_install),
    LineParser(inferred.DRIVER_KIND, inferred.DRIVER_LABEL, inferred.DRIVER_NEEDLES, inferred.DRIVER_PATTERN,
               inferred.parse_driver_row),
    LineParser(prose_facts.KIND, prose_facts.LABEL, prose_facts.NEEDLES, prose_facts.LINE_PATTERN,
               prose_facts.parse_line),
    LineParser(prose_facts.ANSWER_KIND, prose_facts.ANSWER_LABEL, prose_facts.ANSWER_NEEDLES,
               prose_facts.ANSWER_PATTERN, prose_facts.parse_answer),
)

# How much a reading is believed when two disagree (higher wins; equal: the earlier line wins).
PRECEDENCE = {
    report_block.KIND: 100, report_block.JSON_KIND: 100,
    collect_env.KIND: 70, ultralytics.CHECKS_KIND: 70, nvidia_smi.KIND: 70, nvidia_smi.Q_KIND: 70,
    nvidia_smi.CSV_KIND: 70,
    nvcc.KIND: 65, pip_list.SHOW_KIND: 65,
    pip_list.KIND: 60, pip_list.CONDA_KIND: 60, ultralytics.BANNER_KIND: 60, nvidia_smi.LINE_KIND: 60,
    python_repl.KIND: 55, env_dump.KIND: 55, system_info.KIND: 55, openmmlab_env.KIND: 55, jetson.KIND: 55,
    pip_list.LINE_KIND: 50, pip_list.PLAN_KIND: 50, error_facts.KIND: 50, error_facts.LINE_KIND: 50,
    error_facts.TRACEBACK_KIND: 45,
    docker.KIND: 40,
    paths.KIND: 10,
    inferred.INSTALL_KIND: 5, inferred.DRIVER_KIND: 5,  # inferred: any labelled reading wins
    prose_facts.KIND: 3, prose_facts.ANSWER_KIND: 3,  # stated in words: any reading of a tool's output wins
}

LABELS = {p.kind: p.label for p in BLOCK_PARSERS + LINE_PARSERS}
LABELS.update({error_facts.KIND: error_facts.LABEL, error_facts.TRACEBACK_KIND: "Python tracebacks"})
