"""Determinism: the same inputs give byte-identical output whatever PYTHONHASHSEED or the order files are listed in."""
from __future__ import annotations

import contextlib
import io
import os
import pathlib
import subprocess
import sys
from pathlib import Path

from validator import cli

ROOT = Path(__file__).resolve().parent.parent
SUPERCUP = "seasons/porsche-supercup/2007"


def _scrutineer(seed: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "validator", *args], cwd=ROOT, env=env, capture_output=True,
                          timeout=600)


def test_2007_json_is_identical_under_two_hash_seeds():
    a = _scrutineer("0", "check", SUPERCUP, "--format", "json")
    b = _scrutineer("4242", "check", SUPERCUP, "--format", "json")
    assert a.returncode == b.returncode and a.returncode in (0, 1)
    assert a.stdout and a.stdout == b.stdout
    assert a.stderr == b.stderr


def test_2007_report_is_identical_under_two_hash_seeds():
    a = _scrutineer("1", "report", SUPERCUP)
    b = _scrutineer("987654", "report", SUPERCUP)
    assert a.stdout and a.stdout == b.stdout


def test_several_seasons_in_worker_processes_are_identical_under_two_hash_seeds():
    """Ten Formula One seasons: enough to spread them over worker processes."""
    seasons = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "seasons" / "formula-1").glob("195*"))
    if len(seasons) < 8:
        seasons = [SUPERCUP]
    a = _scrutineer("7", "check", *seasons, "--format", "json")
    b = _scrutineer("99", "check", *seasons, "--format", "json")
    assert a.stdout and a.stdout == b.stdout and a.returncode == b.returncode


def _run_in_process(monkeypatch, reverse: bool) -> str:
    """`check --format json` with every directory listing returned in reverse order when `reverse`."""
    if reverse:
        original_glob, original_rglob, original_iterdir = pathlib.Path.glob, pathlib.Path.rglob, pathlib.Path.iterdir
        monkeypatch.setattr(pathlib.Path, "glob", lambda self, pattern: iter(sorted(original_glob(self, pattern),
                                                                                    reverse=True)))
        monkeypatch.setattr(pathlib.Path, "rglob", lambda self, pattern: iter(sorted(original_rglob(self, pattern),
                                                                                     reverse=True)))
        monkeypatch.setattr(pathlib.Path, "iterdir", lambda self: iter(sorted(original_iterdir(self), reverse=True)))
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["check", SUPERCUP, "seasons/formula-1/1950", "--format", "json"])
    monkeypatch.undo()
    return out.getvalue()


def test_output_does_not_depend_on_file_order(monkeypatch):
    forward = _run_in_process(monkeypatch, reverse=False)
    backward = _run_in_process(monkeypatch, reverse=True)
    assert forward and forward == backward
