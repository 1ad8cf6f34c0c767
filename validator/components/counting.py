"""Which results count towards the championship total."""
from __future__ import annotations

from validator.components.base import Component, register
from validator.engine.interval import ZERO, Interval, exact_number


@register
class AllResults(Component):
    name = "all-results"
    stage = "counting"
    additive = True  # the total after round k = a published total after round j + the points of rounds j+1..k

    def total(self, per_round: list[Interval]) -> Interval:
        out = ZERO
        for value in per_round:
            out = out + value
        return out


def _best(values: list[Interval], n: int) -> Interval:
    lo = sorted((v.lo for v in values), reverse=True)[:n]
    hi = sorted((v.hi for v in values), reverse=True)[:n]
    return Interval(exact_number(sum(lo, 0)), exact_number(sum(hi, 0)))


@register
class BestN(Component):
    """Only the `n` best round scores count. With intervals, the n best lower bounds and the n best upper
    bounds bound the counted total (both are monotone in every round's score)."""

    name = "best-n"
    stage = "counting"

    def total(self, per_round: list[Interval]) -> Interval:
        return _best(per_round, self.params["n"])


@register
class SplitSeason(Component):
    """The season is cut into parts (by round number); in each part only the `best` round scores count."""

    name = "split-season"
    stage = "counting"

    def total(self, per_round: list[Interval]) -> Interval:
        out = ZERO
        for part in self.params["parts"]:
            first, last = part["rounds"]
            out = out + _best(per_round[first - 1:last], part["best"])
        return out
