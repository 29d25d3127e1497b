"""The parsed-TOML cache (knowledge/toml_cache.py): it saves time and can never change an answer."""

from __future__ import annotations

import hashlib
import os
import sys

import pytest

from yolodoctor.knowledge import toml_cache
from yolodoctor.knowledge.files import data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(toml_cache.CACHE_DIR_VARIABLE, str(folder))
    return folder


def _entry(cache, path):
    return cache / "toml" / f"{hashlib.sha256(path.read_bytes()).hexdigest()}-{toml_cache.FORMAT}.json"


def test_every_shipped_file_reads_back_from_the_cache_exactly(cache):
    files = sorted(data_dir("compat").glob("*.toml")) + sorted(data_dir("rules").glob("*.toml"))
    assert len(files) > 20
    for path in files:
        parsed = tomllib.loads(path.read_text(encoding="utf-8"))
        assert toml_cache.load(path) == parsed  # the first read parses and stores
        assert _entry(cache, path).is_file(), path.name
        assert toml_cache.load(path) == parsed  # the second comes from the entry


def test_the_entry_is_what_is_read_the_second_time(cache, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('a = "one"\n', encoding="utf-8")
    toml_cache.load(path)
    entry = _entry(cache, path)
    entry.write_text('{"a": "from the cache"}', encoding="utf-8")
    assert toml_cache.load(path) == {"a": "from the cache"}


def test_a_changed_file_is_parsed_again(cache, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('a = "one"\n', encoding="utf-8")
    assert toml_cache.load(path) == {"a": "one"}
    path.write_text('a = "two"\n', encoding="utf-8")
    assert toml_cache.load(path) == {"a": "two"}
    assert len(list((cache / "toml").glob("*.json"))) == 2


def test_a_damaged_entry_falls_back_to_parsing(cache, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('a = [1, 2]\n', encoding="utf-8")
    toml_cache.load(path)
    for damaged in ("{not json", "[1, 2]", ""):
        _entry(cache, path).write_text(damaged, encoding="utf-8")
        assert toml_cache.load(path) == {"a": [1, 2]}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv(toml_cache.CACHE_DIR_VARIABLE, str(locked / "cache"))
    path = tmp_path / "t.toml"
    path.write_text('a = 1\n', encoding="utf-8")
    assert toml_cache.load(path) == {"a": 1}


def test_a_cache_path_that_is_a_file_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(toml_cache.CACHE_DIR_VARIABLE, str(blocker))
    path = tmp_path / "t.toml"
    path.write_text('a = 1\n', encoding="utf-8")
    assert toml_cache.load(path) == {"a": 1}
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(toml_cache.CACHE_DIR_VARIABLE, "")
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "t.toml"
    path.write_text('a = 1\n', encoding="utf-8")
    assert toml_cache.load(path) == {"a": 1}
    assert not (tmp_path / ".cache").exists()


def test_values_json_cannot_hold_are_parsed_every_time(cache, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text("read = 2026-12-05\nbig = inf\n", encoding="utf-8")
    first = toml_cache.load(path)
    assert str(first["read"]) == "2026-12-05" and first["big"] == float("inf")
    assert not _entry(cache, path).exists()
    assert toml_cache.load(path) == first


def test_parse_errors_are_the_parsers(cache, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("a = [1,\n", encoding="utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        toml_cache.load(bad)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('a = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):
        toml_cache.load(latin)
    assert not (cache / "toml").exists() or not list((cache / "toml").glob("*.json"))


def test_default_location_follows_the_platform_conventions():
    assert toml_cache.cache_dir({"XDG_CACHE_HOME": "/x"}) == __import__("pathlib").Path("/x/yolodoctor")
    assert toml_cache.cache_dir({"HOME": "/h"}) == __import__("pathlib").Path("/h/.cache/yolodoctor")
    assert toml_cache.cache_dir({"YOLODOCTOR_CACHE_DIR": "/c", "HOME": "/h"}) == __import__("pathlib").Path("/c")
    assert toml_cache.cache_dir({}) is None
