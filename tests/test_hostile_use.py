"""A hostile new user's pass over every command: each case here crashed (exit 3), hung, read outside what it
was given or said something untrue before it was fixed. Every case must end in a clear message with exit 2 (or a
located finding), never a traceback, never a hang."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_season
from validator.cli import main
from validator.report.receipt import extract

SUPERCUP = ROOT / "seasons" / "porsche-supercup" / "2007"
MD_RECEIPT = re.compile(r"(```json scrutineer-receipt\n)(.*?)(\n```)", re.S)


def _tampered(project: Path, edit) -> Path:
    """A Markdown report of 2007 whose receipt `edit` changed (as someone editing the file by hand would)."""
    assert main(["report", "seasons/porsche-supercup/2007", "-o", "report.md"]) == 0
    text = (project / "report.md").read_text("utf-8")
    found = MD_RECEIPT.search(text)
    receipt = json.loads(found.group(2))
    edit(receipt)
    out = project / "tampered.md"
    out.write_text(text[:found.start(2)] + json.dumps(receipt, indent=2) + text[found.end(2):], "utf-8")
    return out


# ---------------------------------------------------------------- verify never reads outside the report's root


@pytest.mark.parametrize("path", ["../../../../../../etc/passwd", "/etc/passwd", "seasons/../../outside.yaml",
                                  "a\u0000b", "C:/windows/win.ini", "seasons\\..\\..\\x", ""])
def test_verify_refuses_a_receipt_naming_a_path_outside_the_root(project, capsys, path):
    (project.parent / "outside.yaml").write_text("secret\n", "utf-8")
    report = _tampered(project, lambda r: r["inputs"].insert(0, {"path": path, "sha256": "0" * 64}))
    capsys.readouterr()
    assert main(["verify", str(report)]) == 2
    err = capsys.readouterr().err
    assert "error VERIFY004" in err and "relative paths inside the project root" in err


@pytest.mark.parametrize("season_dir", ["..", ".", "/etc", "seasons/../.."])
def test_verify_refuses_a_receipt_whose_season_dir_leaves_the_root(project, capsys, season_dir):
    """The season directory is listed for files added since: '..' would list (and used to hash) files outside."""
    report = _tampered(project, lambda r: r.update(season_dir=season_dir))
    capsys.readouterr()
    assert main(["verify", str(report)]) == 2
    assert "error VERIFY004" in capsys.readouterr().err


def test_verify_refuses_a_receipt_with_a_hash_that_is_not_a_sha256(project, capsys):
    report = _tampered(project, lambda r: r["inputs"][0].update(sha256="x"))
    capsys.readouterr()
    assert main(["verify", str(report)]) == 2
    assert "is not a sha256" in capsys.readouterr().err


def test_verify_does_not_follow_an_input_symlink_out_of_the_root(project, capsys):
    assert main(["report", "seasons/porsche-supercup/2007", "-o", "report.md"]) == 0
    secret = project.parent / "secret.yaml"
    secret.write_text("not for verify\n", "utf-8")
    standings = project / "seasons/porsche-supercup/2007/standings.yaml"
    standings.unlink()
    standings.symlink_to(secret)
    capsys.readouterr()
    assert main(["verify", "report.md"]) == 1
    out = capsys.readouterr().out
    assert "seasons/porsche-supercup/2007/standings.yaml: failure USE001" in out
    assert "now" not in out.split("USE001", 1)[1].split("\n", 1)[0]  # no hash of the outside file shown


def test_verify_of_a_fifo_or_a_device_ends_with_exit_2(project, capsys):
    os.mkfifo(project / "fifo")
    assert main(["verify", "fifo"]) == 2
    assert main(["verify", "/dev/zero"]) == 2
    assert capsys.readouterr().err.count("not a regular file") == 2


# ---------------------------------------------------------------- text UTF-8 cannot carry


def test_report_markdown_of_a_season_reached_through_a_non_utf8_name(project, capsys):
    """A directory name that is not UTF-8 reaches Python as a surrogate escape; the Markdown receipt (JSON in a
    fenced block) wrote it raw and failed with UnicodeEncodeError (exit 3)."""
    odd = Path(os.fsdecode(b"odd\xff"))
    try:
        odd.symlink_to(Path("seasons"))
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take a non-UTF-8 name")
    assert main(["report", str(odd / "porsche-supercup" / "2007"), "-o", "report.md"]) == 0
    receipt = extract((project / "report.md").read_text("utf-8"))
    assert receipt["command"][2] == f"{odd}/porsche-supercup/2007"
    capsys.readouterr()
    assert main(["verify", "report.md"]) == 0


# ---------------------------------------------------------------- replay of a season that is itself invalid


def test_replay_of_a_season_whose_own_rules_are_missing_is_exit_2(project, capsys, tmp_path):
    """The season's own ruleset cannot be found (REF005): the error used to be printed through the wrong
    function and ended in a TypeError (exit 3)."""
    empty = tmp_path / "no-rules"
    empty.mkdir()
    code = main(["replay", "seasons/porsche-supercup/2007", "--rules", "porsche-supercup@2007",
                 "--rules-dir", str(empty)])
    err = capsys.readouterr().err
    assert code == 2 and "error REF005" in err and "internal error" not in err


# ---------------------------------------------------------------- diff in a repository with a non-UTF-8 name


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_in_a_repository_holding_a_non_utf8_file_name(project, capsys):
    """git prints such a name as raw bytes; decoding its output as strict UTF-8 was an internal error."""
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(project))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    try:
        (project / os.fsdecode(b"notes-\xfe.txt")).write_text("x\n", "utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take a non-UTF-8 name")
    assert main(["diff", "--base", "HEAD", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["seasons"] == []


# ---------------------------------------------------------------- worlds: limits and names that mean nothing


@pytest.mark.parametrize("option, value", [("--work-limit", "-1"), ("--work-limit", "nan"),
                                           ("--work-limit", "inf"), ("--time-limit", "-3"), ("--max-cars", "0"),
                                           ("--max-cars", "100000000")])
def test_worlds_refuses_a_limit_that_means_nothing_or_would_never_end(capsys, option, value):
    with pytest.raises(SystemExit) as exit_:
        main(["worlds", str(SUPERCUP), "--quick", option, value])
    assert exit_.value.code == 2 and f"argument {option}" in capsys.readouterr().err


def test_worlds_track_of_an_unknown_driver_is_exit_2_not_ignored(capsys):
    assert main(["worlds", str(SUPERCUP), "--quick", "--track", "richard-westbrook", "--track", "nobody"]) == 2
    err = capsys.readouterr().err
    assert "error USE002" in err and "'nobody'" in err and "richard-westbrook" not in err


def test_worlds_max_cars_below_the_recorded_field_is_refused_not_proven(capsys):
    """2007 R6 Silverstone records Derek Warwick 27th (ml139732): the field had at least 27 cars. With
    --max-cars 3 every car without a recorded place was forced out of the points and the engine answered
    PROVEN 'from the recorded results only'."""
    assert main(["worlds", str(SUPERCUP), "--quick", "--max-cars", "3"]) == 2
    out, err = capsys.readouterr()
    assert "error USE003" in err and "27 cars" in err and "PROVEN" not in out


# ---------------------------------------------------------------- lock writes a LOCK only into a rules directory


def test_lock_with_rules_naming_a_folder_without_rulesets_writes_nothing(project, capsys):
    assert main(["lock", "--rules", "seasons"]) == 2
    assert "not a rules directory" in capsys.readouterr().err
    assert not (project / "seasons" / "LOCK").exists()


# ---------------------------------------------------------------- import never writes outside --out


def test_import_refuses_a_race_slug_that_would_climb_out_of_the_output_folder(tmp_path, monkeypatch, capsys):
    """F1DB's slug names the round file (`rounds/NN-<slug>.yaml`): '../../../x' wrote a file above --out."""
    from tests.test_f1db_import import TINY
    from validator.importers import f1db_data

    monkeypatch.setattr(f1db_data, "LAST_YEAR", 1950)
    src = tmp_path / "src"
    src.mkdir()
    for name, text in TINY.items():
        (src / name).write_text(text.replace(",monaco,", ",../../../../escaped,") if name == "races.csv" else text,
                                encoding="utf-8")
    assert ",../../../../escaped," in (src / "races.csv").read_text("utf-8")
    out = tmp_path / "deep" / "formula-1"
    assert main(["import", "f1db", "--source", str(src), "--out", str(out)]) == 2
    assert "error IMP004: slug '../../../../escaped'" in capsys.readouterr().err
    assert not list(tmp_path.rglob("escaped*"))


