"""A completion of a season as plain data, and its replay through the normal engine.

A `Completion` fills every round after `after_round` with hypothetical results (road positions, marks, the
fastest lap, the scoring status of the named cars). `apply` turns it into a season record whose later rounds are
complete classifications holding exactly those results; `replay` scores and ranks that record with the engine
(`engine/score.py`, `engine/rank.py`). Nothing here scores anything: a witness is the engine's own answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from validator.engine.rank import Ranked, rank
from validator.engine.score import ClassificationResult, score_classification
from validator.findings import Location
from validator.model.rules import Ruleset
from validator.model.season import FastestLap, Result, Round, Season, Session, Status

SOURCE = "hypothetical"   # the src of every row a completion adds


@dataclass
class Completion:
    """Hypothetical results for every round after `after_round`: (round, session) -> [(driver, pos or mark)]."""

    after_round: int
    results: dict[tuple[int, str], list[tuple[str, int | str]]] = field(default_factory=dict)
    fastest_lap: dict[tuple[int, str], str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"after_round": self.after_round,
                "sessions": [{"round": r, "session": s, "results": [{"driver": d, "pos": p} for d, p in rows],
                              **({"fastest_lap": self.fastest_lap[r, s]} if (r, s) in self.fastest_lap else {})}
                             for (r, s), rows in sorted(self.results.items())]}


def planned_sessions(rnd: Round, ruleset: Ruleset) -> list[str]:
    """The scoring sessions a round holds: those recorded and those the calendar lists, else every session of the
    rules."""
    names = [s.name for s in rnd.sessions] + list(rnd.planned or ()) or list(ruleset.sessions)
    return [n for n in dict.fromkeys(names) if n in ruleset.sessions]


def future_sessions(season: Season, ruleset: Ruleset, after_round: int) -> list[tuple[int, str]]:
    return [(r.number, name) for r in season.rounds if r.number > after_round for name in planned_sessions(r, ruleset)]


def apply(season: Season, ruleset: Ruleset, completion: Completion) -> Season:
    """The season record with every round after `completion.after_round` replaced by the completion's results
    (complete classifications: nobody else took part)."""
    rounds = []
    for rnd in season.rounds:
        if rnd.number <= completion.after_round:
            rounds.append(rnd)
            continue
        loc = Location(f"{SOURCE} completion after round {completion.after_round}")
        sessions = []
        for name in planned_sessions(rnd, ruleset):
            rows = completion.results.get((rnd.number, name), [])
            results = [Result(d, p, src=(SOURCE,), loc=loc) for d, p in rows]
            # the named cars are championship entries: a completion never makes a guest score
            statuses = [Status(d, "scoring", src=(SOURCE,), loc=loc) for d, p in rows if isinstance(p, int)
                        and _stated(season, rnd.number, d) is None]
            fl = completion.fastest_lap.get((rnd.number, name))
            sessions.append(Session(rnd.number, name, loc, results=results, statuses=statuses,
                                    fastest_lap=[FastestLap(fl, None, loc)] if fl else [], complete=True))
        rounds.append(replace(rnd, sessions=sessions))
    # a decision taken at a later round is an event of that round: unknown after `after_round`
    decisions = [d for d in season.decisions if d.round is None or d.round <= completion.after_round]
    return replace(season, rounds=rounds, decisions=decisions)


def _stated(season: Season, rnd: int, driver: str) -> str | None:
    return season.entry_status(driver, rnd)[0]


@dataclass
class Replay:
    """The engine's answer for one completion: the classification result and the final table."""

    result: ClassificationResult
    table: list[Ranked]

    def record(self, subject: str):
        return self.result.after[self.result.last_round].get(subject)

    def position(self, subject: str) -> tuple[int, int] | None:
        for r in self.table:
            if r.record.subject == subject:
                return r.best, r.worst
        return None

    def sole_leader(self, subject: str) -> bool:
        return self.position(subject) == (1, 1)

    def ahead(self, a: str, b: str) -> bool:
        """a ranks strictly ahead of b in the final table (both exact)."""
        pa, pb = self.position(a), self.position(b)
        if pa is None:
            return False
        return pb is None or pa[1] < pb[0]

    def rows(self, limit: int = 6) -> list[dict]:
        return [{"driver": r.record.subject, "position": r.best if r.best == r.worst else f"{r.best}-{r.worst}",
                 "points": str(r.record.total),
                 "decided_by": r.decided_by} for r in self.table[:limit]]


def replay(season: Season, ruleset: Ruleset, classification: str, completion: Completion,
           memo: dict | None = None) -> Replay:
    """Score and rank the completed season with the engine. Pass one `memo` dict for many completions of the same
    season and classification: the recorded sessions they share are scored once."""
    completed = apply(season, ruleset, completion)
    result = score_classification(completed, ruleset, classification, memo)
    return Replay(result, rank(result, result.last_round))
