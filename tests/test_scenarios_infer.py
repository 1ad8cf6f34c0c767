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


# ---------------------------------------------------------------------------- the real 2007 season (local proofs)
def _supercup_2007_unknown(driver: str, kind: str, round_: int, *more: tuple[str, str, int]):
    from pathlib import Path

    from validator.engine.score import score_classification
    from validator.pipeline import RulesCache, run_season
    from validator.scenarios.infer import _known, unknowns
    from validator.worlds.model import WorldModel

    run = run_season(Path(__file__).resolve().parent.parent / "seasons" / "porsche-supercup" / "2007", RulesCache())
    wm = WorldModel(run.season, run.ruleset)
    exact = score_classification(run.season, run.ruleset, "drivers")
    found = []
    for key in ((driver, kind, round_),) + more:
        u = next(u for u in unknowns(wm) if (u.driver, u.kind, u.round) == key)
        assert not _known(u, exact)   # a real unknown: the recorded results alone leave it open
        found.append(u)
    return (wm, *found)


def test_2007_faulkner_round_8_points_are_the_difference_of_two_published_totals():
    """Hand-worked from the evidence (../shared/data/supercup-2007/evidence.md): Faulkner was 3rd on the road at the
    Hungaroring (R8), with the guests ahead of him unknown (16 points with none, 18 with one); mm48888 puts him on
    93 after R7 and mm49874 on 109 after R8, so he scored 109 - 93 = 16 there. The local proof (no world over the
    whole season) finds exactly those two figures; 16 itself is possible under them (the proof is not vacuous)."""
    from ortools.sat.python import cp_model

    from validator.scenarios.infer import _differs, _local
    from validator.worlds.queries import Solver

    wm, u = _supercup_2007_unknown("damien-faulkner", "points", 8)
    solver = Solver(wm, Settings(work_limit=10.0))
    forced = _local(solver, [u], [_differs(wm, u, 16, 0)], [16], list(wm.facts), {}, budget=10.0, limit=0.25)
    assert forced[0].basis == "driver"
    assert sorted((f.round, f.subject, f.kind, f.published) for f in forced[0].core) == [
        (7, "damien-faulkner", "points", "93"), (8, "damien-faulkner", "points", "109")]
    sixteen = wm.m.NewBoolVar("sixteen")
    wm.m.Add(u.expr == 16).OnlyEnforceIf(sixteen)
    assert solver.run([sixteen] + [f.lit for f in forced[0].core]) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_2007_westbrook_total_after_round_9_follows_from_faulkner_total_and_the_gap():
    """Hand-worked: mm50745 puts Faulkner on 127 after Istanbul (R9) and Westbrook 12 ahead of him (also lfp10pre,
    mt0908): Westbrook's total after R9 is 139, which no source states. The gap links the two drivers' figures
    of that round (the "driver" neighbourhood)."""
    from validator.scenarios.infer import _differs, _local
    from validator.worlds.queries import Solver

    wm, u = _supercup_2007_unknown("richard-westbrook", "total", 9)
    solver = Solver(wm, Settings(work_limit=10.0))
    forced = _local(solver, [u], [_differs(wm, u, 139, 0)], [139], list(wm.facts), {}, budget=10.0, limit=0.25)
    assert forced[0].basis == "driver"
    assert sorted((f.subject, f.kind, f.published) for f in forced[0].core) == [
        ("damien-faulkner", "points", "127"), ("richard-westbrook - damien-faulkner", "gap", "12")]