# ---------------------------------------------------------------- check: one season named twice, linked seasons


def test_check_counts_a_season_named_twice_through_a_symlink_once(project, capsys):
    (project / "link").symlink_to(project / "seasons" / "porsche-supercup" / "2007")
    assert main(["check", "--no-cache", "seasons/porsche-supercup/2007", "link", "--format", "json"]) == 0
    assert [s["season"] for s in json.loads(capsys.readouterr().out)["seasons"]] == ["porsche-supercup/2007"]


def test_check_follows_a_season_directory_linked_into_seasons_instead_of_skipping_it(project, capsys):
    """os.walk does not follow links by default: a season linked into seasons/ was silently not checked, and
    `check` said '0 season(s)' with exit 0. A link loop must still end."""
    series = project / "seasons" / "porsche-supercup"
    (series / "2007").rename(project / "kept-elsewhere")
    (series / "2007").symlink_to(project / "kept-elsewhere")
    (series / "loop").symlink_to(series)
    assert main(["check", "--no-cache", "--rules", "rules", "seasons", "--format", "json"]) == 0
    assert [s["verdict"] for s in json.loads(capsys.readouterr().out)["seasons"]] == ["consistent"]


# ---------------------------------------------------------------- verify sees an edited report, not only edited inputs


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_verify_names_a_report_whose_text_was_edited_after_it_was_written(project, capsys, fmt):
    """Changing the champion's name in the report's text left every input unchanged, and verify said exit 0."""
    assert main(["report", "seasons/porsche-supercup/2007", "--format", fmt, "-o", "report.out"]) == 0
    assert main(["verify", "report.out"]) == 0
    report = project / "report.out"
    text = report.read_text("utf-8")
    assert "Westbrook" in text
    report.write_text(text.replace("Westbrook", "Eastbrook"), "utf-8")
    capsys.readouterr()
    assert main(["verify", "report.out"]) == 1
    out = capsys.readouterr().out
    assert "report.out: failure USE004" in out and re.search(r"(\d+) of \1 input file\(s\) match", out)


