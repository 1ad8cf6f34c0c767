"""Which results count towards the championship total."""
from __future__ import annotations

from validator.components import Component, register
from validator.engine.interval import ZERO, Interval


@register
class AllResults(Component):
    name = "all-results"
    stage = "counting"

    def total(self, per_round: list[Interval]) -> Interval:
        out = ZERO
        for value in per_round:
            out = out + value
        return out
