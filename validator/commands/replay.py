"""`scrutineer replay`: a season's standings under another ruleset version (counterfactual)."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, add_output_arguments, emit, is_season, season_code


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

    if not is_season(args.season):
        return EXIT_INVALID
    report = replay(args.season, args.other, args.rules_dir)
    code = season_code(report.own)
    if report.own.verdict in ("invalid", "internal"):
        return code
    if report.invalid:
        for finding in report.errors:
            print(f"scrutineer: {finding}", file=sys.stderr)
        return EXIT_INVALID
    emit(report.as_dict(), args.format, replay_text)
    return code
