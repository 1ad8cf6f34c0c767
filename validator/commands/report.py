"""`scrutineer report`: the audit report of one season."""
from __future__ import annotations

from pathlib import Path

from validator.commands.common import single


def register(sub) -> None:
    rep = sub.add_parser("report", help="Markdown audit report of one season")
    rep.add_argument("season", type=Path)
    rep.add_argument("--rules", type=Path)


def run(args) -> int:
    from validator.report.markdown import render

    season_run, code = single(args)
    if season_run is None:
        return code
    print(render(season_run))
    return code
