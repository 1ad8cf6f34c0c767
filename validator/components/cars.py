"""Clauses about cars rather than places: shared drives, and team classifications that count one car."""
from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from validator.components.base import Component, register
from validator.components.bonus import scale_points
from validator.engine.interval import ZERO


def shared_groups(results) -> list[list]:
    """Rows of one shared drive: the same road position and car number, at least one marked shared."""
    groups = defaultdict(list)
    for r in results:
        if isinstance(r.pos, int):
            groups[(r.pos, r.number)].append(r)
    return [g for g in groups.values() if len(g) > 1 and any(r.shared for r in g)]


def _shared_groups(cars) -> list[list]:
    """The cars of each shared drive (by their recorded rows)."""
    by_row = {id(c.result): c for c in cars if c.result is not None}
    groups = shared_groups([c.result for c in cars if c.result is not None])
    return [[by_row[id(r)] for r in g] for g in groups]


@register
class SharedDrive(Component):
    """`mode: split` — the drivers of a shared car divide its points equally (F1 1950-57);
    `mode: none` — drivers of a shared car score nothing and the place's points are not passed on (F1 1958+)."""

    name = "shared-drive"
    stage = "points"

    def encode(self, ctx) -> None:
        """CP-SAT: the shares are facts (the recorded rows of the shared car): a constant factor of 1/k or 0 on
        the points of each driver of the car. Groups are read from the session's rows, so a shared drive with an
        untracked co-driver is still split."""
        if ctx.session.name != self.params["session"]:
            return
        sizes = {id(r): len(g) for g in shared_groups(ctx.session.results) for r in g}
        for car in ctx.scored:
            k = sizes.get(id(car.result)) if car.result is not None else None
            if k:
                car.points = car.points.scale(Fraction(1, k) if self.params["mode"] == "split" else 0)

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

    def encode(self, ctx) -> None:
        """CP-SAT: the team's classified cars together score the largest of their points (one variable equal to
        their maximum), which is exactly what keeping only the best-placed car gives."""
        if ctx.session.name != self.params["session"]:
            return
        teams: dict[str, list] = {}
        for car in ctx.scored:
            if car.team is not None and car.z:
                teams.setdefault(car.team, []).append(car)
        for cars in teams.values():
            if len(cars) > 1:
                best = ctx.max_of([c.points for c in cars])
                for car in cars:
                    car.points = best if car is cars[0] else best.scale(0)

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

    def excludes(self, rnd) -> bool:
        return any(n.lower() in rnd.name.lower() for n in self.params["names"])

    def encode(self, ctx) -> None:
        """CP-SAT: a factor of 0 on every car of an excluded round (the round's name is a fact)."""
        if self.excludes(ctx.round):
            for car in ctx.scored:
                car.points = car.points.scale(0)

    def apply(self, ctx) -> None:
        if not self.excludes(ctx.round):
            return
        scale_points(ctx.cars, Fraction(0), f"round excluded from this classification ({self.at})")
