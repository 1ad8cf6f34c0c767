"""Leftovers of a review, each guarded here: one argument block for the solver commands, a walk that stays inside
a project, Ctrl-C said in one line (exit 130), a schema error that does not hide a season's other findings, and
sound intervals for a classification of teams."""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BASE, ROOT, copy_season
from validator import cli
from validator.commands.common import limit


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser(cli._modules())
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sub.choices


# the default work limit of each command that asks CP-SAT, as it was before the block became one function
SOLVER_DEFAULTS = {"claims": 60.0, "scenarios": 20.0, "infer": 20.0, "worlds": 60.0}


@pytest.mark.parametrize("name, default", SOLVER_DEFAULTS.items())
def test_solver_commands_share_one_argument_block_and_keep_their_defaults(name, default):
    actions = {a.dest: a for a in _commands()[name]._actions}
    assert actions["work_limit"].type is limit and actions["work_limit"].default == default
    assert actions["format"].choices == ["text", "json"] and actions["format"].default == "text"
    assert actions["rules"].type is Path and actions["rules"].default is None


@pytest.mark.parametrize("name, flag", [("diff", "--base"), ("replay", "--rules")])
def test_diff_and_replay_share_the_output_argument_and_keep_their_version_flag(name, flag):
    actions = {a.dest: a for a in _commands()[name]._actions}
    assert actions["format"].choices == ["text", "json"] and actions["format"].help.startswith("text (default)")
    assert any(flag in a.option_strings and a.required for a in actions.values())


def test_copy_season_fixture_makes_a_project_the_cli_checks_with_the_cited_ruleset(tmp_path, monkeypatch, capsys):
    """One helper copies a stored season for every test that needs a scratch project: the season and the ruleset
    version its season.yaml cites (here the corpus's tiny season, ruleset tiny@1)."""
    season = copy_season(tmp_path, "tiny/2007", source=BASE)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "rules").rglob("*")) == \
        ["rules/tiny", "rules/tiny/1.yaml"]
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--no-cache", str(season.relative_to(tmp_path))]) == 0
    assert "proven" in capsys.readouterr().out


# ---------------------------------------------------------------- check stays inside a project


def _stray_tree(tmp_path: Path) -> Path:
    """A directory tree outside any project, with a valid season buried deep inside it."""
    stray = tmp_path / "stray"
    copy_season(stray / "a" / "b" / "c", "tiny/2007", source=BASE)
    (stray / "a" / "b" / "c" / "seasons").rename(stray / "a" / "b" / "c" / "data")   # no seasons/ anywhere
    (stray / "a" / "b" / "c" / "rules").rename(stray / "a" / "b" / "c" / "ruleset")  # no rules/ anywhere
    return stray


