"""Who can still win, exactly, when every result up to a round is known: the extremal completion.

**The argument.** After round k, can driver X still be champion? Take the completion E(X) in which X wins every
remaining session (and holds its fastest lap), the rest of the field is not classified, and nothing else happens.
X is the champion in some completion if and only if X is the sole leader of E(X)'s final table, because E(X) is
simultaneously best for X and worst for every rival Y in every quantity the ranking reads:

* session points: a win is the largest value of every points table, the fastest-lap bonus only adds, a round
  multiplier or a distance factor scales every car alike (a future race has no recorded short distance, so full
  points); an unclassified car scores nothing, and no component awards negative points;
* counting: `all-results` is a sum; `best-n` and `split-season` keep the n best round scores of a part, which is
  monotone in every round score, so X's counted total is largest and each rival's (who adds only rounds of 0) is
  smallest -- a future result that would only replace a dropped score is exactly what the replay shows, since
  the replay counts with the component itself;
* tie-breaks: `most-wins` counts wins; `countback` compares place counts lexicographically, and adding a 1st
  place is the largest possible step for X while adding nothing is the smallest for a rival; `shared-position`
  and `authority-decides` order nobody (a champion must still be the sole leader);
* adjustments (`season-decisions`) are the season's recorded decisions and apply alike in every completion.

Every driver of the season may take part in every remaining round: entry lists (`entries[].rounds`) record who
did take part, which after round k is hindsight (F1DB's 2026 entries stop at the last round run; 1978's at
Peterson's last race).

So E(X) dominates every other completion for X against every rival at once; the replay through the normal engine
is the witness (or the proof that no completion works). Components outside `MONOTONE` are not covered by this
argument: the caller then uses the CP-SAT engine (`validator/scenarios/open_worlds.py`).

**The filter.** A replay per driver per round is wasted on drivers who are far behind. With the "null"
completion N (an unnamed car wins everything, no named driver scores), every driver's final total in N is the
least he can have, and X's total in E(X) is at most his total in N plus the points the unnamed car took after
round k (the counting components above never add more than the added rounds' points). A driver whose bound is
below some rival's least total cannot be champion; only the others are replayed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.engine.score import UNNAMED
from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.scenarios.completion import Completion, Replay, future_sessions, replay

MONOTONE = {"non-scoring-status", "unclassified-score-nothing", "points-by-position", "fastest-lap-bonus",
            "distance-factor", "round-multiplier", "shared-drive", "best-car-only", "exclude-rounds",
            "all-results", "best-n", "split-season", "most-wins", "countback", "shared-position", "authority-decides",
            "season-decisions"}


def extremal_applies(season: Season, ruleset: Ruleset, classification: str, after_round: int) -> str | None:
    """None when the extremal argument is exact here, else the reason it is not."""
    cls = ruleset.classifications[classification]
    odd = sorted({c.use for c in cls.clauses()} - MONOTONE)
    if odd:
        return f"component(s) {', '.join(odd)} not covered by the extremal argument"
    for rnd in season.rounds:
        if rnd.number > after_round:
            break
        names = {s.name for s in rnd.sessions if s.name in ruleset.sessions}
        if not names or any(not s.complete for s in rnd.sessions if s.name in ruleset.sessions):
            return f"round {rnd.number} is not a complete record"
    return None


def extremal(season: Season, ruleset: Ruleset, after_round: int, driver: str) -> Completion:
    """`driver` wins every session after `after_round` with its fastest lap; nobody else is classified."""
    c = Completion(after_round)
    for key in future_sessions(season, ruleset, after_round):
        c.results[key] = [(driver, 1)]
        c.fastest_lap[key] = driver
    return c


@dataclass
class Chance:
    """Whether a driver can still be champion after a round, with the witness (or the proof) behind it."""

    driver: str
    can_win: bool
    basis: str                                   # extremal-replay | bound | cp-sat
    reason: str
    witness: dict[str, Any] | None = None        # the completion and its final table (engine's own answer)

    def as_dict(self) -> dict[str, Any]:
        out = {"driver": self.driver, "can_win": self.can_win, "basis": self.basis, "reason": self.reason}
        if self.witness is not None:
            out["witness"] = self.witness
        return out


@dataclass
class Standing:
    """Who can still win after one round, and why each other driver cannot."""

    after_round: int
    contenders: list[str]
    chances: list[Chance] = field(default_factory=list)

    def as_dict(self, verbose: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"round": self.after_round, "contenders": self.contenders}
        if verbose:
            out["chances"] = [c.as_dict() for c in self.chances]
        return out


def _points(value) -> str:
    return str(value)


def contenders(season: Season, ruleset: Ruleset, classification: str, after_round: int,
               drivers: list[str] | None = None, witnesses: bool = True, memo: dict | None = None,
               later: set[str] | frozenset[str] = frozenset()) -> Standing:
    """Every driver who can still be champion after `after_round` (complete record; see the module docstring).
    `memo`: one dict per season and classification, shared by every call (recorded sessions scored once).
    `later`: drivers known to be able to win after round `after_round + 1`; they can after `after_round` too, since
    the real results of the next round followed by their witness are a completion (no replay needed)."""
    memo = {} if memo is None else memo
    null = replay(season, ruleset, classification, extremal(season, ruleset, after_round, UNNAMED), memo)
    last = null.result.last_round
    spare = sum((null.result.scored_in(r.number, UNNAMED).hi for r in season.rounds if r.number > after_round), 0)
    floors = {s: rec.total.lo for s, rec in null.result.after[last].items() if s != UNNAMED and not rec.excluded}
    candidates = drivers if drivers is not None else sorted(set(season.drivers) | set(floors))
    chances = []
    for d in candidates:
        rec = null.result.after[last].get(d)
        if rec is not None and rec.excluded:
            chances.append(Chance(d, False, "bound", "excluded from the classification by a recorded decision"))
            continue
        if d in later:
            chances.append(Chance(d, True, "next-round", f"can still win after round {after_round + 1}; the real "
                                  f"results of round {after_round + 1} and that witness are a completion"))
            continue
        least = floors.get(d, 0)
        bound = least + spare
        top = max((v for s, v in floors.items() if s != d), default=0)
        if bound < top:
            leader = next(s for s, v in sorted(floors.items()) if v == top and s != d)
            chances.append(Chance(d, False, "bound", f"at most {_points(bound)} points ({_points(least)} now + "
                                  f"{_points(spare)} still to be awarded) < {leader}'s {_points(top)}"))
            continue
        chances.append(_replayed(season, ruleset, classification, after_round, d, witnesses, memo))
    won = [c.driver for c in chances if c.can_win]
    return Standing(after_round, won, chances)


def _replayed(season: Season, ruleset: Ruleset, classification: str, after_round: int, d: str,
              witnesses: bool, memo: dict) -> Chance:
    completion = extremal(season, ruleset, after_round, d)
    rp = replay(season, ruleset, classification, completion, memo)
    ok = rp.sole_leader(d)
    mine = rp.record(d)
    if ok:
        reason = f"wins every remaining session: {mine.total if mine else 0} points, champion"
    else:
        above = [r for r in rp.table if r.record.subject != d and not rp.ahead(d, r.record.subject)]
        first = above[0] if above else None
        reason = (f"even winning every remaining session ({mine.total if mine else 0} points) is not enough: "
                  f"{first.record.subject} {first.record.total}" + (f", {first.decided_by}" if first and
                                                                    first.decided_by not in ('points', 'open') else "")
                  if first else "not ranked")
    witness = {"completion": completion.as_dict(), "final_table": rp.rows()} if witnesses else None
    return Chance(d, ok, "extremal-replay", reason, witness)


def witness_replay(season: Season, ruleset: Ruleset, classification: str, completion: Completion) -> Replay:
    return replay(season, ruleset, classification, completion)
