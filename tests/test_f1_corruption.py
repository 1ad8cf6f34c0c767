"""Deliberately wrong Formula One data is caught: exit 1 with findings that name the year, the round and the row.

The committed 2012 season (imported from F1DB, official points and standings) passes as it is; each test breaks
one declared fact in a copy and expects the audit to point at it.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from validator.cli import main

YEAR = "2012"
SEASON = ROOT / "seasons" / "formula-1" / YEAR


@pytest.fixture
def season_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    lock = tmp_path / "rules" / "LOCK"
    if lock.exists():
        lock.unlink()
    target = tmp_path / "seasons" / "formula-1" / YEAR
    shutil.copytree(SEASON, target)
    return target


def check(season_dir: Path, capsys) -> tuple[int, list[dict]]:
    code = main(["check", str(season_dir), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    return code, [f for s in out["seasons"] for f in s["findings"] if f["severity"] == "failure"]


def line_of(path: Path, needle: str) -> int:
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_untouched_season_passes(season_copy, capsys):
    code, failures = check(season_copy, capsys)
    assert code == 0 and failures == []


def test_a_corrupted_points_value_is_named_by_year_round_and_row(season_copy, capsys):
    race = season_copy / "rounds" / "03-china.yaml"
    row = "driver: nico-rosberg, team: mercedes-mercedes, number: 8, laps: 56, points: 25}"
    race.write_text(race.read_text().replace(row, row.replace("points: 25", "points: 26")))
    code, failures = check(season_copy, capsys)
    assert code == 1
    hit = [f for f in failures if f["code"] == "AUDIT006"]
    assert len(hit) == 1
    assert "2012 R3 race" in hit[0]["message"] and "nico-rosberg" in hit[0]["message"]
    assert hit[0]["file"].endswith("03-china.yaml") and hit[0]["line"] == line_of(race, "nico-rosberg")


def test_a_result_whose_points_are_dropped_is_caught(season_copy, capsys):
    race = season_copy / "rounds" / "03-china.yaml"
    race.write_text(race.read_text().replace("laps: 56, points: 25}", "laps: 56, points: 0}"))
    code, failures = check(season_copy, capsys)
    assert code == 1
    assert any(f["code"] == "AUDIT006" and "2012 R3" in f["message"] for f in failures)


def test_a_dropped_result_row_breaks_the_published_standings(season_copy, capsys):
    race = season_copy / "rounds" / "03-china.yaml"
    text = race.read_text()
    race.write_text("\n".join(line for line in text.splitlines() if "driver: nico-rosberg" not in line) + "\n")
    code, failures = check(season_copy, capsys)
    assert code == 1
    standings = [f for f in failures if f["code"] == "AUDIT001" and "nico-rosberg" in f["message"]]
    assert standings and "2012 drivers standings after R3" in standings[0]["message"]
    assert standings[0]["file"].endswith("standings.yaml") and standings[0]["line"] >= 1


def test_one_rounds_standings_copied_over_the_next_are_caught(season_copy, capsys):
    standings = season_copy / "standings.yaml"
    text = standings.read_text()
    blocks = re.split(r"(?m)^(?=  - after_round: )", text)
    head, snaps = blocks[0], blocks[1:]
    r4 = next(b for b in snaps if b.startswith("  - after_round: 4\n    classification: drivers"))
    i5 = next(i for i, b in enumerate(snaps) if b.startswith("  - after_round: 5\n    classification: drivers"))
    snaps[i5] = r4.replace("after_round: 4", "after_round: 5", 1)
    standings.write_text(head + "".join(snaps))
    code, failures = check(season_copy, capsys)
    assert code == 1
    after5 = [f for f in failures if "2012 drivers standings after R5" in f["message"]]
    assert len(after5) >= 5
    assert all(f["file"].endswith("standings.yaml") and f["line"] for f in after5)
