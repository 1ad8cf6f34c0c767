"""Published positions in the worlds engine mean the ranking key of the sourced rules: points, then every term of
the tie-break chain as each component encodes it, up to the first step the rules mark `unsourced`
(validator/worlds/model.py `figure_key`, docs/WORLDS.md): an assumed step never removes a world the sources allow.

Golden: a hand-worked tiny season (the test table 20-18-16-14-..., chain most-wins then countback) where the
second tie-break term decides a published position:

    R1: a 1st (20), c 2nd (18), d 3rd (16), b 4th (14)
    R2: b 1st (20), c 2nd (18), a 3rd (16), d 4th (14)
    R3: c 1st (20), b 2nd (18), a 3rd (16), d 4th (14)

    c 56; a 52 (one win, no 2nd place); b 52 (one win, one 2nd place); d 44.

a and b are level on points and on wins; the countback's 2nd places put b ahead: the rules' table is c, b, a, d.
A published "a 2nd" is therefore impossible, although points and the first tie-break term (wins) alone allow it.
"""
from __future__ import annotations

import pytest
from conftest import res

from validator.worlds import Settings, analyse

FAST = Settings(work_limit=20.0)
MOST_WINS = {"use": "most-wins", "session": "race", "source": "https://example.org/tie"}
SOURCED_COUNTBACK = {"use": "countback", "session": "race", "source": "https://example.org/countback"}
ASSUMED_COUNTBACK = {"use": "countback", "session": "race", "unsourced": True, "reason": "assumed"}


def _season(builder, published: dict[str, int]) -> None:
    builder.calendar = [1, 2, 3]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "c"), res(3, "d"), res(4, "b")])
    builder.race(2, complete=True, results=[res(1, "b"), res(2, "c"), res(3, "a"), res(4, "d")])
    builder.race(3, complete=True, results=[res(1, "c"), res(2, "b"), res(3, "a"), res(4, "d")])
    builder.snapshots = [{"after_round": 3, "src": ["s"],
                          "rows": [{"driver": d, "position": p, "src": ["s"]} for d, p in published.items()]}]


def _consistency(builder):
    run = builder.run()
    return run, analyse(run.season, run.ruleset, FAST, totals=False).consistency


def test_published_position_decided_by_the_second_tie_break_term_is_refuted(builder):
    """a published 2nd: b is ahead of a on the countback (the chain's second step), c on points -> INFEASIBLE, and
    the published figure is what the proof rests on. The replay's audit agrees (a failure at the same row)."""
    builder.rules["classifications"]["drivers"]["tie_break"] = [MOST_WINS, SOURCED_COUNTBACK]
    _season(builder, {"c": 1, "a": 2})
    run, consistency = _consistency(builder)
    assert consistency.status == "INFEASIBLE"
    assert any(f.kind == "position" and f.subject == "a" for f in consistency.rests_on)
    assert run.verdict == "contradicted"


def test_published_order_of_the_rules_holds(builder):
    """The rules' own table (c, b, a, d) is consistent: SAT."""
    builder.rules["classifications"]["drivers"]["tie_break"] = [MOST_WINS, SOURCED_COUNTBACK]
    _season(builder, {"c": 1, "b": 2, "a": 3, "d": 4})
    run, consistency = _consistency(builder)
    assert consistency.status == "SAT"
    assert run.verdict != "contradicted"


@pytest.mark.parametrize("chain", [[MOST_WINS], [MOST_WINS, ASSUMED_COUNTBACK]])
def test_without_the_second_term_the_same_figure_is_possible(builder, chain):
    """Control: with most-wins alone a and b stay level through the chain, which a published position reads as
    "not ahead": a 2nd is possible (SAT). So the INFEASIBLE above comes from the countback, the second term. An
    unsourced countback is an assumption: the figure is read without it, and a 2nd stays possible."""
    builder.rules["classifications"]["drivers"]["tie_break"] = chain
    _season(builder, {"c": 1, "a": 2})
    _, consistency = _consistency(builder)
    assert consistency.status == "SAT"


def test_countback_packing_keeps_the_lexicographic_order():
    """Countback's CP-SAT terms pack the place counts into blocks (`WorldModel.packed`): comparing the blocks in
    order must be comparing the counts in order. Checked on every pair of count vectors over 3 places with
    counts 0..3 (base 4) and on block widths 1, 2 and 3."""
    import itertools

    from validator.worlds import model as world_model

    vectors = list(itertools.product(range(4), repeat=3))
    for bits in (2, 4, 6):   # 4**1, 4**2, 4**3 weights: block widths 1, 2, 3
        world_model.PACK_BITS, saved = bits, world_model.PACK_BITS
        try:
            pack = [world_model.WorldModel.packed(None, list(v), 4) for v in vectors]
        finally:
            world_model.PACK_BITS = saved
        assert max(len(p) for p in pack) == {2: 3, 4: 2, 6: 1}[bits]
        for (v, pv), (w, pw) in itertools.combinations(zip(vectors, pack), 2):
            assert (v < w) == (pv < pw) and (v == w) == (pv == pw)
