"""Published errors that used to get through, made from the F1DB CSVs themselves (issue 8, "done when").

The F1DB extract is read from ../shared/data/f1db (skipped with a reason when absent), cut to the seasons a test
needs, corrupted in one place, imported with `scrutineer import f1db` and checked:

* a scoring result whose points F1DB leaves blank: in a complete classification a blank states zero points, so
  the check fails naming the round and the rules' value (AUDIT015);
* the constructors' standings after a complete round of the season in progress replaced by an older round's:
  rounds 1..N are complete, so the snapshot after round N is checked exactly (AUDIT001 naming the round).
"""
from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, f1db_source
from validator.cli import main
from validator.importers import f1db



def _source() -> Path:
    return f1db_source("the import-and-corrupt tests need it")


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _blank_rosbergs_china_points(extract: Path) -> None:
    results = _rows(extract / "results.csv")
    header = results[0]
    year, rnd, session, driver, points = (header.index(c) for c in ("year", "round", "session", "driver_id", "points"))
    row = next(r for r in results[1:] if r[year] == "2012" and r[rnd] == "3" and r[session] == "race"
               and r[driver] == "nico-rosberg")
    assert row[points] == "25"  # F1DB: Rosberg won the 2012 Chinese Grand Prix
    row[points] = ""
    _write(extract / "results.csv", results)


def _copy_2026_constructors_after_9_over_10(extract: Path) -> int:
    standings = _rows(extract / "constructor_standings.csv")
    header = standings[0]
    year, after, team, points = (header.index(c) for c in ("year", "after_round", "constructor_id", "points"))
    older = {r[team]: r[points] for r in standings[1:] if r[year] == "2026" and r[after] == "9"}
    changed = 0
    for r in standings[1:]:
        if r[year] == "2026" and r[after] == "10" and r[points] != older[r[team]]:
            r[points] = older[r[team]]
            changed += 1
    _write(extract / "constructor_standings.csv", standings)
    return changed


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """One import of the whole extract with both corruptions (each in its own season), and the rules beside it."""
    work = tmp_path_factory.mktemp("trust")
    extract = work / "f1db"
    shutil.copytree(_source(), extract)
    _blank_rosbergs_china_points(extract)
    changed = _copy_2026_constructors_after_9_over_10(extract)
    shutil.copytree(ROOT / "rules", work / "rules")
    (work / "rules" / "LOCK").unlink(missing_ok=True)
    f1db.import_f1db(extract, work / "seasons" / "formula-1")
    return work, changed


def _check(work: Path, year: str, capsys) -> tuple[int, list[dict]]:
    committed = ROOT / "seasons" / "formula-1" / year / "exceptions.yaml"
    if committed.is_file():
        shutil.copy(committed, work / "seasons" / "formula-1" / year / "exceptions.yaml")
    code = main(["check", str(work / "seasons" / "formula-1" / year), "--rules", str(work / "rules"),
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    return code, [f for s in out["seasons"] for f in s["findings"] if f["severity"] in ("failure", "error")]


def test_a_scoring_result_with_its_points_blanked_fails_naming_the_round(corrupted, capsys):
    code, bad = _check(corrupted[0], "2012", capsys)
    assert code == 1
    hits = [f for f in bad if f["code"] == "AUDIT015"]
    assert len(hits) == 1
    assert "2012 R3 race: nico-rosberg" in hits[0]["message"] and "the rules give 25" in hits[0]["message"]
    assert hits[0]["file"].endswith("03-china.yaml") and hits[0]["line"]


def test_constructors_standings_of_the_season_in_progress_replaced_by_an_older_rounds_fail(corrupted, capsys):
    work, changed = corrupted
    assert changed  # some team scored in round 10
    code, bad = _check(work, "2026", capsys)
    assert code == 1
    hits = [f for f in bad if f["code"] == "AUDIT001"]
    assert len(hits) == changed
    assert all("2026 constructors standings after R10" in f["message"] for f in hits)
    assert all(f["file"].endswith("standings.yaml") and f["line"] for f in hits)
