"""Tie-break steps, applied in the order the ruleset lists them."""
from __future__ import annotations

from validator.components import Component, register


@register
class MostWins(Component):
    """On equal points, the competitor with more wins ranks higher."""

    name = "most-wins"
    stage = "tie_break"

    def key(self, record) -> int:
        return record.places.get(1, 0)

    def bounds(self, record) -> tuple[int, int]:
        return record.wins_lo, record.wins_hi


@register
class Countback(Component):
    """On equal points, compare the number of 1st places, then 2nd places, and so on."""

    name = "countback"
    stage = "tie_break"

    def key(self, record) -> tuple[int, ...]:
        places = self.params.get("places") or max(record.places, default=0)
        return tuple(record.places.get(p, 0) for p in range(1, places + 1))

    def bounds(self, record):
        return None  # not decidable from intervals
