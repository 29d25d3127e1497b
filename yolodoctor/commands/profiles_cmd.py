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
            from ..i18n import current

            # description, flash_attn_fallback and notes are in this language; keys and values stay English
            doc = {"schema": PROFILES_SCHEMA, "language": current(), "profiles": [_profile_dict(p) for p in profiles]}
            typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        elif name:
            _print_one(profiles[0])
        else:
            _print_table(profiles)
        return 0


def _profile_dict(profile) -> dict:
    from ..profiles.model import capability_text

    from ..i18n import current

    data = asdict(profile)
    data.pop("overridden", None)
    for key in ("description", "flash_attn_fallback", "notes"):  # the texts in the run's language, English keys
        data[key] = profile.local(key, current())
        data.pop(f"{key}_zh", None)
    data["flash_attn_min_capability"] = profile.flash_attn_min_capability_text
    data["tensorrt_min_capability"] = capability_text(profile.tensorrt_min_capability)
    data["weights"] = list(profile.weights)
    data["weights_url_templates"] = list(profile.weights_url_templates)
    data["required_packages"] = list(profile.required_packages)
    return data


def _any(spec: str) -> str:
    return spec or tr("any")


def _gpu(profile) -> str:
    if not profile.requires_gpu:
        return tr("optional")
    return f"{profile.gpus_min}+" if profile.gpus_min > 1 else tr("required")


def _level(level: str) -> str:
    """required / recommended / no (an enum value in the data and the JSON), in the current language."""
    words = {"required": lambda: tr("required"), "recommended": lambda: tr("recommended"), "no": lambda: tr("no")}
    return words[level]() if level in words else level


def _flash(p) -> str:
    if p.flash_attn == "no":
        return _level(p.flash_attn)
    return tr("{level} (>= {capability})", level=_level(p.flash_attn), capability=p.flash_attn_min_capability_text)


def _ultralytics(p) -> str:
    if p.ultralytics_vendored:
        return tr("fork, vendored {version}", version=p.ultralytics_vendored)
    return _any(p.ultralytics)


def _print_table(profiles) -> None:
    from rich import box
    from rich.table import Table

    from ..report.copyable import print_paragraph

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in (tr("name"), "python", "torch", "CUDA", "flash-attn", "TensorRT", tr("GPU"), tr("VRAM"), "ultralytics"):
        table.add_column(column, no_wrap=True)
    for p in profiles:
        table.add_row(p.name, _any(p.python), _any(p.torch), _any(p.cuda), _flash(p), _level(p.tensorrt), _gpu(p),
                      f"{p.min_vram_gib:g} GiB", _ultralytics(p))
    console = _console()
    print_paragraph(console, tr("Workload profiles (yolodoctor check --profile NAME)"))
    if console.measure(table, options=console.options.update_width(10_000)).maximum <= console.width:
        console.print(table)
    else:  # too narrow for the columns: one block per profile
        from ..report.copyable import print_fields

        for p in profiles:
            console.print()
            console.print(p.name, style="bold", markup=False)
            print_fields(console, [("python, torch, CUDA", f"{_any(p.python)}, {_any(p.torch)}, {_any(p.cuda)}"),
                                   ("flash-attn, TensorRT", f"{_flash(p)}, {_level(p.tensorrt)}"),
                                   (tr("GPU, VRAM"), f"{_gpu(p)}, {p.min_vram_gib:g} GiB"),
                                   ("ultralytics", _ultralytics(p))], indent=2, key_style="")
        console.print()
    print_paragraph(console, tr("Details and sources: yolodoctor profiles NAME; docs/profiles.md."))


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

    from ..i18n import current

    console = _console()
    language = current()
    rows = [
        (tr("description"), p.local("description", language)),
        ("python", _any(p.python)),
        ("torch", _any(p.torch)),
        ("torchvision", _any(p.torchvision)),
        (tr("CUDA (torch build)"), _any(p.cuda)),
        ("flash-attn", _level(p.flash_attn) + (tr(", compute capability >= {capability}",
                                                  capability=p.flash_attn_min_capability_text)
                                               if p.flash_attn != "no" else "")),
        (tr("flash-attn wheel"), p.flash_attn_pin),
        (tr("without flash-attn"), p.local("flash_attn_fallback", language)),
        ("TensorRT", _level(p.tensorrt) + (f" ({p.tensorrt_pip})" if p.tensorrt_pip else "")),
        (tr("GPU"), _gpu(p) + (tr(", at least {count}", count=p.gpus_min) if p.gpus_min else "")),
        (tr("min VRAM"), f"{p.min_vram_gib:g} GiB"),
        ("ultralytics", p.ultralytics),
        (tr("weights"), ", ".join(p.weights)),
        (tr("weights download"), tr("from the network on first use") if p.network_weights else tr("not needed")),
        (tr("verified"), tr("yes") if p.verified else tr("no: some values are derived, see notes")),
        (tr("notes"), p.local("notes", language)),
        (tr("defined in"), p.source),
    ]
    from ..report.copyable import print_fields

    console.print(Text(p.name, style="bold"))
    print_fields(console, [(label, value) for label, value in rows if value])
