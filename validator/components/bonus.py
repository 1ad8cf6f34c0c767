"""Points added to or scaling a session's points: fastest lap, short-race factor, round multiplier."""
from __future__ import annotations

from fractions import Fraction

from validator.components.base import Component, register
from validator.engine.interval import Interval
from validator.load import numbers


def _fraction(value) -> Fraction:
    """A rule's figure as a Fraction (read by the one reader the schema's `exact-number` format ran on it; a
    Fraction, so that dividing it stays exact)."""
    return Fraction(numbers.read(value))


def scale_points(cars, factor: Fraction, why: str) -> None:
    """Multiply the points of every car that has any (a factor of 0 takes them away), noting why."""
    for car in cars:
        if car.points.hi:
            car.points = car.points.scale(factor)
            car.why.append(why)


@register
class FastestLapBonus(Component):
    """`points` for the fastest lap of `session`, shared equally between joint holders (1954 British GP: seven
    drivers, 1/7 each). With `max_place`, only a holder classified in that place or better scores it."""

    name = "fastest-lap-bonus"
    stage = "points"

    def singles_out(self, session) -> list[str]:
        return [h.driver for h in session.fastest_lap] if session.name == self.params["session"] else []

    def encode(self, ctx) -> None:
        """CP-SAT: the holder's car gains the share when it scores (and, with max_place, when its scoring place
        is max_place or better: one literal from the car's place)."""
        if ctx.session.name != self.params["session"] or not ctx.session.fastest_lap:
            return
        holders = ctx.session.fastest_lap
        share = _fraction(self.params["points"]) / len(holders)
        max_place = self.params.get("max_place")
        named = [c for c in ctx.scored if c.result is not None or c.z]
        for holder in holders:
            car = self._car_of([c for c in named if c.driver != "?"], holder)
            if car is None:
                continue
            earns = car.scoring if max_place is None else ctx.place_at_most(car, max_place)
            car.points = car.points + ctx.lit(earns).scale(share)

    def apply(self, ctx) -> None:
        if ctx.session.name != self.params["session"] or not ctx.session.fastest_lap:
            return
        holders = ctx.session.fastest_lap
        share = Fraction(_fraction(self.params["points"]), len(holders))
        max_place = self.params.get("max_place")
        for holder in holders:
            car = self._car_of(ctx.cars, holder)
            if car is None or car.eligible == "no":
                continue
            # surely earned: a scoring entrant (placed within max_place in every world); possibly: not ruled out
            sure = car.eligible == "yes" and (max_place is None or (car.worst is not None and car.worst <= max_place))
            maybe = max_place is None or (car.best is not None and car.best <= max_place)
            if not maybe:
                car.why.append(f"fastest lap outside the top {max_place}: no bonus ({self.at})")
                continue
            car.points = car.points + Interval(share if sure else 0, share)
            car.why.append(f"fastest lap{' (shared by %d)' % len(holders) if len(holders) > 1 else ''}: "
                           f"+{share if sure else '0..' + str(share)} ({self.at})")

    @staticmethod
    def _car_of(cars, holder):
        """The holder's car: the first of the holder's results (of the holder's team, when given). Where a
        source credits the point to another of the driver's cars, the season records an override."""
        own = [c for c in cars if c.driver == holder.driver]
        same_team = [c for c in own if holder.team is None or c.team == holder.team]
        return (same_team or own or [None])[0]


@register
class DistanceFactor(Component):
    """Scale the session's points by `factor` when fewer than `below` x the scheduled laps were run
    (half points when under 75 % of the distance)."""

    name = "distance-factor"
    stage = "points"

    def factor(self, session) -> Fraction | None:
        """The factor this clause applies to the session (None: it does not apply)."""
        s = session
        if s.name != self.params["session"] or s.laps_run is None or not s.laps_scheduled:
            return None
        if Fraction(s.laps_run, s.laps_scheduled) >= _fraction(self.params["below"]):
            return None
        return _fraction(self.params["factor"])

    def encode(self, ctx) -> None:
        """CP-SAT: a constant factor on every car's points (the lap counts are facts)."""
        factor = self.factor(ctx.session)
        if factor is not None:
            for car in ctx.scored:
                car.points = car.points.scale(factor)

    def apply(self, ctx) -> None:
        s = ctx.session
        factor = self.factor(s)
        if factor is None:
            return
        scale_points(ctx.cars, factor, f"{s.laps_run}/{s.laps_scheduled} laps < {self.params['below']}: x{factor} "
                                       f"({self.at})")


@register
class RoundMultiplier(Component):
    """Multiply the points of `session` at the season's final round (`final: true`) or at listed rounds."""

    name = "round-multiplier"
    stage = "points"

    def factor(self, season, rnd, session) -> Fraction | None:
        """The factor this clause applies to the session (None: it does not apply)."""
        if session.name != self.params["session"]:
            return None
        last = season.rounds[-1].number
        applies = (self.params.get("final") and rnd.number == last) or rnd.number in self.params.get("rounds", [])
        return _fraction(self.params["factor"]) if applies else None

    def encode(self, ctx) -> None:
        """CP-SAT: a constant factor on every car's points (the round is a fact)."""
        factor = self.factor(ctx.season, ctx.round, ctx.session)
        if factor is not None:
            for car in ctx.scored:
                car.points = car.points.scale(factor)

    def apply(self, ctx) -> None:
        factor = self.factor(ctx.season, ctx.round, ctx.session)
        if factor is None:
            return
        scale_points(ctx.cars, factor, f"round multiplier x{factor} ({self.at})")
