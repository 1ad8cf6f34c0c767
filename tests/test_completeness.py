"""Silent acceptance: a verdict never rests on less than the user gave (issue 8, item 3).

Starts from the committed 2012 season (F1DB, proven as it is) and breaks its record the way a user could, without
any value becoming invalid: a renamed file, a folder or round file that disagrees with what it holds, a snapshot of
a classification the rules do not define. Each must leave the verdict short of "proven", with a located finding.
(The minimal forms of every class are in the bad-input corpus, cases 140-162.)
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from validator.cli import main
from validator.model.directory import is_documentation

SEASON = ROOT / "seasons" / "formula-1" / "2012"


@pytest.fixture
def season_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "LOCK").unlink(missing_ok=True)
    target = tmp_path / "seasons" / "formula-1" / "2012"
    shutil.copytree(SEASON, target)
    return target


def check(season_dir: Path, capsys) -> tuple[int, dict]:
    code = main(["check", str(season_dir), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["seasons"][0]


def codes(season: dict) -> set[str]:
    return {f["code"] for f in season["findings"]}


def test_the_untouched_copy_is_proven(season_copy, capsys):
    code, season = check(season_copy, capsys)
    assert code == 0 and season["verdict"] == "proven"


def test_a_renamed_standings_file_is_not_silently_ignored(season_copy, capsys):
    (season_copy / "standings.yaml").rename(season_copy / "standing.yaml")
    code, season = check(season_copy, capsys)
    assert code == 2 and season["verdict"] == "invalid"
    hit = next(f for f in season["findings"] if f["code"] == "FILE001")
    assert hit["file"].endswith("2012/standing.yaml") and "did you mean standings.yaml?" in hit["message"]


def test_a_round_file_with_another_suffix_is_not_silently_ignored(season_copy, capsys):
    (season_copy / "rounds" / "03-china.yaml").rename(season_copy / "rounds" / "03-china.yml")
    code, season = check(season_copy, capsys)
    assert code == 2 and "FILE001" in codes(season)


def test_documentation_beside_the_record_is_allowed_by_an_explicit_rule(season_copy, capsys):
    (season_copy / "README.md").write_text("notes for readers\n")
    (season_copy / "TRANSCRIPTION.md").write_text("how it was transcribed\n")
    code, season = check(season_copy, capsys)
    assert code == 0 and season["verdict"] == "proven" and season["findings"] == []
    assert is_documentation("NOTICE") and is_documentation("licence.txt") and not is_documentation("notes.yaml")


def test_another_file_is_reported_as_a_warning(season_copy, capsys):
    (season_copy / "podium.jpg").write_bytes(b"\xff\xd8")
    code, season = check(season_copy, capsys)
    assert code == 0 and "FILE002" in codes(season)


def test_a_folder_holding_another_season_is_an_error(season_copy, capsys):
    moved = season_copy.parent / "2013"
    season_copy.rename(moved)
    code, season = check(moved, capsys)
    assert code == 2
    hit = next(f for f in season["findings"] if f["code"] == "REF008")
    line = next(i for i, text in enumerate((moved / "season.yaml").read_text().splitlines(), 1)
                if text.startswith("season:"))
    assert "2013/ holds `season: 2012`" in hit["message"] and hit["line"] == line


def test_a_round_file_named_for_another_round_is_an_error(season_copy, capsys):
    (season_copy / "rounds" / "03-china.yaml").rename(season_copy / "rounds" / "04-china.yaml")
    code, season = check(season_copy, capsys)
    assert code == 2
    hit = next(f for f in season["findings"] if f["code"] == "REF009")
    assert "04-china.yaml holds `round: 3`" in hit["message"]


def test_a_snapshot_of_an_undefined_classification_is_not_skipped(season_copy, capsys):
    standings = season_copy / "standings.yaml"
    standings.write_text(standings.read_text().replace("classification: constructors", "classification: teams", 1))
    code, season = check(season_copy, capsys)
    assert code == 2 and "REF011" in codes(season)


def test_a_complete_table_that_leaves_out_a_scorer_fails(season_copy, capsys):
    """A published table marked complete states 0 points for a competitor it leaves out."""
    standings = season_copy / "standings.yaml"
    lines = standings.read_text().splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if "driver: jenson-button" in line)  # the table after R1
    standings.write_text("".join(lines[:first] + lines[first + 1:]))
    code, season = check(season_copy, capsys)
    assert code == 1 and season["verdict"] == "contradicted"
    hit = next(f for f in season["findings"] if f["code"] == "AUDIT016")
    assert "2012 drivers standings after R1 is published as complete but leaves out jenson-button" in hit["message"]