def test_a_report_written_to_standard_output_verifies_the_same(project, capsys):
    assert main(["report", "seasons/porsche-supercup/2007"]) == 0
    (project / "stdout.md").write_text(capsys.readouterr().out, "utf-8")
    assert main(["verify", "stdout.md"]) == 0


# ---------------------------------------------------------------- the README's command table is the CLI


def test_readme_command_table_names_every_command_and_its_options():
    """A new user reads the README first: every command has a row, and every option appears in it (as its long
    or its short form); `--rules`/`--rules-dir` are said once below the table for every command."""
    import argparse

    from validator import cli

    parser = cli._parser(cli._modules())
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "also takes `--rules DIR`" in readme
    for name, sub in commands.items():
        row = next((line for line in readme.splitlines() if line.startswith(f"| `scrutineer {name} ")), None)
        assert row is not None, f"no README row for {name}"
        for action in sub._actions:
            names = [o for o in action.option_strings if o not in ("-h", "--help", "--rules", "--rules-dir")]
            if names:
                assert any(re.search(rf"{re.escape(o)}\b", row) for o in names), f"{name} {names[0]} not in README"


def test_check_of_a_ruleset_whose_whole_rules_directory_was_deleted_checks_its_seasons(project, capsys):
    """A pre-commit hook passes the deleted file: with rules/ gone entirely, no season had a nearest rules/ any
    more, so none was found and `check` said '0 season(s)', exit 0 (and `diff` touched no season)."""
    shutil.rmtree(project / "rules")
    assert main(["check", "--no-cache", "rules/porsche-supercup/2007.yaml"]) == 2
    assert "error REF005" in capsys.readouterr().out


# ---------------------------------------------------------------- an output file never overwrites an input


@pytest.mark.parametrize("argv", [
    ["report", "seasons/porsche-supercup/2007", "-o", "seasons/porsche-supercup/2007/season.yaml"],
    ["report", "seasons/porsche-supercup/2007", "-o", "seasons/porsche-supercup/2007/report.md"],
    ["report", "seasons/porsche-supercup/2007", "-o", "rules/porsche-supercup/2007.yaml"],
    ["check", "--no-cache", "seasons/porsche-supercup/2007", "-o", "seasons/porsche-supercup/2007/standings.yaml"],
    ["check", "--no-cache", "seasons/porsche-supercup/2007", "-o", "rules/porsche-supercup/2007.yaml"],
])
def test_output_onto_or_into_an_input_is_refused_and_nothing_is_written(project, capsys, argv):
    """`-o seasons/.../season.yaml` replaced the season record with the report (and a new file in the season
    directory makes the season invalid: FILE001)."""
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert main(argv) == 2
    assert "error USE005" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_output_beside_the_seasons_is_written(project, capsys):
    assert main(["report", "seasons/porsche-supercup/2007", "-o", "seasons/report.md"]) == 0
    assert (project / "seasons" / "report.md").is_file()


# ---------------------------------------------------------------- a season in progress before its first round


