"""`scrutineer clinch`: the round after which a finished championship was decided (validator/scenarios).

Golden answers are independently published facts, each cited; the extremal argument itself is checked on a
hand-worked tiny season (best-n: a future result may only replace a dropped one)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, res
from validator.cli import main
from validator.pipeline import RulesCache, run_season
from validator.scenarios.clinch import NotFinished, clinch
from validator.scenarios.extremal import contenders


def _clinch(year: int) -> dict:
    run = run_season(ROOT / "seasons" / "formula-1" / str(year), RulesCache())
    return clinch(run.season, run.ruleset)


def test_2007_decided_at_the_last_race_among_three():
    # 2007 Brazilian GP (round 17 of 17): Raikkonen, Hamilton and Alonso went into the finale all able to win the
    # title; Raikkonen won it by one point. https://en.wikipedia.org/wiki/2007_Formula_One_World_Championship
    out = _clinch(2007)
    assert out["champion"] == "kimi-raikkonen"
    assert out["clinched_after_round"] == 17
    before_finale = out["rounds"][15]
    assert before_finale["round"] == 16
    assert before_finale["contenders"] == ["fernando-alonso", "kimi-raikkonen", "lewis-hamilton"]


def test_1988_senna_clinched_at_suzuka_round_15_of_16_best_11():
    # 1988 Japanese GP at Suzuka (round 15 of 16): Senna's win clinched the title; only the best 11 results counted
    # (Prost scored more points in total). https://en.wikipedia.org/wiki/1988_Japanese_Grand_Prix
    out = _clinch(1988)
    assert out["champion"] == "ayrton-senna"
    assert out["clinched_after_round"] == 15
    assert out["rounds"][13]["contenders"] == ["alain-prost", "ayrton-senna"]


def test_1964_drop_scores_decided_at_the_finale_among_three():
    # 1964 Mexican GP (round 10 of 10, best 6 results counted): Surtees, Graham Hill and Clark could all still be
    # champion before the last race. https://en.wikipedia.org/wiki/1964_Mexican_Grand_Prix
    out = _clinch(1964)
    assert out["champion"] == "john-surtees"
    assert out["clinched_after_round"] == 10
    assert out["rounds"][8]["contenders"] == ["graham-hill", "jim-clark", "john-surtees"]


def test_a_decision_taken_at_a_later_round_is_unknown_before_it():
    # 1997: Schumacher (78) led Villeneuve (77) into the European GP (round 17); his exclusion was decided after
    # it. https://en.wikipedia.org/wiki/1997_European_Grand_Prix
    out = _clinch(1997)
    assert out["clinched_after_round"] == 17
    assert out["rounds"][15]["contenders"] == ["jacques-villeneuve", "michael-schumacher"]


def test_best_n_a_future_win_may_only_replace_a_dropped_score(builder):
    # hand-worked: best 2 of 3 races, points 20-18-16-...; after R2: a = 20+20 = 40 (counted), b = 18+18 = 36.
    # In R3 b can win (20) but that replaces one 18: b's best two = 38 < 40 -> a has clinched after R2, although
    # a plain sum (b 56 vs a 40) would say otherwise.
    builder.rules["classifications"]["drivers"]["counting"] = {"use": "best-n", "n": 2, "source": "https://example.org/n"}
    builder.calendar = [1, 2, 3]
    for r in (1, 2):
        builder.race(r, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")])
    builder.race(3, complete=True, results=[res(1, "b"), res(2, "a")])
    run = builder.run()
    st = contenders(run.season, run.ruleset, "drivers", 2)
    assert st.contenders == ["a"]
    b = next(c for c in st.chances if c.driver == "b")
    assert not b.can_win and b.basis in ("bound", "extremal-replay")
    st1 = contenders(run.season, run.ruleset, "drivers", 1)
    assert "b" in st1.contenders   # after R1: b wins R2 and R3 -> 36 + ... best two 40 vs a's 20+0 -> b ahead
    witness = next(c for c in st1.chances if c.driver == "b").witness
    assert witness["final_table"][0]["driver"] == "b"


def test_clinch_refuses_a_season_in_progress(capsys):
    code = main(["clinch", str(ROOT / "seasons" / "formula-1" / "2026")])
    assert code == 2
    assert "SCEN001" in capsys.readouterr().err


def test_clinch_json_shape(capsys):
    assert main(["clinch", str(ROOT / "seasons" / "formula-1" / "1988"), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"season", "champion", "clinched_after_round", "rounds"}
    assert all(set(r) == {"round", "contenders"} for r in out["rounds"])
