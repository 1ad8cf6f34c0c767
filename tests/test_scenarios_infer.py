"""`scrutineer infer`: what the evidence forces, on a hand-worked tiny season.

R1 complete (a 20, b 18, c 16, ...). R2: two cars finished; a's and b's places unknown; every other named driver
did not finish. Published after R2: a 40 points. Hand-worked: a must have won R2 (40 = 20 + 20): a's R2 position
(1), points (20) and total (40) are forced, by that one figure; b's R2 place is not (2nd with 18, or not
classified behind an unnamed car). a's road position is not forced either: 2nd behind an unnamed guest also
gives the winner's points (pass-down). R1 is complete: nothing there is an unknown."""
from __future__ import annotations

from conftest import res
from validator.scenarios.infer import infer
from validator.worlds import Settings


def _season(builder):
    builder.race(1, complete=True, results=[res(i + 1, d) for i, d in enumerate(builder.drivers)])
    builder.race(2, finishers={"value": 2, "src": ["s"]},
                 results=[res("unknown", "a"), res("unknown", "b")] + [res("DNF", d) for d in "cdefgh"])
    builder.snapshots = [{"after_round": 2, "src": ["s"], "rows": [{"driver": "a", "points": 40}]}]
    run = builder.run()
    assert run.verdict != "invalid", run.findings
    return run


def test_a_published_total_forces_the_win_and_names_itself(builder):
    run = _season(builder)
    out = infer(run.season, run.ruleset, Settings(work_limit=10.0, minimize=True), budget=200.0, track=["b"])
    forced = {(f["driver"], f["kind"], f["round"]): f for f in out["forced"]}
    assert set(forced) == {("a", "points", 2), ("a", "total", 2)}
    assert forced["a", "points", 2]["value"] == 20
    assert forced["a", "total", 2]["value"] == 40
    figure = forced["a", "points", 2]["forced_by"]
    assert [(f["subject"], f["kind"], f["published"]) for f in figure] == [("a", "points", "40")]
    assert forced["a", "points", 2]["minimal"]
    free = {(f["driver"], f["kind"], f["round"]): f["values_seen"] for f in out["free"]}
    assert free["a", "position", 2] == [1, 2]
    assert free["b", "points", 2] == [0, 18] or sorted(free["b", "points", 2]) == [0, 18]
    assert not out["undecided"]


def test_without_the_figure_nothing_about_round_2_is_forced(builder):
    run = _season(builder)
    run.season.snapshots.clear()
    out = infer(run.season, run.ruleset, Settings(work_limit=10.0, minimize=False), budget=200.0)
    assert not [f for f in out["forced"] if f["round"] == 2 and f["driver"] == "a"]
