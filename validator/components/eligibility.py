"""Eligibility clauses: who may score, and what a non-scoring car does to the places behind it."""
from __future__ import annotations

from validator.components.base import Component, build, register
from validator.engine.places import Eligibility


def eligibility_of(cls) -> Eligibility:
    """The Eligibility record a classification's eligibility clauses configure (both engines read it: the
    replay in places.py, the worlds engine in worlds/sessions.py)."""
    elig = Eligibility()
    for clause in cls.eligibility:
        build(clause).configure(elig)
    return elig


@register
class NonScoringStatus(Component):
    """Entries with a non-scoring status (guests) score nothing; with pass_down the next eligible finisher
    takes the place's points (Supercup 2007: Monaco winner's points went to the 2nd car on the road)."""

    name = "non-scoring-status"
    stage = "eligibility"

    def configure(self, elig: Eligibility) -> None:
        elig.governed = True
        elig.non_scoring = elig.non_scoring | frozenset(self.params["statuses"])
        elig.pass_down = bool(self.params["pass_down"])
        elig.unstated = self.params.get("unstated", "unknown")


@register
class UnclassifiedScoreNothing(Component):
    """Results marked DNF/DNS/... take no place and score nothing."""

    name = "unclassified-score-nothing"
    stage = "eligibility"

    def configure(self, elig: Eligibility) -> None:
        elig.unclassified_marks = elig.unclassified_marks | frozenset(self.params["marks"])


@register
class CarsPerTeam(Component):
    """A team has at most `max` cars in a session (Formula One: two cars per constructor). Replay: where the
    session is not a complete record, the cars that may not be there (future entrants, cars whose team no fact
    gives) share the team's seats not held by a car with a result row: a team's range gains at most what that
    many cars can score on different places (a win and a 2nd place for two seats; `engine/seats.py`), not what
    every unknown car may score. CP-SAT: the
    worlds engine models team classifications only on complete sessions, where each car's team is a fact: the
    clause constrains nothing there (the record configures it, as every eligibility clause)."""

    name = "cars-per-team"
    stage = "eligibility"

    def configure(self, elig: Eligibility) -> None:
        elig.cars_per_team = int(self.params["max"])
