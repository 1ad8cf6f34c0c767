"""A fresh-eyes review of every command on broken input (docs/FINDINGS.md: bad input is a clear error with its
place and exit 2, never a traceback or exit 3). Each test names the answer it guards."""
from __future__ import annotations

import pytest

from tests.conftest import ROOT
from validator import cli

F1_2010 = "seasons/formula-1/2010"


@pytest.fixture()
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("command", [["standings", F1_2010], ["clinch", F1_2010],
                                     ["scenarios", F1_2010, "--after-round", "17"]])
def test_an_unknown_classification_is_invalid_input_at_the_rules_line_not_an_internal_error(command, at_root,
                                                                                           capsys):
    """`clinch` and `scenarios --classification nope` ended in a KeyError (exit 3); `standings` said it
    without a code or a place."""
    assert cli.main([*command, "--classification", "nope"]) == 2
    err = capsys.readouterr().err
    assert f"{F1_2010}/season.yaml:5:8: error CI006: no classification 'nope' in formula-1@2010" in err
    assert "(it has: drivers, constructors)" in err and "internal error" not in err


@pytest.mark.parametrize("command", [["standings", F1_2010, "--after-round", "99"],
                                     ["explain", F1_2010, "sebastian-vettel", "--round", "99"]])
def test_a_round_off_the_calendar_is_one_answer_with_its_place_in_standings_and_explain(command, at_root, capsys):
    """`standings --after-round 99` said it without code or place, `explain --round 99` as REPORT002 at the
    file only: now both give REPORT002 at the season's rules line, with the calendar's rounds."""
    assert cli.main(command) == 2
    assert capsys.readouterr().err.strip() == (f"{F1_2010}/season.yaml:5:8: error REPORT002: round 99 is not on "
                                               "the calendar of formula-1/2010 (rounds 1..19)")


def test_clinch_all_of_a_directory_without_seasons_says_so(tmp_path, monkeypatch, capsys):
    """`clinch --all DIR` with no season under DIR printed nothing at all (`check` warns, CI002)."""
    (tmp_path / "seasons" / "empty").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["clinch", "--all", "seasons/empty"]) == 0
    assert "no season.yaml under seasons/empty" in capsys.readouterr().err


@pytest.mark.parametrize("workers", ["0", "-3", "two"])
def test_clinch_workers_is_a_whole_number_of_one_or_more(workers, capsys):
    """`--workers 0` and `--workers -3` were taken silently (as one worker)."""
    with pytest.raises(SystemExit) as stop:
        cli.main(["clinch", "--all", "--workers", workers])
    assert stop.value.code == 2 and "argument --workers" in capsys.readouterr().err


# ---------------------------------------------------------------- one command shape (validator/commands/common.py)

@pytest.mark.parametrize("command", ["claims", "infer", "scenarios", "worlds", "standings", "explain x", "report",
                                     "clinch"])
def test_every_one_season_command_exits_3_on_a_season_with_an_internal_error(command, at_root, monkeypatch,
                                                                                capsys):
    """The solver commands answered 2 (invalid input) for a season whose check met a bug: now every command
    that answers about one season goes through `on_season` and returns the season's own code, 3."""
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("validator.pipeline.score_classification", broken)
    name, *rest = command.split()
    assert cli.main([name, F1_2010, *rest]) == 3
    assert "INT002" in capsys.readouterr().err


def test_json_of_every_table_command_keeps_text_as_written(at_root, capsys):
    """`emit` prints every command's JSON the one way: names as written (not \\u escapes), as `diff` and
    `replay` already did."""
    from validator.commands.common import emit

    emit({"driver": "Kimi Räikkönen"}, "json", str)
    assert '"Kimi Räikkönen"' in capsys.readouterr().out


# ---------------------------------------------------------------- cold start (benchmarks/check_all.py)

