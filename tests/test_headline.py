"""The headline of README "What it proves today", asserted season by season over the committed seasons/.

One `check_all` over every committed season (a few seconds). The expected verdicts are the independent golden:
the F1DB standings each Formula One season is checked against are the published ones, and the 2007 Supercup's
champion and runner-up are the published outcome (docs/WORLDS.md, seasons/porsche-supercup/2007/TRANSCRIPTION.md).
A run where every season turned red, or where a season was silently not read, fails here.
"""
from __future__ import annotations

import pytest

from tests.conftest import ROOT
from validator.commands.common import exit_code
from validator.pipeline import check_all, discover

F1_COMPLETE = [str(year) for year in range(1950, 2026)]
IN_PROGRESS = "formula-1/2026"
SUPERCUP = "porsche-supercup/2007"


@pytest.fixture(scope="module")
def committed() -> dict[str, dict]:
    runs = check_all(discover([ROOT / "seasons"]), ROOT / "rules", workers=1)
    return {run["season"]: run for run in runs}


def test_every_committed_season_is_checked(committed):
    assert sorted(committed) == sorted([f"formula-1/{y}" for y in F1_COMPLETE] + [IN_PROGRESS, SUPERCUP])


@pytest.mark.parametrize("year", F1_COMPLETE)
def test_each_complete_formula_one_season_is_proven(committed, year):
    run = committed[f"formula-1/{year}"]
    assert run["verdict"] == "proven", run["reasoning"]
    assert [f for f in run["findings"] if f["severity"] in ("error", "failure")] == []
    assert run["checks"]["failed"] == 0 and run["checks"]["passed"] > 0


def test_the_season_in_progress_has_a_proven_leader_and_no_champion(committed):
    run = committed[IN_PROGRESS]
    assert run["verdict"] == "in-progress"
    assert run["champion"] is None
    # F1DB's published standings after round 11 (the latest): Antonelli 219, Hamilton 169, Russell 160
    assert run["in_progress"] == {"after_round": 11, "standings_proven": True, "leader": "kimi-antonelli"}
    assert [(c["claim"], c["driver"], c["points"], c["status"]) for c in run["claims"]] == [
        ("leader", "kimi-antonelli", "219", "proven"), ("P2", "lewis-hamilton", "169", "proven"),
        ("P3", "george-russell", "160", "proven")]
    assert not any("unnamed" in line for line in run["reasoning"])


def test_the_2007_supercup_champion_and_runner_up_are_proven(committed):
    run = committed[SUPERCUP]
    assert run["verdict"] == "consistent"  # P3 is left open by the interval engine
    status = {c["claim"]: (c["driver"], c["status"]) for c in run["claims"]}
    assert status["champion"] == ("richard-westbrook", "proven")
    assert status["P2"] == ("damien-faulkner", "proven")


def test_the_whole_run_exits_zero(committed):
    assert exit_code(list(committed.values())) == 0
