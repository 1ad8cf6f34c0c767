"""Each rule component, tested by the clause it implements, on tiny hand-checked seasons."""
from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import res


def points(run, driver, after_round=None, classification="drivers"):
    result = run.results[classification]
    rnd = after_round or result.last_round
    rec = result.after[rnd].get(driver)
    return (rec.total.lo, rec.total.hi) if rec else (0, 0)


def exact(n):
    return (Fraction(n), Fraction(n))


def test_points_by_position_winner_scores_first_table_value(builder):
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(5, "e"), res(3, "c"), res(4, "d")])
    run = builder.run()
    assert points(run, "a") == exact(20)
    assert points(run, "b") == exact(18)
    assert points(run, "e") == exact(12)


def test_points_by_position_beyond_table_scores_nothing(builder):
    builder.calendar = [1]
    builder.drivers = [f"d{i}" for i in range(1, 18)]
    builder.race(1, complete=True, results=[res(i, f"d{i}") for i in range(1, 18)])
    run = builder.run()
    assert points(run, "d15") == exact(1)
    assert points(run, "d16") == exact(0)


def test_guest_scores_nothing_and_points_pass_down(builder):
    """Monaco 2007: the guest winner scored nothing and the second car on the road got the winner's 20."""
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")],
                 statuses=[{"driver": "a", "status": "guest", "src": ["s"]},
                           {"driver": "b", "status": "scoring", "src": ["s"]},
                           {"driver": "c", "status": "scoring", "src": ["s"]}])
    run = builder.run()
    assert points(run, "a") == exact(0)
    assert points(run, "b") == exact(20)
    assert points(run, "c") == exact(18)


def test_guest_without_pass_down_keeps_its_place(builder):
    builder.rules["classifications"]["drivers"]["eligibility"][0]["pass_down"] = False
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")],
                 statuses=[{"driver": "a", "status": "guest", "src": ["s"]},
                           {"driver": "b", "status": "scoring", "src": ["s"]}])
    run = builder.run()
    assert points(run, "b") == exact(18)


def test_unknown_status_ahead_widens_the_interval(builder):
    builder.entries = []
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")],
                 statuses=[{"driver": "b", "status": "scoring", "src": ["s"]}])
    run = builder.run()
    assert points(run, "b") == (Fraction(18), Fraction(20))   # a may be a guest
    assert points(run, "a") == (Fraction(0), Fraction(20))    # a may be a guest itself


def test_unknown_place_bounded_by_an_order_fact(builder):
    """Bahrain R2 2007: S. Bleekemolen finished ahead of Schrey, who was 10th; 1-8 known -> S.B. can only be 9th."""
    builder.drivers = [f"d{i}" for i in range(1, 9)] + ["sb", "schrey"]
    builder.calendar = [1]
    builder.race(1, results=[res(i, f"d{i}") for i in range(1, 9)] + [res(10, "schrey")],
                 order=[{"ahead": "sb", "behind": "schrey", "src": ["s"]}])
    run = builder.run()
    assert points(run, "sb") == exact(7)          # 9th of 9 scoring cars ahead of 10th
    assert points(run, "schrey") == exact(6)


def test_unclassified_marks_score_nothing(builder):
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a"), res("DNF", "b")])
    run = builder.run()
    assert points(run, "b") == exact(0)


def test_all_results_count_towards_the_total(builder):
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")])
    builder.race(2, complete=True, results=[res(1, "b"), res(2, "a")])
    run = builder.run()
    assert points(run, "a") == exact(38)
    assert points(run, "a", after_round=1) == exact(20)


def test_round_without_facts_is_unknown_not_zero(builder):
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")])
    run = builder.run()  # round 2 is on the calendar with no facts
    lo, hi = points(run, "b")
    assert lo == 18 and hi == 38


def test_most_wins_breaks_a_points_tie(builder):
    """2007: a tie on points goes to the driver with more season wins."""
    from validator.engine.rank import rank
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "c"), res(3, "b")])                      # a 20, b 16
    builder.race(2, complete=True, results=[res(1, "c"), res(2, "d"), res(3, "b"), res(4, "e"), res(5, "a")])  # a 12, b 16
    run = builder.run()
    ranked = {r.record.subject: r for r in rank(run.results["drivers"], 2)}
    assert points(run, "a") == points(run, "b") == exact(32)
    assert ranked["a"].best < ranked["b"].best
    assert ranked["b"].decided_by == "most-wins"


def test_countback_decides_when_wins_are_equal(builder):
    from validator.engine.rank import rank
    builder.calendar = [1, 2]
    # a: 1st + 3rd = 36, b: 2nd + 2nd = 36; c: 3rd + 1st = 36  -> wins a=1, c=1, b=0; countback a vs c equal ->
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")])
    builder.race(2, complete=True, results=[res(1, "c"), res(2, "b"), res(3, "a")])
    run = builder.run()
    ranked = {r.record.subject: r for r in rank(run.results["drivers"], 2)}
    assert ranked["b"].best == 3                      # no win: last of the three on the wins step
    assert ranked["a"].best == ranked["c"].best == 1  # same wins, same places: shared
    assert ranked["a"].decided_by == "shared"


