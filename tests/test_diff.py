"""`scrutineer diff --base GIT_REF`: what an edit of rules or facts changes (docs/RULES-WORKFLOW.md).

Every expected change follows from the edit by hand, not from the code under test:
* Porsche Supercup 2007, a win worth 19 instead of 20 (drivers' table only): every winner's total drops by his
  number of wins. Westbrook won exactly two races, Barcelona R3 (mt0513 "Westbrook in Barcelona nicht zu
  knacken") and the Hungaroring R8 (mt0805a "Westbrook gewinnt mit Geduld"), so his final interval drops by 2 at
  both ends; after R3 the published table (ml138604: Westbrook 52, Faulkner 50, each with one win in R1-R3:
  Faulkner R1 mt0414, Westbrook R3) can no longer be reached: the rules now allow 51 and 49.
* The tiny season of the bad-input corpus (10-6-4-3): swapping Ann and Bob in both races gives Bob 2 x 10 = 20
  and Ann 2 x 6 = 12, so the declared champion Ann no longer holds.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from validator import cli

if shutil.which("git") is None:
    pytest.skip("git is not installed: `scrutineer diff` needs it", allow_module_level=True)

TINY = ROOT / "tests" / "bad-inputs" / "_base"
TABLE_2007 = "table: [20, 18, 16, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]"


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(repo.parent))
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def make_repo(tmp: Path, *trees: tuple[Path, str]) -> Path:
    repo = tmp / "repo"
    for source, target in trees:
        shutil.copytree(source, repo / target)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "published")
    return repo


def supercup_repo(tmp: Path) -> Path:
    return make_repo(tmp, (ROOT / "rules", "rules"),
                     (ROOT / "seasons" / "porsche-supercup", "seasons/porsche-supercup"))


def win_worth_19(repo: Path) -> None:
    path = repo / "rules" / "porsche-supercup" / "2007.yaml"
    text = path.read_text()
    assert text.count(TABLE_2007) == 2  # drivers, then teams: only the drivers' one is edited
    path.write_text(text.replace(TABLE_2007, TABLE_2007.replace("[20,", "[19,"), 1))


def run_diff(repo: Path, monkeypatch, capsys, *args: str) -> tuple[int, dict]:
    monkeypatch.chdir(repo)
    code = cli.main(["diff", *args, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def _change(season: dict, classification: str, who: str) -> dict | None:
    cls = next(c for c in season["classifications"] if c["name"] == classification)
    return next((c for c in cls["changes"] if c["competitor"] == who), None)


def test_diff_after_a_commit_changing_the_2007_points_for_a_win(tmp_path, monkeypatch, capsys):
    """The Done-when of issue 9: one changed points value, committed; diff against HEAD~1 shows the changed
    totals and the verdict change, exit 1."""
    repo = supercup_repo(tmp_path)
    win_worth_19(repo)
    git(repo, "commit", "-qam", "a win is worth 19")
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD~1")
    assert code == 1
    assert git(repo, "status", "--porcelain") == ""  # the working tree is untouched
    (edit,) = report["edits"]
    line = 1 + next(i for i, ln in enumerate((repo / "rules/porsche-supercup/2007.yaml").read_text().splitlines())
                    if "table: [19," in ln)
    assert (edit["file"], edit["line"], edit["area"], edit["classification"]) == \
        ("rules/porsche-supercup/2007.yaml", line, "rule", "drivers")
    assert "table[0] 20 -> 19" in edit["what"]
    (season,) = report["seasons"]
    assert season["verdict"] == {"before": "consistent", "after": "contradicted"}
    westbrook = _change(season, "drivers", "richard-westbrook")
    lo, hi = (int(x) for x in westbrook["points"]["before"].split(".."))
    assert westbrook["points"]["after"] == f"{lo - 2}..{hi - 2}" and westbrook["points"]["delta"] == "-2"
    assert westbrook["causes"] == [edit["id"]]
    assert not any(c["changes"] for c in season["classifications"] if c["name"] == "teams")
    new = {(f["code"], f["file"], f["message"]) for f in season["findings"]["new"]}
    standings = "seasons/porsche-supercup/2007/standings.yaml"
    for who, published in (("richard-westbrook", 52), ("damien-faulkner", 50)):  # after R3, one win each
        assert any(c == "AUDIT001" and file == standings and "after R3" in m and
                   f"{who} published {published} points, the rules and facts allow {published - 1}" in m
                   for c, file, m in new), who
    (outcome,) = [f for f in season["outcome"] if f["code"] == "DIFF004"]
    assert (outcome["file"], outcome["line"]) == ("rules/porsche-supercup/2007.yaml", line)
    assert report["summary"]["exit_code"] == 1

    monkeypatch.chdir(repo)
    assert cli.main(["diff", "--base", "HEAD~1"]) == 1
    text = capsys.readouterr().out
    assert "verdict: consistent -> contradicted" in text
    assert f"[1] rules/porsche-supercup/2007.yaml:{line}:" in text and "DIFF004" in text


def test_uncommitted_and_untracked_edits_are_seen(tmp_path, monkeypatch, capsys):
    repo = supercup_repo(tmp_path)
    win_worth_19(repo)  # not committed
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 1 and report["seasons"][0]["verdict"]["after"] == "contradicted"
    git(repo, "checkout", "--", ".")
    (repo / "notes.txt").write_text("untracked, touches no season\n")
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 0 and report["seasons"] == [] and report["untouched_files"] == ["notes.txt"]


def _swap_ann_and_bob(repo: Path) -> None:
    for path in (repo / "seasons" / "tiny" / "2007" / "rounds").glob("*.yaml"):
        text = path.read_text()
        text = text.replace("pos: 1, driver: ann", "pos: 1, driver: TMP").replace("pos: 2, driver: bob",
                                                                                  "pos: 2, driver: ann")
        path.write_text(text.replace("pos: 1, driver: TMP", "pos: 1, driver: bob"))


def test_champion_change_against_the_declaration_is_diff005(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, (TINY / "rules", "rules"), (TINY / "seasons", "seasons"))
    _swap_ann_and_bob(repo)
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 1
    (season,) = report["seasons"]
    assert season["champion"]["before"] == ["ann"] and season["champion"]["after"] == ["bob"]
    assert season["champion"]["declared"] == "ann" and season["champion"]["changed"]
    assert {"DIFF004", "DIFF005"} <= {f["code"] for f in season["outcome"]}
    bob, ann = _change(season, "drivers", "bob"), _change(season, "drivers", "ann")
    assert (bob["points"]["before"], bob["points"]["after"], bob["position"]["after"]) == ("12", "20", 1)
    assert (ann["points"]["before"], ann["points"]["after"], ann["position"]["after"]) == ("20", "12", 2)
    assert bob["rounds"] == [1, 2]
    causes = {report["edits"][i - 1]["file"].rsplit("/", 1)[-1] for i in bob["causes"]}
    assert causes == {"01-first.yaml", "02-second.yaml"}
    monkeypatch.chdir(repo)
    cli.main(["diff", "--base", "HEAD"])
    assert ">>> champion: declared ann proven -> refuted; first by the standings: ann -> bob <<<" in \
        capsys.readouterr().out


def test_an_edit_that_changes_no_outcome_exits_0(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, (TINY / "rules", "rules"), (TINY / "seasons", "seasons"))
    season = repo / "seasons" / "tiny" / "2007" / "season.yaml"
    season.write_text(season.read_text().replace("{id: ann, name: Ann}", "{id: ann, name: Ann Example}"))
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 0
    (s,) = report["seasons"]
    assert not s["changed"] and s["outcome"] == []
    assert [e["what"] for e in report["edits"]] == ["ann drivers[0].name Ann -> Ann Example"]


def test_paths_limit_the_diff(tmp_path, monkeypatch, capsys):
    repo = supercup_repo(tmp_path)
    win_worth_19(repo)
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD", "seasons")
    assert code == 0 and report["seasons"] == [] and report["changed_files"] == []


def test_an_invalid_edit_is_exit_2(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, (TINY / "rules", "rules"), (TINY / "seasons", "seasons"))
    path = repo / "seasons" / "tiny" / "2007" / "rounds" / "01-first.yaml"
    path.write_text(path.read_text().replace("{pos: 1, driver: ann", "{pos: 1, driver: nobody"))
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 2 and report["seasons"][0]["verdict"]["after"] == "invalid"
    assert any(f["code"] == "REF001" for f in report["seasons"][0]["findings"]["new"])


def test_not_a_git_repo_and_unknown_ref_are_exit_2(tmp_path, monkeypatch, capsys):
    plain = tmp_path / "plain"
    plain.mkdir()
    monkeypatch.chdir(plain)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert cli.main(["diff", "--base", "HEAD"]) == 2
    assert "error DIFF001" in capsys.readouterr().err
    repo = make_repo(tmp_path, (TINY / "rules", "rules"), (TINY / "seasons", "seasons"))
    monkeypatch.chdir(repo)
    for ref in ("no-such-ref", "HEAD~5", "--output=x"):
        assert cli.main(["diff", f"--base={ref}"]) == 2, ref
        err = capsys.readouterr().err
        assert "error DIFF002" in err and "Traceback" not in err
    assert not (repo / "x").exists()


@pytest.mark.parametrize("ref", ["HEAD"])
def test_a_season_added_since_the_base(tmp_path, monkeypatch, capsys, ref):
    repo = make_repo(tmp_path, (TINY / "rules", "rules"), (TINY / "seasons", "seasons"))
    shutil.copytree(repo / "seasons" / "tiny" / "2007", repo / "seasons" / "copy" / "tiny" / "2007")
    code, report = run_diff(repo, monkeypatch, capsys, "--base", ref)
    assert code == 0
    (s,) = report["seasons"]
    assert s["directory"] == "seasons/copy/tiny/2007" and s["verdict"] == {"before": None, "after": "proven"}


def test_a_changed_lock_line_touches_the_seasons_of_that_version_only(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, (ROOT / "rules", "rules"),
                     (ROOT / "seasons" / "porsche-supercup", "seasons/porsche-supercup"),
                     (ROOT / "seasons" / "formula-1" / "1988", "seasons/formula-1/1988"))
    lock = repo / "rules" / "LOCK"
    lines = lock.read_text().splitlines(True)
    (n,) = [i for i, ln in enumerate(lines) if ln.endswith("  porsche-supercup/2007.yaml\n")]
    lines[n] = "0" * 64 + "  porsche-supercup/2007.yaml\n"
    lock.write_text("".join(lines))
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 0  # the lock is wrong, but no declared outcome changes
    assert [s["directory"] for s in report["seasons"]] == ["seasons/porsche-supercup/2007"]
    assert [(e["area"], e["line"]) for e in report["edits"]] == [("lock", n + 1)]
    (season,) = report["seasons"]
    assert [f["code"] for f in season["findings"]["new"]] == ["LOCK001"]
    # the base side's findings are shown under the working tree's paths, never the temporary directory's
    assert season["findings"]["resolved"] == []
    assert "scrutineer-diff-" not in json.dumps(report)


def test_a_removed_season(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, (TINY / "rules", "rules"), (TINY / "seasons", "seasons"))
    shutil.rmtree(repo / "seasons" / "tiny" / "2007")
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 0
    (s,) = report["seasons"]
    assert s["verdict"] == {"before": "proven", "after": None}
    assert {e["kind"] for e in report["edits"]} == {"file-removed"}


def test_a_new_version_that_supersedes_touches_the_seasons_of_the_old_one(tmp_path, monkeypatch, capsys):
    """Publishing formula-1@2026 that supersedes 2025.2 from 2026-05-01: the 2026 season (citing 2025.2, with rounds
    after that date) is touched and becomes invalid (RULE001): exit 2."""
    repo = make_repo(tmp_path, (ROOT / "rules", "rules"), (ROOT / "seasons" / "formula-1" / "2026",
                                                           "seasons/formula-1/2026"))
    text = (repo / "rules" / "formula-1" / "2025.2.yaml").read_text()
    (repo / "rules" / "formula-1" / "2026.yaml").write_text(
        text.replace('version: "2025.2"', 'version: "2026"').replace('supersedes: "2025"', 'supersedes: "2025.2"')
        .replace('effective: {from: "2025-01-01"}', 'effective: {from: "2026-05-01"}'))
    code, report = run_diff(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 2
    (season,) = report["seasons"]
    assert season["directory"] == "seasons/formula-1/2026"
    assert season["verdict"]["after"] == "invalid"
    assert [f["code"] for f in season["findings"]["new"] if f["severity"] == "error"] == ["RULE001"]
    (edit,) = report["edits"]
    assert edit["file"] == "rules/formula-1/2026.yaml" and edit["kind"] == "file-added"
    assert season["edits"] == [edit["id"]]  # the new version is named as the edit that concerns this season


def test_data_in_an_edit_cannot_forge_a_line_of_the_report(tmp_path, monkeypatch, capsys):
    """Data is text: a changed value holding a newline, `|`, `<b>` or a `::error` command stays on its edit's line."""
    repo = make_repo(tmp_path, (TINY / "rules", "rules"), (TINY / "seasons", "seasons"))
    season = repo / "seasons" / "tiny" / "2007" / "season.yaml"
    season.write_text(season.read_text().replace("{id: bob, name: Bob}",
                                                 '{id: bob, name: "Bob\\n::error file=x::forged | <b>"}'))
    monkeypatch.chdir(repo)
    assert cli.main(["diff", "--base", "HEAD"]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if "forged" in ln]
    assert len(lines) == 1 and lines[0].startswith("  [1] seasons/tiny/2007/season.yaml:")


def test_an_invalid_side_is_not_compared_row_by_row(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, (TINY / "rules", "rules"), (TINY / "seasons", "seasons"))
    path = repo / "seasons" / "tiny" / "2007" / "rounds" / "01-first.yaml"
    path.write_text(path.read_text().replace("{pos: 1, driver: ann", "{pos: 1, driver: nobody"))
    monkeypatch.chdir(repo)
    assert cli.main(["diff", "--base", "HEAD"]) == 2
    out = capsys.readouterr().out
    assert "standings not compared: the season is invalid after the edit" in out and "(absent)" not in out
