"""`scrutineer check`: validate and audit every season under each PATH."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, exit_code


def register(sub) -> None:
    check = sub.add_parser("check", help="validate and audit every season under each PATH")
    check.add_argument("paths", nargs="*", type=Path, default=[Path("seasons")])
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--rules", type=Path, help="rules directory (default: the nearest rules/ above the season)")
    check.add_argument("--verbose", "-v", action="store_true", help="also show warnings, notes and reasoning")


def run(args) -> int:
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
    internal = [s["season"] for s in results if s["verdict"] == "internal"]
    if internal:
        print(f"scrutineer: internal error in {len(internal)} season(s) ({', '.join(internal[:5])}"
              f"{', ...' if len(internal) > 5 else ''}): see their INT finding; every other season was checked",
              file=sys.stderr)
    outside = unreported(seasons, args.rules, results)  # locked versions no checked season uses
    for finding in outside:
        print(f"scrutineer: {finding}", file=sys.stderr)
    worst = EXIT_OK
    for finding in outside:
        worst = max(worst, EXIT_INVALID if finding.severity == "error" else EXIT_FINDINGS)
    return max(exit_code(results), worst)
