"""The record's explicit assumptions (season.yaml `assumptions`): statuses no source states, each with the
statement, the reason and the sources it rests on. The engine reads them only where no source states a status
(`Season.entry_status`); the audit lists each one among what the verdict rests on (REC001)."""
from __future__ import annotations

from typing import Any

from validator.findings import Finding
from validator.load.yaml_loader import Document
from validator.model import season as m


def assumptions(doc: Document, refs: Any, items: list, findings: list[Finding]) -> list[m.Assumption]:
    """Model `items` (the schema-checked `assumptions` list of `doc`); `refs` checks drivers and source keys."""
    out: list[m.Assumption] = []
    seen: set[str] = set()
    for i, a in enumerate(items):
        at = ("assumptions", i)
        loc = doc.loc(at)
        if a["id"] in seen:
            findings.append(Finding("REC002", f"assumption id {a['id']!r} is used twice", doc.loc(at + ("id",))))
        seen.add(a["id"])
        statuses = tuple(
            (refs.driver(s["driver"], doc.loc(at + ("statuses", j, "driver"))), s["status"],
             frozenset(s["rounds"]) if "rounds" in s else None)
            for j, s in enumerate(a["statuses"]))
        out.append(m.Assumption(a["id"], a["statement"], a["reason"], refs.src(a["src"], (), doc.loc(at + ("src",))),
                                statuses, loc))
    return out


def needed(season: m.Season, a: m.Assumption) -> bool:
    """Can the engine use the assumption anywhere: a round it covers where neither an entry nor a session of the
    round states the driver's status (a round without facts counts: every place in it is open)."""
    for driver, _, rounds in a.statuses:
        for rnd in season.rounds:
            if rounds is not None and rnd.number not in rounds:
                continue
            if any(e.status for e in season.entry_for(driver, rnd.number)):
                continue
            if not rnd.sessions or any(driver not in {s.driver for s in session.statuses} for session in rnd.sessions):
                return True
    return False


def rests_on(season: m.Season) -> list[Finding]:
    """One REC001 note per assumption the engine may use (what the verdict rests on besides sourced facts); a
    REC003 warning for one that sources make redundant everywhere it applies."""
    out = []
    for a in season.assumptions:
        if needed(season, a):
            out.append(Finding("REC001", f"the verdict rests on assumption {a.id!r}, not on a sourced fact: "
                               f"{a.statement} (why: {a.reason}; sources: {', '.join(a.src)})", a.loc))
        else:
            out.append(Finding("REC003", f"assumption {a.id!r} is never used: a source states every status it "
                               "assumes, in every round it covers (remove it)", a.loc))
    return out