def test_2007_bleekemolen_round_9_status_follows_from_the_points_of_the_drivers_in_his_race():
    """Hand-worked from the evidence (Istanbul, R9): Westbrook had 125 after R8 (mm49874); after R9 Faulkner had 127
    (mm50745) and Westbrook was 12 ahead of him (mm50745, lfp10pre, mt0908): 139, so Westbrook scored 14 at
    Istanbul, the points of the 4th scoring place, for 4th on the road (lfp9; scoring: lfp9). With pass-down a
    guest among the three cars ahead of him would have given him 16: Jeroen Bleekemolen, 1st on the road (mm50193),
    was a scoring driver there, which no source states. No published figure names Bleekemolen, so only the figures
    of the drivers who share his race (the "session" neighbourhood) can prove it; a guest Bleekemolen stays
    possible with the recorded results alone (the proof is not vacuous)."""
    from ortools.sat.python import cp_model

    from validator.scenarios.infer import _differs, _local, _session_mates
    from validator.scenarios.neighbourhood import neighbourhoods
    from validator.worlds.queries import Solver

    wm, u = _supercup_2007_unknown("jeroen-bleekemolen", "status", 9)
    facts = list(wm.facts)
    assert not any("jeroen-bleekemolen" in f.members for f in facts)
    mates = _session_mates(wm, [u])
    assert {"richard-westbrook", "damien-faulkner"} <= set(mates[0])
    assert [basis for basis, _ in neighbourhoods(facts, u.driver, u.round, u.kind, mates[0])] == ["session"]
    solver = Solver(wm, Settings(work_limit=10.0))
    guest = _differs(wm, u, 0, 0)   # the status literal is 1 for a guest: "differs from scoring"
    forced = _local(solver, [u], [guest], [0], facts, {}, budget=10.0, limit=0.25, mates=mates)
    assert forced[0].basis == "session"
    assert sorted((f.round, f.subject, f.kind, f.published) for f in forced[0].core) == [
        (8, "richard-westbrook", "points", "125"), (9, "damien-faulkner", "points", "127"),
        (9, "richard-westbrook - damien-faulkner", "gap", "12")]
    assert solver.run([guest]) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_2007_alzen_total_after_round_9_is_derived_from_his_round_8_total_and_his_forced_round_9_points():
    """Hand-worked: Alzen had 91 after R8 (mm49874) and was 3rd on the road at Istanbul (R9, lfp9), behind no
    guest (the test above: Westbrook's 14 points for 4th, from mm49874, mm50745): 16 points, so 107 after R9, which
    no source states. The "derived" proof asks under the union of the forcing sets of those two forced values and
    needs all four figures."""
    from validator.scenarios.infer import _derived, _differs
    from validator.scenarios.local_proofs import Forced
    from validator.worlds.queries import Solver

    wm, points9, total8, total9 = _supercup_2007_unknown("uwe-alzen", "points", 9, ("uwe-alzen", "total", 8),
                                                         ("uwe-alzen", "total", 9))
    facts = list(wm.facts)

    def figure(subject, kind, round_):
        return next(f for f in facts if (f.subject, f.kind, f.round) == (subject, kind, round_))

    forced = {0: Forced("session", [figure("richard-westbrook", "points", 8), figure("damien-faulkner", "points", 9),
                                    figure("richard-westbrook - damien-faulkner", "gap", 9)]),
              1: Forced("stated", [figure("uwe-alzen", "points", 8)])}
    todo, values = [points9, total8, total9], [16, 91, 107]
    differs = [_differs(wm, u, v, i) for i, (u, v) in enumerate(zip(todo, values))]
    solver = Solver(wm, Settings(work_limit=10.0))
    out = _derived(solver, todo, differs, values, facts, forced, set(), budget=10.0, limit=0.25)
    assert set(out) == {2} and out[2].basis == "derived"
    assert sorted((f.round, f.subject, f.kind, f.published) for f in out[2].core) == [
        (8, "richard-westbrook", "points", "125"), (8, "uwe-alzen", "points", "91"),
        (9, "damien-faulkner", "points", "127"), (9, "richard-westbrook - damien-faulkner", "gap", "12")]


def test_forced_rows_say_why_and_how_and_reach_the_report_section(builder):
    """The hand-worked tiny season: a's total after R2 is stated by the figure (no solve); a's R2 points are forced
    by a local proof over that figure; both rows carry the sentence an auditor reads, and the report section
    (scenarios/sections.py) shows the same rows, nothing recomputed."""
    from validator.scenarios.sections import infer_section

    run = _season(builder)
    out = infer(run.season, run.ruleset, Settings(work_limit=10.0), budget=200.0, track=["b"])
    forced = {(f["driver"], f["kind"], f["round"]): f for f in out["forced"]}
    assert forced["a", "total", 2]["basis"] == "stated" and forced["a", "total", 2]["work"] == 0
    assert forced["a", "points", 2]["basis"] == "driver"
    assert forced["a", "points", 2]["why"].startswith("a points R2 race = 20 in every world")
    assert "a points 40 after R2" in forced["a", "points", 2]["why"]
    section = infer_section(out)
    assert [r[:5] for r in section["table"]["rows"]] == [
        ["a", "points", "R2 race", "20", forced["a", "points", 2]["how"]],
        ["a", "total", "R2", "40", "the published figure states it"]]
