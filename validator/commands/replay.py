"""`scrutineer replay`: a season's standings under another ruleset version (counterfactual)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, add_output_arguments, exit_code, not_a_season


def register(sub) -> None:
    rp = sub.add_parser(
        "replay", help="the standings of a season under another ruleset version, beside its own",
        description="Replay the facts of SEASON_DIR under another ruleset version (e.g. the 2007 Supercup under "
        "formula-1@2010) beside the standings under its own rules, naming the clauses that cannot apply (a "
        "session the season does not have, a status no fact states, ...). An incomplete record gives "
        "intervals. The other version's effective window is not checked. Exit codes as for `standings`.")
    rp.add_argument("season", type=Path, metavar="SEASON_DIR", help="a season directory (holding season.yaml)")
    rp.add_argument("--rules", dest="other", required=True, metavar="SERIES@VERSION",
                    help="the ruleset version to replay under, from the season's rules/ directory")
    rp.add_argument("--rules-dir", type=Path, help="rules directory (default: the nearest rules/ above the season)")
    add_output_arguments(rp, rules=False,
                         format_help="text (default) or json: both standings side by side, and what cannot apply")


def run(args) -> int:
    from validator.diff.render import replay_text
    from validator.diff.replay import replay
    from validator.pipeline import run_as_dict
    from validator.report.document import build
    from validator.report.text import check_text

    if not (args.season / "season.yaml").is_file():
        print(f"scrutineer: {not_a_season(args.season)}", file=sys.stderr)
        return EXIT_INVALID
    report = replay(args.season, args.other, args.rules_dir)
    own = run_as_dict(report.own)
    if report.own.verdict in ("invalid", "internal"):
        print(check_text(build([own])), file=sys.stderr)
        return exit_code([own])
    if report.invalid:
        for finding in report.errors:
            print(f"scrutineer: {finding}", file=sys.stderr)
        return EXIT_INVALID
    data = report.as_dict()
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.format == "json" else replay_text(data))
    return exit_code([own])
