"""Tie-break steps, applied in the order the ruleset lists them."""
from __future__ import annotations

from validator.components.base import Component, register


@register
class MostWins(Component):
    """On equal points, the competitor with more wins ranks higher."""

    name = "most-wins"
    stage = "tie_break"

    def key(self, record) -> int:
        return record.place_counts(self.params.get("session")).get(1, 0)

    def bounds(self, record) -> tuple[int, int]:
        return record.wins(self.params.get("session"))

    def encode(self, wm, subject: str, upto: int) -> list:
        """CP-SAT: the count of scoring place 1 (one term of the ranking key)."""
        return [wm.place_count(subject, upto, 1, self.params.get("session"))]


@register
class Countback(Component):
    """On equal points, compare the number of 1st places, then 2nd places, and so on."""

    name = "countback"
    stage = "tie_break"

    def key(self, record) -> tuple[int, ...]:
        """Counts of 1st, 2nd, ... places without trailing zeros: tuples then compare exactly as a countback
        does (equal prefixes: the record with a further placing ranks higher)."""
        limit = self.params.get("places")
        places = record.place_counts(self.params.get("session"))
        top = max(places, default=0) if limit is None else min(limit, max(places, default=0))
        counts = [places.get(p, 0) for p in range(1, top + 1)]
        while counts and counts[-1] == 0:
            counts.pop()
        return tuple(counts)

    def bounds(self, record):
        return None  # not decidable from intervals

    def encode(self, wm, subject: str, upto: int) -> list:
        """CP-SAT: the counts of scoring places 1..places (every place a session can have when `places` is not
        given), compared lexicographically: the same order as `key`'s tuples without trailing zeros. The counts
        are packed into a few exact terms (`wm.packed`), so a full countback stays a short key."""
        session = self.params.get("session")
        limit = self.params.get("places") or wm.max_place(session)
        counts = [wm.place_count(subject, upto, k, session) for k in range(1, min(limit, wm.max_place(session)) + 1)]
        return wm.packed(counts, wm.count_base(upto, session))


class LevelOutcome(Component):
    """A last step of a chain that orders nobody and declares what records level through the whole chain get
    (`level_outcome`). Replay: a constant key, so level records stay level and `rank` gives them one range of
    positions with `decided_by` = `level_outcome`. Intervals: equal exact bounds, so `chain_ahead` never calls
    one ahead on it. CP-SAT: no terms; `WorldModel.level_outcome` reads `level_outcome` (docs/WORLDS.md). RULE005
    is answered (`declares_fallback`); RULE010 keeps it last."""

    stage = "tie_break"
    declares_fallback = True   # RULE005: the chain says what happens when it runs out
    level_outcome = ""         # set by each step: what records level through the whole chain get

    def key(self, record) -> int:
        return 0

    def bounds(self, record) -> tuple[int, int]:
        return 0, 0

    def encode(self, wm, subject: str, upto: int) -> list:
        """CP-SAT: no term (it separates nobody by anything the data holds)."""
        return []


@register
class SharedPosition(LevelOutcome):
    """Competitors still level after every earlier step share the position (pre-1995 Formula One: "competitors
    still equal share the position"). A declared claim level with a rival through the whole key is then a shared
    place, not a counterexample."""

    name = "shared-position"
    level_outcome = "shared"


@register
class AuthorityDecides(LevelOutcome):
    """Competitors still level after every earlier step are placed by the governing body's decision (Formula One
    from 1995 at least: "if this procedure fails to produce a result, the FIA will nominate the winner according
    to such criteria as it thinks fit"). The rules give no criterion, so the order is a decision nobody can
    compute; no season records one (docs/COMPONENTS.md), so the place stays undecided: `check` calls neither
    ahead ("open", the audit says the governing body decides), and in CP-SAT a claim level with a rival through
    the whole key is not proven (the rival may be placed ahead)."""

    name = "authority-decides"
    level_outcome = "undecided"
    level_text = "level on every tie-break step: the governing body decides the order (no decision recorded)"
