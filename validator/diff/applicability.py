"""Which clauses of another ruleset version cannot apply to a season's facts (for `scrutineer replay`), as
DIFF006 notes located at the clause: a session it scores that the season never has, a status it excludes that
no fact states, a bonus or factor whose facts the season does not record. And the season's own things the other
version leaves out: sessions it does not score, points overrides stated under the season's own rules, and
championship decisions with no clause to apply them.

Each check reads the clause's parameters and the season's facts only; nothing here is specific to a series.
"""
from __future__ import annotations

from typing import Callable

from validator.findings import Finding
from validator.model.rules import Clause, Ruleset
from validator.model.season import Season


def _sessions(season: Season) -> set[str]:
    return {s.name for r in season.rounds for s in r.sessions}


def _statuses(season: Season) -> set[str]:
    stated = {e.status for e in season.entries if e.status}
    for rnd in season.rounds:
        for session in rnd.sessions:
            stated |= {s.status for s in session.statuses}
            for conflict in session.conflicts:
                stated |= {s.status for c in conflict.claims if c.facts for s in c.facts.statuses}
    return stated


def _sessions_named(season: Season, name: str):
    return [s for r in season.rounds for s in r.sessions if s.name == name]


def _statuses_check(clause: Clause, season: Season) -> str | None:
    missing = [s for s in clause.params.get("statuses", []) if s not in _statuses(season)]
    if not missing:
        return None
    if clause.params.get("unstated", "unknown") == "scoring":
        return f"no fact of the season states the status {', '.join(missing)}: nobody is excluded by it"
    return (f"no fact of the season states the status {', '.join(missing)}; an entry whose status no fact states "
            "may or may not score under this clause, so its totals become intervals")


def _laps_check(clause: Clause, season: Season) -> str | None:
    sessions = _sessions_named(season, clause.params.get("session", ""))
    if sessions and not any(s.laps_run is not None and s.laps_scheduled is not None for s in sessions):
        return f"the season records no laps run and scheduled for {clause.params['session']}: the factor never applies"
    return None


def _fastest_lap_check(clause: Clause, season: Season) -> str | None:
    sessions = _sessions_named(season, clause.params.get("session", ""))
    if sessions and not any(s.fastest_lap for s in sessions):
        return f"the season records no fastest lap of {clause.params['session']}: the bonus is never awarded"
    return None


def _decisions_check(clause: Clause, season: Season) -> str | None:
    kinds = set(clause.params.get("kinds", []))
    if not any(d.kind in kinds for d in season.decisions):
        return f"the season has no championship decision of kind {', '.join(sorted(kinds))}"
    return None


def _exclude_rounds_check(clause: Clause, season: Season) -> str | None:
    names = clause.params.get("names", [])
    if not any(n in r.name for r in season.rounds for n in names):
        return f"no round of the season is named {' or '.join(map(repr, names))}"
    return None


def _multiplier_check(clause: Clause, season: Season) -> str | None:
    rounds = clause.params.get("rounds")
    if rounds and not set(rounds) & set(season.round_numbers()):
        return f"rounds {', '.join(map(str, rounds))} are not on the season's calendar"
    return None


def _shared_check(clause: Clause, season: Season) -> str | None:
    if not any(r.shared for s in _sessions_named(season, clause.params.get("session", "")) for r in s.results):
        return "no car of the season is shared"
    return None


def _split_check(clause: Clause, season: Season) -> str | None:
    last = max(season.round_numbers(), default=0)
    outside = [p["rounds"] for p in clause.params.get("parts", []) if p["rounds"][0] > last]
    if outside:
        return f"parts {', '.join(f'{a}-{b}' for a, b in outside)} lie beyond the season's last round ({last})"
    return None


def _best_n_check(clause: Clause, season: Season) -> str | None:
    n = clause.params.get("n", 0)
    if n >= len(season.rounds):
        return f"the season has {len(season.rounds)} rounds: best {n} drops nothing (every result counts)"
    return None


# component name -> what it needs of the season's facts (None: it can apply)
CHECKS: dict[str, Callable[[Clause, Season], str | None]] = {
    "non-scoring-status": _statuses_check,
    "distance-factor": _laps_check,
    "fastest-lap-bonus": _fastest_lap_check,
    "season-decisions": _decisions_check,
    "exclude-rounds": _exclude_rounds_check,
    "round-multiplier": _multiplier_check,
    "shared-drive": _shared_check,
    "split-season": _split_check,
    "best-n": _best_n_check,
}


def unusable(season: Season, ruleset: Ruleset) -> list[Finding]:
    """DIFF006 notes: the clauses of `ruleset` that cannot apply to `season`, and what of the season it leaves
    out."""
    had = _sessions(season)
    out: list[Finding] = []
    for cls in ruleset.classifications.values():
        for clause in cls.clauses():
            session = clause.params.get("session")
            why = None
            if session is not None and session not in had:
                why = f"the season has no {session} session"
            elif clause.use in CHECKS:
                why = CHECKS[clause.use](clause, season)
            if why:
                out.append(Finding("DIFF006", f"{ruleset.key} {clause.describe()} cannot apply: {why}", clause.loc))
    out += _left_out(season, ruleset)
    return out


def _left_out(season: Season, ruleset: Ruleset) -> list[Finding]:
    out = []
    seen: set[str] = set()
    uses = {c.use for cls in ruleset.classifications.values() for c in cls.clauses()}
    for rnd in season.rounds:
        for session in rnd.sessions:
            if session.name not in ruleset.sessions and session.name not in seen:
                seen.add(session.name)
                count = len(_sessions_named(season, session.name))
                out.append(Finding("DIFF006", f"{ruleset.key} scores no {session.name} session: the season's "
                                   f"{count} {session.name} session(s) count for nothing", session.loc))
    excluded = {s for cls in ruleset.classifications.values() for c in cls.eligibility
                if c.use == "non-scoring-status" for s in c.params.get("statuses", [])}
    for status in sorted(_statuses(season) - excluded - {"scoring"}):
        out.append(Finding("DIFF006", f"the season's {status} entries score under {ruleset.key}: no clause of it "
                           f"excludes the status {status}", ruleset.loc))
    shared = [r for rnd in season.rounds for s in rnd.sessions for r in s.results if r.shared]
    if shared and "shared-drive" not in uses:
        out.append(Finding("DIFF006", f"the season has {len(shared)} result(s) in shared cars and {ruleset.key} no "
                           "shared-drive clause: each driver of a shared car scores the place's points",
                           shared[0].loc))
    for ov in season.overrides:
        out.append(Finding("DIFF006", f"override of {ov.driver}'s points ({ov.points.text}) not applied: it states "
                           f"the points awarded under the season's own rules ({ov.reason})", ov.loc))
    if season.decisions and "season-decisions" not in uses:
        for d in season.decisions:
            out.append(Finding("DIFF006", f"{d.kind} decision on {d.subject} ({d.classification}) not applied: "
                               f"{ruleset.key} has no season-decisions clause", d.loc))
    return out
