"""The report model: one season's audit as plain data (dicts, lists, strings), built from the pipeline's
`SeasonRun`. The HTML and Markdown renderings and `scrutineer explain` read this model; none of them computes.

The model is built by `SECTIONS`, in order: each is a function `section(run, report)` that adds plain data under
its own key. A new section (scenarios, claims, ...) is one more function appended to `SECTIONS` that adds an
entry to `report["sections"]` in the generic shape both templates render:
`{"id", "title", "paragraphs": [str], "items": [str], "table": {"headers": [str], "rows": [[str]]}}`
(every field but id and title optional).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from validator.engine.rank import rank
from validator.engine.score import UNNAMED
from validator.pipeline import SeasonRun
from validator.report import chart
from validator.report.derivation import driver_derivation, last_round, linked_text, session_rows, source_links
from validator.report.receipt import receipt

Section = Callable[[SeasonRun, dict], None]


def _name(run: SeasonRun, subject: str | None) -> str:
    if subject is None:
        return "-"
    if subject == UNNAMED:
        return "an unnamed driver"
    return run.season.drivers.get(subject, run.season.teams.get(subject, subject))


def overview(run: SeasonRun, report: dict) -> None:
    season, ruleset = run.season, run.ruleset
    report["title"] = f"Audit: {season.key}"
    report["season"] = {"key": season.key, "series": season.series, "year": season.year,
                        "directory": season.directory, "files": len(season.files)}
    report["ruleset"] = {"key": ruleset.key, "file": ruleset.file, "sha256": ruleset.sha256,
                         "effective_from": ruleset.effective_from, "effective_to": ruleset.effective_to or "open"}


def _tie_breaks(run: SeasonRun) -> list[dict[str, Any]]:
    """Every tie-break step the final ranking applied (`decided_by` other than points)."""
    result = run.results.get("drivers")
    if result is None or result.last_round is None:
        return []
    out = []
    for r in rank(result, last_round(run, result)):
        if r.decided_by not in ("points", "open", "published standings"):
            pos = str(r.best) if r.best == r.worst else f"{r.best}..{r.worst}"
            out.append({"position": pos, "subject": r.record.subject, "name": _name(run, r.record.subject),
                        "points": str(r.record.total), "decided_by": r.decided_by})
    return out


def _step_text(step: dict[str, Any]) -> str:
    if step["decided_by"] == "shared":
        return f"{step['name']} ({step['points']}) shares P{step['position']}, level on every tie-break step"
    if step["decided_by"] == "undecided":
        return (f"{step['name']} ({step['points']}) P{step['position']}, level on every tie-break step: the "
                f"governing body decides the order (no decision recorded)")
    return f"P{step['position']} {step['name']} ({step['points']}) by {step['decided_by']}"


def _margin_text(claim: dict[str, Any], decided: dict[str, str]) -> str:
    """The claim's margin over its closest rival, in words (level on points: the step that separated them)."""
    if not claim.get("margin"):
        return ""
    rival = claim["margin_over_name"]
    if claim["status"] != "proven":
        return f"closest rival {rival}: difference {claim['margin']} points"
    if claim["margin"] == "0":
        step = decided.get(claim["margin_over"]) or decided.get(claim["driver"]) or "the tie-break"
        if step == "shared":
            return f"level with {rival} on points and on every tie-break step: the place is shared"
        return f"level on points with {rival}, ahead on {step}"
    return f"ahead of {rival} by {claim['margin']} points"


