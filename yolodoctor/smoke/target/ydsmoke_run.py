"""Run one smoke stage under the target interpreter (stdlib + what it tests).

    python ydsmoke_run.py STAGE --device DEVICE --level quick|full --workdir DIR --timeout SECONDS

Prints MARK-prefixed JSON records (see ydsmoke_common): "start", "step" and
"check" as the stage goes, "warning" for every Python warning raised,
"result" with the verdict, and "end" when the process finishes normally. A
process that dies or hangs leaves its last "step" to say where.

This file must not import anything from yolodoctor.
"""

import argparse
import importlib
import os
import sys
import time
import warnings

# The neighbouring stage modules, even under -I or PYTHONSAFEPATH (which leave the script's directory out).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ydsmoke_common as common  # noqa: E402

STAGES = ("device", "model", "attention", "vision", "ultralytics", "export", "distributed", "health")
MIN_PYTHON = (3, 8)


def _parse(argv):
    parser = argparse.ArgumentParser(prog="ydsmoke_run.py")
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--level", choices=("quick", "full"), default="quick")
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--timeout", type=float, default=120.0)
    return parser.parse_args(argv)


def _watch_warnings():
    seen = set()

    def show(message, category, filename, lineno, file=None, line=None):
        text = "%s: %s" % (category.__name__, message)
        if text not in seen:
            seen.add(text)
            common.emit({"kind": "warning", "text": text[:common.ERROR_TAIL]})

    warnings.simplefilter("always")
    warnings.showwarning = show


def run_stage(ctx, module):
    """Run a single-device stage and emit its result record."""
    common.emit({"kind": "start", "device": ctx.device})
    t0 = time.perf_counter()
    record = {"kind": "result", "device": ctx.device}
    try:
        outcome = module.run(ctx) or {}
        record["status"] = "pass"
        record["detail"] = outcome.get("detail", "")
        record["data"] = outcome.get("data", {})
    except common.Skip as exc:
        record["status"] = "skip"
        record["detail"] = str(exc)
    except common.Failure as exc:
        record["status"] = "fail"
        record["detail"] = _first_line(str(exc))
        record["error"] = str(exc)
        record["data"] = exc.data
    except BaseException as exc:  # a stage may raise anything, SystemExit included
        record["status"] = "fail"
        record["error"] = common.error_text(exc)
        record["detail"] = _first_line(record["error"])
        record["traceback"] = common.traceback_tail(exc)
    record["seconds"] = round(time.perf_counter() - t0, 3)
    common.emit(record)


def _first_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0] if lines else text


def main(argv):
    if sys.version_info < MIN_PYTHON:
        sys.stdout.write(common.MARK + '{"kind": "too_old"}\n')
        return 3
    args = _parse(argv)
    common.open_channel()
    common.watch_parent()
    _watch_warnings()
    os.environ.setdefault("MPLBACKEND", "Agg")  # no GUI backend in a smoke run
    workdir = args.workdir or os.getcwd()
    ctx = common.Context(args.stage, args.device, args.level, workdir, args.timeout)
    module = importlib.import_module("ydsmoke_" + args.stage)
    if hasattr(module, "run_devices"):  # reports one result per device itself
        module.run_devices(ctx)
    else:
        run_stage(ctx, module)
    common.emit({"kind": "end"})
    common.close_channel()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
