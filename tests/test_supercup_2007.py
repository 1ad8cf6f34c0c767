"""The 2007 Porsche Mobil1 Supercup audit, end to end, against independently published figures.

Golden values come from the press snapshots recorded in seasons/porsche-supercup/2007/standings.yaml (each with
its URL), e.g. after R4: Westbrook 70, Faulkner 62 (motorsport-magazin.com news-46671).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from validator.pipeline import RulesCache, run_season

SEASON = ROOT / "seasons" / "porsche-supercup" / "2007"


@pytest.fixture(scope="module")
def run():
    return run_season(SEASON, RulesCache(ROOT / "rules"))


def total(run, driver, after):
    return run.results["drivers"].after[after][driver].total


def scrutineer(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "validator", *args], cwd=cwd, capture_output=True, text=True)


def test_2007_season_is_not_contradicted(run):
    assert run.verdict in ("proven", "consistent")
    assert not [f for f in run.findings if f.severity in ("error", "failure")]


def test_after_round_4_westbrook_and_faulkner_are_exact_and_equal_the_published_70_and_62(run):
    assert total(run, "richard-westbrook", 4).is_exact and total(run, "richard-westbrook", 4).lo == 70
    assert total(run, "damien-faulkner", 4).is_exact and total(run, "damien-faulkner", 4).lo == 62


def test_every_published_snapshot_lies_inside_the_computed_intervals(run):
    snapshot_checks = [c for c in run.audit.checks if c.kind.startswith("snapshot") or c.kind in ("gap", "level", "leader")]
    assert len(snapshot_checks) >= 30
    assert all(c.ok for c in snapshot_checks), [c for c in snapshot_checks if not c.ok]


def test_monaco_guest_winner_passes_the_winners_points_to_huisman(run):
    """Monaco 2007 (mm44828): Jeroen Bleekemolen was a guest; Huisman, 2nd on the road, got 20 points."""
    monaco = next(sc for sc in run.results["drivers"].sessions if sc.round == 4)
    assert monaco.points["patrick-huisman"].lo == monaco.points["patrick-huisman"].hi == 20
    assert monaco.points["jeroen-bleekemolen"].hi == 0


def test_declared_champion_is_proven_from_the_published_gaps(run):
    """Spa preview (mm51148): Westbrook led Faulkner by 10 before the finale; he finished 6th, Faulkner 3rd."""
    champion = next(c for c in run.audit.claims if c["claim"] == "champion")
    assert champion["driver"] == "richard-westbrook"
    assert champion["status"] == "proven"


def test_check_json_reports_the_season_and_its_verdict():
    out = scrutineer("check", "seasons/porsche-supercup", "--format", "json")
    assert out.returncode == 0, out.stdout + out.stderr
    data = json.loads(out.stdout)
    season = next(s for s in data["seasons"] if s["season"] == "porsche-supercup/2007")
    assert season["verdict"] in ("proven", "consistent")
    assert season["rules"] == "porsche-supercup@2007"
    assert season["champion"] == "richard-westbrook"
    for f in season["findings"]:
        assert {"code", "severity", "message", "file", "line"} <= set(f)


def _copy_project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(SEASON, tmp_path / "seasons" / "porsche-supercup" / "2007")
    return tmp_path


def test_a_wrong_points_table_is_caught_as_a_contradiction(tmp_path):
    """11 points for 5th instead of 12: Faulkner's Monaco 5th place (stated 12 points) and the R4 total of 62 clash."""
    root = _copy_project(tmp_path)
    rules = root / "rules" / "porsche-supercup" / "2007.yaml"
    text = rules.read_text()
    old = "table: [20, 18, 16, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]"
    assert text.count(old) >= 1
    rules.write_text(text.replace(old, "table: [20, 18, 16, 14, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]", 1))
    out = scrutineer("check", "seasons", "--format", "json", cwd=root)
    assert out.returncode == 1, out.stdout + out.stderr
    season = json.loads(out.stdout)["seasons"][0]
    assert season["verdict"] == "contradicted"
    failures = [f for f in season["findings"] if f["severity"] == "failure"]
    snapshot_failures = [f for f in failures if f["code"] == "AUDIT001"]
    assert snapshot_failures, failures
    message = " ".join(f["message"] for f in snapshot_failures)
    assert "after R4" in message and "damien-faulkner" in message
    assert "points-by-position at rules/porsche-supercup/2007.yaml" in message
    assert all(f["file"].endswith("standings.yaml") and f["line"] for f in snapshot_failures)
    # the published 2007 version is locked: the edit is also refused, naming the file and the version
    lock = [f for f in failures if f["code"] == "LOCK001"]
    assert lock and lock[0]["file"] == "rules/porsche-supercup/2007.yaml" and "porsche-supercup@2007" in lock[0]["message"]
