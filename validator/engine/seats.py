"""cars-per-team in the replay: a team's seats in a session that is not a complete record.

In a round still to run (or a session with cars whose team no fact gives) every such car may be any team's. With
a `cars-per-team` limit a team has at most `limit` cars in the session: the cars with a result row of the team
hold seats for sure, and the remaining seats go to at most that many of the cars that may be its own. Those cars
take distinct places, so the team's j-th such car (by place) is placed at best j - 1 places below the best place
any of them can take: its points are at most what the points clauses give a car alone at that place
(`alone`, supplied by score.py). That is what two cars can score (a win and a 2nd place), not twice a win.

Sound for points clauses that give a car alone no less than it gets among the field, and no more at a worse
place (tables that do not increase, RULE002; factors; bonuses of a named holder; reductions among cars of a team
or a shared car only ever lower a car's points) — every registered points component.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from fractions import Fraction

from validator.engine.interval import ZERO, Interval
from validator.engine.places import Car
from validator.findings import Finding
from validator.model.season import Round, Session


def unseated_car(car: Car) -> bool:
    """A car of an incomplete session that may not be there at all (no result row, no sure points, no exact
    place): the car of an entrant of a future round, or one whose team no fact gives. A car with a result row
    holds one of its team's seats for sure."""
    return car.result is None and car.points.lo <= 0 and car.exact_place is None


def too_many_cars(cars: list[Car], limit: int, rnd: Round, session: Session) -> list[Finding]:
    """RULE011: the result rows of a session give a team more cars than cars-per-team allows."""
    held: dict[str, list[str]] = {}
    for car in cars:
        if car.result is not None and car.team is not None:
            held.setdefault(car.team, []).append(car.driver)
    return [Finding("RULE011", f"R{rnd.number} {session.name}: {team} has {len(drivers)} cars ({', '.join(drivers)}); "
                    f"the rules allow {limit} per team", session.loc) for team, drivers in held.items()
            if len(drivers) > limit]


def capped_teams(cars: list[Car], unseated: list[Car], teams, limit: int, pts: dict[str, Interval],
                 wins: dict[str, tuple[int, int]], alone: Callable[[Car], Interval]) -> None:
    """Add to each team's session range what its free seats can add: at most `free` of the unseated cars that
    may be its own, the j-th of them (by place) scoring at most what a car alone gets j - 1 places below their
    best place, and at most what that car itself may score. Wins: one per free seat, at most one a session."""
    held: dict[str, int] = {}
    for car in cars:
        if car.team is not None and not unseated_car(car):
            held[car.team] = held.get(car.team, 0) + 1
    cache: dict[tuple[int, int], Fraction] = {}

    def seat_hi(car: Car, place: int) -> Fraction:
        """The most `car` may score when placed at `place` or below."""
        if car.best is None or place <= car.best:
            return max(car.points.hi, 0)
        key = (id(car), place)
        if key not in cache:
            copy = dataclasses.replace(car, best=place, worst=car.worst if car.worst is None else max(car.worst, place),
                                       points=ZERO, why=[])
            cache[key] = min(max(alone(copy).hi, 0), max(car.points.hi, 0))
        return cache[key]

    for team in teams:
        own = [c for c in unseated if c.eligible != "no" and c.team in (None, team)]
        free = min(max(0, limit - held.get(team, 0)), len(own))
        if not free:
            continue
        top = min((c.best for c in own if c.best is not None), default=None)
        single = sorted((max(c.points.hi, 0) for c in own), reverse=True)[:free]
        seated = sum(single, Fraction(0)) if top is None else \
            sum((max(seat_hi(c, top + j) for c in own) for j in range(free)), Fraction(0))
        lows = sorted(min(c.points.lo, 0) for c in own)[:free]
        pts[team] = pts.get(team, ZERO) + Interval(sum(lows, Fraction(0)), min(seated, sum(single, Fraction(0))))
        can_win = any(c.best == 1 and c.points.hi > 0 for c in own)
        lo, hi = wins.get(team, (0, 0))
        wins[team] = (lo, hi + int(can_win))