def test_no_command_module_loads_the_solver_when_the_parser_is_built():
    """validator/commands/__init__.py: a command module imports nothing heavy at the top. `infer` read its
    defaults from scenarios/neighbourhood.py, which loaded CP-SAT (ortools, pandas, numpy) into every command:
    0.5 s of CPU in a cold `check`, 0.78 -> 0.26 s in a warm one (benchmarks/check_all.py)."""
    import subprocess
    import sys

    code = ("import sys; from validator import cli; cli._parser(cli._modules()); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'ortools', 'pandas', 'numpy'}), "
            "'validator.worlds' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""}).stdout
    assert out.split() == ["[]", "False"]


# ---------------------------------------------------------------- one answer across commands

def test_standings_and_explain_give_the_places_check_proves_from_published_standings(at_root, capsys):
    """2007 Supercup: `check` proves champion Westbrook and runner-up Faulkner from the published standings, but
    `standings` and `explain` ranked by the points intervals alone and showed both at 1..3. The published final
    table (Westbrook 1, Faulkner 2, Alzen 3: seasons/porsche-supercup/2007/standings.yaml) lies within every
    range, and the proven places are exact."""
    import json

    season = "seasons/porsche-supercup/2007"
    assert cli.main(["check", "--no-cache", season, "--format", "json"]) == 0
    (checked,) = json.loads(capsys.readouterr().out)["seasons"]
    proven = [c["driver"] for c in checked["claims"] if c["status"] == "proven"]
    assert proven == ["richard-westbrook", "damien-faulkner"]
    assert cli.main(["standings", season, "--format", "json"]) == 0
    rows = {r["competitor"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["richard-westbrook"]["position"] == 1 and rows["damien-faulkner"]["position"] == 2
    assert rows["richard-westbrook"]["decided_by"] == "published standings"
    assert str(rows["uwe-alzen"]["position"]).startswith("3..")  # P3 not proven by the interval engine
    assert cli.main(["explain", season, "damien-faulkner"]) == 0
    assert "final position 2, " in capsys.readouterr().out


def test_a_team_wins_a_session_of_unnamed_cars_once_at_most(at_root):
    """F1 2026, rounds 13-23: no car has a team yet, and each of the ~22 unnamed cars added a possible win to
    every team (mercedes 11..433 wins after round 23, in 23 rounds). One car wins a session: from round 13 on,
    each team's most wins grow by one per session the calendar lists (race, and sprint where there is one)."""
    import yaml

    from validator.pipeline import RulesCache, run_season

    season = ROOT / "seasons" / "formula-1" / "2026"
    result = run_season(season, RulesCache(ROOT / "rules")).results["constructors"]
    calendar = yaml.safe_load((season / "season.yaml").read_text("utf-8"))["calendar"]
    sessions = sum(len(row["sessions"]) for row in calendar if 13 <= row["round"] <= 23)
    for team, record in result.after[23].items():
        assert record.wins_hi - result.after[12][team].wins_hi == sessions, team



@pytest.mark.parametrize("season, where, ids", [
    ("seasons/porsche-supercup/2007", "seasons/porsche-supercup/2007/claims.yaml", "spa-faulkner-wins-fifth-is-enough"),
    (F1_2010, f"{F1_2010}/season.yaml", "none: the season has no claims.yaml")])
def test_an_unknown_claim_id_is_ci007_at_the_claims_file(season, where, ids, at_root, capsys):
    """`claims --claim x` said "no claim 'x' in .../claims.yaml" without code, place or the ids there are (and
    named a claims.yaml that did not exist)."""
    assert cli.main(["claims", season, "--claim", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{where}: error CI007: no claim 'x' in ") and ids in err


def test_scenarios_text_lists_the_leaders_first_when_it_cuts_the_list_short(at_root, capsys):
    """F1 2026 after round 11: 32 drivers can still win and the text shows 8 of them; it showed the first 8 in
    alphabetical order (alexander-albon, ...) and hid the leader. The published standings after round 11
    (seasons/formula-1/2026/standings.yaml: Antonelli 219, Hamilton 169) put the leader first."""
    assert cli.main(["scenarios", "seasons/formula-1/2026"]) == 0
    out = capsys.readouterr().out
    assert "  can still win: kimi-antonelli, lewis-hamilton, " in out
    shown = [line.split(":")[0].strip() for line in out.splitlines() if line.startswith("    ") and ": can — " in line]
    assert shown[:2] == ["kimi-antonelli", "lewis-hamilton"] and len(shown) == 8
