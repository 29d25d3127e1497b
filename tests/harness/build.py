"""materialise(scenario, directory): the machine and the environment, for real.

- root/: what yolodoctor reads as /proc, /sys, /dev, /etc, /usr/local
  (YOLODOCTOR_FS_ROOT points there);
- bin/: executables on PATH (nvidia-smi, nvcc fakes); PATH is bin/ plus
  /usr/bin:/bin only, so no real nvcc or nvidia-smi of the test machine
  leaks in;
- home/: $HOME (user site, Ultralytics settings, editable checkouts);
- env/: the interpreter to inspect, with a site-packages of dist-info
  directories and stand-in modules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .files import write as _write
from .machine import NoCompiler, gpu_uuid, write_bin, write_root
from .python_env import PY, PY_TAG, install, make_python, torch_devices
from .spec import Scenario

__all__ = ["Materialised", "materialise", "NoCompiler", "gpu_uuid", "PY", "PY_TAG"]


@dataclass(frozen=True)
class Materialised:
    scenario: Scenario
    base: Path
    root: Path
    bin: Path
    home: Path
    prefix: Path
    python: Path
    site: Path
    user_site: Path
    env: dict = field(default_factory=dict)

    def cli_args(self) -> list[str]:
        """`yolodoctor facts` arguments that select this scenario's interpreter."""
        if self.scenario.python.select == "--python":
            return ["--python", str(self.python)]
        return []


def materialise(scenario: Scenario, base: Path) -> Materialised:
    base = Path(base)
    root, bin_dir, home = base / "root", base / "bin", base / "home"
    for d in (root, bin_dir, home):
        d.mkdir(parents=True, exist_ok=True)
    write_root(scenario.machine, root)
    write_bin(scenario.machine, bin_dir, root)
    prefix = base / "env"
    python, site = make_python(scenario.python, prefix)
    user_site = home / ".local" / "lib" / f"python{PY}" / "site-packages"
    devices = torch_devices(scenario)
    for dist in scenario.dists:
        target = user_site if dist.site == "user" else site
        install(dist, target, home, devices)
    for rel, text in scenario.home_files.items():
        _write(home / rel, text.replace("{home}", str(home)))
    env = {
        "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "YOLODOCTOR_FS_ROOT": str(root),
        "PIP_CONFIG_FILE": os.devnull,  # pip reads no config file: the test machine's pip.conf stays out
        "YOLODOCTOR_OFFLINE": "1",  # tests never touch the internet (run_facts passes --offline too)
    }
    if scenario.python.select == "VIRTUAL_ENV":
        env["VIRTUAL_ENV"] = str(prefix)
    elif scenario.python.select == "CONDA_PREFIX":
        env["CONDA_PREFIX"] = str(prefix)
        env["CONDA_DEFAULT_ENV"] = prefix.name
    for key, value in scenario.env.items():
        env[key] = value.replace("{home}", str(home)).replace("{prefix}", str(prefix))
    return Materialised(scenario, base, root, bin_dir, home, prefix, python, site, user_site, env)
