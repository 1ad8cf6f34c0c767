"""The steps that end a tie-break chain by declaring what a tie through it means (hand-worked tiny seasons):

* `shared-position`: competitors still level after every earlier step share the position (the pre-1995 Formula
  One rule, docs/f1-rules-research.md#ties); the F1DB goldens are in tests/test_f1_shared_positions.py.
* `authority-decides`: they are placed by the governing body's decision (Formula One: "if this procedure fails to
  produce a result, the FIA will nominate the winner according to such criteria as it thinks fit",
  docs/f1-rules-research.md#ties). No season records such a decision, so the place stays undecided: nothing is
  proven on an order nobody published.

What both steps share (they declare the fallback, order nobody, bound nobody ahead, must end the chain) is checked
once for each; what each declares is checked apart."""
from __future__ import annotations

import pytest
from conftest import res

from validator.engine.rank import _chain, chain_ahead, rank
from validator.worlds import Settings, analyse

SHARED = {"use": "shared-position", "source": "https://example.org/tie"}
AUTHORITY = {"use": "authority-decides", "source": "https://example.org/tie"}
COUNTBACK_2 = {"use": "countback", "session": "race", "places": 2, "source": "https://example.org/tie"}
FAST = Settings(work_limit=20.0)
FALLBACKS = pytest.mark.parametrize("step", [SHARED, AUTHORITY], ids=lambda s: s["use"])


def _codes(run) -> list[str]:
    return [f.code for f in run.findings]


def _level_through_countback(builder, chain) -> None:
    """The test table 20-18-16-14: b 2nd + 2nd = 36 leads; a 1st + 4th = 34 and c 4th + 1st = 34 are level
    through a countback of places 1-2 (one win, no 2nd place each); d 3rd + 3rd = 32."""
    builder.calendar = [1, 2]
    builder.rules["classifications"]["drivers"]["tie_break"] = chain
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "d"), res(4, "c")])
    builder.race(2, complete=True, results=[res(1, "c"), res(2, "b"), res(3, "d"), res(4, "a")])


def _table(run) -> dict:
    return {r.record.subject: r for r in rank(run.results["drivers"], 2)}


@FALLBACKS
def test_a_fallback_step_declares_the_fallback_so_rule005_is_quiet(builder, step):
    _level_through_countback(builder, [COUNTBACK_2, step])
    assert "RULE005" not in _codes(builder.run())
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2]
    assert "RULE005" in _codes(builder.run())  # the same chain without it declares nothing


@FALLBACKS
def test_a_fallback_step_keeps_a_countback_decision(builder, step):
    """It orders nobody itself: a countback that separates two competitors still does."""
    builder.calendar = [1, 2]
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2, step]
    # a: 1st + 3rd = 36, b: 2nd + 2nd = 36: a has a win, b none -> a ahead by countback, nothing left level
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(4, "c")])
    builder.race(2, complete=True, results=[res(3, "a"), res(2, "b"), res(1, "c")])
    ranked = _table(builder.run())
    assert (ranked["a"].best, ranked["b"].best) == (1, 2)
    assert ranked["b"].decided_by == "countback"
    assert not {"shared", "undecided"} & {r.decided_by for r in ranked.values()}


@FALLBACKS
def test_a_fallback_step_bounds_never_put_one_ahead(builder, step):
    """Interval engine: level exact records are not "surely ahead" of each other on the step."""
    _level_through_countback(builder, [COUNTBACK_2, step])
    result = builder.run().results["drivers"]
    chain = _chain(result, 2)
    a, c = result.after[2]["a"], result.after[2]["c"]
    assert chain[-1].bounds(a) == chain[-1].bounds(c) == (0, 0)
    assert not chain_ahead(a, c, chain) and not chain_ahead(c, a, chain)


@FALLBACKS
def test_a_fallback_step_must_end_the_chain(builder, step):
    _level_through_countback(builder, [step, COUNTBACK_2])
    run = builder.run()
    assert "RULE010" in _codes(run) and run.verdict == "invalid"


def test_shared_position_level_competitors_share_the_place(builder):
    _level_through_countback(builder, [COUNTBACK_2, SHARED])
    run = builder.run()
    ranked = _table(run)
    assert ranked["b"].best == ranked["b"].worst == 1
    # a and c: 34 points each, one win and no 2nd place each: they share 2nd (positions 2..3)
    assert (ranked["a"].best, ranked["a"].worst) == (ranked["c"].best, ranked["c"].worst) == (2, 3)
    assert ranked["a"].decided_by == ranked["c"].decided_by == "shared"


def test_shared_position_check_proves_a_shared_declared_place(builder):
    """`scrutineer check`: a declared P2 level through the whole chain with the P3 is proven, the place shared;
    without the component the same claim is open (not surely ahead)."""
    _level_through_countback(builder, [COUNTBACK_2, SHARED])
    builder.declared = {"champion": {"driver": "b", "src": ["s"]},
                        "final_order": {"drivers": ["b", "a", "c"], "src": ["s"]}}
    run = builder.run()
    p2 = run.audit.claims[1]
    assert (p2["claim"], p2["driver"], p2["status"], p2["shared_with"]) == ("P2", "a", "proven", ["c"])
    assert run.verdict == "proven"
    assert any("shares the place with c" in line for line in run.audit.reasoning)
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2]
    run = builder.run()
    assert run.audit.claims[1]["status"] == "open" and run.verdict == "consistent"


