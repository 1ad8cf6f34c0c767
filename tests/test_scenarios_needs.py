"""`scrutineer scenarios`: contenders and next-round needs, on hand-worked positions.

2007 Formula One before the Brazilian GP (round 17 of 17; 2003-2009 points 10-8-6-5-4-3-2-1, ties broken by
countback): Hamilton 107, Alonso 103, Raikkonen 100 (https://en.wikipedia.org/wiki/2007_Brazilian_Grand_Prix).
Hand-worked: if Alonso wins (113), Hamilton needs 2nd (115); 3rd (113) ties and Alonso has more wins (5 to 4)."""
from __future__ import annotations

import json

from conftest import ROOT, res
from validator.cli import main
from validator.pipeline import RulesCache, run_season
from validator.scenarios.scenario import scenarios
from validator.worlds import Settings


def test_2007_before_the_finale_three_contenders_and_what_hamilton_needs():
    run = run_season(ROOT / "seasons" / "formula-1" / "2007", RulesCache())
    out = scenarios(run.season, run.ruleset, after_round=16, places=8)
    assert out["contenders"] == ["fernando-alonso", "kimi-raikkonen", "lewis-hamilton"]
    assert [s["points"] for s in out["standings"]] == ["107", "103", "100"]
    table = next(t for t in out["next_round"] if t["driver"] == "lewis-hamilton" and t["rival"] == "fernando-alonso")
    row = {r["rival_place"]: r for r in table["rows"]}
    assert row[1]["needs"] == 2 and row[1]["text"] == "if fernando-alonso finishes 1st, lewis-hamilton needs 2nd or better"
    # Raikkonen: 100 + 10 = 110 beats Hamilton 107 + 3 (6th) only on countback (6 wins to 4)
    table = next(t for t in out["next_round"] if t["driver"] == "kimi-raikkonen" and t["rival"] == "lewis-hamilton")
    row = {r["rival_place"]: r for r in table["rows"]}
    assert row[5]["needs"] is None and row[6]["needs"] == 1
    # every "can" has a witness completion whose final table the engine computed
    for c in out["chances"]:
        if c["can_win"]:
            assert c["witness"]["final_table"][0]["driver"] == c["driver"]


def test_scenarios_text_and_json_from_the_cli(capsys):
    assert main(["scenarios", str(ROOT / "seasons" / "formula-1" / "2007"), "--after-round", "16", "--places", "3",
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["after_round"] == 16 and out["rounds_left"] == [17]
    assert main(["scenarios", str(ROOT / "seasons" / "formula-1" / "2007"), "--after-round", "99"]) == 2
    assert "SCEN002" in capsys.readouterr().err


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
