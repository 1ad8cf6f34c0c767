"""Locked rule versions: rules/LOCK, `scrutineer lock`, and `scrutineer check` refusing an edited locked version."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from validator import cli, lock

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "bad-inputs" / "_base"


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    shutil.copytree(BASE, tmp_path / "w")
    monkeypatch.chdir(tmp_path / "w")
    return tmp_path / "w"


def check(capsys, *args) -> tuple[int, dict, str]:
    capsys.readouterr()
    code = cli.main(["check", "seasons", "--format", "json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def findings(document: dict) -> list[dict]:
    return [f for s in document["seasons"] for f in s["findings"]]


def test_lock_records_every_version_in_sha256sum_format(work, capsys):
    assert cli.main(["lock"]) == 0
    assert "locked tiny/1.yaml" in capsys.readouterr().out
    text = (work / "rules" / "LOCK").read_text()
    entries = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    sha = hashlib.sha256((work / "rules" / "tiny" / "1.yaml").read_bytes()).hexdigest()
    assert entries == [[sha, "tiny/1.yaml"]]
    assert "  tiny/1.yaml\n" in text  # two spaces: `cd rules && sha256sum -c LOCK` reads it
    assert cli.main(["lock"]) == 0 and (work / "rules" / "LOCK").read_text() == text  # idempotent


def test_edited_locked_version_fails_check_naming_file_and_version(work, capsys):
    assert cli.main(["lock"]) == 0
    capsys.readouterr()
    assert check(capsys)[0] == 0
    ruleset = work / "rules" / "tiny" / "1.yaml"
    ruleset.write_text(ruleset.read_text().replace("table: [10, 6, 4, 3]", "table: [10, 6, 4, 2]"))
    code, document, _ = check(capsys)
    assert code == 1  # a refused change: the season is still audited under the edited rules, so the report
    (finding,) = [f for f in findings(document) if f["code"] == "LOCK001"]  # also shows what the edit breaks
    assert finding["file"] == "rules/tiny/1.yaml" and finding["line"] == 1 and finding["severity"] == "failure"
    assert "tiny@1" in finding["message"] and "publish a new version instead" in finding["message"]


def test_lock_never_silently_rewrites_a_changed_version(work, capsys):
    assert cli.main(["lock"]) == 0
    before = (work / "rules" / "LOCK").read_text()
    ruleset = work / "rules" / "tiny" / "1.yaml"
    ruleset.write_text(ruleset.read_text() + "notes: [edited]\n")
    capsys.readouterr()
    assert cli.main(["lock"]) == 2
    err = capsys.readouterr().err
    assert "LOCK001" in err and "--force" in err
    assert (work / "rules" / "LOCK").read_text() == before
    assert cli.main(["lock", "--check"]) == 2
    assert cli.main(["lock", "--force"]) == 0
    assert "re-locked tiny/1.yaml" in capsys.readouterr().out
    assert cli.main(["lock", "--check"]) == 0
    assert check(capsys)[0] == 0


def test_new_version_is_added_and_old_entries_kept(work, capsys):
    assert cli.main(["lock"]) == 0
    new = work / "rules" / "tiny" / "2.yaml"
    new.write_text((work / "rules" / "tiny" / "1.yaml").read_text().replace('version: "1"', 'version: "2"')
                   .replace('{from: "2007-01-01", to: "2007-12-31"}', '{from: "2008-01-01"}'))
    capsys.readouterr()
    assert cli.main(["lock"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "locked tiny/2.yaml"
    assert [ln.split()[1] for ln in (work / "rules" / "LOCK").read_text().splitlines()
            if not ln.startswith("#")] == ["tiny/1.yaml", "tiny/2.yaml"]


def test_changed_version_no_season_uses_still_fails_check(work, capsys):
    other = work / "rules" / "tiny" / "2.yaml"
    other.write_text((work / "rules" / "tiny" / "1.yaml").read_text().replace('version: "1"', 'version: "2"')
                     .replace('{from: "2007-01-01", to: "2007-12-31"}', '{from: "2008-01-01"}'))
    assert cli.main(["lock"]) == 0
    other.write_text(other.read_text() + "notes: [edited]\n")
    code, document, err = check(capsys)
    assert code == 1 and document["seasons"][0]["verdict"] == "proven"
    assert "rules/tiny/2.yaml:1:1: failure LOCK001" in err and "tiny@2" in err


def test_missing_locked_version_and_unreadable_lock(work, capsys):
    assert cli.main(["lock"]) == 0
    lock_file = work / "rules" / "LOCK"
    lock_file.write_text(lock_file.read_text() + "0" * 64 + "  tiny/0.yaml\n")
    code, _, err = check(capsys)
    assert code == 2 and "LOCK002" in err and "tiny@0" in err
    lock_file.write_text(lock_file.read_text() + "garbage\n")
    code, document, _ = check(capsys)
    assert code == 2 and any(f["code"] == "LOCK004" for f in findings(document))
    assert cli.main(["lock"]) == 2  # an unreadable lock is not rewritten without --force


def test_no_lock_file_no_lock_findings(work, capsys):
    code, document, _ = check(capsys)
    assert code == 0 and findings(document) == []


def test_repository_lock_covers_every_published_version():
    """rules/LOCK is up to date: every rules/<series>/<version>.yaml is locked with its current content."""
    root = ROOT / "rules"
    state = lock.read(root)
    assert state is not None, "rules/LOCK is missing: run `scrutineer lock`"
    problems = lock.verify(root)
    assert problems == [], "\n".join(map(str, problems))
    assert "porsche-supercup/2007.yaml" in state[0]
