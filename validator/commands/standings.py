"""`scrutineer standings`: the standings table of one season after a round."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from validator.commands.common import (EXIT_INVALID, add_output_arguments, no_classification, off_calendar,
                                       single)


def register(sub) -> None:
    st = sub.add_parser("standings", help="standings table of one season")
    st.add_argument("season", type=Path)
    st.add_argument("--after-round", type=int)
    st.add_argument("--classification", default="drivers")
    add_output_arguments(st)


def run(args) -> int:
    from validator.report.text import standings_rows, standings_text

    season_run, code = single(args)
    if season_run is None:
        return code
    if no_classification(season_run, args.classification):
        return EXIT_INVALID
    # by default after the last round with results (a season in progress: the standings so far)
    after = args.after_round if args.after_round is not None else season_run.season.final_round
    if after is None:
        print(f"scrutineer: no round of {season_run.key} has results yet: give --after-round N for the range each "
              "competitor can still reach", file=sys.stderr)
        return EXIT_INVALID
    if off_calendar(season_run.season, after):
        return EXIT_INVALID
    rows = standings_rows(season_run, args.classification, after)
    if args.format == "json":
        print(json.dumps({"season": season_run.key, "rules": season_run.ruleset.key,
                          "classification": args.classification, "after_round": after, "rows": rows}, indent=2))
    else:
        print(standings_text(rows, f"{season_run.key} {args.classification} after round {after} "
                                   f"({season_run.ruleset.key})"))
    return code
