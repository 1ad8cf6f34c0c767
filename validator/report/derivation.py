"""For every driver and round: result -> rule clause -> points -> counted or dropped, each with its sources.

Plain data read from the pipeline's `SeasonRun` (the cars each session scored, the points each round gave, the
counting clause's own `marks`); the report, its Markdown and HTML renderings and `scrutineer explain` all read
this, nothing is computed twice.
"""
from __future__ import annotations

import re
from typing import Any

from validator import components
from validator.engine.interval import ZERO, Interval
from validator.engine.places import Car
from validator.engine.score import UNNAMED, ClassificationResult, SessionScore
from validator.pipeline import SeasonRun

NO_POINTS = "no points"  # a round that scored nothing: whether the counting rule "keeps" it changes nothing
URL = re.compile(r"https?://[^\s<>\"']+")


def last_round(run: SeasonRun, result: ClassificationResult) -> int | None:
    """The round the report's standings stand after: the last with results while a season is in progress (its
    standings so far), else the last of the calendar."""
    final = run.season.final_round
    return final if final in result.after else result.last_round


def source_link(sources: dict[str, str], key: str) -> dict[str, Any]:
    """A source reference as {key, url, text}: the URL the season's sources list gives the key (the first
    http(s) address in its text), or the key itself when it is an address. Only http(s) addresses become links."""
    text = sources.get(key, key)
    found = URL.search(text)
    return {"key": key, "url": found.group(0) if found else None, "text": text}


def source_links(sources: dict[str, str], keys) -> list[dict[str, Any]]:
    return [source_link(sources, k) for k in keys]


_CITED = re.compile(r"\[([^\[\]]+)\]")


def linked_text(sources: dict[str, str], text: str) -> list[dict[str, Any]]:
    """A message as parts to render: plain text, and the source keys it cites in brackets (`[mm49874, lfp9]`,
    as the audit writes them) as source links. Brackets holding anything but known keys stay text."""
    parts: list[dict[str, Any]] = []
    at = 0
    for m in _CITED.finditer(text):
        keys = [k.strip() for k in m.group(1).split(",")]
        if not all(k in sources for k in keys):
            continue
        parts.append({"text": text[at:m.start()] + "["})
        parts.append({"sources": source_links(sources, keys)})
        at = m.end() - 1
    parts.append({"text": text[at:]})
    return parts


def result_text(car: Car) -> str:
    """What the record says of the car's finish: a road position, a mark (DNF, DSQ, ...), or what is bounded."""
    if car.result is not None:
        pos = car.result.pos
        if isinstance(pos, int):
            return f"{pos}{' (shared)' if car.result.shared else ''}"
        if pos != "unknown":
            return str(pos)
    if car.road is None:
        return "not known"
    lo, hi = car.road
    if lo == hi:
        return f"{lo} (from the order facts)"
    return f"somewhere in {lo}..{hi or '?'} (place not found)"


def _assumption(season, sc: SessionScore, car: Car) -> str | None:
    """The id of the record's assumption the car's status comes from, when no fact states it."""
    rnd = next((r for r in season.rounds if r.number == sc.round), None)
    session = next((x for x in rnd.sessions if x.name == sc.session), None) if rnd else None
    if session and any(s.driver == car.driver for s in session.statuses):
        return None
    if any(e.status for e in season.entry_for(car.driver, sc.round)):
        return None
    return next((a.id for a in season.assumptions if a.status_of(car.driver, sc.round) == car.status), None)


def status_text(car: Car, assumed: str | None = None) -> str:
    """What is known of the car's championship status, rather than `unknown` whenever no status is stated:
    the stated (or explicitly assumed) status, or that the rules let every entrant score, or that nothing
    settles it."""
    if car.status:
        scoring = {"no": "non-scoring", "yes": "scoring", "maybe": "scoring not settled"}[car.eligible]
        how = f"assumed: {assumed}" if assumed else "stated"
        return f"{car.status} ({how})" if car.status == scoring else f"{car.status} ({how}; {scoring})"
    if car.eligible == "yes":
        return "scoring (none stated; the rules score such entrants)"
    if car.eligible == "no":
        return "non-scoring"
    return "not stated: may or may not score"


