"""Environment variables as they get pasted: `env` / `printenv` / `set` lines,
`export X=...`, PowerShell `$env:X = "..."`, `echo $X` followed by its value,
`X=... command` prefixes, and Ultralytics' "os.environ['CUDA_VISIBLE_DEVICES']: 0".

Only variables that change how GPUs, CUDA, downloads or pip behave are kept;
secrets are never stored (a token's presence is, its value is not).
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ..report.redact import redact_url
from .model import Observation, Reading

KIND = "env"
LABEL = "environment variables"
_NAMES = {
    "CUDA_VISIBLE_DEVICES": "nvidia.cuda_visible_devices",
    "NVIDIA_VISIBLE_DEVICES": "nvidia.nvidia_visible_devices",
    "NVIDIA_DRIVER_CAPABILITIES": "nvidia.nvidia_driver_capabilities",
    "CUDA_HOME": "cuda.cuda_home",
    "CUDA_PATH": "cuda.cuda_path",
    "HF_ENDPOINT": "env.hf_endpoint",
    "HF_HUB_OFFLINE": "env.hf_hub_offline",
    "TRANSFORMERS_OFFLINE": "env.hf_hub_offline",
    "HF_HOME": "env.hf_home",
    "TORCH_HOME": "env.torch_home",
    "NO_PROXY": "env.no_proxy",
    "no_proxy": "env.no_proxy",
    "PIP_INDEX_URL": "env.pip_index_url",
    "PIP_EXTRA_INDEX_URL": "env.pip_extra_index_url",
    "PYTORCH_CUDA_ALLOC_CONF": "env.pytorch_cuda_alloc_conf",
    "CUDA_LAUNCH_BLOCKING": "env.cuda_launch_blocking",
    "CONDA_PREFIX": "python.conda_env",
}
_TOKENS = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")
_PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
_NOTED = ("LD_LIBRARY_PATH", "VIRTUAL_ENV", "YOLO_CONFIG_DIR")
_ALL = tuple(_NAMES) + _TOKENS + _PROXIES + _NOTED
_ALTERNATION = "|".join(sorted(_ALL, key=len, reverse=True))
NEEDLES = _ALL
LINE_PATTERN = rf"(?:{_ALTERNATION})\s{{0,8}}['\"\]]{{0,3}}\s{{0,8}}[=:]|echo\s+(?:\$\{{?|%|\$env:)(?:{_ALTERNATION})"

_PROMPT = r"(?:^|^.*?[$#>]\s+)"
_ASSIGN = re.compile(rf"{_PROMPT}(?P<keyword>export\s+|set\s+|declare\s+-x\s+)?(?P<name>{_ALTERNATION})=(?P<value>.*)$")
_POWERSHELL = re.compile(rf"\$env:(?P<name>{_ALTERNATION})\s*=\s*(?P<value>.*)$")
_PYTHON = re.compile(rf"os\.environ\[['\"](?P<name>{_ALTERNATION})['\"]\]\s*:\s?(?P<value>.*)$")
_ECHO = re.compile(rf"echo\s+(?:\$\{{?|%|\$env:)(?P<name>{_ALTERNATION})\}}?%?\s*$")
# In prose ("the worker sets CUDA_VISIBLE_DEVICES=1, and ..."): only the GPU-selecting variables, whose values are short.
_INLINE = re.compile(r"(?<![\w$])(?P<name>CUDA_VISIBLE_DEVICES|NVIDIA_VISIBLE_DEVICES)=(?P<value>[\w-]{1,40}(?:,[\w-]{1,40}){0,15})(?=[\s,.;:)`'\"]|$)")
_PREFIX_WORD = re.compile(r"(?<![A-Za-z0-9_])(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>\"[^\"]*\"|'[^']*'|\S*)\s+")


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    for pattern in (_PYTHON, _POWERSHELL):
        match = pattern.search(line)
        if match:
            value = match.group("value").strip()
            if pattern is _PYTHON and value == "None":
                return reading  # printed by Ultralytics when the variable is not set
            _record(reading, match.group("name"), _unquote(value), lineno)
            return reading
    echo = _ECHO.search(line)
    if echo:
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if following and not re.search(r"[$#>]\s|^echo\b", following):
            _record(reading, echo.group("name"), following, lineno + 1)
        return reading
    match = _ASSIGN.match(line)
    if match:
        value = match.group("value")
        # "A=1 B=2 cmd" sets A and B for one command; `export`/`set` lines and Windows paths
        # ("CUDA_PATH=C:\Program Files\...") take the whole rest of the line as the value.
        plain = not match.group("keyword") and not re.match(r"[A-Za-z]:\\|[\"']", value)
        rest = _command_after_assignments(line[match.start("name"):]) if plain else None
        if rest is not None:  # "CUDA_VISIBLE_DEVICES=2,3 NCCL_DEBUG=INFO ./all_reduce_perf": per-command settings
            for word in _PREFIX_WORD.finditer(rest[0]):
                if word.group("name") in _ALL:
                    _record(reading, word.group("name"), _unquote(word.group("value")), lineno)
            return reading
        _record(reading, match.group("name"), _unquote(value.strip()), lineno)
        return reading
    inline = _INLINE.search(line)
    if inline:
        _record(reading, inline.group("name"), inline.group("value"), lineno)
    return reading


def _command_after_assignments(text: str) -> Optional[tuple[str, str]]:
    """("A=1 B=2 ", "cmd ...") when `text` is assignments followed by a command; None for a plain assignment."""
    position = 0
    while True:
        word = _PREFIX_WORD.match(text, position)
        if not word:
            break
        position = word.end()
    if position and position < len(text) and not text[position:].startswith(("#", ";")):
        return text[:position], text[position:]
    return None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _record(reading: Reading, name: str, value: str, lineno: int) -> None:
    if name in _TOKENS:
        reading.add("env.hf_token_set", bool(value), lineno, KIND)
    elif name in _PROXIES:
        if value:
            reading.add(f"env.proxies.{name}", True, lineno, KIND)
    elif name in _NOTED:
        if value:
            reading.notes.append(f"{name}={redact_url(value)} (line {lineno})")
    elif name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"):
        reading.add(_NAMES[name], redact_url(value), lineno, KIND)
    elif name == "CUDA_VISIBLE_DEVICES":
        # "" is meaningful (no GPU visible), so it is kept as a value
        reading.observations.append(Observation(_NAMES[name], value, lineno, KIND))
    else:
        reading.add(_NAMES[name], value, lineno, KIND)
