"""`scrutineer claims`: check every title-scenario claim a season records (claims.yaml)."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, add_solver_arguments, emit, on_solver


def register(sub) -> None:
    cl = sub.add_parser("claims", help="check the title-scenario claims in a season's claims.yaml")
    cl.add_argument("season", type=Path)
    cl.add_argument("--claim", action="append", default=[], help="check only this claim id (repeatable)")
    add_solver_arguments(cl, work_limit=60.0,
                         work_help="CP-SAT deterministic time per solve (default 60; machine-independent)")


def run(args) -> int:
    return on_solver(args, lambda season_run: _answer(args, season_run))


def _answer(args, season_run) -> int:
    from validator.scenarios.claims import check_claims
    from validator.worlds import Settings

    season = season_run.season
    unknown = [c for c in args.claim if c not in {x.id for x in season.claims}]
    if unknown:
        from validator.findings import Finding, Location

        ids = ", ".join(c.id for c in season.claims) or "none: the season has no claims.yaml"
        where = season.claims[0].loc if season.claims else season.rules_loc
        print(Finding("CI007", f"no claim {', '.join(map(repr, unknown))} in {season.key} (its claims: {ids})",
                      Location(where.file)), file=sys.stderr)
        return EXIT_INVALID
    results = check_claims(season, season_run.ruleset, Settings(work_limit=args.work_limit, minimize=False),
                           only=args.claim)
    emit({"season": season.key, "claims": results}, args.format, lambda d: claims_text(d["season"], d["claims"]))
    return EXIT_FINDINGS if any(r["verdict"] == "FALSE" for r in results) else EXIT_OK


def claims_text(key: str, results: list[dict]) -> str:
    if not results:
        return f"{key}: no claims recorded (claims.yaml)"
    lines = [f"{key}: {len(results)} claim(s)"]
    for r in results:
        code = {"FALSE": " CLAIM002", "UNKNOWN": " CLAIM003"}.get(r["verdict"], "")
        lines.append(f"{r['file']}:{r['line']}: {r['verdict']}{code} {r['id']} (after R{r['after_round']}; "
                     f"[{', '.join(r['src'])}]; work {r['work']:g}, limit {r['work_limit']:g} per solve)")
        for p in r["parts"]:
            lines.append(f"    {p['status']}: {p['question']}" + (f" — {p['basis']}" if p.get("basis") else ""))
            for f in p.get("rests_on", [])[:12]:
                lines.append(f"        rests on: after R{f['after_round']} {f['subject']} {f['kind']} "
                             f"{f['published']} ({f['file']}:{f['line']})")
            if "can" in p:
                lines.append(f"        can win: {', '.join(p['can']) or 'nobody'}; cannot: "
                             f"{', '.join(p['cannot']) or '-'}; undecided: {', '.join(p['undecided']) or '-'}; "
                             f"an untracked driver: {p['untracked_can_win']}")
            if p.get("counterexample"):
                lines.extend("        " + x for x in _world_lines(p["counterexample"]))
    return "\n".join(lines)


def _world_lines(w: dict) -> list[str]:
    out = []
    for s in w["open_rounds"]:
        cls = ", ".join(f"{c['pos']} {c['driver']}{' (guest)' if c['status'] == 'guest' else ''} "
                        f"{'-' if c['points'] is None else c['points']}"
                        for c in s["classified"][:8])
        out.append(f"counterexample R{s['round']} {s['session']}: {cls}")
    out.append("final: " + ", ".join(f"{r['driver']} {r['points']}" for r in w["final_standings"]))
    return out
