"""Seasons in progress (issue 10): a calendar with rounds after the last one with results has no champion yet.

* the verdict is `in-progress`, with whether the standings so far are proven, and the leader is called the leader;
* future rounds are open to every driver, with the sessions the calendar lists (no more, no fewer);
* a snapshot after round N is checked exactly in every classification when rounds 1..N are complete.
"""
from __future__ import annotations

import json
from fractions import Fraction

from tests.conftest import ROOT, res
from validator.cli import main
from validator.pipeline import RulesCache, run_season

F1_2026 = ROOT / "seasons" / "formula-1" / "2026"


def _2026():
    return run_season(F1_2026, RulesCache(ROOT / "rules"))


def test_check_json_gives_in_progress_and_exit_zero(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["check", "seasons/formula-1/2026", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["seasons"][0]["verdict"] == "in-progress"
    assert out["summary"]["in-progress"] == 1 and out["summary"]["proven"] == 0


def test_check_text_names_the_leader_not_a_champion(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(["check", "seasons/formula-1/2026", "-v"])
    out = capsys.readouterr().out
    assert "verdict: in-progress (standings after R11 proven)  leader: kimi-antonelli" in out
    assert "champion" not in out
    assert "0 proven, 1 in-progress, 0 consistent" in out


def test_future_rounds_score_the_sessions_the_calendar_lists():
    run = _2026()
    scored = {(sc.round, sc.session) for sc in run.results["drivers"].sessions}
    calendar = {(r.number, s) for r in run.season.rounds for s in r.planned}
    assert scored == calendar
    assert (13, "sprint") not in scored and (12, "sprint") in scored and (17, "sprint") in scored


def test_standings_after_the_last_round_give_every_driver_the_full_range_still_reachable():
    """Hand-worked: after round 11, rounds 12-23 hold 12 races (25 points for a win) and 2 sprints (rounds 12 and
    17 on the calendar; 8 points for a win) under formula-1@2025: 12 * 25 + 2 * 8 = 316 points still open."""
    run = _2026()
    result = run.results["drivers"]
    after11, after23 = result.after[11], result.after[23]
    for driver in run.season.drivers:
        now = after11[driver].total if driver in after11 else None
        assert now is None or now.is_exact
        base = now.lo if now is not None else 0
        assert after23[driver].total.lo == base and after23[driver].total.hi == base + 316, driver
    assert after23["kimi-antonelli"].total.lo == 219 and after23["kimi-antonelli"].total.hi == 535


def test_a_driver_entered_only_up_to_round_11_is_still_open_in_later_rounds():
    """Isack Hadjar's F1DB entry lists rounds 1-11: an entry list is not a fact about a race not yet run."""
    result = _2026().results["drivers"]
    assert result.after[11]["isack-hadjar"].total == result.after[12]["isack-hadjar"].total.__class__(68, 68)
    assert result.after[16]["isack-hadjar"].total.hi == 68 + 33 + 4 * 25


def test_constructors_standings_after_a_complete_round_are_checked_exactly():
    run = _2026()
    constructors = run.results["constructors"]
    assert constructors.sound_at(11) and not constructors.sound_at(12)
    checked = [c for c in run.audit.checks if c.label.startswith("2026 constructors standings after")]
    assert checked and all(c.ok for c in checked)
    assert {c.label for c in checked} >= {"2026 constructors standings after R11", "2026 constructors standings after final"}


def test_a_season_with_rounds_still_to_run_is_in_progress(builder):
    builder.calendar = [1, 2, 3]
    builder.race(1, complete=True, results=[res(i + 1, d) for i, d in enumerate(builder.drivers)])
    builder.race(2, complete=True, results=[res(i + 1, d) for i, d in enumerate(builder.drivers)])
    builder.snapshots = [{"after_round": "final", "src": ["s"],
                          "rows": [{"driver": "a", "position": 1}, {"driver": "b", "position": 2}]}]
    run = builder.run()
    assert run.season.in_progress and run.season.final_round == 2
    assert run.verdict == "in-progress"
    assert run.audit.standings_proven is True and run.audit.after_round == 2
    assert run.audit.claims[0]["claim"] == "leader" and run.audit.claims[0]["driver"] == "a"
    # round 3 is open to every driver: the leader can still lose the lead
    assert run.results["drivers"].after[3]["b"].total.hi == 36 + 20


def test_a_declared_champion_makes_a_round_without_results_unknown_not_future(builder):
    builder.calendar = [1, 2, 3]
    builder.race(1, complete=True, results=[res(i + 1, d) for i, d in enumerate(builder.drivers)])
    builder.race(2, complete=True, results=[res(i + 1, d) for i, d in enumerate(builder.drivers)])
    builder.declared = {"champion": {"driver": "a", "src": ["s"]}}
    run = builder.run()
    assert not run.season.in_progress
    assert run.verdict in ("proven", "consistent") and run.audit.claims[0]["claim"] == "champion"


def test_final_standings_of_a_season_in_progress_stand_after_the_last_round_with_results(builder):
    builder.calendar = [1, 2, 3]
    builder.race(1, complete=True, results=[res(i + 1, d) for i, d in enumerate(builder.drivers)])
    builder.snapshots = [{"after_round": "final", "src": ["s"], "rows": [{"driver": "a", "points": 20}]}]
    run = builder.run()
    assert run.verdict == "in-progress"
    check = next(c for c in run.audit.checks if c.kind == "snapshot-points")
    assert check.ok and check.computed == "20"
    assert Fraction(check.published) == 20


def test_in_progress_is_not_a_failure_in_any_output(capsys, monkeypatch):
    """Exit 0, and CI formats report no failure: a season with rounds still to run is not wrong."""
    monkeypatch.chdir(ROOT)
    for fmt in ("junit", "github"):
        code = main(["check", "seasons/formula-1/2026", "--format", fmt])
        out = capsys.readouterr().out
        assert code == 0
        assert 'failures="0"' in out if fmt == "junit" else "1 in-progress" in out and "::error" not in out


def test_the_report_calls_the_leader_the_leader(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["report", "seasons/formula-1/2026"]) == 0
    out = capsys.readouterr().out
    assert "the standings after R11 are proven" in out and "Leader Kimi Antonelli (219 points) is proven" in out
    assert "Declared champion" not in out and "## Drivers' standings after R11" in out
