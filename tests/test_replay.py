"""`scrutineer replay SEASON_DIR --rules SERIES@VERSION`: a season's facts under another ruleset version.

Expected figures are worked by hand from published results, not from the code under test:

* Formula One 1988 (published: Senna champion with 90 net points, Prost 87 net; Prost scored 105 gross to
  Senna's 94 under 1988's 9-6-4-3-2-1 table with the best 11 results counting — Wikipedia, "1988 Formula One
  World Championship"). Results by round (same source): Prost won 7 (Brazil, Monaco, Mexico, France, Portugal,
  Spain, Australia) and was 2nd 7 times (San Marino, Canada, Detroit, Germany, Hungary, Belgium, Japan), retiring
  in Britain and Italy: 7 x 9 + 7 x 6 = 105. Senna won 8 (San Marino, Canada, Detroit, Britain, Germany,
  Hungary, Belgium, Japan), was 2nd 3 times (Mexico, France, Australia), 4th in Spain, 6th in Portugal and 10th
  in Italy: 72 + 18 + 3 + 1 = 94. Under the 2010 table (25-18-15-12-10-8-6-4-2-1, every result counting):
  Prost 7 x 25 + 7 x 18 = 301, Senna 8 x 25 + 3 x 18 + 12 + 8 + 1 = 275: Prost would be champion.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from validator import cli

F1_1988 = ROOT / "seasons" / "formula-1" / "1988"
SUPERCUP_2007 = ROOT / "seasons" / "porsche-supercup" / "2007"


def replay(capsys, season: Path, rules: str, fmt: str = "json") -> tuple[int, dict | str]:
    code = cli.main(["replay", str(season), "--rules", rules, "--format", fmt])
    out = capsys.readouterr().out
    return code, (json.loads(out) if fmt == "json" and out.strip() else out)


def _row(report: dict, classification: str, who: str) -> dict:
    cls = next(c for c in report["classifications"] if c["name"] == classification)
    return next(r for r in cls["rows"] if r["competitor"] == who)


def test_f1_1988_under_2010_points_prost_would_be_champion(capsys):
    code, report = replay(capsys, F1_1988, "formula-1@2010")
    assert code == 0
    assert report["own_rules"] == "formula-1@1981.2" and report["rules"] == "formula-1@2010"
    assert report["champion"]["declared"] == "ayrton-senna"
    assert report["champion"]["own_rules"] == ["ayrton-senna"]
    assert report["champion"]["other_rules"] == ["alain-prost"] and report["champion"]["changed"]
    prost, senna = _row(report, "drivers", "alain-prost"), _row(report, "drivers", "ayrton-senna")
    assert (prost["replayed"]["points"], prost["replayed"]["position"]) == ("301", 1)
    assert (senna["replayed"]["points"], senna["replayed"]["position"]) == ("275", 2)
    # beside the published 1988 standings (best 11 of 16): Senna 90, Prost 87
    assert (senna["own"]["points"], senna["own"]["position"]) == ("90", 1)
    assert (prost["own"]["points"], prost["own"]["position"]) == ("87", 2)
    assert report["exact"] is True
    constructors = next(c for c in report["classifications"] if c["name"] == "constructors")
    assert constructors["own_name"] == "constructors"
    code, text = replay(capsys, F1_1988, "formula-1@2010", "text")
    assert ">>> champion under formula-1@2010: alain-prost; under its own rules: ayrton-senna" in text


def test_f1_1988_under_todays_rules_names_the_sprint_table_with_no_sprint(capsys):
    code, report = replay(capsys, F1_1988, "formula-1@2025")
    assert code == 0
    notes = [n for n in report["not_applicable"] if n["code"] == "DIFF006"]
    sprint = [n for n in notes if "has no sprint session" in n["message"]]
    assert {n["message"].split(" ")[1].split(".")[0] for n in sprint} == {"drivers", "constructors"}
    assert all(n["file"] == "rules/formula-1/2025.yaml" and n["line"] for n in sprint)
    # the race table of 2025 is 2010's: the same hand-worked totals
    assert _row(report, "drivers", "alain-prost")["replayed"]["points"] == "301"
    assert _row(report, "drivers", "ayrton-senna")["replayed"]["points"] == "275"


def test_supercup_2007_under_f1_2010_gives_intervals_and_names_what_cannot_apply(capsys):
    code, report = replay(capsys, SUPERCUP_2007, "formula-1@2010")
    assert code == 0
    assert report["exact"] is False  # the 2007 record is incomplete
    westbrook = _row(report, "drivers", "richard-westbrook")
    assert westbrook["replayed"]["status"] == "interval"
    lo, hi = (int(x) for x in westbrook["replayed"]["points"].split(".."))
    assert lo < hi
    messages = [n["message"] for n in report["not_applicable"]]
    assert any("distance-factor cannot apply: the season records no laps" in m for m in messages)
    assert any("guest entries score under formula-1@2010" in m for m in messages)
    # the team classification is paired with the constructors' one (same subject)
    constructors = next(c for c in report["classifications"] if c["name"] == "constructors")
    assert constructors["own_name"] == "teams" and constructors["subject"] == "team"


def test_a_guest_clause_with_no_guest_facts_is_named(capsys):
    code, report = replay(capsys, F1_1988, "porsche-supercup@2007")
    assert code == 0
    assert any("non-scoring-status cannot apply: no fact of the season states the status guest" in n["message"]
               for n in report["not_applicable"])


def test_overrides_and_decisions_of_the_own_rules_are_not_applied_and_say_so(capsys):
    """1997: Schumacher's exclusion is a season decision applied by a clause 2010 does not have."""
    code, report = replay(capsys, ROOT / "seasons" / "formula-1" / "1997", "formula-1@2010")
    assert code == 0
    assert any(n["message"].startswith("exclude decision on michael-schumacher") for n in report["not_applicable"])


