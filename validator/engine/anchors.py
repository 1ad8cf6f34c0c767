"""Published standings as constraints: bound the difference between two competitors after some round.

Without snapshots, the difference is bounded by the two independent total intervals. A published snapshot
that pins both totals (or their gap) after round j anchors the difference there; from j on only the rounds
after j add uncertainty. Every bound says which published facts it rests on, so a proof can name them.
Only used when the counting rule is additive (every result counts).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from validator.engine.interval import Interval
from validator.engine.score import ClassificationResult
from validator.model.season import Season


@dataclass(frozen=True)
class Anchor:
    round: int
    value: Fraction          # published (a - b) after `round`
    basis: str               # human-readable: which published facts, with sources


@dataclass(frozen=True)
class Bound:
    interval: Interval
    basis: str               # "independent totals" or the anchor's basis


def _published_totals(season: Season, classification: str, trusted) -> dict[int, dict[str, tuple[Fraction, str]]]:
    out: dict[int, dict[str, tuple[Fraction, str]]] = {}
    for snap in season.snapshots:
        if snap.classification != classification or snap.after_round == "final" or not trusted(snap):
            continue
        for row in snap.rows:
            if row.points is not None and row.points.decimals is None:
                out.setdefault(snap.after_round, {})[row.subject] = (row.points.value, f"{row.points.text} [{', '.join(row.src)}]")
    return out


def anchors(season: Season, result: ClassificationResult, a: str, b: str, trusted=lambda s: True) -> list[Anchor]:
    totals = _published_totals(season, result.name, trusted)
    found: list[Anchor] = []
    for rnd, rows in totals.items():
        if a in rows and b in rows:
            found.append(Anchor(rnd, rows[a][0] - rows[b][0],
                                f"published after R{rnd}: {a} {rows[a][1]}, {b} {rows[b][1]}"))
    for snap in season.snapshots:
        if snap.classification != result.name or snap.after_round == "final" or not trusted(snap):
            continue
        for gap in snap.gaps:
            if {gap.ahead, gap.behind} == {a, b}:
                sign = 1 if gap.ahead == a else -1
                found.append(Anchor(snap.after_round, sign * gap.points.value,
                                    f"published after R{snap.after_round}: {gap.ahead} leads {gap.behind} by "
                                    f"{gap.points.text} [{', '.join(gap.src)}]"))
    return found


def difference(season: Season, result: ClassificationResult, a: str, b: str, upto: int,
               trusted=lambda s: True) -> list[Bound]:
    """Bounds on (total of a) - (total of b) after round `upto`: the independent one, then one per anchor."""
    rec_a, rec_b = result.after[upto].get(a), result.after[upto].get(b)
    ta = rec_a.total if rec_a else Interval.exact(0)
    tb = rec_b.total if rec_b else Interval.exact(0)
    bounds = [Bound(Interval(ta.lo - tb.hi, ta.hi - tb.lo), "independent totals")]
    counting = result.rules.counting
    from validator import components
    if not getattr(components.REGISTRY[counting.use], "additive", False):
        return bounds
    for anchor in anchors(season, result, a, b, trusted):
        if anchor.round > upto:
            continue
        lo = hi = anchor.value
        for rnd in result.after:
            if anchor.round < rnd <= upto:
                pa, pb = result.scored_in(rnd, a), result.scored_in(rnd, b)
                lo += pa.lo - pb.hi
                hi += pa.hi - pb.lo
        bounds.append(Bound(Interval(lo, hi), anchor.basis + (f" + results of R{anchor.round + 1}..R{upto}"
                                                              if anchor.round < upto else "")))
    return bounds


def tightest(bounds: list[Bound]) -> tuple[Interval, list[Bound]]:
    """Intersection of all bounds, and the bounds that set its ends. Empty intersection -> lo > hi."""
    lo = max(b.interval.lo for b in bounds)
    hi = min(b.interval.hi for b in bounds)
    used = [b for b in bounds if b.interval.lo == lo] + [b for b in bounds if b.interval.hi == hi]
    unique = list(dict.fromkeys(used))
    return Interval(lo, hi), unique