@pytest.fixture()
def before_round_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Formula One 2026 as it stood before the first race: the calendar and drivers, no result, no standings."""
    season = copy_season(tmp_path, "formula-1/2026")
    for round_file in (season / "rounds").iterdir():
        round_file.unlink()
    (season / "standings.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    return season


def test_a_season_with_no_round_run_says_so_instead_of_after_r_none(before_round_1, capsys):
    assert main(["check", "--no-cache", "seasons/formula-1/2026"]) == 0
    out = capsys.readouterr().out
    assert "in-progress (no round run yet)" in out and "None" not in out
    assert main(["report", "seasons/formula-1/2026"]) == 0
    report = capsys.readouterr().out
    assert "The season is in progress: no round has results yet." in report and "RNone" not in report
    assert main(["standings", "seasons/formula-1/2026"]) == 2
    assert "no round of formula-1/2026 has results yet" in capsys.readouterr().err
    assert main(["standings", "seasons/formula-1/2026", "--after-round", "23"]) == 0


# ---------------------------------------------------------------- a name the system refuses


LONG = "a" * 5000


@pytest.mark.parametrize("argv", [["check", LONG], ["standings", LONG], ["report", LONG], ["explain", LONG, "x"],
                                  ["worlds", LONG], ["replay", LONG, "--rules", "formula-1@2010"],
                                  ["lock", "--rules", LONG], ["verify", "r.md", "--root", LONG]])
def test_a_path_the_system_refuses_is_exit_2_not_an_internal_error(project, capsys, argv):
    if argv[0] == "verify":
        assert main(["report", "seasons/porsche-supercup/2007", "-o", "r.md"]) == 0
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and ("File name too long" in err or "not a season directory" in err)


# ---------------------------------------------------------------- replay under a ruleset of another subject


def test_replay_under_a_ruleset_whose_drivers_classification_counts_teams_crowns_no_team(project, capsys):
    """A version that (oddly) names its team classification `drivers` and its driver one `teams`: the replay
    matched classifications by name alone and named a team as the champion (lechner-racing)."""
    text = (project / "rules/porsche-supercup/2007.yaml").read_text("utf-8")
    swapped = (text.replace("subject: driver", "subject: @").replace("subject: team", "subject: driver")
               .replace("subject: @", "subject: team").replace('version: "2007"', 'version: "9999"')
               .replace('from: "2007-01-01", to: "2007-12-31"', 'from: "2099-01-01", to: "2099-12-31"'))
    assert swapped.count("2099-01-01") == 1
    (project / "rules/porsche-supercup/9999.yaml").write_text(swapped, "utf-8")
    assert main(["replay", "seasons/porsche-supercup/2007", "--rules", "porsche-supercup@9999",
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "richard-westbrook" in report["champion"]["other_rules"]
    assert not {"lechner-racing", "sps", "tolimit"} & set(report["champion"]["other_rules"])
    pairs = {c["name"]: c["own_name"] for c in report["classifications"]}
    assert pairs == {"drivers": "teams", "teams": "drivers"}


# ---------------------------------------------------------------- the receipt when the project is not the repo's top


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_receipt_names_uncommitted_inputs_relative_to_the_project_root_below_the_repo_top(tmp_path, monkeypatch):
    """git status prints names relative to the top of the work tree (and quotes odd ones): the receipt listed
    'data/seasons/...' for a project in data/, a path no input of the receipt has."""
    project = tmp_path / "repo" / "data"
    copy_season(project)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(["git", *args], cwd=tmp_path / "repo", env=env, check=True, capture_output=True)
    edited = project / "seasons/porsche-supercup/2007/standings.yaml"
    edited.write_text(edited.read_text("utf-8") + "# edited\n", "utf-8")
    monkeypatch.chdir(project)
    assert main(["report", "seasons/porsche-supercup/2007", "-o", "../report.md"]) == 0
    receipt = extract((tmp_path / "repo" / "report.md").read_text("utf-8"))
    assert receipt["uncommitted_inputs"] == ["seasons/porsche-supercup/2007/standings.yaml"]
    assert receipt["uncommitted_inputs"][0] in {i["path"] for i in receipt["inputs"]}


@pytest.mark.parametrize("argv", [
    ["scenarios", "seasons/formula-1/2007", "--places", "0"],
    ["scenarios", "seasons/formula-1/2007", "--work-limit", "nan"],
    ["infer", "seasons/porsche-supercup/2007", "--budget", "-1"],
    ["infer", "seasons/porsche-supercup/2007", "--work-limit", "-1"],
    ["claims", "seasons/porsche-supercup/2007", "--work-limit", "inf"],
    ["report", "seasons/porsche-supercup/2007", "--claims", "--work-limit", "-5"],
])
def test_solver_limits_and_table_sizes_are_refused_when_meaningless(argv, capsys):
    """A limit is a finite number, 0 or more; a table has 1..999 places: anything else is exit 2 before any work."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "error: argument" in capsys.readouterr().err
