"""`cars-per-team`: a team has at most `max` cars in a session (Formula One: two per constructor). Where a round has
not been run, every car may be any team's; the clause keeps a team's range to what its two cars can add.

Hand-worked tiny season (the test table 20-18-16-14-12-10-9-8-...): round 1 complete, round 2 still to run.

    R1: a 1st (20, red), c 2nd (18, blue), b 3rd (16, red), e 4th (14, green), d 5th (12, blue),
        f 6th (10, green), g 7th (9, no team), h 8th (8, no team)
    after R1: red 36, blue 30, green 24

In round 2 no entry gives a team (the entries cover round 1 only), so each of the 8 drivers and the unnamed car
may score for any team, each at most a win (20). Without the clause red may add 9 cars x 20 = 180 (36..216); with
two cars per team, on two different places, at most a win and a 2nd place, 20 + 18 = 38: red 36..74, blue
30..68, green 24..62 (and at most one more win each).
"""
from __future__ import annotations

import copy

from conftest import res

CARS = {"use": "cars-per-team", "max": 2, "source": "https://example.org/two-cars"}
TEAMS = {"a": "red", "b": "red", "c": "blue", "d": "blue", "e": "green", "f": "green"}


def _season(builder, clause: bool) -> None:
    builder.teams = ["red", "blue", "green"]
    builder.entries = [{"driver": d, "status": "scoring", "src": ["s"], "rounds": [1],
                        **({"team": TEAMS[d]} if d in TEAMS else {})} for d in builder.drivers]
    teams = copy.deepcopy(builder.rules["classifications"]["drivers"])
    teams["subject"] = "team"
    if clause:
        teams["eligibility"].append(CARS)
    builder.rules["classifications"]["teams"] = teams
    builder.calendar = [1, 2]
    builder.race(1, complete=True, results=[res(i + 1, d) for i, d in enumerate("acbedfgh")])


def _after(builder, rnd: int) -> dict:
    run = builder.run()
    assert run.verdict != "invalid", [str(f) for f in run.findings]
    return {t: r.total for t, r in run.results["teams"].after[rnd].items()}


def test_cars_per_team_bounds_a_future_round_by_two_cars(builder):
    _season(builder, clause=True)
    after1, after2 = _after(builder, 1), _after(builder, 2)
    assert {t: (after1[t].lo, after1[t].hi) for t in ("red", "blue", "green")} == \
        {"red": (36, 36), "blue": (30, 30), "green": (24, 24)}
    assert {t: (after2[t].lo, after2[t].hi) for t in ("red", "blue", "green")} == \
        {"red": (36, 74), "blue": (30, 68), "green": (24, 62)}


def test_without_cars_per_team_every_unknown_car_may_score_for_the_team(builder):
    """The same season without the clause: 8 drivers and the unnamed car, each up to 20, may all be red's."""
    _season(builder, clause=False)
    after2 = _after(builder, 2)
    assert (after2["red"].lo, after2["red"].hi) == (36, 36 + 9 * 20)


def test_cars_per_team_counts_a_recorded_car_as_a_held_seat(builder):
    """Round 2 partly recorded: a (red) 1st with a result row holds one of red's two seats, so red adds a's 20
    and at most one more car; the other cars' best is now 2nd (18): red 36 + 20 .. 36 + 20 + 18 = 56..74."""
    _season(builder, clause=True)
    builder.entries = [dict(e, rounds=[1, 2]) if e["driver"] == "a" else e for e in builder.entries]
    builder.race(2, results=[res(1, "a")])
    after2 = _after(builder, 2)
    assert (after2["red"].lo, after2["red"].hi) == (56, 74)


def test_cars_per_team_formula_one_2026_constructors_after_two_more_rounds():
    """The committed 2026 season (formula-1@2025.2) two rounds after the last one run: every constructor may add
    what two cars can score in those rounds' sessions, a win and a 2nd place (sprint 8 + 7, Grand Prix 25 + 18 in
    the 2025 tables), nothing less than its total so far. Worked by hand for the data as committed (results
    through R11, R12 sprint + race and R13 race to run): Mercedes 379 -> 379 + 15 + 43 + 43 = 480; before the
    clause every one of the ~33 possible cars could add its points to every team (379..1633)."""
    from validator.pipeline import RulesCache, run_season
    from tests.conftest import ROOT

    run = run_season(ROOT / "seasons" / "formula-1" / "2026", RulesCache())
    assert run.ruleset.key == "formula-1@2025.2"
    last = run.season.played_through
    later = [r for r in run.season.rounds if r.number > last][:2]
    two = {"sprint": 8 + 7, "race": 25 + 18}
    added = sum(two[name] for r in later for name in r.planned)
    result = run.results["constructors"]
    for team, now in result.after[last].items():
        then = result.after[later[-1].number][team].total
        assert now.total.lo == now.total.hi == then.lo, team
        assert then.hi == now.total.hi + added, team
        assert result.after[later[-1].number][team].wins_hi == now.wins_hi + sum(len(r.planned) for r in later)


def test_cars_per_team_a_recorded_third_car_is_rule011(builder):
    """A session whose rows give red three cars (a, b and g entered for red) contradicts the clause: RULE011
    (an error: the record contradicts the rules, as CONS004), at the session; without the clause nothing is said."""
    _season(builder, clause=True)
    builder.entries = [dict(e, team="red") if e["driver"] == "g" else e for e in builder.entries]
    run = builder.run()
    hits = [f for f in run.findings if f.code == "RULE011"]
    assert len(hits) == 1 and "R1 race: red has 3 cars (a, b, g); the rules allow 2 per team" in hits[0].message
    assert run.verdict == "invalid"
    _season(builder, clause=False)
    builder.entries = [dict(e, team="red") if e["driver"] == "g" else e for e in builder.entries]
    assert "RULE011" not in {f.code for f in builder.run().findings}