@pytest.mark.parametrize("rules, code", [("formula-1", "DIFF007"), ("formula-1@../x", "DIFF007"),
                                         ("formula-1@1800", "REF005")])
def test_bad_rules_argument_is_exit_2(capsys, rules, code):
    assert cli.main(["replay", str(F1_1988), "--rules", rules]) == 2
    err = capsys.readouterr().err
    assert f"error {code}" in err and "Traceback" not in err


def test_not_a_season_is_exit_2(capsys, tmp_path):
    assert cli.main(["replay", str(tmp_path), "--rules", "formula-1@2010"]) == 2
    assert "not a season directory" in capsys.readouterr().err


def test_f1_2023_under_2010_rules_drops_the_sprints_and_says_so(capsys):
    """Verstappen 2023 (Wikipedia, "2023 Formula One World Championship"): 19 Grand Prix wins, 2nd in Saudi
    Arabia and Azerbaijan, 5th in Singapore: under 2010's race table, with no sprint and no fastest-lap point,
    19 x 25 + 2 x 18 + 10 = 521 (575 officially, with sprints and fastest laps)."""
    code, report = replay(capsys, ROOT / "seasons" / "formula-1" / "2023", "formula-1@2010")
    assert code == 0
    verstappen = _row(report, "drivers", "max-verstappen")
    assert verstappen["replayed"]["points"] == "521" and verstappen["replayed"]["wins"] == "19"
    assert verstappen["own"]["points"] == "575"
    assert any("scores no sprint session: the season's 6 sprint session(s) count for nothing" in n["message"]
               for n in report["not_applicable"])


def test_shared_cars_without_a_shared_drive_clause_are_named(capsys):
    code, report = replay(capsys, ROOT / "seasons" / "formula-1" / "1951", "formula-1@2025")
    assert code == 0
    assert any("in shared cars and formula-1@2025 no shared-drive clause" in n["message"]
               for n in report["not_applicable"])
