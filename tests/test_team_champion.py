"""The declared team champion is checked against the team classification, or reported as not checked (AUDIT017).

Hand-worked on the bad-input base season (tests/bad-inputs/_base, table 10-6-4-3, every result known): team red
(Ann 1st and Bob 2nd twice) has 2 * (10 + 6) = 32 points, team blue (Cat 3rd twice, Dan 4th once) 4 + 3 + 4 = 11.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from validator.cli import main

BASE = Path(__file__).resolve().parent / "bad-inputs" / "_base"


@pytest.fixture
def work(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(BASE, tmp_path / "w")
    monkeypatch.chdir(tmp_path / "w")
    return tmp_path / "w"


def _with_teams_classification(work: Path) -> None:
    rules = work / "rules" / "tiny" / "1.yaml"
    text = rules.read_text()
    drivers = text[text.index("  drivers:\n"):]
    rules.write_text(text + drivers.replace("  drivers:\n", "  teams:\n", 1).replace("subject: driver", "subject: team"))


def _declare(work: Path, team: str) -> None:
    season = work / "seasons" / "tiny" / "2007" / "season.yaml"
    season.write_text(season.read_text() + f"  team_champion: {{team: {team}, src: [s]}}\n")


def _check(capsys) -> tuple[int, dict]:
    code = main(["check", "seasons", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["seasons"][0]


def test_team_champion_with_most_points_is_proven(work, capsys):
    _with_teams_classification(work)
    _declare(work, "red")
    code, season = _check(capsys)
    assert code == 0 and season["verdict"] == "proven"
    assert "team champion red (32) proven: surely ahead of every other team" in season["reasoning"]


def test_team_champion_surely_behind_another_is_refuted(work, capsys):
    _with_teams_classification(work)
    _declare(work, "blue")
    code, season = _check(capsys)
    assert code == 1 and season["verdict"] == "contradicted"
    hit = next(f for f in season["findings"] if f["code"] == "AUDIT007")
    assert "declared team champion blue (11 pts) is surely behind red" in hit["message"]


def test_team_champion_without_a_team_classification_is_not_checked_and_not_proven(work, capsys):
    _declare(work, "red")
    code, season = _check(capsys)
    assert code == 0 and season["verdict"] == "consistent"
    assert any(f["code"] == "AUDIT017" and "defines no team classification" in f["message"]
               for f in season["findings"])
