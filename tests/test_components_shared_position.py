"""`shared-position`: competitors still level after every earlier tie-break step share the position (the
pre-1995 Formula One rule, docs/f1-rules-research.md#ties). Hand-worked tiny seasons; the F1DB goldens are in
tests/test_f1_shared_positions.py."""
from __future__ import annotations

from conftest import res
from validator.engine.rank import chain_ahead, rank
from validator.worlds import Settings, analyse

SHARED = {"use": "shared-position", "source": "https://example.org/tie"}
COUNTBACK_2 = {"use": "countback", "session": "race", "places": 2, "source": "https://example.org/tie"}
FAST = Settings(work_limit=20.0)


def _codes(run) -> list[str]:
    return [f.code for f in run.findings]


def _level_through_countback(builder) -> None:
    """a: 1st + 4th = 34, c: 4th + 1st = 34 (same places 1-2: level through a countback of places 1-2, although
    nothing else differs); b: 2nd + 2nd = 36 ahead on points."""
    builder.calendar = [1, 2]
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2, SHARED]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "d"), res(4, "c")])
    builder.race(2, complete=True, results=[res(1, "c"), res(2, "b"), res(3, "d"), res(4, "a")])


def test_shared_position_level_competitors_share_the_place(builder):
    _level_through_countback(builder)
    run = builder.run()
    ranked = {r.record.subject: r for r in rank(run.results["drivers"], 2)}
    assert ranked["b"].best == ranked["b"].worst == 1
    # a and c: 34 points each, one win and no 2nd place each: they share 2nd (positions 2..3)
    assert (ranked["a"].best, ranked["a"].worst) == (ranked["c"].best, ranked["c"].worst) == (2, 3)
    assert ranked["a"].decided_by == ranked["c"].decided_by == "shared"


def test_shared_position_declares_the_fallback_so_rule005_is_quiet(builder):
    _level_through_countback(builder)
    assert "RULE005" not in _codes(builder.run())
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2]
    assert "RULE005" in _codes(builder.run())  # the same chain without it declares nothing


def test_shared_position_keeps_a_countback_decision(builder):
    """It orders nobody: a countback that separates two competitors still does."""
    builder.calendar = [1, 2]
    builder.rules["classifications"]["drivers"]["tie_break"] = [COUNTBACK_2, SHARED]
    # a: 1st + 3rd = 36, b: 2nd + 2nd = 36: a has a win, b none -> a ahead by countback, nothing shared
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(4, "c")])
    builder.race(2, complete=True, results=[res(3, "a"), res(2, "b"), res(1, "c")])
    run = builder.run()
    ranked = {r.record.subject: r for r in rank(run.results["drivers"], 2)}
    assert (ranked["a"].best, ranked["b"].best) == (1, 2)
    assert ranked["b"].decided_by == "countback"


def test_shared_position_bounds_never_put_one_ahead(builder):
    """Interval engine: level exact records are not "surely ahead" of each other on the shared-position step."""
    _level_through_countback(builder)
    run = builder.run()
    from validator.engine.rank import _chain
    result = run.results["drivers"]
    chain = _chain(result, 2)
    a, c = result.after[2]["a"], result.after[2]["c"]
    assert chain[-1].bounds(a) == chain[-1].bounds(c) == (0, 0)
    assert not chain_ahead(a, c, chain) and not chain_ahead(c, a, chain)


def test_shared_position_check_proves_a_shared_declared_place(builder):
    """`scrutineer check`: a declared P2 level through the whole chain with the P3 is proven, the place shared;
    without the component the same claim is open (not surely ahead)."""
    _level_through_countback(builder)
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


def test_shared_position_must_end_the_chain(builder):
    _level_through_countback(builder)
    builder.rules["classifications"]["drivers"]["tie_break"] = [SHARED, COUNTBACK_2]
    run = builder.run()
    assert "RULE010" in _codes(run) and run.verdict == "invalid"


def test_shared_position_worlds_claim_names_the_shared_place(builder):
    """CP-SAT: a declared P2 level with a rival through the whole chain is PROVEN and says the place is shared
    (without the component the same level rival is a counterexample: "not ahead")."""
    _level_through_countback(builder)
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
