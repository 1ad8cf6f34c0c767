"""Exact possible-worlds engine on OR-Tools CP-SAT (docs/WORLDS.md).

`analyse(season, ruleset)` answers, as plain data:
1. is each declared claim (champion, P2, P3, ...) true in every world consistent with the facts and the published
   standings (PROVEN, with the published figures the proof needs), false in every one (REFUTED), or neither
   (CONSISTENT, with a counterexample world)?
2. are the published standings jointly consistent (SAT, with a world) or not (INFEASIBLE, with a minimal set
   of conflicting figures)?
3. exact min/max totals of the declared top drivers after every round with a snapshot, with and without the
   published standings.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.worlds.model import DEFAULT_MAX_CARS, Unsupported, WorldModel
from validator.worlds.queries import Queries, Settings, Verdict

__all__ = ["analyse", "WorldsReport", "Unsupported", "Settings", "render_text", "EXIT_UNDECIDED"]

EXIT_UNDECIDED = 4  # nothing refuted, but some question was not decided within the work limit


@dataclass
class WorldsReport:
    season: str
    rules: str
    max_cars: int
    claims: list[Verdict]
    consistency: Verdict
    totals: list[dict] = field(default_factory=list)
    build_seconds: float = 0.0
    variables: int = 0
    constraints: int = 0
    tracked: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 refuted (or infeasible standings), else 4 when some answer is UNKNOWN (the work limit was reached),
        else 0."""
        if self.consistency.status == "INFEASIBLE" or any(c.status == "REFUTED" for c in self.claims):
            return 1
        if self.unknown:
            return EXIT_UNDECIDED
        return 0

    @property
    def unknown(self) -> int:
        return sum(1 for c in self.claims + [self.consistency] if c.status == "UNKNOWN")

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for c in self.claims:
            counts[c.status] = counts.get(c.status, 0) + 1
        shown = ", ".join(f"{counts.get(s, 0)} {s.lower()}" for s in ("PROVEN", "CONSISTENT", "REFUTED", "UNKNOWN"))
        work = sum(c.work for c in self.claims + [self.consistency])
        return (f"summary: {len(self.claims)} claim(s): {shown}; published standings {self.consistency.status}; "
                f"{self.unknown} unknown in all (work limit {self.consistency.work_limit:g} per solve, "
                f"work used {work:.1f})")

    def as_dict(self) -> dict[str, Any]:
        return {"season": self.season, "rules": self.rules, "max_cars": self.max_cars, "summary": self.summary(),
                "unknown": self.unknown, "exit_code": self.exit_code,
                "model": {"variables": self.variables, "constraints": self.constraints,
                          "build_seconds": round(self.build_seconds, 3), "tracked": self.tracked},
                "claims": [c.as_dict() for c in self.claims], "consistency": self.consistency.as_dict(),
                "totals": self.totals}


def analyse(season: Season, ruleset: Ruleset, settings: Settings | None = None, max_cars: int = DEFAULT_MAX_CARS,
            totals: bool = True, track: list[str] | None = None, classification: str = "drivers") -> WorldsReport:
    started = time.perf_counter()
    wm = WorldModel(season, ruleset, classification, max_cars=max_cars, track=track)
    q = Queries(wm, settings)
    proto = wm.m.Proto()
    build = time.perf_counter() - started
    consistency = q.consistency()   # first: its world is the starting hint of every later search
    claims = q.declared()
    report = WorldsReport(season.key, ruleset.key, max_cars, claims, consistency, build_seconds=build,
                          variables=len(proto.variables), constraints=len(proto.constraints),
                          tracked=list(wm.drivers))
    if totals:
        top = [c.subject for c in claims]
        report.totals = q.totals(top)
    return report


def render_text(report: WorldsReport) -> str:
    lines = [f"{report.season}  rules {report.rules}  worlds engine (CP-SAT; at most {report.max_cars} cars per "
             f"session unless recorded; {report.variables} variables, {report.constraints} constraints)",
             f"  tracked: {', '.join(report.tracked)}; every other car is covered by the rival '?'"]
    for c in report.claims + [report.consistency]:
        lines.append(f"  {c.query} {c.subject}: {c.status} ({c.seconds:.1f}s, {c.solves} solves, work {c.work:.1f} of "
                     f"limit {c.work_limit:g} per solve) — {c.note}")
        if c.rests_on:
            lines.append("    rests on:" if c.status != "INFEASIBLE" else "    conflicting figures:")
            lines += [f"      {f}" for f in c.rests_on]
        elif c.status == "PROVEN":
            lines.append("    rests on: the recorded results only (no published standings needed)")
    if report.totals:
        lines.append("  exact totals (facts only | with published standings):")
        for row in report.totals:
            a, b = row["facts_only"], row["with_published"]
            lines.append(f"    after R{row['after_round']:<2} {row['driver']:<24} {_iv(a):>10} | {_iv(b)}")
    lines.append("  " + report.summary())
    return "\n".join(lines)


def _iv(b: dict) -> str:
    if b["min"] is None:
        return "none"
    text = str(b["min"]) if b["min"] == b["max"] else f"{b['min']}..{b['max']}"
    return text + ("" if b["exact"] else " (bound)")
