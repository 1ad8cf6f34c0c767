"""Markdown audit report for one season: rules used, per-round scoring, snapshots checked, verdict and why."""
from __future__ import annotations

from tabulate import tabulate

from validator.pipeline import SeasonRun
from validator.report.text import standings_rows


def _per_round(run: SeasonRun) -> list[str]:
    result = run.results["drivers"]
    out = ["## Per-round scoring (drivers)", ""]
    for sc in result.sessions:
        rnd = next(r for r in run.season.rounds if r.number == sc.round)
        out.append(f"### R{sc.round} {rnd.name} — {sc.session}"
                   + (f" ({sc.worlds} source versions considered)" if sc.worlds > 1 else ""))
        rows = []
        for car in sorted(sc.cars, key=lambda c: (c.road[0] if c.road else 999, c.driver)):
            if car.result is None and car.points.hi == 0:
                continue
            if car.driver == "?":
                label = "(any unnamed car)"
            else:
                label = car.driver
            road = "" if car.road is None else (str(car.road[0]) if car.road[0] == car.road[1] else
                                                 f"{car.road[0]}..{car.road[1] or '?'}")
            mark = car.result.pos if car.result and not isinstance(car.result.pos, int) else ""
            rows.append([road or mark or "not known", label, car.status or "unknown",
                         str(car.points), "; ".join(car.why)])
        out.append(tabulate(rows, headers=["road", "driver", "status", "points", "derivation"], tablefmt="github"))
        for claims, problem in sc.rejected:
            out.append(f"\n- source version rejected ({'; '.join(c.text for c in claims)}): {problem}")
        out.append("")
    return out


def _exceptions(season) -> list[str]:
    """Everything the season needs beyond its facts and the general rules, each with its reason and source."""
    out = []
    if season.assumptions:
        out += [f"## Assumptions of the record the verdict rests on ({len(season.assumptions)})", ""]
        out += [f"- {a.id}: {a.statement} — {a.reason} [{', '.join(a.src)}] ({a.loc})"
                for a in season.assumptions] + [""]
    if season.overrides:
        out += [f"## Overrides ({len(season.overrides)})", ""]
        out += [f"- {o.driver}{f' car #{o.number}' if o.number else ''}: {o.points.text} pts — {o.reason} "
                f"[{', '.join(o.src)}] ({o.loc})" for o in season.overrides] + [""]
    if season.decisions:
        out += [f"## Championship decisions ({len(season.decisions)})", ""]
        out += [f"- {d.kind} {d.subject} ({d.classification}{', ' + d.points.text + ' pts' if d.points else ''}): "
                f"{d.reason} [{', '.join(d.src)}]" for d in season.decisions] + [""]
    if season.errata:
        out += [f"## Recorded errata of the source ({len(season.errata)})", ""]
        out += [f"- {e.classification} after {e.after_round}, {e.subject} {e.field} published {e.published}: "
                f"{e.reason} [{', '.join(e.src)}]" for e in season.errata] + [""]
    return out


def render(run: SeasonRun) -> str:
    season, ruleset, audit = run.season, run.ruleset, run.audit
    lines = [f"# Audit: {season.key}", "",
             f"- Ruleset: `{ruleset.key}` ({ruleset.file}, sha256 `{ruleset.sha256[:16]}…`), in effect "
             f"{ruleset.effective_from} to {ruleset.effective_to or 'open'}",
             f"- Season record: {len(season.files)} files under `{season.directory}`",
             f"- **Verdict: {audit.verdict.upper()}**"
             + (f" (standings after R{audit.after_round} {'proven' if audit.standings_proven else 'not proven'})"
                if audit.standings_proven is not None else ""), ""]
    lines += ["## Verdict and reasoning", ""] + [f"- {r}" for r in audit.reasoning] + [""]
    unsourced = ruleset.unsourced()
    if unsourced:
        lines += ["## Unsourced rule clauses the verdict rests on", ""]
        lines += [f"- `{c.describe()}` ({c.loc}): {c.reason}" for c in unsourced] + [""]
    lines += _exceptions(season)
    lines += ["## Published facts checked", ""]
    rows = [[c.label, c.kind, c.subject, c.published, c.computed, "ok" if c.ok else ("erratum (warning)" if c.erratum else "**CONTRADICTED**"), str(c.location)]
            for c in audit.checks]
    lines.append(tabulate(rows, headers=["snapshot", "check", "who", "published", "rules allow", "result", "where"],
                          tablefmt="github"))
    lines.append("")
    failures = [f for f in run.findings if f.severity in ("failure", "error")]
    if failures:
        lines += ["## Findings", ""] + [f"- {f}" for f in failures] + [""]
    result = run.results.get("drivers")
    last = season.final_round  # a season in progress: the last round with results
    if result and last in result.after:
        which = "the last round with results" if season.in_progress else "the last round"
        lines += [f"## Drivers' standings after {which} (R{last})", ""]
        st = standings_rows(run, "drivers", last)
        lines.append(tabulate([[r["position"], r["competitor"], r["points"], r["wins"], r["status"]] for r in st],
                              headers=["pos", "driver", "points", "wins", "status"], tablefmt="github"))
        lines.append("")
        lines += _per_round(run)
    return "\n".join(lines)
