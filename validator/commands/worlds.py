"""`scrutineer worlds`: the exact possible-worlds check (validator/worlds, docs/WORLDS.md)."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, add_solver_arguments, emit, limit as _positive, on_solver, whole

_cars = whole(1, 500)  # the model grows with cars x places: more would never end


def register(sub) -> None:
    wd = sub.add_parser("worlds", help="exact CP-SAT check of the declared outcome and the published standings")
    wd.add_argument("season", type=Path)
    wd.add_argument("--time-limit", type=_positive, default=None,
                    help="optional wall-clock cap per solve in seconds (answers then depend on the machine)")
    wd.add_argument("--max-cars", type=_cars, default=34, help="cars per session when no count is recorded (at "
                    "least as many as the season's largest recorded session: fewer would contradict the record)")
    wd.add_argument("--track", action="append", default=[], help="also give this driver a total of its own")
    wd.add_argument("--totals", action="store_true", help="also compute exact min/max totals (slower)")
    wd.add_argument("--minimal", action="store_true",
                    help="shrink each proof's figures to a minimal set by deletion (one solve per figure: slow)")
    wd.add_argument("--explain", action="store_true",
                    help="for a proof that needs published figures, also find the world they rule out (a search)")
    wd.add_argument("--quick", action="store_true", help="(the default) no facts-only worlds; kept for scripts")
    add_solver_arguments(wd, work_limit=60.0, work_help="CP-SAT deterministic time per solve (default 60; "
                         "machine-independent, unlike seconds)")


def run(args) -> int:
    return on_solver(args, lambda season_run: _answer(args, season_run))


def _answer(args, season_run) -> int:
    from validator.worlds import Settings, analyse

    problem = _bad_arguments(season_run.season, args)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_INVALID
    report = analyse(season_run.season, season_run.ruleset,
                     Settings(work_limit=args.work_limit, time_limit=args.time_limit, minimize=args.minimal,
                              explain=args.explain and not args.quick), max_cars=args.max_cars, totals=args.totals,
                     track=args.track)
    assumed = [a.as_dict() for a in season_run.season.assumptions]
    emit({**report.as_dict(), "assumptions": assumed}, args.format, lambda _: _text(report, assumed))
    return report.exit_code


def _text(report, assumed: list[dict]) -> str:
    """The report, then the assumptions: every answer holds in the worlds these allow, not in every world."""
    from validator.worlds import render_text

    return "\n".join([render_text(report), *(f"  assumes {a['id']} ({a['file']}:{a['line']}): {a['statement']} — "
                                              f"{a['reason']} [{', '.join(a['src'])}]" for a in assumed)])


def _bad_arguments(season, args):
    """USE002 for a --track naming no driver of the season (it was silently ignored), USE003 for a --max-cars
    below the largest session the record shows (the worlds would then contradict the facts, and a claim 'proven'
    in no world at all is no proof)."""
    from validator.findings import Finding, Location

    unknown = [d for d in args.track if d not in season.drivers]
    if unknown:
        return Finding("USE002", f"--track {', '.join(map(repr, unknown))}: no such driver in {season.key}",
                       Location(f"{season.directory}/season.yaml"))
    largest = max((_recorded_cars(s) for r in season.rounds for s in r.sessions), default=0)
    if args.max_cars < largest:
        return Finding("USE003", f"--max-cars {args.max_cars} is below the {largest} cars the record shows in one "
                       f"session of {season.key}", Location(f"{season.directory}/season.yaml"))
    return None


def _recorded_cars(session) -> int:
    """How many cars a session had at least: its distinct drivers, its highest road position."""
    places = [r.pos for r in session.results if isinstance(r.pos, int)]
    return max(len({r.driver for r in session.results}), max(places, default=0))
