"""`scrutineer scenarios`: contenders, the next-round table of every contender against every rival (possible and
certain places), the condition further ahead, and every driver's reachable range -- on hand-worked positions.

2007 Formula One (2003-2009 points 10-8-6-5-4-3-2-1, ties broken by countback), from the published results of each
Grand Prix (https://en.wikipedia.org/wiki/2007_Formula_One_World_Championship):
* after Japan (round 15): Hamilton 107, Alonso 95, Raikkonen 90; after China (round 16), before Brazil: Hamilton
  107, Alonso 103, Raikkonen 100 (https://en.wikipedia.org/wiki/2007_Brazilian_Grand_Prix);
* places before Brazil: Hamilton 4 wins, 5 seconds, 3 thirds, 1 fourth, 1 fifth; Alonso 4 wins, 4 seconds, 3 thirds,
  1 fourth, 1 fifth; Raikkonen 5 wins.
"""
from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT, res
from validator.cli import main
from validator.pipeline import RulesCache, run_season
from validator.scenarios.scenario import scenarios
from validator.worlds import Settings

F1_2007 = ROOT / "seasons" / "formula-1" / "2007"


def _rows(out, x, y):
    table = next(t for t in out["next_round"] if t["driver"] == x and t["rival"] == y)
    return {r["rival_place"]: r for r in table["rows"]}


@pytest.fixture(scope="module")
def before_brazil():
    run = run_season(F1_2007, RulesCache())
    return scenarios(run.season, run.ruleset, after_round=16, places=8)


def test_2007_before_the_finale_three_contenders_each_with_a_witness(before_brazil):
    out = before_brazil
    assert out["contenders"] == ["fernando-alonso", "kimi-raikkonen", "lewis-hamilton"]
    assert [s["points"] for s in out["standings"]] == ["107", "103", "100"]
    for c in out["chances"]:
        if c["can_win"]:
            assert c["witness"]["final_table"][0]["driver"] == c["driver"]
    # every contender has a table against each rival
    assert {(t["driver"], t["rival"]) for t in out["next_round"]} == {
        (x, y) for x in out["contenders"] for y in out["contenders"] if x != y}


def test_2007_if_alonso_wins_hamilton_needs_second(before_brazil):
    # Alonso 1st: 113 with 5 wins. Hamilton 2nd: 115; 3rd: 113, level, Alonso ahead on wins (5 to 4). Raikkonen can
    # then be 3rd at best: 106. So 2nd is enough in every completion and nothing worse in any.
    row = _rows(before_brazil, "lewis-hamilton", "fernando-alonso")[1]
    assert (row["possible"], row["certain"]) == (2, 2)
    table = next(t for t in before_brazil["next_round"]
                 if t["driver"] == "lewis-hamilton" and t["rival"] == "fernando-alonso")
    assert table["text"][0] == "if fernando-alonso finishes 1st, lewis-hamilton needs 2nd or better"


def test_2007_certain_and_possible_differ_when_raikkonen_can_still_win(before_brazil):
    rows = _rows(before_brazil, "lewis-hamilton", "fernando-alonso")
    # Alonso 3rd: 109 (a 5th third). Raikkonen can win: 110 with 6 wins, so Hamilton is sure only with 5th (111);
    # 6th (110) loses to Raikkonen on wins. Raikkonen out of the points, Hamilton 7th (109) is level with Alonso:
    # wins 4-4, seconds 5-4, Hamilton ahead; 8th (108) is short.
    assert (rows[3]["certain"], rows[3]["possible"]) == (5, 7)
    # Alonso 2nd: 111 with 5 seconds; Hamilton 5th: 111, wins 4-4, seconds 5-5, thirds 3-3, fourths 1-1, fifths
    # 2-1: Hamilton. Raikkonen's 110 at most stays behind, so 5th is certain too.
    assert (rows[2]["certain"], rows[2]["possible"]) == (5, 5)
    assert "witness" in rows[3] and rows[3]["caught"]["by"] == "kimi-raikkonen"


