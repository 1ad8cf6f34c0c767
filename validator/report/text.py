"""Plain-text and JSON renderings of pipeline runs (check and standings)."""
from __future__ import annotations

import json
from typing import Any

from validator.engine.rank import rank
from validator.pipeline import SeasonRun

SHOWN = {"error", "failure"}


def summary(seasons: list[dict[str, Any]]) -> dict[str, int]:
    out = {"seasons": len(seasons), "proven": 0, "consistent": 0, "contradicted": 0, "invalid": 0, "internal": 0,
           "overrides": 0}
    for s in seasons:
        out[s["verdict"]] += 1
        out["overrides"] += len(s["overrides"])
    return out


def check_json(seasons: list[dict[str, Any]]) -> str:
    return json.dumps({"seasons": seasons, "summary": summary(seasons)}, indent=2, ensure_ascii=False)


def _finding_line(f: dict[str, Any]) -> str:
    where = ""
    if f["file"]:
        where = f"{f['file']}:{f['line']}:{f['col'] or 1}: " if f["line"] else f"{f['file']}: "
    return f"{where}{f['severity']} {f['code']}: {f['message']}"


def check_text(seasons: list[dict[str, Any]], verbose: bool = False) -> str:
    lines = []
    for s in seasons:
        c = s["checks"]
        extra = f"  overrides: {len(s['overrides'])}" if s["overrides"] else ""
        extra += f"  errata: {c['errata']}" if c["errata"] else ""
        lines.append(f"{s['season']}  rules {s['rules'] or '-'}  verdict: {s['verdict']}  champion: "
                     f"{s['champion'] or '-'}  checks: {c['passed']} passed, {c['failed']} failed{extra}")
        lines += [f"  {_finding_line(f)}" for f in s["findings"] if verbose or f["severity"] in SHOWN]
        if verbose:
            lines += [f"  - {r}" for r in s["reasoning"]]
    t = summary(seasons)
    lines.append(f"{t['seasons']} season(s): {t['proven']} proven, {t['consistent']} consistent, "
                 f"{t['contradicted']} contradicted, {t['invalid']} invalid"
                 f"{', %d internal error(s)' % t['internal'] if t['internal'] else ''}; {t['overrides']} override(s)")
    return "\n".join(lines)


def standings_rows(run: SeasonRun, classification: str, after_round: int) -> list[dict[str, Any]]:
    result = run.results[classification]
    rows = []
    for r in rank(result, after_round):
        rec = r.record
        wins = str(rec.wins_lo) if rec.wins_lo == rec.wins_hi else f"{rec.wins_lo}..{rec.wins_hi}"
        rows.append({
            "position": r.best if r.best == r.worst else f"{r.best}..{r.worst}",
            "competitor": rec.subject,
            "points": str(rec.total),
            "points_lo": str(rec.total.lo), "points_hi": str(rec.total.hi),
            "wins": wins,
            "status": "exact" if rec.total.is_exact else "interval",
            "decided_by": r.decided_by,
        })
    return rows


def standings_text(rows: list[dict[str, Any]], heading: str) -> str:
    table = [[r["position"], r["competitor"], r["points"], r["wins"], r["status"]] for r in rows]
    from tabulate import tabulate  # imported here: `check` never draws a table

    return heading + "\n" + tabulate(table, headers=["pos", "competitor", "points", "wins", "status"])
