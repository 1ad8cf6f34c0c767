"""`scrutineer standings`: the standings table of one season after a round."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, add_output_arguments, emit, off_calendar, on_season


def register(sub) -> None:
    st = sub.add_parser("standings", help="standings table of one season")
    st.add_argument("season", type=Path)
    st.add_argument("--after-round", type=int)
    st.add_argument("--classification", default="drivers")
    add_output_arguments(st)


def run(args) -> int:
    return on_season(args, lambda season_run, code: _answer(args, season_run, code),
                     classification=args.classification)


def _answer(args, season_run, code: int) -> int:
    from validator.report.text import standings_rows, standings_text

    # by default after the last round with results (a season in progress: the standings so far)
    after = args.after_round if args.after_round is not None else season_run.season.final_round
    if after is None:
        print(f"scrutineer: no round of {season_run.key} has results yet: give --after-round N for the range each "
              "competitor can still reach", file=sys.stderr)
        return EXIT_INVALID
    if off_calendar(season_run.season, after):
        return EXIT_INVALID
    heading = f"{season_run.key} {args.classification} after round {after} ({season_run.ruleset.key})"
    emit({"season": season_run.key, "rules": season_run.ruleset.key, "classification": args.classification,
          "after_round": after, "rows": standings_rows(season_run, args.classification, after)}, args.format,
         lambda data: standings_text(data["rows"], heading))
    return code
