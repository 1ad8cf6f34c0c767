"""`scrutineer infer`: every unknown of an incomplete record that the facts and the published figures force."""
from __future__ import annotations

from pathlib import Path

from validator.commands.common import EXIT_OK, add_solver_arguments, emit, limit, on_solver
from validator.scenarios.defaults import DEFAULT_BUDGET, LOCAL_LIMIT

KINDS = ("status", "position", "points", "total")


def register(sub) -> None:
    inf = sub.add_parser("infer", help="what the evidence forces: unknowns with one value in every world")
    inf.add_argument("season", type=Path)
    inf.add_argument("--kind", action="append", choices=KINDS, default=[],
                     help="only these unknowns (repeatable; default: all)")
    inf.add_argument("--budget", type=limit, default=DEFAULT_BUDGET,
                     help=f"total deterministic work for the whole run (default {DEFAULT_BUDGET:g}); "
                          "the rest is UNDECIDED")
    inf.add_argument("--local-limit", type=limit, default=LOCAL_LIMIT,
                     help=f"deterministic work of one local proof (default {LOCAL_LIMIT:g}): a proof over the "
                          "figures near the unknown only")
    inf.add_argument("--minimize", action="store_true", help="deletion-minimise each set of forcing figures (slow)")
    add_solver_arguments(inf, work_limit=20.0, work_help="CP-SAT deterministic time per solve (default 20, the first "
                         "world 6x; machine-independent)")


def run(args) -> int:
    return on_solver(args, lambda season_run: _answer(args, season_run))


def _answer(args, season_run) -> int:
    from validator.scenarios.infer import infer
    from validator.worlds import Settings

    report = infer(season_run.season, season_run.ruleset, Settings(work_limit=args.work_limit, minimize=args.minimize),
                   budget=args.budget, kinds=tuple(args.kind) or KINDS, local_limit=args.local_limit)
    emit(report, args.format, infer_text)
    return EXIT_OK


def infer_text(r: dict) -> str:
    lines = [f"{r['season']}  rules {r['rules']}: what the facts and the {r['published_figures']} published figures "
             f"force (tracked: {', '.join(r['tracked'])})",
             f"  work used {r.get('work_used', 0):g} of budget {r['work_budget']:g} "
             f"(limit {r['work_limit_per_solve']:g} per solve, deterministic)"]
    if "error" in r:
        lines.append(f"  {r['error']}")
        return "\n".join(lines)
    steps = ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in r.get("work_by_step", {}).items())
    if steps:
        lines.append(f"  work by step: {steps}")
    stated = [f for f in r["forced"] if f.get("basis") == "stated"]
    lines.append(f"  forced: {len(r['forced'])} ({len(stated)} stated by a figure)   not forced: {len(r['free'])}   "
                 f"undecided: {len(r['undecided'])}")
    for f in r["forced"]:
        where = f"R{f['round']}" + (f" {f['session']}" if f["session"] else "")
        lines.append(f"  {f['driver']} {f['kind']} {where} = {f['value']}  ({f.get('how', '')})")
        if not f["forced_by"]:
            lines.append("      forced by the recorded results alone")
        for g in f["forced_by"][:10]:
            after = g["after_round"] if g["after_round"] == "final" else f"R{g['after_round']}"
            lines.append(f"      by: after {after} {g['subject']} {g['kind']} {g['published']} "
                         f"[{', '.join(g['src'])}] ({g['file']}:{g['line']})")
        if len(f["forced_by"]) > 10:
            lines.append(f"      ... and {len(f['forced_by']) - 10} more figure(s)")
    for u in r["undecided"][:20]:
        lines.append(f"  undecided: {u['driver']} {u['kind']} R{u['round']} ({u['reason']})")
    return "\n".join(lines)
