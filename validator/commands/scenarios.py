"""`scrutineer scenarios`: who can still win after a round, what each needs next, and the condition further on."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, EXIT_OK, add_solver_arguments, emit, on_solver, places


def register(sub) -> None:
    sc = sub.add_parser("scenarios", help="title scenarios: who can still win and what each needs")
    sc.add_argument("season", type=Path)
    sc.add_argument("--after-round", type=int, help="default: the last round with recorded results")
    sc.add_argument("--driver", help="the contender whose needs are tabled (default: every contender)")
    sc.add_argument("--places", type=places, default=None,
                    help="the rival's places tabled for the next round (default: every place a points table pays)")
    sc.add_argument("--classification", default="drivers")
    add_solver_arguments(sc, work_limit=20.0,
                         work_help="CP-SAT deterministic time per solve, incomplete records only (default 20)")


def run(args) -> int:
    return on_solver(args, lambda season_run: _answer(args, season_run), classification=args.classification)


def _answer(args, season_run) -> int:
    from validator.scenarios.scenario import BadRound, scenarios
    from validator.worlds import Settings

    try:
        out = scenarios(season_run.season, season_run.ruleset, args.after_round, args.driver, args.classification,
                        Settings(work_limit=args.work_limit, minimize=False), args.places)
    except BadRound as exc:
        from validator.findings import Finding

        print(f"scrutineer: {Finding(exc.code, str(exc), season_run.season.rules_loc)}", file=sys.stderr)
        return EXIT_INVALID
    emit(out, args.format, scenarios_text)
    return EXIT_OK


def scenarios_text(o: dict) -> str:
    from validator.report.text import one_line

    left = o["rounds_left"]
    lines = [f"{o['season']} after round {o['after_round']} ({o['rules']}); "
             + (f"rounds left: {left[0]}..{left[-1]}" if left else "no round left"),
             f"  route: {o['route']}"]
    if "standings" in o:
        lines.append("  standings of the contenders: " + ", ".join(f"{r['driver']} {r['points']}" for r in o["standings"]))
    # the leaders first (the JSON keeps its order): the lines cut short below then keep the ones that matter
    place = {r["driver"]: i for i, r in enumerate(o.get("standings", []))}
    by_standing = lambda driver: place.get(driver, len(place))  # noqa: E731
    contenders = sorted(o["contenders"], key=by_standing)
    lines.append(f"  can still win: {', '.join(contenders) or 'nobody'}"
                 + (f"; an untracked driver: {o['untracked_can_win']}" if "untracked_can_win" in o else ""))
    shown = sorted(o["chances"], key=lambda c: by_standing(c["driver"]))
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
    if o.get("reachable"):
        reach = o["reachable"]
        lines.append("  reachable final totals (best final position): " + ", ".join(
            f"{r['driver']} {r['least']}..{r['most']} ({r['best_position']})" for r in reach[:10])
            + (f" and {len(reach) - 10} more (--format json)" if len(reach) > 10 else ""))
    if o.get("driver_note"):
        lines.append(f"  {o['driver_note']}")
    lines += _next_round_lines(o)
    lines += _further_lines(o.get("further"), o.get("driver"))
    if "work_used" in o:
        lines.append(f"  work used {o['work_used']:g} (limit {o['work_limit']:g} per solve, deterministic)")
    return "\n".join(one_line(x) for x in lines)


def _next_round_lines(o: dict) -> list[str]:
    """Full tables first; the pairs where the contender can still win whatever either finishes (and cannot make
    sure of the title in that round) are one line per contender."""
    lines, loose = [], {}
    for t in o["next_round"]:
        if "whatever" in t:
            loose.setdefault((t["driver"], t["round"]), []).append(t)
            continue
        basis = t.get("basis", "possible: with every other result as best for him; certain: as worst for him")
        head = f"  round {t['round']}: {t['driver']} against {t['rival']}"
        if t["rows"] and all(r.get("any_result") and r["certain"] is None for r in t["rows"]):
            lines.append(f"{head}: can still win whatever either finishes, certain with no place")
            continue
        lines.append(f"{head} ({basis})")
        lines.extend(f"    {x}" for x in t["text"])
    everyone = {t["driver"] for t in o["next_round"]}
    free = [(x, rnd) for (x, rnd), ts in loose.items() if len(ts) == len(everyone) - 1 and len(everyone) > 2]
    if free:
        lines.append(f"  round {free[0][1]}: {len(free)} contenders can still win whatever he and any one rival "
                     f"finish: {', '.join(x for x, _ in free)}")
    for (x, rnd), ts in loose.items():
        if (x, rnd) in free:
            continue
        rivals = [t["rival"] for t in ts]
        shown = ", ".join(rivals[:4]) + (f" and {len(rivals) - 4} more" if len(rivals) > 4 else "")
        lines.append(f"  round {rnd}: {x} can still win whatever he and {shown} finish")
    blocked = {t["driver"]: t["certain_blocked_by"]["driver"] for t in o["next_round"] if "certain_blocked_by" in t}
    if blocked and not o.get("last_round"):
        lines.append(f"  round {o['after_round'] + 1} cannot decide the title for: "
                     + ", ".join(f"{x} ({z} can still catch him)" for x, z in list(blocked.items())[:8])
                     + (f" and {len(blocked) - 8} more" if len(blocked) > 8 else ""))
    return lines


def _further_lines(f: dict | None, driver: str | None) -> list[str]:
    from validator.scenarios.further import SHOWN

    if not f:
        return []
    spare = f", at most {f['spare']} points to any one driver" if "spare" in f else ""
    lines = [f"  further ahead (rounds {f['rounds'][0]}..{f['rounds'][1]}{spare}): {f['basis']}"]
    shown = f["drivers"] if driver else f["drivers"][:SHOWN]
    for d in shown:
        if not d["catchers"]:
            lines.append(f"    {d['driver']} is champion whatever happens")
            continue
        lines.append(f"    {d['driver']} is champion iff he ends ahead of each of {len(d['catchers'])} drivers "
                     f"({d['counts']}):")
        lines.extend(f"      {c['text']}" for c in d["catchers"][:SHOWN])
        if len(d["catchers"]) > SHOWN:
            lines.append(f"      ... and {len(d['catchers']) - SHOWN} more (--format json lists every condition)")
    if len(shown) < len(f["drivers"]):
        lines.append(f"    ({len(f['drivers']) - len(shown)} more contenders: --driver ID or --format json)")
    return lines
