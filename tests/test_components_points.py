"""Points-stage rule components, each tested by the clause it implements on a tiny season, with the expected
values worked out by hand here from the cited regulation (points tables from the F1 points-scoring history,
https://en.wikipedia.org/wiki/List_of_Formula_One_World_Championship_points_scoring_systems, the source of the
rules/formula-1 versions that use each clause)."""
from __future__ import annotations

from fractions import Fraction

from tests.conftest import res
from tests.test_rule_components import exact, points

SRC = "https://en.wikipedia.org/wiki/List_of_Formula_One_World_Championship_points_scoring_systems"
ELIGIBILITY = [{"use": "unclassified-score-nothing", "marks": ["DNF", "DNS", "DSQ", "NC"], "source": SRC}]
TIE = [{"use": "countback", "session": "race", "source": SRC}]


def classification(subject: str, points: list[dict], counting: str = "all-results") -> dict:
    return {"subject": subject, "eligibility": ELIGIBILITY, "points": points,
            "counting": {"use": counting, "source": SRC}, "tie_break": TIE}


def table(values: list[int]) -> dict:
    return {"use": "points-by-position", "session": "race", "table": values, "source": SRC}


def f1(builder, drivers: list[dict], teams: list[dict] | None = None) -> None:
    """A Formula One style ruleset: no statuses (every entry scores), the given points clauses."""
    builder.rules["classifications"] = {"drivers": classification("driver", drivers)}
    if teams is not None:
        builder.rules["classifications"]["teams"] = classification("team", teams)


# ------------------------------------------------------------------------------------------- fastest-lap-bonus

FL_1950 = {"use": "fastest-lap-bonus", "session": "race", "points": 1, "source": SRC}


def test_fastest_lap_bonus_adds_its_points_to_the_holder(builder):
    """F1 1950-1959: 1 point for the fastest lap. Hand-worked: winner 8 + 1 = 9, second 6."""
    f1(builder, [table([8, 6, 4, 3, 2]), FL_1950])
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")], fastest_lap=[{"driver": "a"}])
    run = builder.run()
    assert points(run, "a") == exact(9)
    assert points(run, "b") == exact(6)


def test_fastest_lap_bonus_shared_equally_by_joint_holders(builder):
    """1954 British GP: seven drivers set the same fastest lap (1:50) and shared its point, 1/7 each (F1DB
    prints 0.14). Hand-worked: a won (8 + 1/7 = 57/7); b..g finished 6th-11th, outside the five scoring places,
    and get 1/7 each; h, 2nd without the fastest lap, 6."""
    f1(builder, [table([8, 6, 4, 3, 2]), FL_1950])
    builder.drivers = list("abcdefghijk")
    builder.calendar = [1]
    holders = ["a", "b", "c", "d", "e", "f", "g"]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "h"), res(3, "i"), res(4, "j"), res(5, "k")]
                 + [res(i + 6, x) for i, x in enumerate(holders[1:])],
                 fastest_lap=[{"driver": x} for x in holders])
    run = builder.run()
    assert points(run, "a") == exact(Fraction(57, 7))
    assert points(run, "b") == points(run, "g") == exact(Fraction(1, 7))
    assert points(run, "h") == exact(6)


def test_fastest_lap_bonus_only_inside_max_place(builder):
    """F1 2019-2024 (Sporting Regulations art. 6.4): the fastest-lap point only if classified in the top ten.
    2019 Singapore GP: Magnussen set the fastest lap and finished 17th: no point. Hand-worked with the 2019 table:
    17th scores 0 + 0; a winner with the fastest lap scores 25 + 1 = 26."""
    f1(builder, [table([25, 18, 15, 12, 10, 8, 6, 4, 2, 1]),
                 {"use": "fastest-lap-bonus", "session": "race", "points": 1, "max_place": 10, "source": SRC}])
    builder.drivers = [f"d{i}" for i in range(1, 18)]
    builder.calendar = [1, 2]
    builder.race(1, complete=True, results=[res(i, f"d{i}") for i in range(1, 18)], fastest_lap=[{"driver": "d17"}])
    builder.race(2, complete=True, results=[res(i, f"d{i}") for i in range(1, 18)], fastest_lap=[{"driver": "d1"}])
    run = builder.run()
    assert points(run, "d17", after_round=1) == exact(0)
    assert points(run, "d1", after_round=1) == exact(25)
    assert points(run, "d1") == exact(25 + 26)