def test_conflicting_claims_are_all_considered(builder):
    builder.calendar = [1]
    builder.race(1, results=[res(1, "a")], conflicts=[{
        "topic": "who was 2nd", "claims": [
            {"text": "b 2nd", "src": ["s"], "facts": {"results": [res(2, "b")]}},
            {"text": "c 2nd, b 3rd", "src": ["s"], "facts": {"results": [res(2, "c"), res(3, "b")]}},
        ]}])
    run = builder.run()
    assert points(run, "b") == (Fraction(16), Fraction(18))


def test_a_claim_impossible_beside_the_other_facts_is_rejected(builder):
    builder.calendar = [1]
    builder.race(1, results=[res(1, "a"), res(2, "b")], conflicts=[{
        "topic": "who was 2nd", "claims": [
            {"text": "c 2nd", "src": ["s"], "facts": {"results": [res(2, "c")]}},
            {"text": "c 3rd", "src": ["s"], "facts": {"results": [res(3, "c")]}},
        ]}])
    run = builder.run()
    sc = run.results["drivers"].sessions[0]
    assert len(sc.rejected) == 1 and "road position 2" in sc.rejected[0][1]


def test_points_table_that_increases_is_refused(builder):
    builder.rules["classifications"]["drivers"]["points"][0]["table"] = [20, 18, 19]
    builder.race(1, complete=True, results=[res(1, "a")])
    run = builder.run()
    assert run.verdict == "invalid"
    assert any("increases" in f.message for f in run.findings)


def _four_races(builder) -> None:
    """a: 20, 12, DNF, 18; b: 18, 20, 20, -; c: -, 18, -, 20 (points table 20, 18, 16, 14, 12, ...)."""
    builder.calendar = [1, 2, 3, 4]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b")])
    builder.race(2, complete=True, results=[res(1, "b"), res(2, "c"), res(3, "d"), res(4, "e"), res(5, "a")])
    builder.race(3, complete=True, results=[res(1, "b"), res("DNF", "a")])
    builder.race(4, complete=True, results=[res(1, "c"), res(2, "a")])


def test_best_n_counts_only_the_n_best_round_scores(builder):
    """Best-n counting (F1 1950-1990 style): only the n best round scores count; a round without points changes
    nothing. Hand-checked: a scores 20, 12, -, 18 -> best two 20 + 18 = 38."""
    builder.rules["classifications"]["drivers"]["counting"] = {"use": "best-n", "n": 2, "source": "https://x.org"}
    _four_races(builder)
    run = builder.run()
    assert points(run, "a", after_round=2) == exact(32)
    assert points(run, "a", after_round=3) == exact(32)
    assert points(run, "a") == exact(38)
    assert points(run, "b") == exact(40)  # 18, 20, 20: the best two


def test_split_season_counts_the_best_rounds_of_each_part(builder):
    """Split season (F1 1967-1980 style): rounds 1-2 best one, rounds 3-4 best one. Hand-checked: a scores
    20, 12 | 0, 18 -> 20 + 18 = 38; b scores 18, 20 | 20, 0 -> 20 + 20 = 40."""
    builder.rules["classifications"]["drivers"]["counting"] = {
        "use": "split-season", "parts": [{"rounds": [1, 2], "best": 1}, {"rounds": [3, 4], "best": 1}],
        "source": "https://x.org"}
    _four_races(builder)
    run = builder.run()
    assert points(run, "a", after_round=3) == exact(20)
    assert points(run, "a") == exact(38)
    assert points(run, "b") == exact(40)


_SCORES = st.lists(st.tuples(st.integers(0, 25), st.integers(0, 9)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_SCORES, st.integers(1, 6))
def test_a_round_without_points_never_changes_a_counted_total(scores, n):
    """What `zero_round_neutral` declares (the engine then skips recounting): with no negative round scores,
    one more round of 0 leaves best-n and split-season totals as they were."""
    from types import SimpleNamespace

    from validator.components.counting import BestN, SplitSeason
    from validator.engine.interval import ZERO, Interval

    rounds = [Interval(lo, lo + extra) for lo, extra in scores]
    best = BestN(SimpleNamespace(params={"n": n}, loc="test"))
    split = SplitSeason(SimpleNamespace(loc="test", params={"parts": [{"rounds": [1, 6], "best": n},
                                                          {"rounds": [7, 13], "best": n}]}))
    for component in (best, split):
        assert component.zero_round_neutral
        assert component.total(rounds + [ZERO]) == component.total(rounds)
