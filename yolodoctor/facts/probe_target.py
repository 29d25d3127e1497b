"""Probe run *under the target interpreter* (stdlib only, Python 3.8+).

Two modes, both print JSON records, one per line, each prefixed by MARK so
that nothing an imported library prints can be mistaken for a record:

  python probe_target.py env
      the interpreter, its distributions, pip configuration, and what can be
      read about torch & co. without importing them (metadata, version files).
  python probe_target.py import ITEM [ITEM ...]
      imports each item in order and reports as it goes: a "start" record
      before each item and an updated "result" record after every step, so a
      crash or hang late in an item keeps everything reported before it.

This file must not import anything from yolodoctor: it runs in environments
where yolodoctor is not installed.
"""

import ast
import json
import os
import stat
import sys
import tempfile
import time
import traceback
import warnings

MARK = "\x1eYDPROBE "
MIN_PYTHON = (3, 8)
STDERR_TAIL = 4000

_out = None  # the real stdout; fd 1 is pointed at stderr while probing


def emit(record):
    _out.write(MARK + json.dumps(record, default=str) + "\n")
    _out.flush()


# --------------------------------------------------------------- env mode ---

def _metadata():
    try:
        import importlib.metadata as md
    except ImportError:  # pragma: no cover - Python < 3.8 is refused earlier
        return None
    return md


def _canonical(name):
    out, sep = [], False
    for ch in name.lower():
        if ch in "-_.":
            if not sep:
                out.append("-")
            sep = True
        else:
            out.append(ch)
            sep = False
    return "".join(out)


def _redact_url(url):
    """Drop credentials from an index URL (user:token@host -> ***@host)."""
    if not isinstance(url, str) or "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    hostpart = rest.split("/", 1)
    if "@" not in hostpart[0]:
        return url
    hostpart[0] = "***@" + hostpart[0].rsplit("@", 1)[1]
    return scheme + "://" + "/".join(hostpart)


def _metadata_headers(dist):
    """Name, Version and Requires-Dist of a distribution, read from the header
    block of its METADATA (or PKG-INFO) only. importlib.metadata parses the
    whole file, long description included, on every access: ten times slower
    over a few hundred distributions."""
    text = None
    for name in ("METADATA", "PKG-INFO"):
        try:
            text = dist.read_text(name)
        except Exception:
            text = None
        if text:
            break
    if not text:
        return None, None, []
    header = text.replace("\r\n", "\n").split("\n\n", 1)[0]
    fields = {}
    requires = []
    last = None
    for line in header.split("\n"):
        if line[:1] in (" ", "\t") and last is not None:  # a folded (continued) header line
            continue
        key, sep, value = line.partition(":")
        if not sep:
            last = None
            continue
        key = key.strip().lower()
        value = value.strip()
        last = key
        if key == "requires-dist":
            requires.append(value)
        elif key not in fields:
            fields[key] = value
    return fields.get("name"), fields.get("version"), requires


def _distributions(search_path=None):
    md = _metadata()
    result = []
    seen = {}
    found = md.distributions() if search_path is None else md.distributions(path=search_path)
    for dist in found:
        try:
            name, version, requires = _metadata_headers(dist)
        except Exception:
            name, version, requires = None, None, []
        if not name:
            continue
        location = None
        try:
            location = str(dist.locate_file(""))
        except Exception:
            pass
        installer = None
        direct_url = None
        editable = None
        try:
            installer = (dist.read_text("INSTALLER") or "").strip() or None
            raw = dist.read_text("direct_url.json")
            if raw:
                info = json.loads(raw)
                direct_url = _redact_url(info.get("url"))
                editable = bool(info.get("dir_info", {}).get("editable", False))
        except Exception:
            pass
        if not requires:
            try:  # egg-info keeps its requirements in requires.txt
                requires = list(dist.requires or []) if dist.read_text("requires.txt") else []
            except Exception:
                requires = []
        record = {
            "name": name,
            "version": version,
            "location": location,
            "installer": installer,
            "editable": editable,
            "direct_url": direct_url,
            "requires": requires,
        }
        result.append(record)
        seen.setdefault(_canonical(name), []).append(record)
    duplicates = []
    for key, records in sorted(seen.items()):
        locations = sorted({r["location"] or "" for r in records})
        if len(records) > 1:
            duplicates.append({
                "name": records[0]["name"],
                "versions": [r["version"] for r in records],
                "locations": locations,
            })
    result.sort(key=lambda r: _canonical(r["name"]))
    return result, duplicates


