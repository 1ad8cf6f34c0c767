"""What each contender needs in the next round, against each rival's result (complete record: replays).

For contender X, rival Y and a place p of Y in round n+1 (the same place in every session of the round), two
places of X are tabled, each found by bisection over X's places best to worst (a better place never hurts X: the
monotonicity the extremal argument rests on, extremal.py):

* **possible** -- the worst place q with which X can still be champion. The completion: Y at p, X at q, nobody
  else classified in round n+1, X winning every later session. That is the best completion for X against every
  driver at once, so it is exact with any number of contenders: X can still win iff its replay has X sole leader
  (the witness), and the replay one place lower is the proof that he cannot.
* **certain** -- the worst place q with which X is champion in *every* completion (the last round: whatever the
  others finish; earlier: X clinches the title in round n+1). X is not champion iff some driver Z ends level with
  or ahead of him, and each Z can be tested alone: Z takes the best place Y and X leave free in round n+1 (with the
  fastest lap) and wins every later session, X scores nothing later -- the best completion for Z against X. The
  replay where Z catches X is the witness that q is not enough.

`threats` prunes the certain column: a driver who catches X even when X wins round n+1 and he scores nothing in
it rules out every certain entry of every table but the one against himself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.engine.score import UNNAMED
from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.scenarios.completion import Completion, Replay, future_sessions, replay

NONE = 0  # not classified (no points)


@dataclass
class Context:
    """One season, classification and round: the replays share `memo`; `floors` are the least final totals and
    `spare` the most points one driver can still add (the null completion, extremal.py)."""

    season: Season
    ruleset: Ruleset
    classification: str
    after_round: int
    memo: dict = field(default_factory=dict)
    floors: dict[str, Any] = field(default_factory=dict)
    spare: Any = 0

    @property
    def next_round(self) -> int:
        return self.after_round + 1

    @property
    def last(self) -> bool:
        return not [r for r in self.season.rounds if r.number > self.next_round]

    def run(self, c: Completion) -> Replay:
        return replay(self.season, self.ruleset, self.classification, c, self.memo)

    def completion(self, placed: list[tuple[str, int]], fastest: str | None, later: str | None) -> Completion:
        """Round n+1: `placed` (driver, place) in every session, nobody else classified, the fastest lap to
        `fastest`; every later session won by `later` with its fastest lap (nobody classified when None)."""
        c = Completion(self.after_round)
        for (r, s) in future_sessions(self.season, self.ruleset, self.after_round):
            if r == self.next_round:
                c.results[r, s] = [(d, q) for d, q in placed if q != NONE]
                if fastest is not None:
                    c.fastest_lap[r, s] = fastest
            elif later is not None:
                c.results[r, s] = [(later, 1)]
                c.fastest_lap[r, s] = later
            else:
                c.results[r, s] = []
        return c

    def describe(self, placed: list[tuple[str, int]], fastest: str | None, later: str | None) -> dict[str, Any]:
        """The completion `completion(placed, fastest, later)` as compact plain data (it fixes every session)."""
        return {"round": self.next_round, "results": [{"driver": d, "pos": q} for d, q in placed if q != NONE],
                "fastest_lap": fastest, "nobody_else_classified": True,
                "later_rounds": f"{later} wins every session, with its fastest lap; nobody else classified"
                if later else "nobody classified"}

    def suspects(self, x: str) -> list[str]:
        """Every driver who might still end level with or ahead of X: least total + spare >= X's least total
        (the others never can), closest first."""
        mine = self.floors.get(x, 0)
        return sorted((z for z, v in self.floors.items() if z not in (x, UNNAMED) and v + self.spare >= mine),
                      key=lambda z: (-self.floors[z], z))


def options(places: int, taken: int) -> list[int]:
    """X's places best to worst (NONE last), without the rival's place."""
    return [q for q in range(1, places + 2) if q != taken] + [NONE]


def last_working(works, opts: list[int], start: int = 0, guess: int | None = None) -> int | None:
    """The last index (from `start`) whose option works, options working up to some index and not beyond
    (a bisection: each `works` is a replay or a solve). `guess`: an index the answer is likely at (the row
    before's answer): asked first, then its neighbour, then the bisection of what is left -- the same answer
    in two questions when the guess is right."""
    lo, hi = start - 1, len(opts) - 1   # opts[lo] works (start - 1: none known yet); every option after hi fails
    near = [start] if guess is None else [guess, guess + 1, guess - 1]
    while lo < hi:
        while near and not lo < near[0] <= hi:
            near.pop(0)
        probe = near.pop(0) if near else (lo + hi + 1) // 2
        if works(opts[probe]):
            lo = probe
        else:
            hi = probe - 1
    return lo if lo >= start else None


def can_win(ctx: Context, x: str, q: int, y: str, p: int) -> Replay:
    fastest = x if q != NONE else (y if p != NONE else None)
    return ctx.run(ctx.completion([(y, p), (x, q)], fastest, later=x))


def catcher(ctx: Context, x: str, q: int, y: str, p: int, suspects: list[str]) -> tuple[str, dict] | None:
    """A driver who can still end level with or ahead of X when Y is at p and X at q in round n+1, with the
    completion that shows it; None when X is champion in every completion."""
    for z in suspects:
        if z == y:
            placed, fastest = [(y, p), (x, q)], (y if p != NONE else None)
        else:
            free = next(k for k in range(1, 4) if k not in (p, q))
            placed, fastest = [(y, p), (x, q), (z, free)], z
        if not ctx.run(ctx.completion(placed, fastest, later=z)).ahead(x, z):
            return z, ctx.describe(placed, fastest, later=z)
    return None


def threats(ctx: Context, x: str) -> list[dict[str, Any]]:
    """Drivers who can still catch X even when X wins every session of round n+1 and they score nothing in it
    (each with the completion that shows it; at most two are looked for)."""
    out = []
    for z in ctx.suspects(x):
        if not ctx.run(ctx.completion([(x, 1)], x, later=z)).ahead(x, z):
            out.append({"driver": z, "completion": ctx.describe([(x, 1)], x, later=z)})
            if len(out) == 2:
                break
    return out


def pair_table(ctx: Context, x: str, y: str, places: int, x_threats: list[dict[str, Any]],
               depth: int) -> dict[str, Any]:
    """X against Y in round n+1: one row per place of Y (1..places, then no points), or a single line when X can
    still win whatever either finishes and cannot make sure of the title there. X's places run over every place
    the points tables pay (`depth`), one more, and no points."""
    table: dict[str, Any] = {"driver": x, "rival": y, "round": ctx.next_round}
    clinch_blocked = [t for t in x_threats if t["driver"] != y]
    if clinch_blocked:
        table["certain_blocked_by"] = clinch_blocked[0]
    worst = can_win(ctx, x, NONE, y, 1)
    if clinch_blocked and worst.sole_leader(x):
        table["whatever"] = {"witness": ctx.describe([(y, 1)], y, later=x),
                             "final_table": worst.rows(3)}
        table["rows"] = []
        return table
    suspects = [] if clinch_blocked else ctx.suspects(x)
    table["rows"] = [_row(ctx, x, y, p, depth, suspects) for p in list(range(1, places + 1)) + [NONE]]
    return table


def _row(ctx: Context, x: str, y: str, p: int, places: int, suspects: list[str]) -> dict[str, Any]:
    opts = options(places, p)
    i = last_working(lambda q: can_win(ctx, x, q, y, p).sole_leader(x), opts)
    row: dict[str, Any] = {"rival_place": p, "possible": None if i is None else opts[i], "certain": None}
    if i is None:
        best = opts[0]   # the best place left to X: even that is not enough (the replay is the proof)
        row["cannot"] = {"place": best, "completion": ctx.describe([(y, p), (x, best)], x, later=x),
                         "final_table": can_win(ctx, x, best, y, p).rows(3)}
        return row
    q = opts[i]
    row["witness"] = ctx.describe([(y, p), (x, q)], x if q != NONE else (y if p != NONE else None), later=x)
    row["any_result"] = i == len(opts) - 1
    if not row["any_result"]:
        row["not_enough"] = {"place": opts[i + 1], "final_table": can_win(ctx, x, opts[i + 1], y, p).rows(3)}
    if suspects:
        j = last_working(lambda q: catcher(ctx, x, q, y, p, suspects) is None, opts[:i + 1])
        row["certain"] = None if j is None else opts[j]
        stop = (j + 1) if j is not None else 0
        if stop <= i:
            found = catcher(ctx, x, opts[stop], y, p, suspects)
            if found:
                row["caught"] = {"place": opts[stop], "by": found[0], "completion": found[1]}
    return row


def describe(x: str, y: str, row: dict[str, Any], last: bool) -> str:
    """One row in words: "if Y finishes p, X needs q or better" when the possible and certain places agree."""
    p = "scores no points" if row["rival_place"] == NONE else f"finishes {ordinal(row['rival_place'])}"
    head = f"if {y} {p}, {x}"
    poss, cert = row["possible"], row["certain"]
    sure = "is champion" if last else "clinches the title"
    if poss is None:
        return f"{head} cannot be champion"
    if row.get("any_result") and cert == NONE:
        return f"{head} {sure} whatever his result"
    keep = "can still be champion whatever his result" if row.get("any_result") else (
        f"needs {better(poss)}" + ("" if poss == cert else " to keep a chance"))
    if cert is None:
        by = row.get("caught", {}).get("by")
        return f"{head} {keep}" + (f" (not certain with any place: {by} can still catch him)" if by else "")
    if cert == poss:
        return f"{head} {keep}" + ("" if last else " and then clinches the title")
    return f"{head} {keep}; {better(cert)} and he {sure}"


def better(q: int) -> str:
    """"5th or better"; a win is just "1st"."""
    return "1st" if q == 1 else f"{ordinal(q)} or better"


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