def _car_row(season, sc: SessionScore, car: Car, subject_points: Interval) -> dict[str, Any]:
    src = car.result.src if car.result is not None else car.status_src
    return {
        "round": sc.round,
        "session": sc.session,
        "result": result_text(car),
        "status": status_text(car, _assumption(season, sc, car) if car.status else None),
        "why": list(car.why) or ["no recorded fact: 0"],
        "points": str(car.points),
        "session_points": str(subject_points),
        "worlds": sc.worlds,
        "where": str(car.result.loc) if car.result is not None else None,
        "sources": source_links(season.sources, src),
    }


def session_rows(run: SeasonRun, sc: SessionScore) -> list[dict[str, Any]]:
    """The cars of one session (the first consistent source version), in road order, as derivation rows."""
    rows = []
    for car in sorted(sc.cars, key=lambda c: (c.road[0] if c.road else 999, c.driver)):
        if car.result is None and car.points.hi == 0:
            continue
        row = _car_row(run.season, sc, car, sc.points.get(car.driver, ZERO))
        row["driver"] = car.driver
        row["name"] = "(any unnamed car)" if car.driver == UNNAMED else run.season.drivers.get(car.driver, car.driver)
        row["team"] = car.team
        rows.append(row)
    return rows


def _marks(result: ClassificationResult, subject: str, last: int | None) -> dict[int, str]:
    counting = components.build(result.rules.counting)
    rounds = [r for r in sorted(result.by_round) if last is None or r <= last]
    values = [result.scored_in(r, subject) for r in rounds]
    return dict(zip(rounds, counting.marks(values)))


def driver_derivation(run: SeasonRun, subject: str, classification: str = "drivers") -> dict[str, Any]:
    """One competitor's season: every round with a result or points, its derivation, and whether the counting
    rule keeps it; the gross sum, the counted total and the final total (after adjustments)."""
    result = run.results[classification]
    season = run.season
    marks = _marks(result, subject, last_round(run, result))
    names = {r.number: r.name for r in season.rounds}
    rows = []
    last = last_round(run, result)
    for sc in result.sessions:
        if last is not None and sc.round > last:
            break
        car = next((c for c in sc.cars if (c.driver if result.subject == "driver" else c.team) == subject), None)
        scored = sc.points.get(subject, ZERO)
        if car is None and scored == ZERO:
            continue
        if car is None:
            row = {"round": sc.round, "session": sc.session, "result": "not known", "status": "", "points": str(scored),
                   "why": ["no car of this competitor in the first consistent source version"],
                   "session_points": str(scored), "worlds": sc.worlds, "where": None, "sources": []}
        else:
            row = _car_row(season, sc, car, scored)
        row["round_name"] = names.get(sc.round, "")
        row["round_points"] = str(result.scored_in(sc.round, subject))
        round_points = result.scored_in(sc.round, subject)
        row["counting"] = NO_POINTS if round_points == ZERO else marks.get(sc.round, "counted")
        rows.append(row)
    played = [r for r in sorted(result.by_round) if last is None or r <= last]
    gross = ZERO
    for rnd in played:
        gross = gross + result.scored_in(rnd, subject)
    record = result.after[last].get(subject) if last is not None else None
    counted = components.build(result.rules.counting).total([result.scored_in(r, subject) for r in played])
    clause = result.rules.counting
    return {
        "subject": subject,
        "name": season.drivers.get(subject, season.teams.get(subject, subject)),
        "classification": classification,
        "rows": rows,
        "gross": str(gross),
        "counted": str(counted),
        "total": str(record.total) if record else "0",
        "notes": list(record.notes) if record else [],
        "counting": {"use": clause.use, "params": {k: v for k, v in clause.params.items()}, "where": str(clause.loc),
                     "sources": source_links({}, clause.source)},
        "dropped": [r["round"] for r in rows if r["counting"] == "dropped"],
    }