def verdict(run: SeasonRun, report: dict) -> None:
    """The verdict in one paragraph: what is proven, the champion's margin, the tie-break steps applied."""
    audit = run.audit
    claims = [dict(c, name=_name(run, c["driver"]), margin_over_name=_name(run, c.get("margin_over")))
              for c in audit.claims]
    # a season in progress has no champion yet: its first claim is the leader so far
    champion = None if run.season.in_progress else \
        run.season.declared.champion or (claims[0]["driver"] if claims else None)
    steps = _tie_breaks(run)
    decided = {s["subject"]: s["decided_by"] for s in steps}
    words = [f"Verdict: {audit.verdict.upper()}."]
    if audit.standings_proven is not None and audit.after_round is None:
        words.append("The season is in progress: no round has results yet.")
    elif audit.standings_proven is not None:
        words.append(f"The season is in progress: the standings after R{audit.after_round} are "
                     f"{'proven' if audit.standings_proven else 'not proven'}.")
    for i, c in enumerate(claims):
        c["margin_text"] = margin = _margin_text(c, decided)
        label = ("Leader" if run.season.in_progress else "Declared champion") if i == 0 else c["claim"]
        margin = (f", {margin}" if c["status"] == "proven" else f" ({margin})") if margin else ""
        words.append(f"{label} {c['name']} ({c['points']} points) is {c['status']}{margin}.")
    if steps:
        words.append("Tie-breaks applied: " + "; ".join(_step_text(s) for s in steps) + ".")
    elif claims:
        words.append("No tie-break was needed: the final order is decided on points"
                     + (" where it is decided at all." if audit.verdict != "proven" else "."))
    report["verdict"] = {"verdict": audit.verdict, "champion": champion, "champion_name": _name(run, champion),
                         "paragraph": " ".join(words), "claims": claims, "tie_breaks": steps,
                         "reasoning": [linked_text(run.season.sources, r) for r in audit.reasoning]}


def progression(run: SeasonRun, report: dict) -> None:
    report["chart"] = chart.progression(run, [c["driver"] for c in run.audit.claims])


def standings(run: SeasonRun, report: dict) -> None:
    from validator.report.text import standings_rows

    result = run.results.get("drivers")
    last = run.season.final_round  # a season in progress: the standings so far
    if result is None or last not in result.after:
        report["standings"] = None
        return
    last = last_round(run, result)
    rows = [dict(r, name=_name(run, r["competitor"])) for r in standings_rows(run, "drivers", last)]
    report["standings"] = {"after_round": last, "in_progress": run.season.in_progress, "rows": rows}


def rounds(run: SeasonRun, report: dict) -> None:
    """Per-round results: every car of every session, with what is known of its result and status."""
    result = run.results.get("drivers")
    out = []
    for rnd in run.season.rounds:
        sessions = []
        for sc in (s for s in (result.sessions if result else []) if s.round == rnd.number):
            source = next((x for x in rnd.sessions if x.name == sc.session), None)
            rows = session_rows(run, sc)
            sessions.append({
                "name": sc.session, "worlds": sc.worlds, "rows": rows, "common_status": _common_status(rows),
                "rejected": [{"claims": [c.text for c in claims], "problem": problem} for claims, problem in sc.rejected],
                "conflicts": [{"topic": c.topic, "claims": [{"text": k.text, "sources": source_links(run.season.sources, k.src)}
                                                            for k in c.claims]}
                              for c in (source.conflicts if source else [])],
                "complete": bool(source and source.complete),
            })
        out.append({"number": rnd.number, "name": rnd.name, "date": rnd.date, "sessions": sessions})
    report["rounds"] = out


def _common_status(rows: list[dict[str, Any]]) -> str | None:
    """The status every row shares (said once above the table instead of in every row), or None."""
    found = {r["status"] for r in rows}
    return found.pop() if len(found) == 1 and len(rows) > 1 else None


def derivations(run: SeasonRun, report: dict) -> None:
    """The derivation of every driver with points (or possibly points), in standings order."""
    result = run.results.get("drivers")
    order = [r["competitor"] for r in (report.get("standings") or {}).get("rows", [])]
    report["derivations"] = [driver_derivation(run, s) for s in order if result and s != UNNAMED]
    for d in report["derivations"]:
        d["common_status"] = _common_status(d["rows"])


