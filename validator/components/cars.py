"""Clauses about cars rather than places: shared drives, and team classifications that count one car."""
from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from validator.components.base import Component, register
from validator.components.bonus import scale_points
from validator.engine.interval import ZERO


def _shared_groups(cars) -> list[list]:
    """Cars of one shared drive: rows with the same road position and car number, at least one marked shared."""
    groups = defaultdict(list)
    for car in cars:
        if car.result is not None and isinstance(car.result.pos, int):
            groups[(car.result.pos, car.result.number)].append(car)
    return [g for g in groups.values() if len(g) > 1 and any(c.result.shared for c in g)]


@register
class SharedDrive(Component):
    """`mode: split` — the drivers of a shared car divide its points equally (F1 1950-57);
    `mode: none` — drivers of a shared car score nothing and the place's points are not passed on (F1 1958+)."""

    name = "shared-drive"
    stage = "points"

    def apply(self, ctx) -> None:
        if ctx.session.name != self.params["session"]:
            return
        mode = self.params["mode"]
        for group in _shared_groups(ctx.cars):
            for car in group:
                if mode == "split":
                    car.points = car.points.scale(Fraction(1, len(group)))
                    car.why.append(f"shared drive by {len(group)}: points split ({self.at})")
                else:
                    car.points = ZERO
                    car.why.append(f"shared drive: no points ({self.at})")


@register
class BestCarOnly(Component):
    """In a team classification, only the team's best-placed car in the session scores (F1 constructors to 1978)."""

    name = "best-car-only"
    stage = "points"

    def apply(self, ctx) -> None:
        if ctx.session.name != self.params["session"]:
            return
        best = {}
        for car in ctx.cars:
            if car.team is None or car.exact_place is None or not car.points.hi:
                continue
            if car.team not in best or car.points.lo > best[car.team].points.lo:
                best[car.team] = car
        for car in ctx.cars:
            if car.team in best and car is not best[car.team] and car.points.hi:
                car.points = ZERO
                car.why.append(f"not the team's best car: 0 ({self.at})")


@register
class ExcludeRounds(Component):
    """Results of rounds whose calendar name contains one of `names` do not count (e.g. the Indianapolis 500
    in the F1 constructors' championship)."""

    name = "exclude-rounds"
    stage = "points"

    def apply(self, ctx) -> None:
        if not any(n.lower() in ctx.round.name.lower() for n in self.params["names"]):
            return
        scale_points(ctx.cars, Fraction(0), f"round excluded from this classification ({self.at})")
