"""Run by the TARGET interpreter (stdlib only, Python >= 3.8): what is installed, and
repacking installed distributions into wheels so a rollback can restore them offline.

    python probe_installed.py list
    python probe_installed.py pack OUT_DIR NAME [NAME...]
    python probe_installed.py files
    python probe_installed.py list --files   (both in one document: "site" holds the files part)

`files` lists every file in site-packages (bytecode caches left out), which
top-level entry belongs to which distribution (from the RECORD files), and
which files no RECORD claims: what rollback compares with the snapshot.

Output: one JSON document on stdout.

A repacked wheel holds the distribution's files as installed (minus bytecode
caches and the installer's own records), its dist-info with a fresh RECORD,
scripts that are not generated entry points under .data/scripts, and other
files outside site-packages under .data/data (relative to the prefix). pip
installing it from --find-links restores the same files and the same
`pip freeze` line.
"""

import base64
import hashlib
import json
import os
import sys
import sysconfig
import zipfile

SKIP_DIST_INFO = ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")


def _metadata():
    import importlib.metadata as md

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


def _dist_info_name(dist):
    path = getattr(dist, "_path", None)
    return os.path.basename(str(path)) if path is not None else None


def list_installed():
    md = _metadata()
    seen = set()
    result = []
    for dist in md.distributions():
        try:
            name = dist.metadata["Name"]
        except Exception:
            name = None
        if not name:
            continue
        key = _canonical(name)
        if key in seen:  # shadowed by an earlier entry on sys.path: not what imports see
            continue
        seen.add(key)
        direct_url = None
        direct_kind = None
        editable = False
        try:
            raw = dist.read_text("direct_url.json")
            if raw:
                info = json.loads(raw)
                direct_url = info.get("url")
                editable = bool(info.get("dir_info", {}).get("editable", False))
                direct_kind = "vcs" if "vcs_info" in info else "dir" if "dir_info" in info else "archive"
        except Exception:
            pass
        installer = None
        try:
            installer = (dist.read_text("INSTALLER") or "").strip() or None
        except Exception:
            pass
        location = None
        try:
            location = str(dist.locate_file(""))
        except Exception:
            pass
        result.append({
            "name": name,
            "key": key,
            "version": dist.version,
            "location": location,
            "installer": installer,
            "editable": editable,
            "direct_url": direct_url,
            "direct_kind": direct_kind,
            "dist_info": _dist_info_name(dist),
        })
    result.sort(key=lambda d: d["key"])
    return {
        "python": sys.executable,
        "prefix": sys.prefix,
        "version": "%d.%d.%d" % sys.version_info[:3],
        "distributions": result,
    }


def _entry_point_scripts(dist):
    names = set()
    try:
        for ep in dist.entry_points:
            if ep.group in ("console_scripts", "gui_scripts"):
                names.add(ep.name)
    except Exception:
        pass
    return names


def _script_name(filename):
    for suffix in (".exe", "-script.py", "-script.pyw"):
        if filename.endswith(suffix):
            return filename[: -len(suffix)]
    return filename


def _wheel_tags(dist):
    text = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Tag:")]
    return tags


