"""The bad-input corpus: tests/bad-inputs/NNN-*.yaml, one failure mode per file.

Every case starts from the valid tiny season in tests/bad-inputs/_base/ and replaces (or adds) one file. Its
header says where the file goes and what `scrutineer check` must report:

    # expect: YAML002 line 9                 a finding with this code at this line of the case file
    # expect: RULE001 line 4 in seasons/...  ... or at this line of another file
    # at: seasons/tiny/2007/rounds/01-first.yaml
    # setup: lock                            run `scrutineer lock` on the base rules first; `{BASE_LOCK}` in
                                             the case is replaced by the lock lines it wrote

The exit code must follow from the expected severities (2 for an error, 1 for a failure, 0 otherwise), no
traceback may appear, and nothing may be created on disk (a `!!python/object/apply:os.system` case tries).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from validator import cli, lock
from validator.findings import CATALOGUE

CORPUS = Path(__file__).resolve().parent / "bad-inputs"
BASE = CORPUS / "_base"
CASES = sorted(p for p in CORPUS.glob("[0-9]*.yaml"))
DOCS = Path(__file__).resolve().parent.parent / "docs" / "FINDINGS.md"

_EXPECT = re.compile(r"#\s*expect:\s*([A-Z]+[0-9]{3})\s+line\s+(\d+)(?:\s+in\s+(\S+))?\s*$")
_DIRECTIVE = re.compile(r"#\s*(at|setup):\s*(\S+)\s*$")
_STDERR_FINDING = re.compile(r"^scrutineer: (.+?):(\d+):(\d+): (\w+) ([A-Z]+[0-9]{3}): (.*)$")


def directives(case: Path) -> dict:
    out: dict = {"expect": [], "at": None, "setup": None}
    for raw in case.read_bytes().split(b"\n"):
        line = raw.decode("utf-8", "replace").strip()
        if not line.startswith("#"):
            break
        m = _EXPECT.match(line)
        if m:
            out["expect"].append((m.group(1), int(m.group(2)), m.group(3)))
            continue
        m = _DIRECTIVE.match(line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def run_case(case: Path, tmp: Path, monkeypatch, capsys) -> tuple[int, list[dict], str, dict]:
    d = directives(case)
    work = tmp / "work"
    shutil.copytree(BASE, work)
    data = case.read_bytes()
    if d["setup"] == "lock":
        lock.lock(work / "rules")
        lines = [ln for ln in (work / "rules" / "LOCK").read_text().splitlines(True) if not ln.startswith("#")]
        data = data.replace(b"{BASE_LOCK}", "".join(lines).encode())
    target = work / d["at"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    before = sorted(p.relative_to(work) for p in work.rglob("*"))
    monkeypatch.chdir(work)
    code = cli.main(["check", "seasons", "--format", "json"])
    out, err = capsys.readouterr()
    after = sorted(p.relative_to(work) for p in work.rglob("*"))
    assert after == before, f"files appeared or vanished: {set(after) ^ set(before)}"
    findings = [f for s in json.loads(out)["seasons"] for f in s["findings"]]
    for line in err.splitlines():
        m = _STDERR_FINDING.match(line)
        if m:
            findings.append({"file": m.group(1), "line": int(m.group(2)), "col": int(m.group(3)),
                             "severity": m.group(4), "code": m.group(5), "message": m.group(6)})
    return code, findings, err, d


def test_corpus_is_big_enough():
    assert len(CASES) >= 60
    assert (BASE / "seasons" / "tiny" / "2007" / "season.yaml").is_file()


def test_base_is_valid(tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    shutil.copytree(BASE, work)
    monkeypatch.chdir(work)
    code = cli.main(["check", "seasons", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["seasons"][0]["verdict"] == "proven"
    assert out["seasons"][0]["findings"] == []


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path, tmp_path, monkeypatch, capsys):
    code, findings, err, d = run_case(case, tmp_path, monkeypatch, capsys)
    assert d["expect"] and d["at"], f"{case.name}: header needs `# expect:` and `# at:`"
    assert "Traceback" not in err
    for expected_code, line, other in d["expect"]:
        file = other or d["at"]
        got = [(f["code"], f["file"], f["line"]) for f in findings]
        assert (expected_code, file, line) in got, f"{case.name}: expected {expected_code} at {file}:{line}, got {got}"
    for f in findings:
        assert f["message"] and f["file"], f
        assert isinstance(f["line"], int) and f["line"] >= 1 and isinstance(f["col"], int) and f["col"] >= 1, f
    severities = {CATALOGUE[c][0] for c, _, _ in d["expect"]}
    expected_exit = 2 if "error" in severities else 1 if "failure" in severities else 0
    assert code == expected_exit, f"{case.name}: exit {code}, expected {expected_exit}: {findings}"


def test_every_input_code_has_a_case():
    """Each code the input stages can produce has at least one corpus case."""
    covered = {c for case in CASES for c, _, _ in directives(case)["expect"]}
    input_codes = {c for c in CATALOGUE
                   if c.startswith(("YAML", "SCHEMA", "NUM", "FILE", "REF", "CONS", "RULE", "LOCK"))}
    input_codes -= {"REF007"}  # REF007: a directory without season.yaml is not discovered as a season
    assert input_codes - covered == set()


def test_findings_doc_matches_catalogue():
    """docs/FINDINGS.md is the one documented catalogue: same codes, severities and descriptions."""
    rows = {}
    for line in DOCS.read_text("utf-8").splitlines():
        m = re.match(r"^\| ([A-Z]+[0-9]{3}) \| (\w+) \| (.+?) \|$", line)
        if m:
            assert m.group(1) not in rows, f"{m.group(1)} documented twice"
            rows[m.group(1)] = (m.group(2), m.group(3))
    assert rows == dict(CATALOGUE)


# ---------------------------------------------------------------- exit codes of the command line

# A bug outside any one season (finding the seasons): a season's own internal error is its INT002 finding
# instead (tests/test_trust_input.py).
BOOM = """
import sys
import validator.affected as affected
def boom(*args, **kwargs):
    raise RuntimeError("simulated bug\\nsecond line")
affected.seasons_for_paths = boom
from validator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _cli(*args: str, cwd: Path):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", BOOM, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_internal_error_is_exit_3_one_line_without_traceback(tmp_path):
    shutil.copytree(BASE, tmp_path / "w")
    proc = _cli("check", "seasons", cwd=tmp_path / "w")
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("scrutineer: internal error: RuntimeError: simulated bug second line")
    assert "--debug" in proc.stderr


def test_internal_error_with_debug_shows_the_traceback(tmp_path):
    shutil.copytree(BASE, tmp_path / "w")
    proc = _cli("--debug", "check", "seasons", cwd=tmp_path / "w")
    assert proc.returncode == 3
    assert "Traceback (most recent call last)" in proc.stderr and "RuntimeError: simulated bug" in proc.stderr


def test_missing_path_and_bad_arguments_are_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "no-such-dir"]) == 2
    assert "no such path" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        cli.main(["check", "--format", "xml"])
    assert info.value.code == 2