# ------------------------------------------------------------------------------------------- distance-factor

HALF_UNDER_75 = {"use": "distance-factor", "session": "race", "below": "3/4", "factor": "1/2", "source": SRC}
TABLE_2021 = [25, 18, 15, 12, 10, 8, 6, 4, 2, 1]


def test_distance_factor_halves_points_of_a_short_race(builder):
    """2021 Belgian GP (art. 6.5, half points under 75 % of the distance): 1 of 44 laps counted; Verstappen
    12.5, Russell 9, Hamilton 7.5 (= 25, 18, 15 halved)."""
    f1(builder, [table(TABLE_2021), HALF_UNDER_75])
    builder.calendar = [1]
    builder.race(1, complete=True, laps={"run": 1, "scheduled": 44, "src": ["s"]},
                 results=[res(1, "a"), res(2, "b"), res(3, "c")])
    run = builder.run()
    assert points(run, "a") == exact(Fraction(25, 2))
    assert points(run, "b") == exact(9)
    assert points(run, "c") == exact(Fraction(15, 2))


def test_distance_factor_not_applied_at_exactly_the_threshold(builder):
    """'less than 75 %': 33 of 44 laps is exactly 75 % -> full points (25)."""
    f1(builder, [table(TABLE_2021), HALF_UNDER_75])
    builder.calendar = [1]
    builder.race(1, complete=True, laps={"run": 33, "scheduled": 44, "src": ["s"]}, results=[res(1, "a")])
    assert points(builder.run(), "a") == exact(25)


def test_distance_factor_needs_both_lap_counts(builder):
    """Without the scheduled distance the clause cannot apply: full points."""
    f1(builder, [table(TABLE_2021), HALF_UNDER_75])
    builder.calendar = [1]
    builder.race(1, complete=True, laps={"run": 1, "src": ["s"]}, results=[res(1, "a")])
    assert points(builder.run(), "a") == exact(25)


# ------------------------------------------------------------------------------------------- round-multiplier

def test_round_multiplier_doubles_the_final_round(builder):
    """F1 2014: double points at the final round (Abu Dhabi). Hamilton won: 2 x 25 = 50; Massa 2nd: 2 x 18 = 36;
    Bottas 3rd: 2 x 15 = 30. Round 1 is not doubled (a: 25)."""
    f1(builder, [table(TABLE_2021), {"use": "round-multiplier", "session": "race", "factor": 2, "final": True,
                                     "source": SRC}])
    builder.calendar = [1, 2]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")])
    builder.race(2, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")])
    run = builder.run()
    assert points(run, "a", after_round=1) == exact(25)
    assert points(run, "a") == exact(25 + 50)
    assert points(run, "b") == exact(18 + 36)
    assert points(run, "c") == exact(15 + 30)


def test_round_multiplier_at_listed_rounds(builder):
    """`rounds: [1]`: only round 1 is multiplied (x3 here: 3 x 25 = 75), round 2 keeps 25."""
    f1(builder, [table(TABLE_2021), {"use": "round-multiplier", "session": "race", "factor": 3, "rounds": [1],
                                     "source": SRC}])
    builder.race(1, complete=True, results=[res(1, "a")])
    builder.race(2, complete=True, results=[res(1, "a")])
    run = builder.run()
    assert points(run, "a", after_round=1) == exact(75)
    assert points(run, "a") == exact(100)


# ------------------------------------------------------------------------------------------- shared-drive

def test_shared_drive_split_divides_the_cars_points(builder):
    """F1 1950-1957: the drivers of a shared car divide its points. 1951 French GP: Fangio took over Fagioli's
    car #8 and won; the 8 points were split, 4 each, and Fangio's fastest lap added 1 (Fangio 5, Fagioli 4)."""
    f1(builder, [table([8, 6, 4, 3, 2]), {"use": "shared-drive", "session": "race", "mode": "split", "source": SRC},
                 FL_1950])
    builder.calendar = [1]
    builder.race(1, complete=True, fastest_lap=[{"driver": "fangio"}],
                 results=[res(1, "fagioli", number=8), res(1, "fangio", number=8, shared=True), res(2, "b", number=2)])
    builder.drivers = ["fagioli", "fangio", "b"]
    run = builder.run()
    assert points(run, "fagioli") == exact(4)
    assert points(run, "fangio") == exact(5)
    assert points(run, "b") == exact(6)


def test_shared_drive_none_scores_nothing_and_passes_nothing_on(builder):
    """F1 from 1958: a shared car scores nothing for its drivers and its place's points are not passed on.
    Hand-worked: shared car 2nd (6 points lost), the 3rd car keeps 3rd place's 4."""
    f1(builder, [table([8, 6, 4, 3, 2]), {"use": "shared-drive", "session": "race", "mode": "none", "source": SRC}])
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a", number=1), res(2, "b", number=2),
                                            res(2, "c", number=2, shared=True), res(3, "d", number=3)])
    run = builder.run()
    assert points(run, "a") == exact(8)
    assert points(run, "b") == points(run, "c") == exact(0)
    assert points(run, "d") == exact(4)


