"""`scrutineer claims`: title-scenario claims from sources, checked over every world consistent with the facts.

The golden statement is the seed document's (the Spa qualifying report "Sessionbericht: Bleekemolen auf Pole",
motorsport-magazin.com, 15 Sep 2007, recorded in seasons/porsche-supercup/2007/claims.yaml): "if Faulkner wins,
5th place is enough for Westbrook; a points tie goes to the driver with more wins". Hand-worked: Westbrook led by
10 after round 10 (published gap); Faulkner's win (20) against Westbrook's 5th (12) leaves Westbrook 2 ahead, 6th
(10) leaves them level and Faulkner ahead on wins (3 to 2). So "4th or better, and only then" is false: 5th is a
counterexample."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from validator.pipeline import RulesCache, run_season
from validator.scenarios.claims import check_claims
from validator.worlds import Settings

SETTINGS = Settings(work_limit=20.0, minimize=False)
SUPERCUP = ROOT / "seasons" / "porsche-supercup" / "2007"


def _season(directory):
    run = run_season(directory, RulesCache(ROOT / "rules"))
    assert run.verdict != "invalid", run.findings
    return run


def test_seed_claim_faulkner_wins_fifth_is_enough_is_true():
    run = _season(SUPERCUP)
    [verdict] = check_claims(run.season, run.ruleset, SETTINGS, only=["spa-faulkner-wins-fifth-is-enough"])
    assert verdict["verdict"] == "TRUE"
    enough, only_if = verdict["parts"]
    assert enough["status"] == only_if["status"] == "TRUE"
    # the proof rests on published standings (the results alone leave the totals open), each located
    assert enough["rests_on"] and all(f["file"].endswith("standings.yaml") and f["line"] for f in enough["rests_on"])
    assert verdict["file"].endswith("claims.yaml") and verdict["line"] == 5


def test_false_variant_fourth_place_needed_has_a_counterexample(tmp_path):
    season_dir = tmp_path / "2007"
    shutil.copytree(SUPERCUP, season_dir)
    text = (season_dir / "claims.yaml").read_text()
    text = text.replace("enough: 5", "enough: 4").replace("id: spa-faulkner-wins-fifth-is-enough",
                                                          "id: false-variant-fourth")
    (season_dir / "claims.yaml").write_text(text)
    run = _season(season_dir)
    [verdict] = check_claims(run.season, run.ruleset, SETTINGS, only=["false-variant-fourth"])
    assert verdict["verdict"] == "FALSE"
    enough, only_if = verdict["parts"]
    assert enough["status"] == "TRUE"          # 4th or better is (a fortiori) enough
    assert only_if["status"] == "FALSE"        # ... but 5th is enough too
    world = only_if["counterexample"]
    final = {r["driver"]: r for r in world["final_standings"]}
    assert world["final_standings"][0]["driver"] == "richard-westbrook"
    assert final["richard-westbrook"]["points"] == final["damien-faulkner"]["points"] + 2
    r11 = {c["driver"]: c for c in world["open_rounds"][0]["classified"]}
    assert r11["richard-westbrook"]["points"] == 12 and r11["damien-faulkner"]["points"] == 20


def test_claim_verdicts_render_as_a_report_section_with_data_escaped():
    from validator.report import html, markdown
    from validator.report.model import build
    from validator.scenarios.sections import claims_section

    run = run_season(ROOT / "seasons" / "formula-1" / "1988", RulesCache())
    model = build(run, ["scrutineer", "report"])
    result = {"id": "x-claim", "text": "Senna <b>needs</b> | a win", "src": ["https://example.org/a"],
              "file": "claims.yaml", "line": 5, "verdict": "FALSE",
              "parts": [{"question": "q", "status": "FALSE", "counterexample": {
                  "final_standings": [{"driver": "alain-prost", "points": 87, "wins": 7}]}}]}
    model["sections"].append(claims_section([result]))
    page = html.render(model)
    assert "x-claim" in page and "<b>needs</b>" not in page and "&lt;b&gt;needs&lt;/b&gt;" in page
    md = markdown.render(model)
    assert "x-claim" in md and "FALSE" in md