def test_2007_raikkonen_needs_hamilton_sixth_and_a_win(before_brazil):
    rows = _rows(before_brazil, "kimi-raikkonen", "lewis-hamilton")
    # Hamilton 5th: 111 > Raikkonen's 110 at most -> cannot; Hamilton 6th: 110, level, Raikkonen 6 wins to 4.
    # Never certain: Alonso 2nd would be 111.
    assert rows[5]["possible"] is None and rows[6]["possible"] == 1
    assert rows[6]["certain"] is None and rows[6]["caught"]["by"] == "fernando-alonso"


def test_2007_further_ahead_after_japan_states_the_points_gap():
    run = run_season(F1_2007, RulesCache())
    out = scenarios(run.season, run.ruleset, after_round=15, places=3)
    assert out["rounds_left"] == [16, 17]
    f = out["further"]
    assert f["spare"] == "20"            # two wins at 10
    ham = next(d for d in f["drivers"] if d["driver"] == "lewis-hamilton")
    assert [(c["driver"], c["lead"]) for c in ham["catchers"]] == [("fernando-alonso", "12"), ("kimi-raikkonen", "17")]
    kimi = next(d for d in f["drivers"] if d["driver"] == "kimi-raikkonen")
    text = next(c["text"] for c in kimi["catchers"] if c["driver"] == "lewis-hamilton")
    assert text.startswith("outscore lewis-hamilton by more than 17 points over rounds 16..17 (by exactly 17: "
                           "countback (1st-")


def test_1988_further_ahead_in_counted_points_a_result_only_replaces_a_dropped_one():
    """1988 (9-6-4-3-2-1, best 11 of 16 count; https://en.wikipedia.org/wiki/1988_Formula_One_World_Championship):
    after Portugal (round 13) Prost has 5 wins and 6 seconds, 11 scores, 81 counted: a later round adds only what
    it beats a 6 by. Senna has 7 wins, 2 seconds and a 6th: 76 counted, 10 scores, so his 11th counted score is
    a 0 and a later round adds in full until it replaces that 0 (then the 1)."""
    run = run_season(ROOT / "seasons" / "formula-1" / "1988", RulesCache())
    out = scenarios(run.season, run.ruleset, after_round=13, places=2)
    f = {d["driver"]: d for d in out["further"]["drivers"]}
    assert set(f) == {"alain-prost", "ayrton-senna"}
    assert f["alain-prost"]["counts"].endswith("lowest counted score (now 6, 6, 6)")
    assert f["ayrton-senna"]["counts"].endswith("lowest counted score (now 0, 1, 6)")
    (senna,) = f["alain-prost"]["catchers"]
    assert senna["lead"] == "5" and senna["text"].startswith(
        "keep ayrton-senna's margin over him in counted points over rounds 14..16 below 5 (exactly 5: countback "
        "(1st-3rd places now 5-6-0 to 7-2-0)")


def test_2026_every_drivers_reachable_range_after_round_11():
    """F1 2026 after round 11: 12 Grands Prix left (25 points each) and 2 sprints (Netherlands, Singapore: 8 each),
    no fastest-lap point (2025 rules): 316 points, so every driver ends between his published total after round
    11 (F1DB snapshot in standings.yaml) and that + 316, and each can still be champion."""
    run = run_season(ROOT / "seasons" / "formula-1" / "2026", RulesCache())
    out = scenarios(run.season, run.ruleset)
    assert out["after_round"] == 11
    snap = yaml.safe_load((ROOT / "seasons" / "formula-1" / "2026" / "standings.yaml").read_text())["snapshots"]
    published = {r["driver"]: r["points"] for s in snap if s["after_round"] == 11
                 and s.get("classification", "drivers") == "drivers" for r in s["rows"]}
    reach = {r["driver"]: r for r in out["reachable"]}
    assert published and set(published) <= set(reach)
    for d, pts in published.items():
        assert (reach[d]["least"], reach[d]["most"], reach[d]["best_position"]) == (str(pts), str(pts + 316), 1), d
    assert out["further"]["spare"] == "316"
    lead = next(c for c in out["further"]["drivers"][1]["catchers"] if c["driver"] == "kimi-antonelli")
    assert out["further"]["drivers"][1]["driver"] == "lewis-hamilton" and lead["lead"] == "-50"   # 169 to 219


