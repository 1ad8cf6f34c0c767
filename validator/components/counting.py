"""Which results count towards the championship total."""
from __future__ import annotations

from validator.components import Component, register
from validator.engine.interval import ZERO, Interval


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
