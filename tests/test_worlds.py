"""The exact possible-worlds engine (validator/worlds): hand-checkable tiny seasons and the real 2007 season.

Only proven / refuted / infeasible outcomes are asserted (never times), and the solver runs with one worker and a
fixed seed, so the answers are deterministic."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, res
from validator.worlds import Settings, Unsupported, analyse
from validator.worlds.model import WorldModel

FAST = Settings(work_limit=20.0)


def _finishers(n: int) -> dict:
    return {"value": n, "src": ["s"]}


def _complete_r1(b) -> None:
    b.race(1, complete=True, results=[res(i + 1, d) for i, d in enumerate(b.drivers)])


def _run(b):
    run = b.run()
    assert run.verdict != "invalid", run.findings
    return run


def test_champion_proven_only_with_published_gap(builder):
    _complete_r1(builder)  # a 20, b 18, c 16, ...
    builder.race(2, finishers=_finishers(3),
                 results=[res("unknown", "a"), res("unknown", "b")] + [res("DNF", d) for d in "cdefgh"])
    builder.declared = {"champion": {"driver": "a", "src": ["s"]}}
    builder.snapshots = [{"after_round": 2, "src": ["s"],
                          "gaps": [{"ahead": "a", "behind": "b", "points": 4, "src": ["s"]}]}]
    run = _run(builder)
    report = analyse(run.season, run.ruleset, Settings(work_limit=20.0, explain=True), totals=False)
    champion = report.claims[0]
    assert champion.status == "PROVEN"
    assert [f.kind for f in champion.rests_on] == ["gap"]
    assert champion.rests_on[0].line is not None
    # without the gap, b winning R2 while a retires is a world where b is champion
    assert champion.witness_facts_only is not None
    top = champion.witness_facts_only["standings"]["after R2"][0]
    assert top["driver"] != "a"
    assert report.consistency.status == "SAT"
    assert report.exit_code == 0


def test_guest_of_unknown_status_could_take_the_title(builder):
    builder.drivers = ["g", "a", "b", "c"]
    builder.entries = [{"driver": "g", "src": ["s"]}] + \
        [{"driver": x, "status": "scoring", "src": ["s"]} for x in "abc"]
    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "g"), res(2, "a"), res(3, "b"), res(4, "c")])
    builder.declared = {"champion": {"driver": "a", "src": ["s"]}}
    run = _run(builder)
    report = analyse(run.season, run.ruleset, FAST, totals=False)
    champion = report.claims[0]
    assert champion.status == "CONSISTENT"          # g a guest: a champion; g scoring: g champion
    session = champion.witness["sessions"][0]
    assert session["unknown_statuses"] == {"g": "scoring"}
    assert champion.witness["standings"]["after R1"][0]["driver"] == "g"   # a road winner: tracked
    assert session["classified"][0] == {"pos": 1, "driver": "g", "status": "scoring", "points": 20}
    assert report.exit_code == 0


def test_declared_champion_refuted_in_every_world(builder):
    _complete_r1(builder)
    builder.calendar = [1]
    # a must be tracked (named by a declaration or a published figure) for a refutation: "?" is an upper bound
    builder.declared = {"champion": {"driver": "b", "src": ["s"]},
                        "final_order": {"drivers": ["b", "a"], "src": ["s"]}}
    run = _run(builder)
    report = analyse(run.season, run.ruleset, FAST, totals=False)
    assert report.claims[0].status == "REFUTED"
    assert report.exit_code == 1


def test_jointly_infeasible_snapshots(builder):
    builder.calendar = [1]
    builder.race(1, finishers=_finishers(3),
                 results=[res("unknown", "a"), res("unknown", "b")] + [res("DNF", d) for d in "cdefgh"])
    builder.snapshots = [{"after_round": 1, "src": ["s"],
                          "rows": [{"driver": "a", "points": 20, "src": ["s"]},
                                   {"driver": "b", "points": 20, "src": ["s"]},
                                   {"driver": "c", "points": 0, "src": ["s"]}]}]
    run = _run(builder)
    report = analyse(run.season, run.ruleset, FAST, totals=False)
    assert report.consistency.status == "INFEASIBLE"
    assert sorted(f.subject for f in report.consistency.rests_on) == ["a", "b"]  # c's 0 is not part of it
    assert report.exit_code == 1


def test_component_without_an_encoding_is_refused(builder, monkeypatch):
    from validator.components.counting import BestN

    builder.rules["classifications"]["drivers"]["counting"] = {"use": "best-n", "n": 1, "source": "https://x.org"}
    _complete_r1(builder)
    run = _run(builder)
    monkeypatch.delattr(BestN, "encode")
    with pytest.raises(Unsupported, match="worlds engine: component best-n not supported"):
        WorldModel(run.season, run.ruleset)


def test_cli_json_and_exit_code(builder, capsys):
    from validator.cli import main

    _complete_r1(builder)
    builder.calendar = [1]
    builder.declared = {"champion": {"driver": "b", "src": ["s"]},
                        "final_order": {"drivers": ["b", "a"], "src": ["s"]}}
    d = builder.write()
    code = main(["worlds", str(d), "--format", "json", "--work-limit", "10", "--rules", str(builder.root / "rules")])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["claims"][0]["status"] == "REFUTED"


# ---------------------------------------------------------------------------- the real 2007 season
@pytest.fixture(scope="module")
def supercup_2007():
    """Consistency, champion, P2 and P3 with the default settings (work limit 60 per solve, deterministic)."""
    from validator.pipeline import RulesCache, run_season
    from validator.worlds.queries import Queries

    run = run_season(ROOT / "seasons" / "porsche-supercup" / "2007", RulesCache())
    wm = WorldModel(run.season, run.ruleset)
    q = Queries(wm, Settings(work_limit=60.0))
    consistency = q.consistency()
    order = ["richard-westbrook", "damien-faulkner", "uwe-alzen"]
    assert list(run.season.declared.final_order) == order
    return consistency, q.claim(order, 0), q.claim(order, 1), q.claim(order, 2)


def test_2007_champion_proven_with_published_standings(supercup_2007):
    _, champion, _, _ = supercup_2007
    assert (champion.subject, champion.status) == ("richard-westbrook", "PROVEN")
    assert champion.rests_on, "the champion needs the published standings"
    assert all(f.after_round != "final" for f in champion.rests_on)


def test_2007_p2_and_consistency(supercup_2007):
    consistency, _, p2, _ = supercup_2007
    assert (p2.subject, p2.status) == ("damien-faulkner", "PROVEN")
    assert consistency.status == "SAT"


def test_2007_p3_decided_with_default_settings(supercup_2007):
    """P3 (Alzen, 123 points) is proven only jointly with the published standings (the interval engine leaves it
    open); every rival is excluded within the default work limit."""
    *_, p3 = supercup_2007
    assert (p3.subject, p3.status) == ("uwe-alzen", "PROVEN")
    assert p3.rests_on and all(f.after_round != "final" for f in p3.rests_on)


def test_undecided_within_the_work_limit_exits_4_and_is_counted(builder, capsys):
    """Exit codes: 1 refuted, 4 not decided within the (deterministic) work limit; the summary counts UNKNOWN."""
    from validator.cli import main

    _complete_r1(builder)
    builder.race(2, finishers=_finishers(3),
                 results=[res("unknown", "a"), res("unknown", "b")] + [res("DNF", d) for d in "cdefgh"])
    builder.declared = {"champion": {"driver": "a", "src": ["s"]}}
    d = builder.write()
    code = main(["worlds", str(d), "--format", "json", "--work-limit", "0", "--rules", str(builder.root / "rules")])
    out = json.loads(capsys.readouterr().out)
    assert out["claims"][0]["status"] == "UNKNOWN"
    assert out["unknown"] >= 1 and "unknown in all" in out["summary"]
    assert code == out["exit_code"] == 4


def test_future_round_has_the_sessions_the_calendar_lists(builder):
    """A calendar round without results is open to every entrant with the sessions the calendar lists (round 2:
    a race only, no sprint although the ruleset defines one); without a list, every session of the ruleset."""
    import yaml

    from validator.pipeline import RulesCache, run_season

    builder.rules["sessions"] = ["race", "sprint"]
    builder.calendar = [1, 2, 3]
    _complete_r1(builder)
    d = builder.write()
    season = yaml.safe_load((d / "season.yaml").read_text())
    season["calendar"][1]["sessions"] = ["race"]
    (d / "season.yaml").write_text(yaml.safe_dump(season, sort_keys=False))
    run = run_season(d, RulesCache(builder.root / "rules"))
    assert run.verdict != "invalid", run.findings
    wm = WorldModel(run.season, run.ruleset)
    assert [(sv.round.number, sv.name) for sv in wm.sessions] == [(1, "race"), (2, "race"), (3, "race"),
                                                                   (3, "sprint")]


def test_a_model_cp_sat_rejects_is_an_internal_error_not_unknown():
    """A model CP-SAT refuses (here an integer overflow, as weights of 2**60 in a packed countback once gave) is a
    bug in an encoding: it must end the command as an internal error, never pass for "the work ran out"."""
    from types import SimpleNamespace

    from ortools.sat.python import cp_model

    from validator.worlds.queries import ModelRejected, Solver

    m = cp_model.CpModel()
    x, y = m.NewIntVar(0, 2**40, "x"), m.NewIntVar(0, 2**40, "y")
    m.Add(x * 2**40 + y * 2**40 >= 1)
    with pytest.raises(ModelRejected, match="overflow"):
        Solver(SimpleNamespace(m=m), Settings(work_limit=1)).run([])