def test_check_of_a_directory_outside_any_project_is_refused_not_walked(tmp_path, monkeypatch, capsys):
    """`scrutineer check /` walked the whole file system: a directory with no seasons/ or rules/ in it or above
    it is refused with CI004 and exit 2, and nothing below it is searched."""
    stray = _stray_tree(tmp_path)
    monkeypatch.chdir(tmp_path)

    def walked(directory):
        raise AssertionError(f"walked {directory}")

    monkeypatch.setattr("validator.affected.seasons_below", walked)
    assert cli.main(["check", "--no-cache", "stray", str(stray / "a")]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("error CI004") == 2 and "stray is not in a project" in captured.err
    assert "0 season" in captured.out


@pytest.mark.skipif(Path("/seasons").exists() or Path("/rules").exists(), reason="this machine's / is a project")
def test_check_of_the_file_system_root_is_refused_at_once(capsys):
    assert cli.main(["check", "--no-cache", "/"]) == 2
    assert "error CI004: / is not in a project" in capsys.readouterr().err


def test_check_of_a_directory_above_seasons_inside_a_project_still_walks(tmp_path, monkeypatch, capsys):
    """A project (or any directory in it) is still searched: the refusal is only for directories outside one."""
    copy_season(tmp_path / "project", "tiny/2007", source=BASE)
    (tmp_path / "project" / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--no-cache", "project", "project/notes", "--format", "json"]) == 0
    seasons = json.loads(capsys.readouterr().out)["seasons"]
    assert [s["verdict"] for s in seasons] == ["proven"]


# ---------------------------------------------------------------- Ctrl-C: one line, exit 130


def _puzzle(n: int = 60):
    """A CP-SAT model no small work limit finishes: a queens-like puzzle with an objective to maximise."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = [model.NewIntVar(0, n - 1, f"x{i}") for i in range(n)]
    model.AddAllDifferent(x)
    model.AddAllDifferent([x[i] + i for i in range(n)])
    model.AddAllDifferent([x[i] - i for i in range(n)])
    model.Maximize(sum(x[i] * ((i * 7919) % 13) for i in range(n)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return model, solver


@pytest.mark.parametrize("work_limit", [0.0, 0.05])
def test_a_solve_that_used_up_its_work_limit_is_not_taken_for_an_interrupt(work_limit):
    from ortools.sat.python import cp_model

    from validator.worlds.interrupt import solve

    model, solver = _puzzle()
    solver.parameters.max_deterministic_time = work_limit
    assert solve(solver, model, work_limit, None) in (cp_model.UNKNOWN, cp_model.FEASIBLE)


def test_stopped_by_interrupt_only_when_no_answer_and_no_limit_reached():
    from ortools.sat.python import cp_model

    from validator.worlds.interrupt import stopped_by_interrupt

    assert stopped_by_interrupt(cp_model.UNKNOWN, False, 0.7, 3.0, 60.0, None)
    assert stopped_by_interrupt(cp_model.FEASIBLE, True, 0.7, 3.0, 60.0, None)     # a bound, not the optimum
    assert not stopped_by_interrupt(cp_model.UNKNOWN, False, 60.0, 3.0, 60.0, None)  # the work ran out
    assert not stopped_by_interrupt(cp_model.UNKNOWN, False, 0.7, 5.0, 60.0, 5.0)    # the wall-clock cap
    assert not stopped_by_interrupt(cp_model.UNKNOWN, False, 0.7, 4.8, 60.0, 5.0)    # near it: taken for it
    assert stopped_by_interrupt(cp_model.UNKNOWN, False, 0.7, 1.0, 60.0, 5.0)
    assert not stopped_by_interrupt(cp_model.FEASIBLE, False, 0.7, 3.0, 60.0, None)  # any world is the answer
    assert not stopped_by_interrupt(cp_model.INFEASIBLE, False, 0.7, 3.0, 60.0, None)


CHILD = """
import sys
from tests.test_tidy_edges import _puzzle
from validator import cli
from validator.commands import worlds
from validator.worlds.interrupt import solve

def run(args):
    model, solver = _puzzle()
    solver.parameters.max_deterministic_time = 1e9
    print("solving", flush=True)
    solve(solver, model, 1e9, None)
    print("not interrupted", flush=True)
    return 0

worlds.run = run
sys.exit(cli.main(["worlds", "seasons/porsche-supercup/2007"]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="needs POSIX signals")
def test_ctrl_c_during_a_solve_says_interrupted_in_one_line_and_exits_130():
    """CP-SAT catches SIGINT during a solve and returned as if its work had run out: `worlds` went on and
    reported UNKNOWN (exit 4), and every later Ctrl-C was swallowed. Now: one line on stderr, exit 130."""
    child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert child.stdout.readline() == "solving\n"
    time.sleep(1)  # into the solve (an earlier signal ends the same way, through Python's own handler)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=600)  # a guard against a hang, not a timing assert
    assert child.returncode == 130 and out == ""
    assert err == "scrutineer: interrupted (Ctrl-C): the command stopped before it finished\n"


# ---------------------------------------------------------------- a schema error does not hide the season's others


def test_a_schema_error_in_one_round_does_not_hide_a_wrong_reference_in_another(tmp_path, monkeypatch, capsys):
    """Round 1 had a schema error, round 2 an undeclared driver: the run said only the schema error (the model was
    never built), with 'checks: 0 passed, 0 failed'. Now both errors in one run, and CI005 says what was skipped."""
    season = copy_season(tmp_path, "tiny/2007", source=BASE)
    first, second = season / "rounds" / "01-first.yaml", season / "rounds" / "02-second.yaml"
    first.write_text(first.read_text().replace("{pos: 1, driver: ann", "{pos: first, driver: ann"))
    second.write_text(second.read_text().replace("{pos: 2, driver: bob,", "{pos: 2, driver: bobby,"))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--no-cache", "seasons", "--format", "json"]) == 2
    (result,) = json.loads(capsys.readouterr().out)["seasons"]
    assert result["verdict"] == "invalid"
    found = {(f["code"], f["file"].rsplit("/", 1)[-1]) for f in result["findings"]}
    assert {("SCHEMA001", "01-first.yaml"), ("REF001", "02-second.yaml")} <= found
    (note,) = [f for f in result["findings"] if f["code"] == "CI005"]
    assert note["severity"] == "info" and "scoring, ranking and the audit" in note["message"]
    assert "2 error(s)" in note["message"]
    assert cli.main(["check", "--no-cache", "seasons"]) == 2
    assert "checks: skipped (the errors above stop the later checks: CI005)" in capsys.readouterr().out


def test_a_season_without_errors_has_no_skipped_note(tmp_path, monkeypatch, capsys):
    copy_season(tmp_path, "tiny/2007", source=BASE)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--no-cache", "seasons", "--format", "json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)["seasons"]
    assert result["verdict"] == "proven" and result["findings"] == []


# ---------------------------------------------------------------- team intervals of a season in progress are sound


F1_2026 = ROOT / "seasons" / "formula-1" / "2026"


def _one_two(field: list[tuple[str, str]], team: str) -> list[str]:
    """Result rows of a complete session in which `team`'s cars finish first and second, the rest in order."""
    order = [row for row in field if row[1] == team] + [row for row in field if row[1] != team]
    return [f"      - {{pos: {i}, driver: {d}, team: {t}}}" for i, (d, t) in enumerate(order, 1)]


def _completion(tmp_path: Path, team: str, through: int) -> Path:
    """Formula One 2026 with every round after 11 up to `through` run with `team` first and second in every
    session, the field (drivers and teams) as in round 11: one way the season can go on."""
    import yaml

    season = copy_season(tmp_path, "formula-1/2026")
    (season / "standings.yaml").unlink()  # published figures play no part in the totals
    hungary = yaml.safe_load((season / "rounds" / "11-hungary.yaml").read_text("utf-8"))
    field = [(r["driver"], r["team"]) for r in hungary["sessions"][0]["results"]]
    calendar = yaml.safe_load((season / "season.yaml").read_text("utf-8"))["calendar"]
    for entry in calendar:
        if 11 < entry["round"] <= through:
            lines = [f"round: {entry['round']}", "src: [f1db]", "sessions:"]
            for name in entry["sessions"]:
                lines += [f"  - session: {name}", "    complete: true", "    results:", *_one_two(field, team)]
            (season / "rounds" / f"{entry['round']}-x.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return season


@pytest.mark.parametrize("team", ["mercedes-mercedes", "cadillac-ferrari"])
@pytest.mark.parametrize("after", [12, 13])
def test_team_intervals_past_the_last_entries_hold_a_completion_where_the_team_wins_every_session(
        tmp_path, team, after):
    """F1 2026's entries list the drivers' teams up to round 12 only: from round 13 no car had a team, so no
    team could score and `standings --classification constructors` showed mercedes 379..445 after round 13,
    below the 480 it has when its cars finish 1-2 in rounds 12 and 13."""
    from validator.pipeline import RulesCache, run_season

    rules = RulesCache(ROOT / "rules")
    incomplete = run_season(F1_2026, rules).results["constructors"].after[after][team]
    complete = run_season(_completion(tmp_path, team, after), rules).results["constructors"].after[after][team]
    assert complete.total.is_exact and complete.total.lo in incomplete.total
    assert incomplete.wins_lo <= complete.wins_lo <= incomplete.wins_hi


def test_clinch_all_of_a_directory_outside_any_project_is_refused_not_walked(tmp_path, monkeypatch, capsys):
    stray = _stray_tree(tmp_path)
    monkeypatch.setattr("validator.pipeline.discover", lambda paths: pytest.fail(f"walked {paths}"))
    assert cli.main(["clinch", "--all", str(stray)]) == 2
    assert "not in a project" in capsys.readouterr().err


def test_check_of_a_rules_directory_outside_any_project_does_not_walk_its_parent(tmp_path, monkeypatch, capsys):
    """`check --rules DIR DIR` with DIR outside a project looked for the seasons using it below DIR's parent
    (`--rules /`: the whole file system)."""
    stray = _stray_tree(tmp_path)
    rules = stray / "a" / "b" / "c" / "ruleset"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("validator.affected.seasons_below", lambda d: pytest.fail(f"walked {d}"))
    assert cli.main(["check", "--no-cache", "--rules", str(rules), str(rules)]) == 0
    assert "0 season(s)" in capsys.readouterr().out