def pack(dist, out_dir):
    """Write dist as a wheel into out_dir; return its path. Raises ValueError when it cannot be
    repacked exactly (no RECORD, missing files, files outside the prefix, no wheel tags)."""
    files = dist.files
    if not files:
        raise ValueError("no RECORD: not installed from a wheel")
    tags = _wheel_tags(dist)
    if not tags:
        raise ValueError("no WHEEL tags in its dist-info")
    dist_info = _dist_info_name(dist)
    if not dist_info or not dist_info.endswith(".dist-info"):
        raise ValueError("not a .dist-info installation")
    base = os.path.realpath(str(dist.locate_file("")))
    prefix = os.path.realpath(sys.prefix)
    scripts_dir = os.path.realpath(sysconfig.get_path("scripts"))
    generated = _entry_point_scripts(dist)
    name, version = dist.metadata["Name"], dist.version
    data_dir = "%s-%s.data" % (name.replace("-", "_"), version)
    entries = []  # (arcname, absolute path)
    for file in files:
        rel = str(file).replace("\\", "/")
        parts = rel.split("/")
        if "__pycache__" in parts or rel.endswith(".pyc"):
            continue
        if parts[0] == dist_info and parts[-1] in SKIP_DIST_INFO and len(parts) == 2:
            continue
        absolute = os.path.realpath(os.path.join(base, rel))
        if not os.path.isfile(absolute):
            raise ValueError("installed file missing: %s" % rel)
        if absolute == base or absolute.startswith(base + os.sep):
            arcname = os.path.relpath(absolute, base).replace(os.sep, "/")
            if not rel.startswith(".."):
                arcname = rel
        elif absolute.startswith(scripts_dir + os.sep):
            if _script_name(os.path.basename(absolute)) in generated:
                continue  # pip writes entry-point wrappers itself, for this interpreter
            arcname = data_dir + "/scripts/" + os.path.relpath(absolute, scripts_dir).replace(os.sep, "/")
        elif absolute.startswith(prefix + os.sep):
            arcname = data_dir + "/data/" + os.path.relpath(absolute, prefix).replace(os.sep, "/")
        else:
            raise ValueError("file outside the environment: %s" % absolute)
        entries.append((arcname, absolute))
    filename = "%s-%s-%s.whl" % (name.replace("-", "_"), version, tags[0])
    target = os.path.join(out_dir, filename)
    tmp = target + ".part"
    record_lines = []
    try:
        # Stored, not deflated: this is a copy to restore from, and compressing gigabytes of CUDA
        # libraries would make every apply wait.
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            for arcname, absolute in entries:
                digest = hashlib.sha256()
                size = 0
                info = zipfile.ZipInfo(arcname)
                info.external_attr = (os.stat(absolute).st_mode & 0xFFFF) << 16
                with open(absolute, "rb") as src, zf.open(info, "w", force_zip64=True) as dst:
                    for chunk in iter(lambda: src.read(1 << 20), b""):
                        digest.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
                record_lines.append("%s,sha256=%s,%d" % (
                    _csv(arcname), base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii"), size))
            record_name = dist_info + "/RECORD"
            record_lines.append("%s,," % record_name)
            zf.writestr(record_name, "\n".join(record_lines) + "\n")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


def _csv(value):
    return '"%s"' % value.replace('"', '""') if ("," in value or '"' in value) else value


def pack_many(out_dir, names):
    md = _metadata()
    os.makedirs(out_dir, exist_ok=True)
    results = {}
    for name in names:
        try:
            dist = md.distribution(name)
        except Exception:
            results[name] = {"error": "not installed"}
            continue
        try:
            path = pack(dist, out_dir)
            results[name] = {"wheel": path, "version": dist.version, "bytes": os.path.getsize(path)}
        except (ValueError, OSError) as exc:
            results[name] = {"error": str(exc)}
    return results


def _site_roots():
    roots = []
    for key in ("purelib", "platlib"):
        path = os.path.abspath(sysconfig.get_paths()[key])
        if os.path.isdir(path) and path not in roots:
            roots.append(path)
    return roots


# What installers write about an install (not what it installed): rewritten by every reinstall.
INSTALLER_FILES = ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json", "uv_cache.json")


def site_files():
    md = _metadata()
    roots = _site_roots()
    files = []
    for root in roots:
        for here, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            bookkeeping = here.endswith(".dist-info")
            for name in names:
                if name.endswith((".pyc", ".pyo")) or (bookkeeping and name in INSTALLER_FILES):
                    continue
                files.append(os.path.join(here, name))
            for name in dirs:  # symlinked or empty directories are entries too
                path = os.path.join(here, name)
                if os.path.islink(path):
                    files.append(path)
    claimed = set()
    owners = {}
    import csv

    for dist in md.distributions():
        # RECORD read directly (pathlib per entry is several times slower on a large env)
        base = getattr(dist, "_path", None)
        try:
            key = _canonical(dist.metadata["Name"] or "")
            text = dist.read_text("RECORD") or ""
        except Exception:
            continue
        if base is None:
            continue
        parent = os.path.dirname(os.path.abspath(str(base)))
        for row in csv.reader(text.splitlines()):
            if not row or not row[0]:
                continue
            path = os.path.normpath(os.path.join(parent, row[0]))
            claimed.add(path)
            for root in roots:
                if path.startswith(root + os.sep):
                    top = path[len(root) + 1:].split(os.sep, 1)[0]
                    if top not in owners:
                        owners[top] = key
    return {"roots": roots, "files": sorted(files), "owners": owners,
            "unclaimed": sorted(f for f in files if f not in claimed)}


def main(argv):
    if len(argv) >= 1 and argv[0] == "list":
        out = list_installed()
        if "--files" in argv[1:]:  # one interpreter start for both (snapshot, rollback)
            out["site"] = site_files()
    elif len(argv) >= 1 and argv[0] == "files":
        out = site_files()
    elif len(argv) >= 2 and argv[0] == "pack":
        out = {"packed": pack_many(argv[1], argv[2:])}
    else:
        sys.stderr.write("usage: probe_installed.py list | files | pack OUT_DIR NAME...\n")
        return 2
    sys.stdout.write(json.dumps(out))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
