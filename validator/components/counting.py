"""Which results count towards the championship total."""
from __future__ import annotations

from validator.components.base import Component, register
from validator.engine.interval import ZERO, Interval, exact_number

COUNTED, DROPPED, MAYBE = "counted", "dropped", "may be dropped"


def _marks(values: list[Interval], n: int) -> list[str]:
    """Which of the round scores the n best keep. Exact scores: the n highest, the earlier round first among
    equal ones (which of two equal scores is dropped never changes the total). Intervals: a score surely counts
    when fewer than n others can beat it, is surely dropped when n others are surely at least as high, and may
    be dropped otherwise."""
    if len(values) <= n:
        return [COUNTED] * len(values)
    if all(v.is_exact for v in values):
        keep = set(sorted(range(len(values)), key=lambda i: (-values[i].lo, i))[:n])
        return [COUNTED if i in keep else DROPPED for i in range(len(values))]
    out = []
    for i, v in enumerate(values):
        others = [w for j, w in enumerate(values) if j != i]
        if sum(w.hi > v.lo for w in others) < n:
            out.append(COUNTED)
        elif sum(w.lo >= v.hi for w in others) >= n:
            out.append(DROPPED)
        else:
            out.append(MAYBE)
    return out


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

    def encode(self, wm, per_round: list):
        """CP-SAT: the sum of the round scores (exact linear expressions)."""
        return wm.best_of(per_round, len(per_round))

    def marks(self, per_round: list[Interval]) -> list[str]:
        """Every round's score counts."""
        return [COUNTED] * len(per_round)


def _best(values: list[Interval], n: int) -> Interval:
    """The n best lower bounds and the n best upper bounds (one sort when every value is exact)."""
    lo = [v.lo for v in values]
    hi = [v.hi for v in values]
    exact = lo == hi
    if len(values) > n:
        lo = sorted(lo, reverse=True)[:n]
        hi = lo if exact else sorted(hi, reverse=True)[:n]
    total = exact_number(sum(lo, 0))
    return Interval(total, total if exact else exact_number(sum(hi, 0)))


@register
class BestN(Component):
    """Only the `n` best round scores count. With intervals, the n best lower bounds and the n best upper
    bounds bound the counted total (both are monotone in every round's score)."""

    name = "best-n"
    stage = "counting"
    zero_round_neutral = True  # with no negative round scores, one more round of 0 never changes the best n

    def total(self, per_round: list[Interval]) -> Interval:
        return _best(per_round, self.params["n"])

    def encode(self, wm, per_round: list):
        """CP-SAT (WorldModel.best_of): counted booleans c_r with sum c = min(n, R); a counted round scores at
        least every uncounted one; the total is the sum of the counted rounds' points."""
        return wm.best_of(per_round, self.params["n"])

    def marks(self, per_round: list[Interval]) -> list[str]:
        """Which round scores the best n keep (`counted`, `dropped` or `may be dropped`), one per round."""
        return _marks(per_round, self.params["n"])


@register
class SplitSeason(Component):
    """The season is cut into parts (by round number); in each part only the `best` round scores count."""

    name = "split-season"
    stage = "counting"
    zero_round_neutral = True  # as best-n, part by part

    def total(self, per_round: list[Interval]) -> Interval:
        out = ZERO
        for part in self.params["parts"]:
            first, last = part["rounds"]
            out = out + _best(per_round[first - 1:last], part["best"])
        return out

    def encode(self, wm, per_round: list):
        """CP-SAT: best-n (WorldModel.best_of) part by part, summed."""
        out = wm.best_of([], 0)
        for part in self.params["parts"]:
            first, last = part["rounds"]
            out = out + wm.best_of(per_round[first - 1:last], part["best"])
        return out

    def marks(self, per_round: list[Interval]) -> list[str]:
        """As best-n, part by part; a round outside every part counts for nothing (dropped)."""
        out = [DROPPED] * len(per_round)
        for part in self.params["parts"]:
            first, last = part["rounds"]
            out[first - 1:last] = _marks(per_round[first - 1:last], part["best"])
        return out
