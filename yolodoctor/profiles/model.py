"""A workload profile: what one kind of YOLO job needs from the machine.

Profiles are data (compat/profiles.toml, docs/profiles.md). This module only
holds their validated, typed form; loading and validation live in load.py,
the judgement of a machine against a profile in requirements.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

# Allowed values of the enumerated keys, in the order docs and errors list them.
FLASH_ATTN_LEVELS = ("required", "recommended", "no")
TENSORRT_LEVELS = ("required", "recommended", "no")
# A fork that vendors its own copy of ultralytics says so as "vendored X.Y.Z (...)".
VENDORED_PREFIX = "vendored "


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    python: str = ""  # PEP 440 specifiers; "" means any
    torch: str = ""
    torchvision: str = ""
    cuda: str = ""  # torch.version.cuda of the installed build
    flash_attn: str = "no"
    flash_attn_min_capability: Optional[tuple[int, int]] = None  # (8, 0)
    flash_attn_pin: str = ""
    flash_attn_fallback: str = ""  # what the workload does when flash-attn cannot run
    tensorrt: str = "no"
    tensorrt_min_capability: Optional[tuple[int, int]] = None
    tensorrt_pip: str = ""  # "tensorrt-cu{torch CUDA major}>=7.0.0,!=10.2.0"
    min_vram_gib: float = 0.0
    ultralytics: str = ""  # specifier, or "vendored 8.3.63 (...)"
    weights: tuple[str, ...] = ()
    weights_url_templates: tuple[str, ...] = ()
    network_weights: bool = False
    requires_gpu: bool = False
    gpus_min: int = 0
    verified: bool = True
    # Added by a policy file or the command line, never by compat/profiles.toml.
    required_packages: tuple[str, ...] = ()
    job_offline: bool = False  # the team's policy says the job runs without network: weights must be on disk
    notes: str = ""
    # The same texts in Chinese (zh-CN), where the data has them; `local()` picks by language.
    description_zh: str = ""
    flash_attn_fallback_zh: str = ""
    notes_zh: str = ""
    source: str = ""  # the file the profile came from, for messages
    # Where a value came from when a policy or the command line replaced the profile's own.
    overridden: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def model_family(self) -> Optional[str]:
        """The Ultralytics model family an Ultralytics profile runs (profile yolo11 -> yolo11)."""
        if self.ultralytics_vendored or not re.fullmatch(r"yolov?\d+", self.name):
            return None
        return self.name

    @property
    def ultralytics_vendored(self) -> Optional[str]:
        """The vendored ultralytics version of a research fork, else None."""
        if self.ultralytics.startswith(VENDORED_PREFIX):
            return self.ultralytics[len(VENDORED_PREFIX):].split()[0]
        return None

    @property
    def ultralytics_specifier(self) -> str:
        return "" if self.ultralytics_vendored else self.ultralytics

    @property
    def flash_attn_min_capability_text(self) -> str:
        return capability_text(self.flash_attn_min_capability)

    def local(self, key: str, language: str) -> str:
        """`description`, `flash_attn_fallback` or `notes` in `language`: the Chinese where there is one."""
        english = getattr(self, key)
        return (getattr(self, f"{key}_zh", "") or english) if language == "zh-CN" else english

    def origin(self, key: str) -> str:
        """Who asked for `key`'s value: the profile, or what overrode it."""
        return self.overridden.get(key) or f"profile {self.name}"


def capability_text(capability: Optional[tuple[int, int]]) -> str:
    return f"{capability[0]}.{capability[1]}" if capability else ""