def _pip_config():
    """pip's index settings, read the way pip reads them (files, then env)."""
    import configparser

    env_file = os.environ.get("PIP_CONFIG_FILE")
    files = []
    # pip: PIP_CONFIG_FILE=os.devnull loads no file at all; an existing
    # PIP_CONFIG_FILE replaces the per-user files.
    skip_files = env_file == os.devnull
    skip_user = bool(env_file) and os.path.exists(env_file)
    if sys.platform.startswith("win"):
        appdata = os.environ.get("APPDATA", "")
        files.append(os.path.join(os.environ.get("ProgramData", "C:\\ProgramData"), "pip", "pip.ini"))
        if not skip_user:
            files.append(os.path.join(appdata, "pip", "pip.ini"))
    else:
        xdg_dirs = os.environ.get("XDG_CONFIG_DIRS", "/etc/xdg").split(":")
        files += [os.path.join(d, "pip", "pip.conf") for d in xdg_dirs if d] + ["/etc/pip.conf"]
        if not skip_user:
            xdg_home = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
            files += [os.path.expanduser("~/.pip/pip.conf"), os.path.join(xdg_home, "pip", "pip.conf")]
    files.append(os.path.join(sys.prefix, "pip.ini" if sys.platform.startswith("win") else "pip.conf"))
    if env_file:
        files.append(env_file)
    if skip_files:
        files = []
    values = {}
    sources = []
    for path in files:
        if not os.path.isfile(path):
            continue
        parser = configparser.RawConfigParser()
        try:
            parser.read(path)
        except Exception:
            continue
        sources.append(path)
        for section in ("global", "install"):
            if parser.has_section(section):
                for key in ("index-url", "extra-index-url", "find-links"):
                    if parser.has_option(section, key):
                        values[key] = parser.get(section, key)
    for env, key in (("PIP_INDEX_URL", "index-url"), ("PIP_EXTRA_INDEX_URL", "extra-index-url"),
                     ("PIP_FIND_LINKS", "find-links")):
        if os.environ.get(env):
            values[key] = os.environ[env]
            sources.append("env:" + env)
    return {
        "index_url": _redact_url(values.get("index-url")),
        "extra_index_urls": [_redact_url(u) for u in values.get("extra-index-url", "").split()],
        "find_links": values.get("find-links", "").split(),
        "sources": sources,
    }


def _externally_managed():
    import sysconfig

    try:
        stdlib = sysconfig.get_paths()["stdlib"]
    except Exception:
        return None
    in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
    return (not in_venv) and os.path.isfile(os.path.join(stdlib, "EXTERNALLY-MANAGED"))


def _find_package_dir(name, search_path=None):
    """Where an importable top-level package lives, without importing it."""
    import importlib.machinery

    try:
        spec = importlib.machinery.PathFinder.find_spec(name, search_path)
    except Exception:
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def _read_assignments(path):
    """Module-level NAME = literal assignments of a .py file, by parsing it."""
    values = {}
    try:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read(), path)
    except Exception:
        return values
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and node.value is not None:
                    try:
                        values[target.id] = ast.literal_eval(node.value)
                    except Exception:
                        pass
    return values


def _torch_static(search_path=None):
    """torch/version.py holds __version__, cuda, hip: read it, do not import."""
    pkg = _find_package_dir("torch", search_path)
    if not pkg:
        return None
    values = _read_assignments(os.path.join(pkg, "version.py"))
    return {
        "location": pkg,
        "version": values.get("__version__"),
        "cuda": values.get("cuda"),
        "hip": values.get("hip"),
        "git_version": values.get("git_version"),
    }


def _ultralytics_static(search_path=None):
    pkg = _find_package_dir("ultralytics", search_path)
    if not pkg:
        return None
    values = _read_assignments(os.path.join(pkg, "__init__.py"))
    models_dir = os.path.join(pkg, "cfg", "models")
    model_dirs = []
    try:
        model_dirs = sorted(d for d in os.listdir(models_dir) if os.path.isdir(os.path.join(models_dir, d)))
    except OSError:
        pass
    checkout = os.path.dirname(pkg)
    return {
        "location": pkg,
        "version": values.get("__version__"),
        "git_checkout": os.path.isdir(os.path.join(checkout, ".git")),
        "checkout_dir": checkout,
        "model_dirs": model_dirs,
    }