def test_scenarios_text_and_json_from_one_structure(capsys):
    assert main(["scenarios", str(F1_2007), "--after-round", "16", "--places", "3", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["after_round"] == 16 and out["rounds_left"] == [17]
    assert main(["scenarios", str(F1_2007), "--after-round", "16", "--places", "3"]) == 0
    text = capsys.readouterr().out
    for t in out["next_round"]:
        for line in t["text"]:
            assert f"    {line}\n" in text
    assert main(["scenarios", str(F1_2007), "--after-round", "99"]) == 2
    assert "SCEN002" in capsys.readouterr().err


def test_scenarios_after_a_round_not_yet_run_is_refused(capsys):
    # F1 2026 holds results up to round 11: "after round 22" would treat rounds 12..22 as a record
    assert main(["scenarios", str(ROOT / "seasons" / "formula-1" / "2026"), "--after-round", "22"]) == 2
    err = capsys.readouterr().err
    assert "SCEN003" in err and "last round with recorded results is 11" in err


def _three_way(builder, complete: bool):
    """R1: a 20, b 18, c 16 (1st-3rd). R2: c 1st, a 2nd, b 3rd (stated, or only implied by three finishers and a
    published 34 for b). After R2: a 38 (1 win), c 36 (1 win), b 34 (no win); R3 to play, 20-18-16-14-12-10-9-...,
    ties to more wins."""
    builder.calendar = [1, 2, 3]
    builder.race(1, complete=True, results=[res(i + 1, d) for i, d in enumerate(builder.drivers)])
    others = [res("DNF", d) for d in "defgh"]
    if complete:
        builder.race(2, complete=True, results=[res(1, "c"), res(2, "a"), res(3, "b")] + others)
    else:
        builder.race(2, finishers={"value": 3, "src": ["s"]}, results=[res(1, "c"), res(2, "a"), res("unknown", "b")]
                     + others)
        builder.snapshots = [{"after_round": 2, "src": ["s"], "rows": [
            {"driver": "a", "points": 38}, {"driver": "b", "points": 34}, {"driver": "c", "points": 36}]}]
    run = builder.run()
    assert run.verdict != "invalid", run.findings
    return run


# Hand-worked, a against b in R3:
# * b 1st (54, 1 win): a 2nd = 56 beats it and c's 52 at most (3rd); a 3rd = 54, level, wins 1-1, countback level
#   too (a 1st-2nd-3rd, b 2nd-3rd-1st): shared, not champion. So 2nd, certain and possible alike.
# * b 2nd (52): a 1st (58) is certain; a 3rd (54) loses to c winning (56), so not certain, but c out of the points
#   it is enough; a 4th = 52 = b's 52, a ahead on wins (1 to 0); a 5th = 50 is short. Certain 1st, possible 4th.
HAND_WORKED = {1: (2, 2), 2: (1, 4)}


def test_next_round_table_on_a_complete_record_matches_the_hand_worked_figures(builder):
    run = _three_way(builder, complete=True)
    out = scenarios(run.season, run.ruleset, after_round=2, driver="a", places=5)
    assert out["route"].startswith("extremal")
    rows = _rows(out, "a", "b")
    assert {p: (rows[p]["certain"], rows[p]["possible"]) for p in HAND_WORKED} == HAND_WORKED


def test_incomplete_record_certain_in_every_world_and_possible_in_some(builder):
    run = _three_way(builder, complete=False)
    out = scenarios(run.season, run.ruleset, after_round=2, driver="a", places=4,
                    settings=Settings(work_limit=10.0, minimize=False))
    assert out["route"].startswith("worlds engine")
    assert out["contenders"] == ["a", "c", "b"]
    rows = _rows(out, "a", "b")
    assert {p: (rows[p]["certain"], rows[p]["possible"]) for p in HAND_WORKED} == HAND_WORKED
    assert rows[2]["text"] == ("if b finishes 2nd, a is champion in every world with 1st, and can be champion in some "
                               "world with 4th or better")
    # the proof of "certain" and the witness of "possible" are in the row's probes
    statuses = {(p["asked"], p["place"]): p["status"] for p in rows[2]["probes"]}
    assert statuses[("certain", 1)] == "UNSAT" and statuses[("possible", 4)] == "SAT"


def test_incomplete_record_goes_to_the_worlds_engine(builder):
    # R1 complete: a 20, b 18, c 16, ... R2: one finisher, a's place unknown, the rest did not finish; a published
    # 40 points after R2 say a won it. R3 to play (20 to the winner): c can reach 36 < 40 -> cannot; a can.
    builder.calendar = [1, 2, 3]
    builder.race(1, complete=True, results=[res(i + 1, d) for i, d in enumerate(builder.drivers)])
    builder.race(2, finishers={"value": 1, "src": ["s"]},
                 results=[res("unknown", "a")] + [res("DNF", d) for d in "bdefgh"])
    builder.snapshots = [{"after_round": 2, "src": ["s"],
                          "rows": [{"driver": "a", "points": 40}, {"driver": "c", "points": 16}]}]
    run = builder.run()
    assert run.verdict != "invalid", run.findings
    out = scenarios(run.season, run.ruleset, after_round=2, settings=Settings(work_limit=10.0, minimize=False))
    assert out["route"].startswith("worlds engine")
    assert out["contenders"] == ["a"]
    c = next(x for x in out["chances"] if x["driver"] == "c")
    assert c["can_win"] is False


def test_supercup_2007_after_round_10_westbrooks_table_every_place():
    """Westbrook against Faulkner in the finale (round 11), every place the table pays (20-18-16-14-12-10-9-8-7-6-5-4-
    3-2-1), in every world consistent with the record and the published standings.

    Golden: the seed's statement (Spa qualifying report "Sessionbericht: Bleekemolen auf Pole", motorsport-magazin.com,
    15 Sep 2007): "if Faulkner wins, 5th place is enough for Westbrook; a points tie goes to the driver with more
    wins" -- 5th certain, 6th not enough in any world. Hand-worked from the published standings: Westbrook 10 ahead
    after round 10 (standings.yaml, lfp10/mm51148/mt0915), 2 wins each (Westbrook Barcelona and Hungaroring,
    Faulkner Bahrain and Monza: the round files). If Faulkner is 2nd (18), Westbrook's 7th (9) leaves him a point
    ahead and 9th (7) a point behind: the answer is 7th or 8th (8th leaves them level on points and wins: the
    countback, which the engine decides). If Faulkner is 7th or worse (9 points at most), he cannot get level:
    Westbrook is champion whatever he finishes."""
    run = run_season(ROOT / "seasons" / "porsche-supercup" / "2007", RulesCache())
    out = scenarios(run.season, run.ruleset, after_round=10, driver="richard-westbrook",
                    settings=Settings(work_limit=20.0, minimize=False))
    rows = _rows(out, "richard-westbrook", "damien-faulkner")
    assert sorted(rows) == list(range(16))          # Faulkner 1st..15th and no points
    assert (rows[1]["certain"], rows[1]["possible"]) == (5, 5)
    assert rows[1]["text"] == ("if damien-faulkner finishes 1st, richard-westbrook needs 5th or better: then he is "
                               "champion in every world, with less in none")
    assert {p["status"] for p in rows[1]["probes"] if p["place"] == 5} == {"UNSAT", "SAT"}   # proof and witness
    assert rows[2]["certain"] == rows[2]["possible"] and rows[2]["certain"] in (7, 8)
    for p in list(range(7, 16)) + [0]:
        assert rows[p]["certain"] == 0, p       # 0: no points -- champion whatever he finishes
        assert rows[p]["text"].endswith("richard-westbrook is champion whatever he finishes")
    assert not any(r.get("undecided") for r in rows.values())