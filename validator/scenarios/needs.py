"""What each contender needs in the next round, against each rival's result (complete record: replays).

For contender X, rival Y and a place p of Y in the next round, the table gives the worst place q of X with which X
can still be champion: the completion puts Y at p and X at q in every session of the next round (nobody else
classified), then lets X win every later session (extremal.py). Every entry is the engine's answer for that
completion; q is found by bisection because a better place never hurts X (the same monotonicity the extremal
argument rests on). The table is pairwise: every other driver's result is the one best for X, so "X needs q" is
necessary against Y, and sufficient too when X and Y are the only contenders.
"""
from __future__ import annotations

from typing import Any

from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.scenarios.completion import Completion, future_sessions, replay

NONE = 0  # not classified (no points)


def _completion(season: Season, ruleset: Ruleset, after_round: int, x: str, q: int, y: str, p: int) -> Completion:
    c = Completion(after_round)
    nxt = after_round + 1
    for (r, s) in future_sessions(season, ruleset, after_round):
        if r == nxt:
            rows = [(d, place) for d, place in ((y, p), (x, q)) if place != NONE]
            c.results[r, s] = rows or []
            c.fastest_lap[r, s] = x if q != NONE else (y if p != NONE else None)
            if c.fastest_lap[r, s] is None:
                del c.fastest_lap[r, s]
        else:
            c.results[r, s] = [(x, 1)]
            c.fastest_lap[r, s] = x
    return c


def _can(season, ruleset, classification, after_round, x, q, y, p, memo) -> bool:
    rp = replay(season, ruleset, classification, _completion(season, ruleset, after_round, x, q, y, p), memo)
    return rp.sole_leader(x)


def needs_table(season: Season, ruleset: Ruleset, classification: str, after_round: int, x: str, y: str,
                places: int, memo: dict | None = None) -> list[dict[str, Any]]:
    """Rows {"rival_place": p, "needs": worst q or None (cannot), "witness": completion} for p = 1..places, none."""
    memo = {} if memo is None else memo
    rows = []
    for p in list(range(1, places + 1)) + [NONE]:
        options = [q for q in list(range(1, places + 2)) + [NONE] if q != p or q == NONE]
        # options are ordered best to worst (NONE last); find the last q that still works
        ok = [q for q in options[:1] if _can(season, ruleset, classification, after_round, x, q, y, p, memo)]
        if not ok:
            rows.append({"rival_place": p, "needs": None})
            continue
        lo, hi = 0, len(options) - 1     # options[lo] works; find the largest index that works
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _can(season, ruleset, classification, after_round, x, options[mid], y, p, memo):
                lo = mid
            else:
                hi = mid - 1
        q = options[lo]
        rows.append({"rival_place": p, "needs": q, "any_result": lo == len(options) - 1,
                     "witness": _completion(season, ruleset, after_round, x, q, y, p).as_dict()})
    return rows


def describe(x: str, y: str, row: dict[str, Any], last: bool) -> str:
    p = "scores no points" if row["rival_place"] == NONE else f"finishes {_ordinal(row['rival_place'])}"
    goal = "can still be champion"
    if row["needs"] is None:
        return f"if {y} {p}, {x} cannot be champion"
    if row.get("any_result"):
        return f"if {y} {p}, {x} {goal} whatever his result"
    if row["needs"] == NONE:
        return f"if {y} {p}, {x} {goal} even without points"
    return f"if {y} {p}, {x} needs {_ordinal(row['needs'])} or better"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
