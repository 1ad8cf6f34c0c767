"""Order competitors: exactly (points, then the tie-break chain) when totals are exact, else as rank ranges."""
from __future__ import annotations

from dataclasses import dataclass

from validator import components
from validator.engine.record import Record
from validator.engine.score import UNNAMED, ClassificationResult


@dataclass
class Ranked:
    record: Record
    best: int          # best possible position
    worst: int         # worst possible position
    # "points", a tie-break component name, "shared" (level through the chain), "published standings" (a place
    # the audit proved from published standings while the intervals overlap), or "open"
    decided_by: str


def _chain(result: ClassificationResult, after_round: int | None = None) -> list:
    """The tie-break steps in force for the table after `after_round` (steps marked final_only apply to the
    final classification only)."""
    cache = result.__dict__.setdefault("_chain_cache", {})
    if "all" not in cache:
        cache["all"] = [components.build(c) for c in result.rules.tie_break]
    steps = cache["all"]
    if after_round is not None and after_round != result.last_round:
        steps = [s for s in steps if not s.params.get("final_only")]
    return steps


def rank(result: ClassificationResult, after_round: int, unnamed_may_lead: bool = False,
         ahead: frozenset[tuple[str, str]] = frozenset()) -> list[Ranked]:
    """Standings after `after_round`. Exact when every total is exact; otherwise each competitor gets the
    range of positions the intervals allow (others with a surely higher total are surely ahead, others whose
    total may be at least as high may be ahead). `ahead` adds pairs (a, b) known otherwise to end with a ahead of
    b: the audit's proofs from the published standings (`proven_ahead`)."""
    records = [r for r in result.after[after_round].values()
               if (r.total.hi > 0 or r.total.lo > 0) and r.subject != UNNAMED and not r.excluded]
    chain = _chain(result, after_round)
    if all(r.exact for r in records):
        return _rank_exact(records, chain)

    def before(a: Record, b: Record) -> bool:
        return (a.subject, b.subject) in ahead or surely_ahead(a, b, chain)

    out = []
    for r in records:
        surely = sum(1 for o in records if o is not r and before(o, r))
        maybe = sum(1 for o in records if o is not r and not before(r, o))
        anchored = surely == maybe and any(o is not r and not surely_ahead(r, o, chain) for o in records
                                           if (r.subject, o.subject) in ahead)
        out.append(Ranked(r, 1 + surely, 1 + maybe, "published standings" if anchored else "open"))
    out.sort(key=lambda x: (-x.record.total.hi, -x.record.total.lo, x.best, x.record.subject))
    return out


def proven_ahead(claims: list[dict], subjects) -> frozenset[tuple[str, str]]:
    """The pairs (a, b) the audit proved, a ahead of b: a driver whose declared place is proven is surely ahead of
    every driver (of `subjects`) not declared above him (validator/audit/checks.py `outcome`); a place shared
    with a level rival proves no order between them."""
    pairs = set()
    for i, claim in enumerate(claims):
        if claim["status"] != "proven":
            continue
        above = {c["driver"] for c in claims[: i + 1]} | set(claim.get("shared_with", ()))
        pairs.update((claim["driver"], other) for other in subjects if other not in above)
    return frozenset(pairs)


def surely_ahead(a: Record, b: Record, chain: list) -> bool:
    if a.total.lo > b.total.hi:
        return True
    return a.total.lo == b.total.hi and chain_ahead(a, b, chain)


def chain_ahead(a: Record, b: Record, chain: list) -> bool:
    """When a is at worst level with b on points: does the tie-break chain surely put a ahead? Each step's
    `bounds` decide while both records' bounds are equal and exact; a step without bounds decides nothing."""
    for step in chain:
        bounds_a, bounds_b = step.bounds(a), step.bounds(b)
        if bounds_a is None or bounds_b is None:
            return False
        if bounds_a[0] > bounds_b[1]:
            return True
        if not (bounds_a[0] == bounds_a[1] == bounds_b[0] == bounds_b[1]):
            return False
    return False


def _rank_exact(records: list[Record], chain: list) -> list[Ranked]:
    """Sort by points, then the tie-break chain. Records still equal after the whole chain share a range of
    positions: the rules do not say in which order they are listed. Tie-break keys are computed once, and only
    for records level on points (the chain is never consulted otherwise)."""
    ordered = sorted(records, key=lambda r: r.subject)
    ordered.sort(key=lambda r: r.total.lo, reverse=True)  # stable: equal records stay in name order
    out: list[Ranked] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1].total.lo == ordered[i].total.lo:
            j += 1
        level = ordered[i:j + 1]
        if len(level) == 1:
            out.append(Ranked(level[0], i + 1, i + 1, "points"))
        else:
            out.extend(_break_tie(level, chain, i))
        i = j + 1
    return out


def _break_tie(level: list[Record], chain: list, before: int) -> list[Ranked]:
    """Records level on points, in name order, with `before` competitors ahead of them."""
    keys = {id(r): tuple(step.key(r) for step in chain) for r in level}
    level = sorted(level, key=lambda r: keys[id(r)], reverse=True)
    out: list[Ranked] = []
    i = 0
    while i < len(level):
        j = i
        while j + 1 < len(level) and keys[id(level[j + 1])] == keys[id(level[i])]:
            j += 1
        if j > i:
            decided = level_outcome(chain)
        elif i == 0:
            decided = "points"  # ahead of the previous level on points
        else:
            decided = _first_difference(keys[id(level[i - 1])], keys[id(level[i])], chain)
        for k in range(i, j + 1):
            out.append(Ranked(level[k], before + i + 1, before + j + 1, decided))
        i = j + 1
    return out


def _first_difference(prev: tuple, key: tuple, chain: list) -> str:
    for step, a, b in zip(chain, prev, key):
        if a != b:
            return step.name
    return level_outcome(chain)


def level_outcome(chain: list) -> str:
    """What records level through the whole chain get: what a step of the chain declares, else "shared" as
    well: the rules then say nothing (RULE005 warns) and the records are listed on one range of positions."""
    return declared_outcome(chain) or "shared"


def declared_outcome(chain: list) -> str | None:
    """What a step of the chain declares for records level through all of it (`level_outcome`: "shared" for
    `shared-position`), or None when no step does."""
    declared = [step.level_outcome for step in chain if getattr(step, "level_outcome", None)]
    return declared[-1] if declared else None


def level_verdict(chain: list) -> tuple[str, str]:
    """How `check` reads two exact records level on points and on every step of the chain: ("level", ...) when
    the chain shares the place (shared-position), ("undecided", the step's `level_text`) when the governing body
    places them and no decision is recorded (authority-decides), else ("open", ...): the rules say nothing."""
    outcome = declared_outcome(chain)
    if outcome == "shared":
        return "level", "level on points and on every tie-break step: the place is shared"
    if outcome == "undecided":
        step = next(s for s in chain if getattr(s, "level_outcome", None) == outcome)
        return "undecided", step.level_text
    return "open", "level on points and on every tie-break step"
