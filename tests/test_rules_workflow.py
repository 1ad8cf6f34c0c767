"""Publishing a new ruleset version after an open-ended one (`supersedes:`, docs/RULES-WORKFLOW.md).

The documented steps are extracted from the doc and run as written on a temporary copy, with `scrutineer` as the
worktree's `python -m validator`: the doc and the test cannot drift apart."""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from validator import cli, lock

DOC = ROOT / "docs" / "RULES-WORKFLOW.md"


def documented_steps() -> str:
    text = DOC.read_text("utf-8")
    block = re.search(r"<!-- workflow:begin -->\s*```sh\n(.*?)```\s*<!-- workflow:end -->", text, re.S)
    assert block, "docs/RULES-WORKFLOW.md lost its workflow block"
    return block.group(1)


def _copy_f1(tmp: Path, seasons: tuple[str, ...] = ("2025", "2026")) -> Path:
    work = tmp / "work"
    shutil.copytree(ROOT / "rules", work / "rules")
    for year in seasons:
        shutil.copytree(ROOT / "seasons" / "formula-1" / year, work / "seasons" / "formula-1" / year)
    return work


def _shim(tmp: Path) -> Path:
    """A `scrutineer` on PATH that runs this worktree's code (the installed script may be another checkout)."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    script = bin_dir / "scrutineer"
    script.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m validator "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def test_documented_supersede_workflow_exits_0(tmp_path):
    work = _copy_f1(tmp_path)
    old_lock = (work / "rules" / "LOCK").read_text()
    old_2025 = (work / "rules" / "formula-1" / "2025.yaml").read_bytes()
    env = dict(os.environ, PATH=f"{_shim(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", documented_steps()], cwd=work, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    # the old version and its lock line are untouched; the lock gained exactly the new version
    assert (work / "rules" / "formula-1" / "2025.yaml").read_bytes() == old_2025
    new_lock = (work / "rules" / "LOCK").read_text()
    added = set(new_lock.splitlines()) - set(old_lock.splitlines())
    assert [line.split()[1] for line in added] == ["formula-1/2027.yaml"]
    assert set(old_lock.splitlines()) - set(new_lock.splitlines()) == set()


CURRENT = "2025.2"   # the open-ended Formula One version (it replaced 2025 wholly: docs/RULES-WORKFLOW.md)


def _new_version(work: Path, extra: str) -> None:
    """A 2027 version: the current one's text (without its own `supersedes:` and republication comment, so the
    lines are those of 2025.yaml) with `extra` in place of its `effective:` line."""
    lines = (work / "rules" / "formula-1" / f"{CURRENT}.yaml").read_text().splitlines(keepends=True)
    text = "".join(x for x in lines if not x.startswith(("supersedes:", f"# {CURRENT} republishes")))
    text = text.replace(f'version: "{CURRENT}"', 'version: "2027"')
    text = text.replace('effective: {from: "2025-01-01"}', extra)
    (work / "rules" / "formula-1" / "2027.yaml").write_text(text)


def _check(work: Path, monkeypatch, capsys, *paths: str) -> tuple[int, list[dict]]:
    import json

    monkeypatch.chdir(work)
    code = cli.main(["check", *paths, "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    return code, [f for s in out["seasons"] for f in s["findings"]]


def test_without_supersedes_the_new_version_overlaps(tmp_path, monkeypatch, capsys):
    """RULE003: the dead end `supersedes:` removes: an open-ended 2025.2 and a 2027 both in effect from 2027."""
    work = _copy_f1(tmp_path, ("2026",))
    _new_version(work, 'effective: {from: "2027-01-01"}')
    code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert code == 2
    assert any(f["code"] == "RULE003" and "supersedes" in f["message"] for f in findings)


def test_closing_the_locked_version_instead_is_lock001(tmp_path, monkeypatch, capsys):
    work = _copy_f1(tmp_path, ("2026",))
    path = work / "rules" / "formula-1" / f"{CURRENT}.yaml"
    path.write_text(path.read_text().replace('effective: {from: "2025-01-01"}',
                                             'effective: {from: "2025-01-01", to: "2026-12-31"}'))
    code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert code == 1 and "LOCK001" in {f["code"] for f in findings}


def test_supersedes_ends_the_old_window_for_seasons_after_it(tmp_path, monkeypatch, capsys):
    """RULE001: a season citing the superseded version with rounds after the new start."""
    work = _copy_f1(tmp_path, ("2026",))
    _new_version(work, f'effective: {{from: "2026-05-01"}}\nsupersedes: "{CURRENT}"')
    lock.lock(work / "rules")
    code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert code == 2
    (rule001,) = [f for f in findings if f["code"] == "RULE001"]
    assert "2025-01-01..2026-04-30 (superseded by formula-1@2027 from 2026-05-01)" in rule001["message"]
    lines = (work / "seasons" / "formula-1" / "2026" / "season.yaml").read_text().splitlines()
    assert rule001["file"].endswith("seasons/formula-1/2026/season.yaml")
    assert lines[rule001["line"] - 1].startswith("rules: {ruleset: formula-1")


@pytest.mark.parametrize("extra, code", [
    ('effective: {from: "2027-01-01"}\nsupersedes: "2031"', "RULE008"),
    ('effective: {from: "2027-01-01"}\nsupersedes: "2027"', "RULE008"),   # itself
    ('effective: {from: "2027-01-01"}\nsupersedes: "2022"', "RULE009"),   # 2022 ended in 2024
])
def test_wrong_supersedes_is_reported_at_its_line(tmp_path, monkeypatch, capsys, extra, code):
    work = _copy_f1(tmp_path, ("2026",))
    _new_version(work, extra)
    exit_code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert exit_code == 2
    hits = [f for f in findings if f["code"] == code]
    assert hits and hits[0]["file"].endswith("rules/formula-1/2027.yaml") and hits[0]["line"] == 7


def test_a_chain_of_supersessions(tmp_path, monkeypatch, capsys):
    """2027 supersedes 2025.2, 2029 supersedes 2027: no overlap; 2029 superseding 2025.2 again would be RULE009."""
    work = _copy_f1(tmp_path, ("2026",))
    _new_version(work, f'effective: {{from: "2027-01-01"}}\nsupersedes: "{CURRENT}"')
    text = (work / "rules" / "formula-1" / "2027.yaml").read_text()
    (work / "rules" / "formula-1" / "2029.yaml").write_text(
        text.replace('version: "2027"', 'version: "2029"').replace('from: "2027-01-01"', 'from: "2029-01-01"')
        .replace(f'supersedes: "{CURRENT}"', 'supersedes: "2027"'))
    code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert code == 0, findings
    (work / "rules" / "formula-1" / "2029.yaml").write_text(
        (work / "rules" / "formula-1" / "2029.yaml").read_text().replace('supersedes: "2027"', f'supersedes: "{CURRENT}"'))
    code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert code == 2
    assert any(f["code"] == "RULE009" and "already superseded" in f["message"] for f in findings)


def test_every_committed_ruleset_is_still_valid_under_the_schema():
    """The shipped schema gained `supersedes`; every committed version still validates."""
    from validator.load import schema
    from validator.load.yaml_loader import load_file

    files = sorted((ROOT / "rules").glob("*/*.yaml"))
    assert files
    for path in files:
        assert schema.check(load_file(path, str(path)), "ruleset") == [], path


@pytest.mark.parametrize("value", ["1", '""', "[\"2025\"]"])
def test_supersedes_must_name_a_version_as_text(value):
    from validator.load import schema
    from validator.load.yaml_loader import load_text

    text = (ROOT / "rules" / "formula-1" / "2025.yaml").read_text().replace(
        'effective: {from: "2025-01-01"}', f'effective: {{from: "2027-01-01"}}\nsupersedes: {value}')
    findings = schema.check(load_text(text, "r.yaml"), "ruleset")
    assert [(f.code, f.location.line) for f in findings] == [("SCHEMA001", 7)]


def test_a_version_superseded_from_its_first_day_is_replaced_wholly(tmp_path, monkeypatch, capsys):
    """formula-1@1991.2 supersedes 1991 from 1991-01-01 (the same first day): 1991 is in effect on no day, no
    overlap is reported, and a season still citing 1991 is RULE001."""
    work = _copy_f1(tmp_path, ("1992",))
    code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert code == 0 and not {"RULE003", "RULE004", "RULE009"} & {f["code"] for f in findings}, findings
    season = work / "seasons" / "formula-1" / "1992" / "season.yaml"
    season.write_text(season.read_text().replace('version: "1991.2"', 'version: "1991"'))
    code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert code == 2
    (rule001,) = [f for f in findings if f["code"] == "RULE001"]
    assert "formula-1@1991 is in effect on no day: it is replaced wholly by formula-1@1991.2" in rule001["message"]


def test_a_version_already_replaced_wholly_cannot_be_superseded_again(tmp_path, monkeypatch, capsys):
    work = _copy_f1(tmp_path, ("1992",))
    rules = work / "rules" / "formula-1"
    (rules / "1991.3.yaml").write_text((rules / "1991.2.yaml").read_text().replace('version: "1991.2"',
                                                                                 'version: "1991.3"'))
    code, findings = _check(work, monkeypatch, capsys, "seasons")
    assert code == 2
    assert any(f["code"] == "RULE009" and "already superseded" in f["message"] for f in findings)


def test_each_republished_version_is_its_predecessor_plus_shared_position():
    """The `.2` versions (docs/RULES-WORKFLOW.md, "Republishing a closed version") change no scoring rule: each
    is the locked version it supersedes, with the same window, and `shared-position` ending every chain."""
    import yaml

    republished = sorted(p for p in (ROOT / "rules" / "formula-1").glob("*.2.yaml") if p.name < "1995")
    assert len(republished) == 24
    for path in republished:
        new = yaml.safe_load(path.read_text("utf-8"))
        old = yaml.safe_load((path.parent / f"{new['supersedes']}.yaml").read_text("utf-8"))
        assert new.pop("supersedes") == old["version"] and new.pop("version") == f"{old.pop('version')}.2"
        assert new.pop("title") == old.pop("title") + " (shared positions declared)"
        for cls in new["classifications"].values():
            last = cls["tie_break"].pop()
            assert last["use"] == "shared-position" and "docs/f1-rules-research.md#ties" in last["source"]
        assert new == old, path.name


AUTHORITY_REPUBLISHED = ("1995", "2003", "2010", "2021")


def test_each_authority_version_is_its_predecessor_plus_authority_decides():
    """The 1995.2, 2003.2, 2010.2 and 2021.2 versions (docs/RULES-WORKFLOW.md) change no scoring rule: each is the
    locked version it supersedes, with the same window, and a sourced `authority-decides` step (final
    classification only, as the countback before it) ending every chain."""
    import yaml

    rules = ROOT / "rules" / "formula-1"
    assert sorted(p.name for p in rules.glob("*.2.yaml") if p.name >= "1995") == \
        [f"{v}.2.yaml" for v in AUTHORITY_REPUBLISHED] + ["2025.2.yaml"]
    for version in AUTHORITY_REPUBLISHED:
        new = yaml.safe_load((rules / f"{version}.2.yaml").read_text("utf-8"))
        old = yaml.safe_load((rules / f"{version}.yaml").read_text("utf-8"))
        assert new.pop("supersedes") == old["version"] == version and new.pop("version") == f"{version}.2"
        assert new.pop("title") == old.pop("title") + " (FIA decision on level records declared)"
        old.pop("version")
        for cls in new["classifications"].values():
            last = cls["tie_break"].pop()
            assert last["use"] == "authority-decides" and last["final_only"] is True
            assert "docs/f1-rules-research.md#ties" in last["source"] and len(last["source"]) >= 2
            assert "nominate the winner according to such criteria as it thinks fit" in last["note"]
        assert new == old, version


def test_2025_2_is_2025_plus_two_cars_per_constructor():
    """formula-1@2025.2 (docs/RULES-WORKFLOW.md) changes no scoring rule: the locked 2025 with the same window,
    `supersedes: "2025"` (replaced wholly) and a sourced `cars-per-team {max: 2}` ending the constructors'
    eligibility; the drivers' classification is unchanged."""
    import yaml

    rules = ROOT / "rules" / "formula-1"
    new = yaml.safe_load((rules / "2025.2.yaml").read_text("utf-8"))
    old = yaml.safe_load((rules / "2025.yaml").read_text("utf-8"))
    assert new.pop("supersedes") == "2025" and new.pop("version") == "2025.2" and old.pop("version") == "2025"
    assert new.pop("title") == old.pop("title") + " (two cars per constructor declared)"
    clause = new["classifications"]["constructors"]["eligibility"].pop()
    assert (clause["use"], clause["max"]) == ("cars-per-team", 2)
    assert "docs/f1-rules-research.md#cars-per-team" in clause["source"] and len(clause["source"]) >= 2
    assert new == old
