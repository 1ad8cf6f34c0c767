"""`scrutineer explain SEASON_DIR DRIVER [--round N]`: how a driver's points were derived, in the terminal
(read from the same report model as `scrutineer report`)."""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, off_calendar, on_season


def register(sub) -> None:
    ex = sub.add_parser("explain", help="a driver's points, result by result: rule clause, points, counted or dropped")
    ex.add_argument("season", type=Path)
    ex.add_argument("driver", help="driver id (as in the season's drivers list) or full name")
    ex.add_argument("--round", type=int, help="only this round")
    ex.add_argument("--rules", type=Path)


def _driver(season, wanted: str) -> str | None:
    if wanted in season.drivers:
        return wanted
    by_name = [d for d, name in season.drivers.items() if name.casefold() == wanted.casefold()]
    return by_name[0] if len(by_name) == 1 else None


def run(args) -> int:
    return on_season(args, lambda season_run, code: _answer(args, season_run, code))


def _answer(args, season_run, code: int) -> int:
    from validator.findings import Finding, Location
    from validator.report.derivation import driver_derivation
    from validator.report.explain import render

    season = season_run.season
    subject = _driver(season, args.driver)
    if subject is None or "drivers" not in season_run.results:
        named = [d for d, name in season.drivers.items() if name.casefold() == args.driver.casefold()]
        close = named or difflib.get_close_matches(args.driver, list(season.drivers), n=3)
        hint = (f"; {len(named)} drivers have that name: give the id ({', '.join(named)})" if len(named) > 1 else
                f"; did you mean {', '.join(close)}?" if close else "")
        print(Finding("REPORT001", f"no driver {args.driver!r} in {season.key}{hint}",
                      Location(f"{season.directory}/season.yaml")), file=sys.stderr)
        return EXIT_INVALID
    if args.round is not None and off_calendar(season, args.round):
        return EXIT_INVALID
    derivation = driver_derivation(season_run, subject)
    standing = next((r for r in _standings(season_run) if r["competitor"] == subject), None)
    print(render(season_run.key, season_run.ruleset.key, derivation, standing, args.round))
    return code


def _standings(season_run) -> list[dict]:
    from validator.report.text import standings_rows

    result = season_run.results["drivers"]
    return standings_rows(season_run, "drivers", result.last_round) if result.last_round is not None else []