def test_shared_position_worlds_claim_names_the_shared_place(builder):
    """CP-SAT: a declared P2 level with a rival through the whole chain is PROVEN and says the place is shared
    (without the component the same level rival is a counterexample: "not ahead")."""
    _level_through_countback(builder, [COUNTBACK_2, SHARED])
    builder.declared = {"champion": {"driver": "b", "src": ["s"]},
                        "final_order": {"drivers": ["b", "a", "c"], "src": ["s"]}}
    run = builder.run()
    report = analyse(run.season, run.ruleset, FAST, totals=False)
    p2 = report.claims[1]
    assert (p2.query, p2.subject, p2.status) == ("P2", "a", "PROVEN")
    assert p2.shared_with == ["c"]
    assert "shares the place in every world" in p2.note
    assert report.claims[0].shared_with == []
    p3 = report.claims[2]   # c, declared 3rd, shares a's place: the claim says so rather than a strict 3rd
    assert (p3.status, p3.shared_with) == ("PROVEN", ["a"])
    assert "a (declared above) shares the place in every world" in p3.note
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2]
    run = builder.run()
    p2 = analyse(run.season, run.ruleset, FAST, totals=False).claims[1]
    assert p2.status == "REFUTED" and p2.shared_with == []


def test_authority_decides_leaves_level_competitors_undecided(builder):
    """a and c (34 each, level through the countback): the governing body places them, no decision is recorded,
    so both get the range 2..3 with `decided_by` undecided (not "shared": the rules do not share the place)."""
    _level_through_countback(builder, [COUNTBACK_2, AUTHORITY])
    ranked = _table(builder.run())
    assert ranked["b"].best == ranked["b"].worst == 1
    assert (ranked["a"].best, ranked["a"].worst) == (ranked["c"].best, ranked["c"].worst) == (2, 3)
    assert ranked["a"].decided_by == ranked["c"].decided_by == "undecided"


def test_authority_decides_check_leaves_a_level_declared_place_open(builder):
    """`scrutineer check`: a declared place level with a rival through the whole chain is not proven (the body
    may place the rival ahead) and the reasoning says the governing body decides; shared-position instead proves
    the place shared."""
    _level_through_countback(builder, [COUNTBACK_2, AUTHORITY])
    builder.declared = {"champion": {"driver": "b", "src": ["s"]},
                        "final_order": {"drivers": ["b", "a", "c"], "src": ["s"]}}
    run = builder.run()
    p2 = run.audit.claims[1]
    assert (p2["claim"], p2["driver"], p2["status"], p2["shared_with"]) == ("P2", "a", "open", [])
    assert run.verdict == "consistent"
    assert any("governing body decides" in line for line in run.audit.reasoning)
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2, SHARED]
    run = builder.run()
    assert run.audit.claims[1]["status"] == "proven"


def test_authority_decides_worlds_claim_level_with_a_rival_is_not_proven(builder):
    """CP-SAT: a rival level through the whole key may be placed ahead by the governing body: a counterexample
    (REFUTED on complete results), never PROVEN; under shared-position the same claim is PROVEN and shared."""
    _level_through_countback(builder, [COUNTBACK_2, AUTHORITY])
    builder.declared = {"champion": {"driver": "b", "src": ["s"]},
                        "final_order": {"drivers": ["b", "a", "c"], "src": ["s"]}}
    run = builder.run()
    p2 = analyse(run.season, run.ruleset, FAST, totals=False).claims[1]
    assert (p2.query, p2.subject, p2.status, p2.shared_with) == ("P2", "a", "REFUTED", [])
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2, SHARED]
    run = builder.run()
    assert analyse(run.season, run.ruleset, FAST, totals=False).claims[1].status == "PROVEN"


def test_authority_decides_formula_one_1995_2002_level_records_hold_every_published_order():
    """1995-2002 (formula-1@1995.2): the replay orders nobody the countback of places 1-6 leaves level; each such
    group is `undecided` on one range of positions, and F1DB's official final table (the independent golden:
    seasons/formula-1/<year>/standings.yaml, `after_round: final`) places each member inside that range,
    whether it shares the place (1997 Salo and Diniz, both 16th) or orders them (1998 Herbert 15th, Magnussen
    16th, Trulli 17th, one 6th place each: docs/f1-rules-research.md §9)."""
    from tests.conftest import ROOT
    from validator.pipeline import RulesCache, run_season

    cache = RulesCache(ROOT / "rules")
    seen = {}
    for year in range(1995, 2003):
        run = run_season(ROOT / "seasons" / "formula-1" / str(year), cache)
        assert run.ruleset.key == "formula-1@1995.2" and run.verdict == "proven", year
        for name, result in run.results.items():
            published = {row.subject: row.position for snap in run.season.snapshots
                         if snap.classification == name and snap.after_round == "final" for row in snap.rows}
            for r in rank(result, result.last_round):
                if r.decided_by == "undecided":
                    assert r.best < r.worst and r.best <= published[r.record.subject] <= r.worst
                    seen[(year, name, r.record.subject)] = (r.best, r.worst, published[r.record.subject])
    assert seen[(1997, "drivers", "mika-salo")] == seen[(1997, "drivers", "pedro-diniz")] == (16, 17, 16)
    assert [seen[(1998, "drivers", d)] for d in ("johnny-herbert", "jan-magnussen", "jarno-trulli")] == \
        [(15, 17, 15), (15, 17, 16), (15, 17, 17)]
