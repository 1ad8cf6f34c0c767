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


def rests_on(season: m.Season) -> list[Finding]:
    """One REC001 note per assumption: what the verdict rests on besides sourced facts."""
    return [Finding("REC001", f"the verdict rests on assumption {a.id!r}, not on a sourced fact: {a.statement} "
                    f"(why: {a.reason}; sources: {', '.join(a.src)})", a.loc)
            for a in season.assumptions]
