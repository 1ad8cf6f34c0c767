"""`scrutineer worlds`: the exact possible-worlds check (validator/worlds, docs/WORLDS.md)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, single


def register(sub) -> None:
    wd = sub.add_parser("worlds", help="exact CP-SAT check of the declared outcome and the published standings")
    wd.add_argument("season", type=Path)
    wd.add_argument("--format", choices=["text", "json"], default="text")
    wd.add_argument("--work-limit", type=float, default=60.0,
                    help="CP-SAT deterministic time per solve (default 60; machine-independent, unlike seconds)")
    wd.add_argument("--time-limit", type=float, default=None,
                    help="optional wall-clock cap per solve in seconds (answers then depend on the machine)")
    wd.add_argument("--max-cars", type=int, default=34, help="cars per session when no count is recorded")
    wd.add_argument("--track", action="append", default=[], help="also give this driver a total of its own")
    wd.add_argument("--totals", action="store_true", help="also compute exact min/max totals (slower)")
    wd.add_argument("--minimal", action="store_true",
                    help="shrink each proof's figures to a minimal set by deletion (one solve per figure: slow)")
    wd.add_argument("--explain", action="store_true",
                    help="for a proof that needs published figures, also find the world they rule out (a search)")
    wd.add_argument("--quick", action="store_true", help="(the default) no facts-only worlds; kept for scripts")
    wd.add_argument("--rules", type=Path)


def run(args) -> int:
    from validator.worlds import Settings, Unsupported, analyse, render_text

    season_run, _ = single(args)
    if season_run is None:
        return EXIT_INVALID
    try:
        report = analyse(season_run.season, season_run.ruleset,
                         Settings(work_limit=args.work_limit, time_limit=args.time_limit, minimize=args.minimal,
                                  explain=args.explain and not args.quick), max_cars=args.max_cars, totals=args.totals,
                         track=args.track)
    except Unsupported as exc:
        print(f"scrutineer: {exc}", file=sys.stderr)
        return EXIT_INVALID
    assumed = [a.as_dict() for a in season_run.season.assumptions]
    if args.format == "json":
        print(json.dumps({**report.as_dict(), "assumptions": assumed}, indent=2))
    else:
        print(render_text(report))
        for a in assumed:  # every answer above holds in the worlds these allow, not in every world
            print(f"  assumes {a['id']} ({a['file']}:{a['line']}): {a['statement']} — {a['reason']} "
                  f"[{', '.join(a['src'])}]")
    return report.exit_code
