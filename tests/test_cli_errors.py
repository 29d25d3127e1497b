"""Bad command lines and bad --python give one clear line and a usage exit code."""

import os
import stat

from yolodoctor import exitcodes


def test_unknown_option_is_a_usage_error(cli):
    result = cli("facts", "--bogus")
    assert result.returncode == exitcodes.USAGE
    assert "No such option" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_python_is_a_usage_error(cli, tmp_path):
    result = cli("facts", "--python", str(tmp_path / "nope" / "python"))
    assert result.returncode == exitcodes.USAGE
    assert "no such file" in result.stderr
    assert result.stderr.count("\n") == 1


def test_non_python_program_is_refused_before_running_it(cli, tmp_path):
    marker = tmp_path / "ran"
    fake = tmp_path / "tool"
    fake.write_text(f"#!/bin/sh\ntouch {marker}\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    result = cli("facts", "--python", str(fake))
    assert result.returncode == exitcodes.USAGE
    assert "does not look like a Python interpreter" in result.stderr
    assert not marker.exists()


def test_python_named_program_that_is_not_python(cli, tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\necho 'I am not python' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    result = cli("facts", "--python", str(fake))
    assert result.returncode == exitcodes.USAGE
    assert "does not look like a working Python interpreter" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_executable(cli, tmp_path):
    fake = tmp_path / "python"
    fake.write_text("")
    os.chmod(fake, 0o644)
    result = cli("facts", "--python", str(fake))
    assert result.returncode == exitcodes.USAGE
    assert "not executable" in result.stderr


def test_python_too_old_for_the_probe(cli, tmp_path):
    # A stand-in "Python 2.7" that fails on the probe's syntax, as an old interpreter would.
    fake = tmp_path / "python2.7"
    fake.write_text("#!/bin/sh\necho '  File \"probe_target.py\", line 1' >&2\necho 'SyntaxError: invalid syntax' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    result = cli("facts", "--python", str(fake))
    assert result.returncode == exitcodes.USAGE
    assert "too old" in result.stderr


def test_bad_format(cli):
    result = cli("facts", "--format", "xml", "--fast")
    assert result.returncode == exitcodes.USAGE
    assert "--format must be table or json" in result.stderr


def test_corrupt_facts_file(cli, tmp_path):
    bad = tmp_path / "facts.json"
    bad.write_bytes(b"\x00\xff{not json")
    result = cli("facts", "--facts", str(bad))
    assert result.returncode in (exitcodes.DATA, exitcodes.USAGE)
    assert "Traceback" not in result.stderr
    assert str(bad) in result.stderr
