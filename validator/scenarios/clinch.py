"""When was a finished championship decided: the round after which only the champion could still win.

After each round k the later rounds are treated as unknown and the contenders are computed exactly
(extremal.py). The set of completions after round k+1 is a subset of those after round k (the real results of
round k+1 are one legal completion), so the contenders can only shrink; `clinched_after_round` is the first round
after which the champion is the only one left.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.scenarios.extremal import contenders, extremal_applies


class NotFinished(ValueError):
    """The season is not a finished, complete record (clinch needs every round's results)."""


def finished(season: Season, ruleset: Ruleset, classification: str = "drivers") -> str | None:
    """None when every round is a complete record the extremal argument covers, else why not."""
    if not season.rounds:
        return "the season has no rounds"
    return extremal_applies(season, ruleset, classification, season.rounds[-1].number)


def clinch(season: Season, ruleset: Ruleset, classification: str = "drivers", verbose: bool = False) -> dict[str, Any]:
    why = finished(season, ruleset, classification)
    if why:
        raise NotFinished(f"{season.key}: {why}")
    rounds = []
    memo: dict = {}
    later: set[str] = set()
    for rnd in reversed(season.rounds):   # last round first: who can win after k+1 can win after k
        st = contenders(season, ruleset, classification, rnd.number, witnesses=verbose, memo=memo, later=later)
        later = set(st.contenders)
        rounds.insert(0, st)
    final = rounds[-1].contenders
    champion = final[0] if len(final) == 1 else None
    decided = None
    if champion is not None:
        for st in reversed(rounds):
            if st.contenders != [champion]:
                break
            decided = st.after_round
    return {"season": season.key, "champion": champion, "declared_champion": season.declared.champion,
            "clinched_after_round": decided, "rounds_in_season": len(season.rounds),
            "rounds": [st.as_dict(verbose) for st in rounds]}


def _one(directory: str) -> dict[str, Any]:
    from validator.pipeline import RulesCache, run_season

    run = run_season(Path(directory), RulesCache())
    if run.season is None or run.ruleset is None or run.verdict == "invalid":
        return {"season": run.key, "error": "invalid input (run `scrutineer check` for the findings)"}
    why = finished(run.season, run.ruleset)
    if why:
        return {"season": run.key, "skipped": why}
    return clinch(run.season, run.ruleset)


def clinch_all(directories: list[Path], workers: int = 1) -> list[dict[str, Any]]:
    """`clinch` for every season directory; seasons that are not finished complete records are listed as
    skipped with the reason. The output is in the order of `directories` whatever the number of workers."""
    jobs = [str(d) for d in directories]
    if workers <= 1:
        return [_one(j) for j in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_one, jobs))
