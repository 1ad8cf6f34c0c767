"""Plain-text and JSON renderings of pipeline runs (check and standings)."""
from __future__ import annotations

import json
from typing import Any

from tabulate import tabulate

from validator.engine.rank import rank
from validator.pipeline import SeasonRun

SHOWN = {"error", "failure"}


def run_as_dict(run: SeasonRun, verbose: bool = False) -> dict[str, Any]:
    checks = run.audit.checks if run.audit else []
    return {
        "season": run.key,
        "directory": run.directory,
        "rules": run.ruleset.key if run.ruleset else None,
        "rules_sha256": run.ruleset.sha256 if run.ruleset else None,
        "verdict": run.verdict,
        "champion": run.season.declared.champion if run.season else None,
        "reasoning": run.audit.reasoning if run.audit else [],
        "claims": run.audit.claims if run.audit else [],
        "checks": {"total": len(checks), "passed": sum(c.ok for c in checks),
                   "failed": sum(not c.ok for c in checks)},
        "findings": [f.as_dict() for f in run.findings if verbose or f.severity in SHOWN or True],
    }


def check_json(runs: list[SeasonRun], verbose: bool = False) -> str:
    return json.dumps({"seasons": [run_as_dict(r, verbose) for r in runs], "summary": summary(runs)},
                      indent=2, sort_keys=False, ensure_ascii=False)


def summary(runs: list[SeasonRun]) -> dict[str, int]:
    out = {"seasons": len(runs), "proven": 0, "consistent": 0, "contradicted": 0, "invalid": 0}
    for r in runs:
        out[r.verdict] += 1
    return out


def check_text(runs: list[SeasonRun], verbose: bool = False) -> str:
    lines = []
    for run in runs:
        rules = run.ruleset.key if run.ruleset else "-"
        champion = run.season.declared.champion if run.season and run.season.declared.champion else "-"
        checks = run.audit.checks if run.audit else []
        failed = sum(not c.ok for c in checks)
        lines.append(f"{run.key}  rules {rules}  verdict: {run.verdict}  declared champion: {champion}  "
                     f"checks: {len(checks) - failed} passed, {failed} failed")
        for f in run.findings:
            if verbose or f.severity in SHOWN:
                lines.append(f"  {f}")
        if verbose and run.audit:
            lines += [f"  - {r}" for r in run.audit.reasoning]
    s = summary(runs)
    lines.append(f"{s['seasons']} season(s): {s['proven']} proven, {s['consistent']} consistent, "
                 f"{s['contradicted']} contradicted, {s['invalid']} invalid")
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
    return heading + "\n" + tabulate(table, headers=["pos", "competitor", "points", "wins", "status"])
