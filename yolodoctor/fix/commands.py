"""The exact argv lists a plan's actions run: `python -m pip ...` or `uv pip ... --python`.

Always lists, never a shell string; the interpreter is the plan's target,
never the one running yolodoctor (unless they are the same).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Action, Plan

# uv spells a few pip flags differently.
_UV_OPTIONS = {"--force-reinstall": "--reinstall"}


def installer_prefix(plan: "Plan", verb: str) -> list[str]:
    if plan.installer == "uv":
        return [plan.installer_path or "uv", "pip", verb, "--python", plan.python]
    return [plan.python, "-m", "pip", verb]


def index_arguments(index_url, extra_index_urls=(), find_links=()) -> list[str]:
    argv: list[str] = []
    if index_url:
        argv += ["--index-url", index_url]
    for url in extra_index_urls:
        argv += ["--extra-index-url", url]
    for url in find_links:
        argv += ["--find-links", url]
    return argv


def install_command(plan: "Plan", requirements, index_url=None, extra_index_urls=(), find_links=(),
                    options=()) -> list[str]:
    argv = installer_prefix(plan, "install")
    if plan.installer == "pip":
        argv.append("--disable-pip-version-check")
    argv += index_arguments(index_url, extra_index_urls, find_links)
    for option in options:
        argv.append(_UV_OPTIONS.get(option, option) if plan.installer == "uv" else option)
    if plan.break_system_packages:
        argv.append("--break-system-packages")
    return argv + list(requirements)


def uninstall_command(plan: "Plan", names) -> list[str]:
    argv = installer_prefix(plan, "uninstall")
    if plan.installer == "pip":
        argv += ["--disable-pip-version-check", "-y"]
    if plan.break_system_packages:
        argv.append("--break-system-packages")
    return argv + list(names)


def action_commands(plan: "Plan", action: "Action") -> list[list[str]]:
    """What `fix` runs for this action, in order (empty for manual/info/setting)."""
    commands = []
    if action.kind == "install":
        if action.uninstall:
            commands.append(uninstall_command(plan, action.uninstall))
        commands.append(install_command(plan, action.requirements, action.index_url, action.extra_index_urls,
                                        action.find_links, action.options))
    elif action.kind == "uninstall":
        commands.append(uninstall_command(plan, action.uninstall))
    return commands


def display(argv, env=()) -> str:
    """One line a person can read and paste (quoting only for display)."""
    import os

    # platform gate: cmd and PowerShell read no single quotes, so a Windows command is quoted their way.
    from ..diagnose.platform_gate import looks_windows, shell_quote

    windows = os.name == "nt" or looks_windows(argv)
    line = " ".join(shell_quote(a, windows) for a in argv)
    if windows and line.startswith('"'):
        line = "& " + line  # PowerShell runs a quoted program only through the call operator
    if windows:
        prefix = "; ".join(f"$env:{k}={shell_quote(v, True) if shell_quote(v, True) != v else chr(34) + v + chr(34)}"
                           for k, v in env)
        return f"{prefix}; {line}" if prefix else line
    prefix = " ".join(f"{k}={shell_quote(v, False)}" for k, v in env)
    return f"{prefix} {line}" if prefix else line