def exceptions(run: SeasonRun, report: dict) -> None:
    """Everything the verdict rests on beyond the facts and the sourced rules: overrides, decisions, errata,
    assumptions and unsourced clauses, each with its reason and sources."""
    season = run.season
    links = season.sources

    def src(keys) -> list[dict]:
        return source_links(links, keys)

    report["exceptions"] = {
        "overrides": [{"driver": o.driver, "name": _name(run, o.driver), "number": o.number, "points": o.points.text,
                       "reason": o.reason, "sources": src(o.src), "where": str(o.loc)} for o in season.overrides],
        "decisions": [{"kind": d.kind, "subject": d.subject, "name": _name(run, d.subject),
                       "classification": d.classification, "points": d.points.text if d.points else None,
                       "reason": d.reason, "sources": src(d.src), "where": str(d.loc)} for d in season.decisions],
        "errata": [{"classification": e.classification, "after_round": str(e.after_round), "subject": e.subject,
                    "field": e.field, "published": e.published, "reason": e.reason, "sources": src(e.src),
                    "where": str(e.loc)} for e in season.errata],
        "assumptions": [_assumption(a, links) for a in season.assumptions],
        "unsourced": [{"clause": c.describe(), "reason": c.reason or "", "where": str(c.loc)}
                      for c in run.ruleset.unsourced()],
    }


def _assumption(item: Any, links: dict[str, str]) -> dict[str, Any]:
    """An assumption of the record: what is assumed, why, the sources it rests on and where it is written."""
    return {"id": item.id, "text": f"{item.id}: {item.statement} — {item.reason}",
            "sources": source_links(links, item.src), "where": str(item.loc) if item.loc else None}


def unsettled(run: SeasonRun, report: dict) -> None:
    """What the evidence does not settle: open claims, totals known only as intervals, source conflicts."""
    items = []
    for c in report["verdict"]["claims"]:
        if c["status"] == "open":
            items.append(f"{c['claim']} {c['name']} is not proven: not surely ahead of "
                         + ", ".join(c["open_against"][:8]) + (f" and {len(c['open_against']) - 8} more"
                                                               if len(c["open_against"]) > 8 else ""))
    open_totals = [r for r in (report.get("standings") or {}).get("rows", []) if r["status"] == "interval"]
    if open_totals:
        items.append(f"{len(open_totals)} totals are known only as intervals (the record does not fix every "
                     "result): " + "; ".join(f"{r['name']} {r['points']} (P{r['position']})" for r in open_totals))
    for rnd in report["rounds"]:
        for s in rnd["sessions"]:
            for c in s["conflicts"]:
                items.append(f"R{rnd['number']} {s['name']}: sources disagree on {c['topic']}: "
                             + " / ".join(k["text"] for k in c["claims"]))
    for c in run.season.conflicts:
        items.append(f"sources disagree on {c.topic}: " + " / ".join(k.text for k in c.claims))
    for name, result in run.results.items():
        if not result.sound:
            items.append(f"{name} classification not checked: {result.unsound_reason}")
    report["unsettled"] = items


def findings(run: SeasonRun, report: dict) -> None:
    report["findings"] = [dict(f.as_dict(), parts=linked_text(run.season.sources, f.message))
                          for f in run.findings if f.severity in ("error", "failure", "warning")]


def published(run: SeasonRun, report: dict) -> None:
    """The published facts checked (last in the report, folded)."""
    checks = run.audit.checks
    report["checks"] = {
        "total": len(checks), "passed": sum(c.ok for c in checks),
        "errata": sum(c.erratum for c in checks), "failed": sum(not c.ok and not c.erratum for c in checks),
        "rows": [{"label": c.label, "kind": c.kind, "subject": c.subject, "published": c.published,
                  "computed": c.computed, "result": "ok" if c.ok else ("erratum (warning)" if c.erratum else "CONTRADICTED"),
                  "where": str(c.location) if c.location else "", "sources": source_links(run.season.sources, c.src)}
                 for c in checks],
    }


SECTIONS: list[Section] = [overview, verdict, progression, standings, rounds, derivations, exceptions, unsettled,
                           findings, published]


def build(run: SeasonRun, command: list[str], rules_dir: Path | None = None) -> dict[str, Any]:
    """The report model of one season run (which must have an audit: not an invalid season)."""
    report: dict[str, Any] = {"sections": []}
    for section in SECTIONS:
        section(run, report)
    report["receipt"] = receipt(run, command, rules_dir)
    return report