def env_record(search_path=None):
    """Everything about this interpreter that needs no heavy import.

    search_path: where to look for distributions and packages instead of
    sys.path (the caller's own sys.path[0] is not the user's)."""
    import platform
    import site
    import sysconfig

    dists, duplicates = _distributions(search_path)
    pip_version = None
    for d in dists:
        if _canonical(d["name"]) == "pip":
            pip_version = d["version"]
    conda_env = None
    if os.path.isdir(os.path.join(sys.prefix, "conda-meta")):
        conda_env = sys.prefix
    conda_cudatoolkit = None
    conda_packages = []
    if conda_env:
        try:
            for entry in os.listdir(os.path.join(sys.prefix, "conda-meta")):
                if entry.startswith("cudatoolkit-") and entry.endswith(".json"):
                    conda_cudatoolkit = entry[len("cudatoolkit-"):].split("-")[0]
        except OSError:
            pass
        conda_packages = _conda_packages(os.path.join(sys.prefix, "conda-meta"))
        owners = {}
        for package in conda_packages:
            for key in package.pop("dist_keys"):
                owners.setdefault(key, package["name"])
        for dist in dists:
            owner = owners.get(_canonical(dist["name"]))
            if owner:
                dist["conda_package"] = owner
    try:
        user_site = site.getusersitepackages()
    except Exception:
        user_site = None
    return {
        "kind": "env",
        "python": {
            "executable": sys.executable,
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "platform": sysconfig.get_platform(),
            "prefix": sys.prefix,
            "base_prefix": getattr(sys, "base_prefix", sys.prefix),
            "is_venv": sys.prefix != getattr(sys, "base_prefix", sys.prefix),
            "conda_env": conda_env,
            "user_site": user_site,
            "user_site_enabled": bool(getattr(site, "ENABLE_USER_SITE", False)),
            "externally_managed": _externally_managed(),
            "pip_version": pip_version,
            "pip_config": _pip_config(),
            "distributions": dists,
            "duplicates": duplicates,
            "conda_packages": conda_packages,
        },
        "conda_cudatoolkit": conda_cudatoolkit,
        "torch_static": _torch_static(search_path),
        "ultralytics_static": _ultralytics_static(search_path),
        "ninja_on_path": _which("ninja"),
    }


CONDA_META_LIMIT = 32 * 1024 * 1024  # a conda-meta record lists every file; pytorch's is a few MB


def _conda_packages(meta):
    """Each conda-meta/*.json record: name, version, build, channel, and the Python distributions
    (dist-info / egg-info directories, by canonical name) among its files."""
    packages = []
    try:
        entries = sorted(e for e in os.listdir(meta) if e.endswith(".json"))
    except OSError:
        return packages
    for entry in entries[:2000]:
        try:
            with open(os.path.join(meta, entry), "rb") as fh:
                # Read its own size, not the limit: read(limit) allocates the whole limit first.
                raw = fh.read(min(os.fstat(fh.fileno()).st_size, CONDA_META_LIMIT)).decode("utf-8", "replace")
            record = json.loads(raw)
        except (OSError, ValueError):
            continue
        if not isinstance(record, dict) or not isinstance(record.get("name"), str):
            continue
        # The file list is scanned as text: parsing every path (tens of thousands) in Python is the slow part.
        keys = set()
        for marker in (".dist-info/", ".egg-info/"):
            at = raw.find(marker)
            while at >= 0:
                start = max(raw.rfind("/", 0, at), raw.rfind('"', 0, at)) + 1
                keys.add(_canonical(raw[start:at].split("-")[0]))
                at = raw.find(marker, at + len(marker))
        channel = record.get("channel")
        packages.append({
            "name": record["name"],
            "version": record.get("version") if isinstance(record.get("version"), str) else None,
            "build": record.get("build") if isinstance(record.get("build"), str) else None,
            "channel": _redact_url(channel) if isinstance(channel, str) else None,
            "dist_keys": sorted(keys),
        })
    return packages


def run_env():
    emit(env_record())


def _which(name):
    import shutil

    return shutil.which(name)


# ------------------------------------------------------------ import mode ---

STDERR_PREFIX = "yolodoctor-probe-"
STDERR_SUFFIX = ".stderr"