def test_two_cars_of_one_place_without_shared_mark_are_not_a_shared_drive(builder):
    """Only rows marked `shared` make a shared drive: the clause leaves other cars alone (a: 8)."""
    f1(builder, [table([8, 6, 4, 3, 2]), {"use": "shared-drive", "session": "race", "mode": "none", "source": SRC}])
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a", number=1), res(2, "b", number=2)])
    assert points(builder.run(), "a") == exact(8)


# ------------------------------------------------------------------------------------------- best-car-only

def _teams(builder, *extra: dict) -> None:
    builder.teams = ["ferrari", "tyrrell", "lotus"]
    builder.entries = [{"driver": d, "team": t, "src": ["s"]} for d, t in
                       (("a", "ferrari"), ("b", "tyrrell"), ("c", "ferrari"), ("d", "lotus"))]
    builder.drivers = ["a", "b", "c", "d"]
    f1(builder, [table([9, 6, 4, 3, 2, 1])], [table([9, 6, 4, 3, 2, 1]), *extra])


def test_best_car_only_counts_the_teams_best_placed_car(builder):
    """F1 constructors to 1978: only each constructor's best-placed car scores. Hand-worked (1961-1990 table
    9-6-4-3-2-1): Ferraris 1st and 3rd -> Ferrari 9 (not 13); Tyrrell 2nd -> 6; the 3rd place's 4 points are
    not passed on, so Lotus 4th -> 3. The drivers keep their own points (c: 4)."""
    _teams(builder, {"use": "best-car-only", "session": "race", "source": SRC})
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a", team="ferrari"), res(2, "b", team="tyrrell"),
                                            res(3, "c", team="ferrari"), res(4, "d", team="lotus")])
    run = builder.run()
    assert points(run, "ferrari", classification="teams") == exact(9)
    assert points(run, "tyrrell", classification="teams") == exact(6)
    assert points(run, "lotus", classification="teams") == exact(3)
    assert points(run, "c") == exact(4)


def test_without_best_car_only_every_car_counts_for_the_team(builder):
    """The contrast (F1 constructors from 1979): Ferrari 9 + 4 = 13."""
    _teams(builder)
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a", team="ferrari"), res(2, "b", team="tyrrell"),
                                            res(3, "c", team="ferrari"), res(4, "d", team="lotus")])
    assert points(builder.run(), "ferrari", classification="teams") == exact(13)


# ------------------------------------------------------------------------------------------- exclude-rounds

def test_exclude_rounds_drops_the_named_round_from_one_classification(builder):
    """F1 1958-1960: the Indianapolis 500 counted for the drivers only, not for the constructors. Hand-worked:
    Ferrari's a wins round 1 (9) and 'Indianapolis 500' round 2 (9): drivers a 18, constructors Ferrari 9."""
    _teams(builder, {"use": "exclude-rounds", "names": ["Indianapolis"], "source": SRC})
    builder.names = {2: "Indianapolis 500"}
    builder.race(1, complete=True, results=[res(1, "a", team="ferrari"), res(2, "b", team="tyrrell")])
    builder.race(2, complete=True, results=[res(1, "a", team="ferrari"), res(2, "b", team="tyrrell")])
    run = builder.run()
    assert points(run, "a") == exact(18)
    assert points(run, "ferrari", classification="teams") == exact(9)
    assert points(run, "tyrrell", classification="teams") == exact(6)
