"""Leftovers of a review, each guarded here: one argument block for the solver commands, a walk that stays inside
a project, Ctrl-C said in one line (exit 130), a schema error that does not hide a season's other findings, and
sound intervals for a classification of teams."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from tests.conftest import BASE, copy_season
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
