"""`yolodoctor profiles`: the workload profiles `check --profile` and `fix --profile` judge against."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Optional

import typer
from ..i18n import tr

PROFILES_SCHEMA = "yolodoctor.profiles/1"


def register(app: typer.Typer) -> None:
    @app.command("profiles")
    def profiles_command(
        name: Optional[str] = typer.Argument(None, help="Show one profile in full."),
        output_format: str = typer.Option("table", "--format", "-f", help="table or json."),
    ) -> int:
        """List the workload profiles (YOLOv8/11/12/26, the YOLOv12/YOLOv13 forks, TensorRT export, multi-GPU)."""
        from ..exitcodes import DATA, USAGE, UserError
        from ..profiles import ProfileError, UnknownProfile, get_profile, load_profiles

        if output_format not in ("table", "json"):
            raise UserError(tr("--format must be table or json, not {value}", value=repr(output_format)), USAGE)
        try:
            profiles = (get_profile(name),) if name else load_profiles()
        except UnknownProfile as exc:
            raise UserError(str(exc), USAGE) from None
        except ProfileError as exc:
            raise UserError(str(exc), DATA) from None
        if output_format == "json":
            doc = {"schema": PROFILES_SCHEMA, "profiles": [_profile_dict(p) for p in profiles]}
            typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        elif name:
            _print_one(profiles[0])
        else:
            _print_table(profiles)
        return 0


def _profile_dict(profile) -> dict:
    from ..profiles.model import capability_text

    data = asdict(profile)
    data.pop("overridden", None)
    data["flash_attn_min_capability"] = profile.flash_attn_min_capability_text
    data["tensorrt_min_capability"] = capability_text(profile.tensorrt_min_capability)
    data["weights"] = list(profile.weights)
    data["weights_url_templates"] = list(profile.weights_url_templates)
    data["required_packages"] = list(profile.required_packages)
    return data


def _any(spec: str) -> str:
    return spec or "any"


def _gpu(profile) -> str:
    if not profile.requires_gpu:
        return "optional"
    return f"{profile.gpus_min}+" if profile.gpus_min > 1 else "required"


def _print_table(profiles) -> None:
    from rich import box
    from rich.table import Table

    from ..report.copyable import print_paragraph

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("name", "python", "torch", "CUDA", "flash-attn", "TensorRT", "GPU", "VRAM", "ultralytics"):
        table.add_column(column, no_wrap=True)
    for p in profiles:
        flash = p.flash_attn if p.flash_attn == "no" else f"{p.flash_attn} (>= {p.flash_attn_min_capability_text})"
        ultra = f"fork, vendored {p.ultralytics_vendored}" if p.ultralytics_vendored else _any(p.ultralytics)
        table.add_row(p.name, _any(p.python), _any(p.torch), _any(p.cuda), flash, p.tensorrt, _gpu(p),
                      f"{p.min_vram_gib:g} GiB", ultra)
    console = _console()
    print_paragraph(console, "Workload profiles (yolodoctor check --profile NAME)")
    if console.measure(table, options=console.options.update_width(10_000)).maximum <= console.width:
        console.print(table)
    else:  # too narrow for the columns: one block per profile
        from ..report.copyable import print_fields

        for p in profiles:
            flash = p.flash_attn if p.flash_attn == "no" else f"{p.flash_attn} (>= {p.flash_attn_min_capability_text})"
            ultra = f"fork, vendored {p.ultralytics_vendored}" if p.ultralytics_vendored else _any(p.ultralytics)
            console.print()
            console.print(p.name, style="bold", markup=False)
            print_fields(console, [("python, torch, CUDA", f"{_any(p.python)}, {_any(p.torch)}, {_any(p.cuda)}"),
                                   ("flash-attn, TensorRT", f"{flash}, {p.tensorrt}"),
                                   ("GPU, VRAM", f"{_gpu(p)}, {p.min_vram_gib:g} GiB"),
                                   ("ultralytics", ultra)], indent=2, key_style="")
        console.print()
    print_paragraph(console, "Details and sources: yolodoctor profiles NAME; docs/profiles.md.")


def _console():
    import os

    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        # piped or redirected with no width given: do not fold lines at 80 columns
        console = Console(highlight=False, width=160)
    return console


def _print_one(p) -> None:
    from rich.text import Text

    console = _console()
    rows = [
        ("description", p.description),
        ("python", _any(p.python)),
        ("torch", _any(p.torch)),
        ("torchvision", _any(p.torchvision)),
        ("CUDA (torch build)", _any(p.cuda)),
        ("flash-attn", p.flash_attn + (f", compute capability >= {p.flash_attn_min_capability_text}"
                                       if p.flash_attn != "no" else "")),
        ("flash-attn wheel", p.flash_attn_pin),
        ("without flash-attn", p.flash_attn_fallback),
        ("TensorRT", p.tensorrt + (f" ({p.tensorrt_pip})" if p.tensorrt_pip else "")),
        ("GPU", _gpu(p) + (f", at least {p.gpus_min}" if p.gpus_min else "")),
        ("min VRAM", f"{p.min_vram_gib:g} GiB"),
        ("ultralytics", p.ultralytics),
        ("weights", ", ".join(p.weights)),
        ("weights download", "from the network on first use" if p.network_weights else "not needed"),
        ("verified", "yes" if p.verified else "no: some values are derived, see notes"),
        ("notes", p.notes),
        ("defined in", p.source),
    ]
    from ..report.copyable import print_fields

    console.print(Text(p.name, style="bold"))
    print_fields(console, [(label, value) for label, value in rows if value])