class _StderrCapture:
    """Points fd 2 at a named temporary file so C-level messages are kept
    too. The file's path is announced before the item starts: when the
    process dies (segfault, hang killed), the caller reads what was written
    before the end and removes the file. Its name carries this process's id,
    so that a file left by a probe whose caller was killed too can be told
    from a live one (see _sweep_orphaned_stderr_files)."""

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        fd, self.path = tempfile.mkstemp(prefix="%s%d-" % (STDERR_PREFIX, os.getpid()), suffix=STDERR_SUFFIX)
        self.tmp = os.fdopen(fd, "w+b")
        os.dup2(self.tmp.fileno(), 2)
        return self

    def text(self):
        sys.stderr.flush()
        self.tmp.seek(0)
        data = self.tmp.read().decode("utf-8", "replace")
        self.tmp.seek(0, os.SEEK_END)
        return data[-STDERR_TAIL:]

    def __exit__(self, *exc):
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.tmp.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass
        return False


def _sweep_orphaned_stderr_files(min_age=600.0):
    """Remove the stderr files of probes that died with their caller (yolodoctor killed by a
    fleet's time bound or a cancelled CI job: nobody was left to read them). A file is taken
    only when the process named in it is gone and it was last written `min_age` seconds ago,
    so a caller still reading a crashed probe's file keeps it; a file without an id (an older
    yolodoctor's) is left alone."""
    if os.name != "posix":  # os.kill(pid, 0) would not be a question on Windows
        return
    directory = tempfile.gettempdir()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        name = entry.name
        if not (name.startswith(STDERR_PREFIX) and name.endswith(STDERR_SUFFIX)):
            continue
        owner = name[len(STDERR_PREFIX):].split("-", 1)[0]
        if not owner.isdigit() or int(owner) == os.getpid() or _process_exists(int(owner)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or now - st.st_mtime < min_age:
                continue
            os.unlink(entry.path)
        except OSError:
            continue


def _process_exists(pid):
    if pid <= 0:
        return True  # not a process id: keep the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # someone else's process, or a number no process has: keep the file
        return True
    try:  # a zombie nobody reaped (a container without an init) answers the signal too
        with open("/proc/%d/stat" % pid, "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _error_text(exc):
    lines = traceback.format_exception_only(type(exc), exc)
    return "".join(lines).strip()


def _dist_version(*names):
    md = _metadata()
    for name in names:
        try:
            return name, md.version(name)
        except Exception:
            continue
    return None, None


def _probe_torch(report):
    started = time.perf_counter()
    import torch  # noqa: F401

    report["import_seconds"] = round(time.perf_counter() - started, 3)
    report["status"] = "ok"
    report["version"] = getattr(torch, "__version__", None)
    report["location"] = os.path.dirname(getattr(torch, "__file__", "") or "") or None
    version = getattr(torch, "version", None)
    report["cuda"] = getattr(version, "cuda", None)
    report["hip"] = getattr(version, "hip", None)
    report["git_version"] = getattr(version, "git_version", None)
    try:
        report["cxx11_abi"] = bool(torch._C._GLIBCXX_USE_CXX11_ABI)
    except Exception:
        pass
    yield
    report["cuda_available"] = bool(torch.cuda.is_available())
    yield
    try:
        report["arch_list"] = list(torch.cuda.get_arch_list())
    except Exception as exc:
        report["warnings"].append("get_arch_list: " + _error_text(exc))
    if report["cuda_available"]:
        report["device_count"] = torch.cuda.device_count()
        yield
        devices = []
        for i in range(report["device_count"]):
            props = torch.cuda.get_device_properties(i)
            devices.append({
                "index": i,
                "name": props.name,
                "capability": "%d.%d" % (props.major, props.minor),
                "total_memory_bytes": int(props.total_memory),
            })
        report["devices"] = devices
    else:
        report["device_count"] = 0
    yield
    try:
        cudnn = torch.backends.cudnn.version()
        if cudnn and report.get("hip"):
            # A ROCm build answers with MIOpen's version, encoded its own way.
            report["miopen_version"] = _miopen_version_text(cudnn)
        elif cudnn:
            report["cudnn_version"] = _cudnn_version_text(cudnn)
    except Exception as exc:
        report["warnings"].append("cudnn: " + _error_text(exc))
    try:
        mps = getattr(torch.backends, "mps", None)
        if mps is not None:
            report["mps_built"] = bool(mps.is_built())
            report["mps_available"] = bool(mps.is_available())
    except Exception as exc:
        report["warnings"].append("mps: " + _error_text(exc))
    yield
    try:
        if report.get("cuda") and hasattr(torch.cuda, "nccl"):
            nccl = torch.cuda.nccl.version()
            report["nccl_version"] = ".".join(str(p) for p in nccl) if isinstance(nccl, tuple) else str(nccl)
    except Exception as exc:
        report["warnings"].append("nccl: " + _error_text(exc))


def _cudnn_version_text(number):
    """torch reports cuDNN as one integer: 8902 -> 8.9.2, 90100 -> 9.1.0."""
    number = int(number)
    if number >= 10000:  # cuDNN 9+: major*10000 + minor*100 + patch
        return "%d.%d.%d" % (number // 10000, (number % 10000) // 100, number % 100)
    return "%d.%d.%d" % (number // 1000, (number % 1000) // 100, number % 100)


def _miopen_version_text(number):
    """torch on ROCm reports MIOpen as major*1000000 + minor*1000 + patch (torch/csrc/cuda/shared/cudnn.cpp)."""
    number = int(number)
    return "%d.%d.%d" % (number // 1000000, (number % 1000000) // 1000, number % 1000)


# torchvision's compiled operators, newest layout first (0.29 ships _C_stable, older releases _C).
_TORCHVISION_OPS_LIBRARIES = ("_C_stable", "_C")


def _torchvision_ops_library(package_dir):
    """The compiled-operator library torchvision itself would load, found the way its
    extension.py finds it (an extension-module file in the package folder), or None."""
    import importlib.machinery

    for name in _TORCHVISION_OPS_LIBRARIES:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(package_dir, name + suffix)
            if os.path.isfile(path):
                return path
    return None


def _probe_torchvision(report):
    report["distribution"], report["version"] = _dist_version("torchvision")
    yield  # what metadata says is kept even if the import crashes
    package_dir = _find_package_dir("torchvision")
    library = _torchvision_ops_library(package_dir) if package_dir and sys.platform != "win32" else None
    if library is None:
        # No library where releases put it (a source tree, an unusual build) or Windows, whose
        # DLL search torchvision sets up itself: the full import is the only faithful proof.
        for step in _torchvision_by_import(report):
            yield step
        return
    for step in _torchvision_native_ops(report, package_dir, library):
        yield step


def _torchvision_native_ops(report, package_dir, library):
    """Prove what breaks when torch and torchvision disagree -- the compiled operators -- without
    `import torchvision`, which costs as much again as `import torch` (it pulls in torch._dynamo).
    The same library, loaded the same way, answers the same: an undefined symbol, a missing
    torchvision::nms, another CUDA major, or an nms that runs."""
    import torch

    report["details"]["proof"] = "compiled operators"
    report["details"]["ops_library"] = os.path.basename(library)
    report["location"] = package_dir
    version = _read_assignments(os.path.join(package_dir, "version.py")).get("__version__")
    if isinstance(version, str):
        report["version"] = version
    yield
    try:
        torch.ops.load_library(library)
        nms = torch.ops.torchvision.nms
    except Exception as exc:
        report["details"]["nms_ok"] = False
        report["details"]["ops_error"] = _error_text(exc)
        raise
    try:
        built_for = int(torch.ops.torchvision._cuda_version())
    except Exception:
        built_for = -1
    if built_for > 0:
        # torchvision's own check on import: CUDA 13.0 is 13000, 12.8 is 12080.
        report["details"]["cuda_version"] = "%d.%d" % (built_for // 1000, (built_for % 1000) // 10)
        torch_cuda = getattr(torch.version, "cuda", None)
        if torch_cuda and str(torch_cuda).split(".")[0] != str(built_for // 1000):
            raise RuntimeError("torchvision was compiled with CUDA %s but torch with CUDA %s (different "
                               "major versions)" % (report["details"]["cuda_version"], torch_cuda))
    report["status"] = "ok"
    yield
    for step in _torchvision_nms(report, nms):
        yield step


def _torchvision_by_import(report):
    report["details"]["proof"] = "import"
    import torchvision

    report["status"] = "ok"
    report["version"] = getattr(torchvision, "__version__", report["version"])
    report["location"] = os.path.dirname(torchvision.__file__)
    yield
    from torchvision.ops import nms

    for step in _torchvision_nms(report, nms):
        yield step


def _torchvision_nms(report, nms):
    import torch

    boxes = torch.tensor([[0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 11.0, 11.0]])
    scores = torch.tensor([0.9, 0.8])
    try:
        kept = nms(boxes, scores, 0.5).tolist()
        report["details"]["nms_ok"] = kept == [0]
    except Exception as exc:
        report["details"]["nms_ok"] = False
        report["details"]["nms_error"] = _error_text(exc)
    yield
    # A CPU-only torchvision beside a CUDA torch imports fine and fails only here.
    if torch.cuda.is_available():
        try:
            kept = nms(boxes.cuda(), scores.cuda(), 0.5).tolist()
            report["details"]["nms_cuda_ok"] = kept == [0]
        except Exception as exc:
            report["details"]["nms_cuda_ok"] = False
            report["details"]["nms_cuda_error"] = _error_text(exc)


def _probe_simple(module, *dists):
    def probe(report):
        report["distribution"], report["version"] = _dist_version(*dists)
        yield
        mod = __import__(module)
        report["status"] = "ok"
        report["version"] = getattr(mod, "__version__", None) or report["version"]
        report["location"] = os.path.dirname(getattr(mod, "__file__", "") or "") or None
        yield
        if module == "onnxruntime":
            report["details"]["providers"] = list(mod.get_available_providers())
    return probe


def _probe_flash_attn(report):
    report["distribution"], report["version"] = _dist_version("flash-attn", "flash_attn")
    try:
        _, report["details"]["packaging_version"] = _dist_version("packaging")
        _, report["details"]["ninja_version"] = _dist_version("ninja")
    except Exception:
        pass
    report["details"]["ninja_on_path"] = _which("ninja")
    if report["version"] is None and _find_package_dir("flash_attn") is None:
        raise ModuleNotFoundError("No module named 'flash_attn'", name="flash_attn")
    yield
    import torch  # noqa: F401  the extension links against libtorch: load it first
    import flash_attn_2_cuda  # noqa: F401  the compiled kernel: undefined symbols show here

    report["details"]["cuda_ext_ok"] = True
    yield
    import flash_attn

    report["status"] = "ok"
    report["version"] = getattr(flash_attn, "__version__", report["version"])
    report["location"] = os.path.dirname(flash_attn.__file__)


def _probe_tensorrt(report):
    md = _metadata()
    trt_dists = {}
    for dist in md.distributions():
        try:
            name = dist.metadata["Name"] or ""
        except Exception:
            continue
        if _canonical(name).startswith("tensorrt"):
            trt_dists[name] = dist.version
    report["details"]["distributions"] = trt_dists
    report["distribution"], report["version"] = _dist_version("tensorrt", "tensorrt-cu12", "tensorrt-cu13",
                                                              "tensorrt-cu11")
    yield
    import tensorrt

    report["status"] = "ok"
    report["version"] = getattr(tensorrt, "__version__", report["version"])
    report["location"] = os.path.dirname(tensorrt.__file__)
    yield


def _probe_cv2(report):
    md = _metadata()
    found = {}
    for name in ("opencv-python", "opencv-python-headless", "opencv-contrib-python",
                 "opencv-contrib-python-headless"):
        try:
            found[name] = md.version(name)
        except Exception:
            pass
    report["details"]["distributions"] = found
    if found:
        report["distribution"] = sorted(found)[0]
        report["version"] = found[report["distribution"]]
    yield
    import cv2

    report["status"] = "ok"
    report["version"] = getattr(cv2, "__version__", report["version"])
    report["location"] = os.path.dirname(getattr(cv2, "__file__", "") or "") or None
    yield


PROBES = {
    "torch": _probe_torch,
    "torchvision": _probe_torchvision,
    "torchaudio": _probe_simple("torchaudio", "torchaudio"),
    "flash_attn": _probe_flash_attn,
    "numpy": _probe_simple("numpy", "numpy"),
    "cv2": _probe_cv2,
    "onnx": _probe_simple("onnx", "onnx"),
    "onnxruntime": _probe_simple("onnxruntime", "onnxruntime", "onnxruntime-gpu"),
    "tensorrt": _probe_tensorrt,
}


def _blank(item):
    report = {"status": None, "error": None, "warnings": [], "details": {}}
    if item == "torch":
        report.pop("details")
    return report


NEEDS_TORCH = ("torchvision", "torchaudio", "flash_attn")


def _share_cpus_with_torch(has_torch):
    """The torch import is what the command waits for; the group without torch runs beside it.
    With two or more CPUs allowed, the torch group keeps the last one to itself and the other
    group stays off it (on two cores the scheduler otherwise lets them share one while the
    second idles); the other group also runs at a lower priority."""
    try:
        allowed = sorted(os.sched_getaffinity(0))
        if len(allowed) >= 2:
            os.sched_setaffinity(0, allowed[-1:] if has_torch else allowed[:-1])
    except (AttributeError, OSError):  # not Linux, or not allowed: the scheduler decides
        pass
    if not has_torch:
        try:
            os.nice(5)
        except (AttributeError, OSError):  # Windows has no nice(); a refusal changes nothing
            pass


def run_import(items):
    _share_cpus_with_torch("torch" in items)
    try:
        _sweep_orphaned_stderr_files()
    except Exception:  # housekeeping: never at the cost of the probe
        pass
    torch_failed = False
    for item in items:
        probe = PROBES.get(item)
        if probe is None:
            emit({"kind": "result", "item": item, "report": {"status": "error", "error": "unknown probe item"}})
            continue
        if torch_failed and item in NEEDS_TORCH:
            # A second `import torch` after a failed one runs a half-initialised
            # torch again: its errors would mislead. Say why instead.
            emit({"kind": "result", "item": item, "report": {
                "status": "skipped", "error": "not probed: torch could not be imported", "warnings": []}})
            continue
        report = _blank(item)
        with _StderrCapture() as cap, warnings.catch_warnings(record=True) as caught:
            emit({"kind": "start", "item": item, "stderr_file": cap.path})
            warnings.simplefilter("always")
            steps = probe(report)
            while True:
                try:
                    next(steps)
                except StopIteration:
                    break
                except ModuleNotFoundError as exc:
                    missing = getattr(exc, "name", None) or ""
                    top = item.split(".")[0]
                    if missing in (top, "flash_attn_2_cuda") and report.get("version") is None:
                        report["status"] = "missing"
                    else:
                        report["status"] = "error"
                    report["error"] = _error_text(exc)
                    break
                except BaseException as exc:  # an import can raise anything, SystemExit included
                    report["status"] = "error"
                    report["error"] = _error_text(exc)
                    break
                finally:
                    report["warnings"] = _merge_warnings(report["warnings"], caught)
                    stderr = cap.text()
                    if stderr.strip():
                        report["stderr"] = stderr
                    emit({"kind": "result", "item": item, "report": report})
        if item == "torch" and report.get("status") == "error":
            torch_failed = True


def _merge_warnings(existing, caught):
    texts = list(existing)
    for w in caught:
        text = "%s: %s" % (w.category.__name__, w.message)
        if text not in texts:
            texts.append(text)
    return texts


def _die_with_parent():
    """A hung import must not outlive yolodoctor when yolodoctor itself is killed (a fleet's time
    bound, a CI job cancelled): on Linux, ask for SIGKILL when the parent goes. The probe runs in a
    session of its own, so a kill of yolodoctor's process group does not reach it otherwise."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        parent = os.getppid()
        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        if os.getppid() != parent:  # it went before the request took effect
            os._exit(1)
    except Exception:  # no prctl (another libc): nothing is lost but this safeguard
        pass


def main(argv):
    global _out
    _die_with_parent()
    if sys.version_info < MIN_PYTHON:
        sys.stdout.write(MARK + json.dumps({"kind": "too_old", "version": list(sys.version_info[:3])}) + "\n")
        return 3
    # Run like `python train.py` would, minus this script's own directory
    # on sys.path (its module names must not shadow the user's).
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and sys.path[0] and os.path.abspath(sys.path[0]) == here:
        del sys.path[0]
    # Keep the real stdout for records; whatever libraries print goes to stderr.
    _out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        if len(argv) >= 1 and argv[0] == "env":
            run_env()
        elif len(argv) >= 2 and argv[0] == "import":
            import faulthandler

            faulthandler.enable(all_threads=False)  # a segfault leaves its Python stack in the stderr file
            run_import(argv[1:])
        else:
            emit({"kind": "usage", "error": "usage: probe_target.py env | import ITEM..."})
            return 2
    finally:
        _out.close()
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # Everything is said once the records are out. An orderly interpreter shutdown after `import
    # torch` frees every module one by one (about 0.4 s, a quarter of the import) and some builds
    # crash in it; the process has nothing left to clean up, so it leaves at once.
    for stream in (sys.stderr, sys.__stderr__, sys.__stdout__):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)
