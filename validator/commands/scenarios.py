"""`scrutineer scenarios`: who can still win after a round, what each needs next, and the condition further on."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, EXIT_OK, add_solver_arguments, places, single


def register(sub) -> None:
    sc = sub.add_parser("scenarios", help="title scenarios: who can still win and what each needs")
    sc.add_argument("season", type=Path)
    sc.add_argument("--after-round", type=int, help="default: the last round with recorded results")
    sc.add_argument("--driver", help="the contender whose needs are tabled (default: the top three)")
    sc.add_argument("--places", type=places, default=10, help="places tabled for the next round (default 10)")
    sc.add_argument("--classification", default="drivers")
    add_solver_arguments(sc, work_limit=20.0,
                         work_help="CP-SAT deterministic time per solve, incomplete records only (default 20)")


def run(args) -> int:
    from validator.scenarios.scenario import BadRound, scenarios
    from validator.worlds import Settings, Unsupported

    season_run, _ = single(args)
    if season_run is None:
        return EXIT_INVALID
    try:
        out = scenarios(season_run.season, season_run.ruleset, args.after_round, args.driver, args.classification,
                        Settings(work_limit=args.work_limit, minimize=False), args.places)
    except BadRound as exc:
        from validator.findings import Finding

        print(f"scrutineer: {Finding('SCEN002', str(exc), season_run.season.rules_loc)}", file=sys.stderr)
        return EXIT_INVALID
    except Unsupported as exc:
        print(f"scrutineer: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(json.dumps(out, indent=2, default=str) if args.format == "json" else scenarios_text(out))
    return EXIT_OK


def scenarios_text(o: dict) -> str:
    left = o["rounds_left"]
    lines = [f"{o['season']} after round {o['after_round']} ({o['rules']}); "
             + (f"rounds left: {left[0]}..{left[-1]}" if left else "no round left"),
             f"  route: {o['route']}"]
    if "standings" in o:
        lines.append("  standings of the contenders: " + ", ".join(f"{r['driver']} {r['points']}" for r in o["standings"]))
    lines.append(f"  can still win: {', '.join(o['contenders']) or 'nobody'}"
                 + (f"; an untracked driver: {o['untracked_can_win']}" if "untracked_can_win" in o else ""))
    shown = o["chances"]
    if len(shown) > 12:
        hidden = [c for c in shown if c["can_win"] is True and c["basis"] != "cp-sat"]
        shown = [c for c in shown if c not in hidden[8:]]
        if len(hidden) > 8:
            lines.append(f"    ({len(hidden) - 8} more can win by winning every remaining session; --format json lists "
                         "every witness)")
    for c in shown:
        mark = {True: "can", False: "cannot", None: "undecided", "maybe": "maybe"}[c["can_win"]]
        lines.append(f"    {c['driver']}: {mark} — {c['reason']} [{c['basis']}]")
        for f in c.get("rests_on", [])[:6]:
            lines.append(f"        rests on: after R{f['after_round']} {f['subject']} {f['kind']} {f['published']} "
                         f"({f['file']}:{f['line']})")
    if o.get("eliminated_by_bound"):
        lines.append(f"    ({o['eliminated_by_bound']} other drivers cannot win: even every remaining point would "
                     "leave them behind)")
    for t in o["next_round"]:
        basis = t.get("basis", f"every other result as best for {t['driver']}")
        head = f"  round {t['round']}: {t['driver']} against {t['rival']} ({basis})"
        if all(r.get("any_result") for r in t["rows"]):
            lines.append(f"{head}: still able to win whatever either of them finishes")
            continue
        lines.append(head)
        lines.extend(f"    {r['text']}" for r in t["rows"])
    if o.get("further"):
        lines.append("  further ahead:")
        lines.extend(f"    {x}" for x in o["further"])
    if "work_used" in o:
        lines.append(f"  work used {o['work_used']:g} (limit {o['work_limit']:g} per solve, deterministic)")
    return "\n".join(lines)
