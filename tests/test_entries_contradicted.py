"""CONS010 (docs/FINDINGS.md): results in rounds that every entry of the driver, each listing its rounds, leaves
out. One finding per driver and season, naming every such round: the entries' rounds are set aside for the
driver as a whole, so 212 warnings (one per result) said 93 things."""
from __future__ import annotations

from tests.conftest import ROOT
from validator.pipeline import RulesCache, run_season


def test_cons010_is_one_finding_per_driver_naming_every_round_outside_his_entries():
    """F1 1975: the source extract's entrants.csv has John Watson's Lotus row only (round 11); F1DB's
    entrants.yml (src/data/seasons/1975/entrants.yml) also has him for Matchbox Team Surtees, rounds 1-10 and 12,
    and for Team Penske, round 14: those are the rounds of his results that no imported entry covers."""
    run = run_season(ROOT / "seasons" / "formula-1" / "1975", RulesCache(ROOT / "rules"))
    watson = [f for f in run.findings if f.code == "CONS010" and "john-watson" in f.message]
    assert len(watson) == 1
    (finding,) = watson
    rounds = [*range(1, 11), 12, 14]
    assert f"results in {', '.join(f'R{n}' for n in rounds)} (race)" in finding.message
    assert "entries: rounds 11;" in finding.message
    assert finding.location.file.endswith("seasons/formula-1/1975/rounds/01-argentina.yaml")
    assert len(finding.detail["results"]) == len(rounds)
