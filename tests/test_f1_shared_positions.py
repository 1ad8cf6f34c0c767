"""Pre-1995 Formula One: competitors still level after the countback share the position (`shared-position`,
docs/f1-rules-research.md#ties), against an independent golden: F1DB's official final tables
(seasons/formula-1/<year>/standings.yaml, `after_round: final`), which list shared places as several rows on one
`pos`. The replay computes its shared groups from the results alone; the published tables are not read by it."""
from __future__ import annotations

from collections import defaultdict

import pytest

from tests.conftest import ROOT
from validator.engine.rank import rank
from validator.pipeline import RulesCache, run_season

SHARED_ERA = range(1950, 1995)
# docs/f1-rules-research.md §9: 1991 constructors, Lotus-Judd 9th and Brabham-Yamaha 10th (3 points each, the
# same points-scoring places): F1DB decides on a place outside the points, the rule (and the replay) shares 9th.
KNOWN_DEPARTURES = {(1991, "constructors", frozenset({"lotus-judd", "brabham-yamaha"}))}


@pytest.fixture(scope="module")
def runs() -> dict[int, object]:
    cache = RulesCache(ROOT / "rules")
    return {year: run_season(ROOT / "seasons" / "formula-1" / str(year), cache) for year in SHARED_ERA}


def _published_shared(run, classification: str) -> dict[frozenset, tuple[int, int]]:
    """F1DB's final table: each set of rows on one position -> the positions it covers."""
    by_pos = defaultdict(list)
    for snap in run.season.snapshots:
        if snap.classification == classification and snap.after_round == "final":
            for row in snap.rows:
                if isinstance(row.position, int):
                    by_pos[row.position].append(row.subject)
    return {frozenset(v): (p, p + len(v) - 1) for p, v in by_pos.items() if len(v) > 1}


def test_shared_position_ends_every_pre_1995_tie_break_chain(runs):
    for year, run in runs.items():
        assert run.ruleset.version.endswith(".2"), year
        for cls in run.ruleset.classifications.values():
            assert [c.use for c in cls.tie_break][-1] == "shared-position", (year, cls.name)
            assert "docs/f1-rules-research.md#ties" in cls.tie_break[-1].source, (year, cls.name)


def test_shared_position_reproduces_the_shared_places_of_the_f1db_final_tables(runs):
    """Where every total is exact, the replay's shared groups are exactly F1DB's (one documented departure);
    where some total is an interval (some 1950s seasons: results the record leaves open), every F1DB shared group
    lies within the range of positions the replay allows each of its members."""
    exact_groups = ranged_groups = 0
    for year, run in runs.items():
        for name, result in run.results.items():
            published = _published_shared(run, name)
            ranked = rank(result, result.last_round)
            where = {r.record.subject: (r.best, r.worst) for r in ranked}
            if all(r.decided_by != "open" for r in ranked):
                groups = defaultdict(set)
                for r in ranked:
                    if r.decided_by == "shared":
                        groups[(r.best, r.worst)].add(r.record.subject)
                replayed = {frozenset(v): k for k, v in groups.items()}
                departures = {k for k in set(replayed) ^ set(published) if (year, name, k) in KNOWN_DEPARTURES}
                assert {k: v for k, v in replayed.items() if k not in departures} == \
                    {k: v for k, v in published.items() if k not in departures}, (year, name)
                exact_groups += len(published)
            else:
                for members, (first, last) in published.items():
                    for m in members:
                        assert where[m][0] <= first and last <= where[m][1], (year, name, m, where[m], first)
                ranged_groups += len(published)
    assert (exact_groups, ranged_groups) == (93, 27)  # F1DB's shared groups in the 1950-1994 final tables


def test_shared_position_1989_drivers_eleventh(runs):
    """The research doc's example: Alboreto, Cheever and Johansson all 11th on 6 points (one 3rd and one 5th
    each; Cheever's three 7th places are outside the points)."""
    result = runs[1989].results["drivers"]
    ranked = {r.record.subject: r for r in rank(result, result.last_round)}
    for driver in ("michele-alboreto", "eddie-cheever", "stefan-johansson"):
        r = ranked[driver]
        assert (r.best, r.worst, r.decided_by, str(r.record.total)) == (11, 13, "shared", "6")
