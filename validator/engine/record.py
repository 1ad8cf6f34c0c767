"""A competitor's standing after some round: what counting, adjustments, ranking and the audit read."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from validator.engine.interval import Interval

Placings = tuple[tuple[str, int], ...]  # (session, exact scoring place), one entry per placing
EMPTY: Placings = ()


@dataclass(slots=True)
class Record:
    """A competitor's standing after some round."""

    subject: str
    total: Interval
    wins_lo: int
    wins_hi: int
    places: Placings                 # every exact scoring place so far: immutable, shared between rounds
    exact: bool
    excluded: bool = False
    notes: list[str] = field(default_factory=list)
    session_wins: dict[str, tuple[int, int]] = field(default_factory=dict)  # session -> (fewest, most) wins

    def place_counts(self, session: str | None = None) -> Counter:
        """How often the competitor took each scoring place, in one session type or in all."""
        if session is None:
            return Counter(place for _, place in self.places)
        return Counter(place for name, place in self.places if name == session)

    def wins(self, session: str | None = None) -> tuple[int, int]:
        if session is None:
            return self.wins_lo, self.wins_hi
        return self.session_wins.get(session, (0, 0))
