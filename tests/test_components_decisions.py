"""Adjustment and tie-break components tested by their clause, with hand-worked numbers: season-decisions
(the sourced championship decisions of a season's exceptions.yaml) and a countback that, not the wins step,
separates two drivers."""
from __future__ import annotations

from tests.conftest import res
from tests.test_components_points import SRC, TABLE_2021, f1, table
from tests.test_rule_components import exact, points
from validator.engine.rank import rank

DECISIONS = {"use": "season-decisions", "kinds": ["deduct", "exclude"], "source": SRC}


def _with_decisions(builder, *decisions: dict) -> None:
    f1(builder, [table(TABLE_2021)])
    builder.rules["classifications"]["drivers"]["adjustments"] = [DECISIONS]
    builder.exceptions = {"decisions": [{"classification": "drivers", "reason": "stewards' decision",
                                         "src": ["s"], **d} for d in decisions]}


def _ranked(run, after_round: int) -> dict:
    return {r.record.subject: r for r in rank(run.results["drivers"], after_round)}


def test_season_decisions_deduct_from_the_decisions_round_on(builder):
    """F1 2020: Racing Point lost 15 constructors' points, applied from round 5 on (exceptions.yaml of 2020).
    Hand-worked on drivers: a wins rounds 1 and 2 (25 + 25); 15 deducted from round 2: 25 after round 1,
    50 - 15 = 35 after round 2; b's 18 + 18 = 36 now ranks ahead."""
    _with_decisions(builder, {"kind": "deduct", "driver": "a", "points": 15, "round": 2})
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")])
    builder.race(2, complete=True, results=[res(1, "a"), res(2, "b")])
    run = builder.run()
    assert points(run, "a", after_round=1) == exact(25)
    assert points(run, "a") == exact(35)
    assert _ranked(run, 2)["b"].best == 1 and _ranked(run, 2)["a"].best == 2


def test_season_decisions_exclude_keeping_points_removes_from_the_ranking(builder):
    """F1 1997: Schumacher excluded from the drivers' championship, his results and 78 points standing
    (`keep_points: true`). Hand-worked: a 25 + 25 = 50 stays as a total but is not ranked; b (36) is first."""
    _with_decisions(builder, {"kind": "exclude", "driver": "a", "keep_points": True, "round": 2})
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")])
    builder.race(2, complete=True, results=[res(1, "a"), res(2, "b")])
    run = builder.run()
    assert points(run, "a") == exact(50)
    assert "a" in _ranked(run, 1) and "a" not in _ranked(run, 2)
    assert _ranked(run, 2)["b"].best == 1


def test_season_decisions_exclude_without_keeping_points_zeroes_the_total(builder):
    """F1 2007: McLaren excluded from the constructors' championship with its points taken away. Hand-worked:
    a's 50 becomes 0 and a is not ranked."""
    _with_decisions(builder, {"kind": "exclude", "driver": "a"})
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")])
    builder.race(2, complete=True, results=[res(1, "a"), res(2, "b")])
    run = builder.run()
    assert points(run, "a") == exact(0)
    assert "a" not in _ranked(run, 2)


def test_season_decisions_apply_only_the_listed_kinds(builder):
    """A ruleset listing only `exclude` ignores a recorded deduction (a keeps 25 + 25 = 50)."""
    _with_decisions(builder, {"kind": "deduct", "driver": "a", "points": 15})
    builder.rules["classifications"]["drivers"]["adjustments"] = [{**DECISIONS, "kinds": ["exclude"]}]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")])
    builder.race(2, complete=True, results=[res(1, "a"), res(2, "b")])
    assert points(builder.run(), "a") == exact(50)


def test_countback_separates_two_drivers_level_on_points_and_wins(builder):
    """Porsche Supercup 2007 chain (rules/porsche-supercup/2007.yaml): most wins, then countback. Table
    20-18-16-14-... Hand-worked: a 1st, 2nd, 4th = 20 + 18 + 14 = 52; b 3rd, 1st, 3rd = 16 + 20 + 16 = 52.
    One win each, so most-wins leaves them level; a has a 2nd place, b none: countback puts a ahead."""
    builder.drivers = ["a", "b", "c", "d"]
    builder.calendar = [1, 2, 3]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "c"), res(3, "b")])
    builder.race(2, complete=True, results=[res(1, "b"), res(2, "a")])
    builder.race(3, complete=True, results=[res(1, "c"), res(2, "d"), res(3, "b"), res(4, "a")])
    run = builder.run()
    assert points(run, "a") == points(run, "b") == exact(52)
    ranked = _ranked(run, 3)
    assert (ranked["a"].best, ranked["b"].best) == (1, 2)
    assert ranked["b"].decided_by == "countback"  # what puts b behind a: not points, not wins
