"""`scrutineer` command line. Exit codes: 0 ok, 1 findings, 2 invalid input, 3 internal error."""
from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scrutineer", description="Replay a season under its rules and prove or "
                                "refute the declared champion and standings.")
    p.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    sub = p.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate and audit every season under each PATH")
    check.add_argument("paths", nargs="*", type=Path, default=[Path("seasons")])
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--rules", type=Path, help="rules directory (default: the nearest rules/ above the season)")
    check.add_argument("--verbose", "-v", action="store_true", help="also show warnings, notes and reasoning")

    st = sub.add_parser("standings", help="standings table of one season")
    st.add_argument("season", type=Path)
    st.add_argument("--after-round", type=int)
    st.add_argument("--classification", default="drivers")
    st.add_argument("--format", choices=["text", "json"], default="text")
    st.add_argument("--rules", type=Path)

    rep = sub.add_parser("report", help="Markdown audit report of one season")
    rep.add_argument("season", type=Path)
    rep.add_argument("--rules", type=Path)

    lk = sub.add_parser("lock", help="record the sha256 of every published ruleset version in rules/LOCK")
    lk.add_argument("--rules", type=Path, help="rules directory (default: the nearest rules/ above the current one)")
    lk.add_argument("--force", action="store_true", help="also rewrite entries of locked versions that changed")
    lk.add_argument("--check", action="store_true", help="only verify rules/LOCK (exit 2 if a locked version changed)")

    # --- worlds: exact possible-worlds engine (validator/worlds, docs/WORLDS.md) ---
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
    wd.add_argument("--quick", action="store_true", help="sufficient (not minimal) sets of figures, no facts-only worlds")
    wd.add_argument("--rules", type=Path)
    # --- end worlds ---

    imp = sub.add_parser("import", help="import external data into season records")
    imp.add_argument("kind", choices=["f1db"])
    imp.add_argument("--source", type=Path, required=True)
    imp.add_argument("--out", type=Path, required=True)
    return p


def _exit_code(seasons: list[dict]) -> int:
    if any(s["verdict"] == "invalid" for s in seasons):
        return EXIT_INVALID
    if any(s["verdict"] == "contradicted" or any(f["severity"] == "failure" for f in s["findings"]) for s in seasons):
        return EXIT_FINDINGS
    return EXIT_OK


def _check(args) -> int:
    from validator.pipeline import check_all, discover
    from validator.report.text import check_json, check_text

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"scrutineer: no such path: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_INVALID
    seasons = discover(args.paths)
    if not seasons:
        print(f"scrutineer: no season.yaml under {', '.join(map(str, args.paths))}", file=sys.stderr)
        return EXIT_INVALID
    from validator.load.schema import set_verbose
    from validator.lock import unreported

    set_verbose(args.verbose)  # every alternative of a failed oneOf/anyOf (inherited by forked workers)
    results = check_all(seasons, args.rules)
    print(check_json(results) if args.format == "json" else check_text(results, args.verbose))
    outside = unreported(seasons, args.rules, results)  # locked versions no checked season uses
    for finding in outside:
        print(f"scrutineer: {finding}", file=sys.stderr)
    worst = EXIT_OK
    for finding in outside:
        worst = max(worst, EXIT_INVALID if finding.severity == "error" else EXIT_FINDINGS)
    return max(_exit_code(results), worst)


def _single(args):
    from validator.pipeline import RulesCache, run_season
    from validator.pipeline import run_as_dict
    from validator.report.text import check_text

    if not (args.season / "season.yaml").is_file():
        print(f"scrutineer: {args.season} is not a season directory (no season.yaml)", file=sys.stderr)
        return None, EXIT_INVALID
    run = run_season(args.season, RulesCache(args.rules))
    summary = run_as_dict(run)
    if run.verdict == "invalid":
        print(check_text([summary]), file=sys.stderr)
        return None, EXIT_INVALID
    return run, _exit_code([summary])


def _standings(args) -> int:
    from validator.report.text import standings_rows, standings_text

    run, code = _single(args)
    if run is None:
        return code
    if args.classification not in run.results:
        print(f"scrutineer: no classification {args.classification!r} in {run.ruleset.key}", file=sys.stderr)
        return EXIT_INVALID
    result = run.results[args.classification]
    after = args.after_round if args.after_round is not None else result.last_round
    if after not in result.after:
        print(f"scrutineer: round {after} is not on the calendar of {run.key}", file=sys.stderr)
        return EXIT_INVALID
    rows = standings_rows(run, args.classification, after)
    if args.format == "json":
        print(json.dumps({"season": run.key, "rules": run.ruleset.key, "classification": args.classification,
                          "after_round": after, "rows": rows}, indent=2))
    else:
        print(standings_text(rows, f"{run.key} {args.classification} after round {after} ({run.ruleset.key})"))
    return code


def _report(args) -> int:
    from validator.report.markdown import render

    run, code = _single(args)
    if run is None:
        return code
    print(render(run))
    return code


def _import(args) -> int:
    from validator.importers.f1db import import_f1db

    import_f1db(args.source, args.out)
    return EXIT_OK


def _lock(args) -> int:
    from validator.lock import command

    return command(args.rules, force=args.force, check_only=args.check)


def _worlds(args) -> int:  # exact possible-worlds engine (validator/worlds)
    from validator.worlds import Settings, Unsupported, analyse, render_text

    run, _ = _single(args)
    if run is None:
        return EXIT_INVALID
    try:
        report = analyse(run.season, run.ruleset, Settings(work_limit=args.work_limit, time_limit=args.time_limit, minimize=not args.quick,
                                                          explain=not args.quick), max_cars=args.max_cars,
                         totals=args.totals, track=args.track)
    except Unsupported as exc:
        print(f"scrutineer: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(json.dumps(report.as_dict(), indent=2) if args.format == "json" else render_text(report))
    return report.exit_code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        handler = {"check": _check, "standings": _standings, "report": _report, "import": _import,
                   "lock": _lock, "worlds": _worlds}[args.command]
        return handler(args)
    except KeyboardInterrupt:
        return EXIT_INTERNAL
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line, no traceback unless --debug
        if args.debug:
            traceback.print_exc()
        else:
            text = " ".join(str(exc).split())
            print(f"scrutineer: internal error: {type(exc).__name__}: {text[:300]} (run with --debug for details)",
                  file=sys.stderr)
        return EXIT_INTERNAL
