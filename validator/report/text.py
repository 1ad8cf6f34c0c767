"""Plain-text and JSON renderings of pipeline runs (check and standings)."""
from __future__ import annotations

from typing import Any

from typing import TYPE_CHECKING

from validator.report.document import PROBLEMS, Group, groups, passed, results_phrase, where

if TYPE_CHECKING:  # `check` renders plain data: the engine is imported only for standings
    from validator.pipeline import SeasonRun

SEVERITIES = ("error", "failure", "warning", "info")
SHOWN_PER_CAUSE = 10  # findings shown under one cause without -v


def one_line(text: str) -> str:
    """Data is text, not markup: control characters (a newline in a driver's name, an escape sequence) are shown
    escaped, so one finding stays one line and cannot rewrite the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _finding_line(f: dict[str, Any], seasons: list[str] = ()) -> str:
    place = where(f)
    also = f" (in {len(seasons)} seasons: {', '.join(seasons)})" if len(seasons) > 1 else ""
    return one_line(f"{place + ': ' if place else ''}{f['severity']} {f['code']}: {f['message']}{also}")


def _group_lines(g: Group, verbose: bool, indent: str = "") -> list[str]:
    if not g.causes:
        lines = [indent + _finding_line(g.head, g.items[0].seasons)]
    else:
        these = "this clause" if len(g.causes) == 1 else "these clauses"
        verb = "changes" if len(g.causes) == 1 else "change"
        lines = [one_line(f"{indent}{these} ({', '.join(g.causes)}) {verb} {results_phrase(g)}:")]
        shown = g.items if verbose else g.items[:SHOWN_PER_CAUSE]
        lines += [indent + "  " + _finding_line(i.finding, i.seasons) for i in shown]
        if len(shown) < len(g.items):
            lines.append(f"{indent}  ... and {len(g.items) - len(shown)} more (-v shows every one)")
    for sub in g.under:
        lines += _group_lines(sub, verbose, indent + "  ")
    return lines


def _season_line(s: dict[str, Any]) -> str:
    c = s["checks"]
    extra = f"  overrides: {len(s['overrides'])}" if s["overrides"] else ""
    extra += f"  errata: {c['errata']}" if c["errata"] else ""
    checks = "skipped (the errors above stop the later checks: CI005)" if any(f["code"] == "CI005" for f in s["findings"]) else \
        f"{c['passed']} passed, {c['failed']} failed"
    return one_line(f"{s['season']}  rules {s['rules'] or '-'}  verdict: {_verdict(s)}  checks: {checks}{extra}")


def check_text(document: dict[str, Any], verbose: bool = False) -> str:
    """Problems first (grouped by cause, each under the edit that caused it), then one line per season that did
    not pass or is still in progress (every season with -v), then the summary line."""
    lines = []
    for g in groups(document, SEVERITIES if verbose else PROBLEMS):
        lines += _group_lines(g, verbose)
    for s in document["seasons"]:
        if verbose or not passed(s) or s["verdict"] == "in-progress":  # a provisional verdict is always listed
            lines.append(_season_line(s))
            if verbose:
                lines += [one_line(f"  - {r}") for r in s["reasoning"]]
    t = document["summary"]
    lines.append(f"{t['seasons']} season(s): {t['proven']} proven, {t.get('in-progress', 0)} in-progress, "
                 f"{t['consistent']} consistent, {t['contradicted']} contradicted, {t['invalid']} invalid"
                 f"{', %d internal error(s)' % t['internal'] if t.get('internal') else ''}; "
                 f"{t['overrides']} override(s); {t['problems']} problem(s)"
                 + (f"; {t['warnings']} warning(s) (-v shows them)" if t.get("warnings") and not verbose else ""))
    return "\n".join(lines)


def render(document: dict[str, Any], verbose: bool = False) -> str:
    return check_text(document, verbose)


def _verdict(s: dict[str, Any]) -> str:
    """The verdict and who it names: the champion, or the leader so far of a season in progress."""
    progress = s.get("in_progress")
    if progress and s["verdict"] == "in-progress":
        proven = "proven" if progress["standings_proven"] else "not proven"
        so_far = f"standings after R{progress['after_round']} {proven}" if progress["after_round"] is not None \
            else "no round run yet"
        return f"in-progress ({so_far})  leader: {progress['leader'] or '-'}"
    if progress:
        return f"{s['verdict']}  leader: {progress['leader'] or '-'}"
    return f"{s['verdict']}  champion: {s['champion'] or '-'}"


def standings_rows(run: SeasonRun, classification: str, after_round: int) -> list[dict[str, Any]]:
    """The table after `after_round`. Where the audit proved the declared places (the drivers' table after the
    round the outcome stands after), its proofs narrow the positions: `standings` says what `check` proved."""
    from validator.engine.rank import proven_ahead, rank

    result = run.results[classification]
    audit = run.audit
    ahead = frozenset()
    if classification == "drivers" and audit is not None and audit.after_round == after_round:
        ahead = proven_ahead(audit.claims, result.after[after_round])
    rows = []
    for r in rank(result, after_round, ahead=ahead):
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
