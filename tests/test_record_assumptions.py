"""Assumptions of the record (season.yaml `assumptions`): used only where no source states a status, and always
listed among what the verdict rests on (REC001). The 2007 record keeps facts and assumptions apart."""
from __future__ import annotations

from fractions import Fraction

import yaml

from tests.conftest import ROOT, res
from validator.pipeline import RulesCache, run_as_dict, run_season

SUPERCUP = ROOT / "seasons" / "porsche-supercup" / "2007"


def _points(run, driver):
    rec = run.results["drivers"].after[1].get(driver)
    return (rec.total.lo, rec.total.hi)


BC_SCORE = [{"driver": "b", "status": "scoring", "src": ["s"]}, {"driver": "c", "status": "scoring", "src": ["s"]}]


def _unstated(builder, **assumption):
    """Round 1: a, b, c on the road; no entry states a status (the races state b's and c's)."""
    builder.calendar = [1]
    builder.drivers = ["a", "b", "c"]
    builder.entries = [{"driver": x, "src": ["s"]} for x in builder.drivers]
    if assumption:
        builder.assumptions = [{"id": "x", "statement": "st", "reason": "why", "src": ["s"], **assumption}]


def test_without_status_the_engine_carries_the_unknown(builder):
    # a guest winner would pass 20 down to b; a scoring winner leaves b 18: b has 18..20
    _unstated(builder)
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")], statuses=BC_SCORE)
    assert _points(builder.run(), "b") == (Fraction(18), Fraction(20))


def test_an_assumed_status_is_used_where_no_source_states_one(builder):
    _unstated(builder, statuses=[{"driver": "a", "status": "guest"}])
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")], statuses=BC_SCORE)
    run = builder.run()
    assert _points(run, "a") == (0, 0)
    assert _points(run, "b") == (20, 20)  # a assumed a guest: the winner's points pass down to b


def test_a_stated_status_wins_over_an_assumption(builder):
    _unstated(builder, statuses=[{"driver": "a", "status": "guest"}])
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")],
                 statuses=[{"driver": "a", "status": "scoring", "src": ["s"]}, *BC_SCORE])
    run = builder.run()
    assert _points(run, "a") == (20, 20) and _points(run, "b") == (18, 18)


def test_an_assumption_covers_only_its_rounds(builder):
    _unstated(builder, statuses=[{"driver": "a", "status": "guest", "rounds": [2]}])
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")], statuses=BC_SCORE)
    assert _points(builder.run(), "b") == (18, 20)  # round 1 not covered: a's status stays unknown


def test_every_assumption_is_listed_as_what_the_verdict_rests_on(builder):
    _unstated(builder, statuses=[{"driver": "a", "status": "guest"}])
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")], statuses=BC_SCORE)
    summary = run_as_dict(builder.run())
    assert [a["id"] for a in summary["assumptions"]] == ["x"]
    assert summary["assumptions"][0]["reason"] == "why" and summary["assumptions"][0]["src"] == ["s"]
    rec = [f for f in summary["findings"] if f["code"] == "REC001"]
    assert len(rec) == 1 and rec[0]["severity"] == "info" and "'x'" in rec[0]["message"]
    assert rec[0]["file"].endswith("season.yaml") and rec[0]["line"]


def test_two_assumptions_with_one_id_are_invalid(builder):
    _unstated(builder, statuses=[{"driver": "a", "status": "guest"}])
    builder.assumptions.append(dict(builder.assumptions[0]))
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")], statuses=BC_SCORE)
    run = builder.run()
    assert run.verdict == "invalid" and any(f.code == "REC002" for f in run.findings)


# ------------------------------------------------------------------ the 2007 record: facts and assumptions apart

def _season() -> dict:
    return yaml.safe_load((SUPERCUP / "season.yaml").read_text("utf-8"))


def test_2007_no_entry_claims_a_scoring_status_no_source_states():
    """Evidence §9.7 and §2: no source states any driver's season-long scoring status; only guests are named."""
    statuses = {(e["driver"], e.get("status")) for e in _season()["entries"]}
    assert not {s for _, s in statuses} - {None, "guest"}


def test_2007_team_membership_readings_are_explicit_assumptions():
    assumed = {s["driver"] for a in _season()["assumptions"] for s in a["statuses"]}
    assert assumed == {"richard-westbrook", "michael-schrey", "damien-faulkner", "alessandro-zampedri",
                       "stefan-rosina", "mikael-forsten", "uwe-alzen", "marc-benz"}
    summary = run_as_dict(run_season(SUPERCUP, RulesCache(ROOT / "rules")))
    assert len([f for f in summary["findings"] if f["code"] == "REC001"]) == len(_season()["assumptions"])
    assert summary["verdict"] == "consistent"


def test_2007_magny_cours_grid_penalty_is_one_penalty_with_two_sources():
    round5 = yaml.safe_load((SUPERCUP / "rounds" / "05-magny-cours.yaml").read_text("utf-8"))
    penalties = [p for p in round5["sessions"][0]["penalties"] if p["driver"] == "darryl-o-young"]
    assert len(penalties) == 1 and penalties[0]["src"] == ["schnabl-mc", "schnabl-pre-gb"]


def test_2007_car_number_remark_is_not_presented_as_a_sourced_fact():
    notes = [n["text"] for n in _season()["notes"] if "#88" in n["text"]]
    assert notes and all("remark of the evidence file" in n for n in notes if "no other" in n or "only" in n)
    assert not any("the only car number found" in n for n in notes)



def test_the_markdown_report_lists_the_assumptions():
    from validator.report.markdown import render
    from validator.report.model import build

    text = render(build(run_season(SUPERCUP, RulesCache(ROOT / "rules")), ["scrutineer", "report"]))
    assert "### Assumptions of the record the verdict rests on (3)" in text
    for a in _season()["assumptions"]:
        assert a["statement"] in text


def test_an_assumption_every_race_makes_redundant_is_flagged(builder):
    """Round 1 states a's status; the assumption covers only round 1: never used -> REC003, no REC001."""
    _unstated(builder, statuses=[{"driver": "a", "status": "guest", "rounds": [1]}])
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")],
                 statuses=[{"driver": "a", "status": "scoring", "src": ["s"]}, *BC_SCORE])
    codes = [f["code"] for f in run_as_dict(builder.run())["findings"]]
    assert "REC003" in codes and "REC001" not in codes
