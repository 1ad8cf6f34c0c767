"""Issue 9.1: CI formats of `scrutineer check` (text, json, junit, sarif, github, markdown), all rendered from one
document; findings grouped by cause; data escaped in every format; the check cache gives the same bytes."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml

from validator import cli, lock
from validator.findings import CATALOGUE
from validator.report import github, job_summary, junit, sarif, text
from validator.report.document import build

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "bad-inputs" / "_base"
# SARIF 2.1.0 JSON schema (2.1.0-rtm.5, the text OASIS approved as SARIF 2.1.0), vendored: see tests/schemas/NOTICE.md
SARIF_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text("utf-8"))
FORMATS = ["text", "json", "junit", "sarif", "github", "markdown"]
EVIL = 'Ann "the\nwheel" | <b>bold</b> & ::error file=x::owned, 100% #1\r\n# heading `code` *x*'


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """The bad-input base with a second season (tiny-b/2007) citing the same ruleset version, locked."""
    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    shutil.copytree(work / "seasons" / "tiny" / "2007", work / "seasons" / "tiny-b" / "2007")
    season = work / "seasons" / "tiny-b" / "2007" / "season.yaml"
    season.write_text(season.read_text().replace("series: tiny", "series: tiny-b"))
    monkeypatch.chdir(work)
    lock.lock(work / "rules")
    return work


def edit_points(work: Path) -> None:
    """The edit a rules author might make to a published version: 2nd place now scores 7, not 6."""
    ruleset = work / "rules" / "tiny" / "1.yaml"
    ruleset.write_text(ruleset.read_text().replace("table: [10, 6, 4, 3]", "table: [10, 7, 4, 3]"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_fixture_two_seasons_pass(work, capsys):
    code, out, _ = run(capsys)
    assert code == 0 and out.strip() == "2 season(s): 2 proven, 0 in-progress, 0 consistent, 0 contradicted, 0 invalid; " \
                                        "0 override(s); 0 problem(s)"
    code, out, _ = run(capsys, "-v")
    assert "tiny/2007  rules tiny@1  verdict: proven" in out and "tiny-b/2007  rules tiny@1" in out


def test_text_one_lock001_per_edited_file_and_the_results_grouped_under_it(work, capsys):
    edit_points(work)
    code, out, _ = run(capsys)
    assert code == 1
    lines = out.splitlines()
    assert sum("LOCK001" in line for line in lines) == 1  # one edit, two seasons: one line
    assert lines[0].startswith("rules/tiny/1.yaml:1:1: failure LOCK001") and \
        lines[0].endswith("(in 2 seasons: tiny/2007, tiny-b/2007)")
    # the clause the failing results rest on, before them, indented under the edit; counts from the JSON
    document = json.loads(run(capsys, "--format", "json")[1])
    failing = [f for s in document["seasons"] for f in s["findings"] if f["code"].startswith("AUDIT")]
    assert lines[1] == f"  this clause (rules/tiny/1.yaml:14:9) changes {len(failing)} results in 2 seasons:"
    assert len(failing) >= 4 and all(line.startswith("    seasons/") for line in lines[2:2 + len(failing)])
    assert lines[-1].endswith(f"{len(failing) + 1} problem(s)")


def test_every_finding_has_a_location(work, capsys):
    edit_points(work)
    document = json.loads(run(capsys, "--format", "json")[1])
    for f in (f for s in document["seasons"] for f in s["findings"]):
        assert f["file"] and isinstance(f["line"], int) and f["line"] >= 1, f


def _no_nulls(value, path="$"):
    if value is None:
        raise AssertionError(f"null at {path}")
    if isinstance(value, dict):
        for k, v in value.items():
            _no_nulls(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _no_nulls(v, f"{path}[{i}]")


def test_sarif_is_valid_2_1_0_with_a_rule_per_code_and_stable_fingerprints(work, capsys):
    edit_points(work)
    code, out, _ = run(capsys, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    _no_nulls(log)
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [(r["id"], r["shortDescription"]["text"]) for r in rules] == [(c, t) for c, (_, t) in CATALOGUE.items()]
    results = run_["results"]
    assert [r["ruleId"] for r in results].count("LOCK001") == 1
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    lock001 = next(r for r in results if r["ruleId"] == "LOCK001")
    assert lock001["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rules/tiny/1.yaml"
    assert lock001["properties"]["seasons"] == ["tiny/2007", "tiny-b/2007"]
    prints = [r["partialFingerprints"]["scrutineerFinding/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    again = json.loads(run(capsys, "--format", "sarif", "--no-cache")[1])
    assert [r["partialFingerprints"] for r in again["runs"][0]["results"]] == \
        [r["partialFingerprints"] for r in results]


def test_sarif_of_a_clean_run_has_empty_results_not_null(work, capsys):
    log = json.loads(run(capsys, "--format", "sarif")[1])
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_junit_one_suite_per_season_parsed_by_junitparser(work, capsys, tmp_path):
    edit_points(work)
    out_file = tmp_path / "junit.xml"
    code, out, _ = run(capsys, "--format", "junit", "--output", str(out_file))
    assert code == 1 and out == ""
    xml = JUnitXml.fromfile(str(out_file))
    suites = {s.name: s for s in xml}
    assert sorted(suites) == ["tiny-b/2007", "tiny/2007"]
    for suite in suites.values():
        cases = list(suite)
        names = [c.name for c in cases]
        assert names[0] == "verdict" and names[-1].startswith("published facts checked")
        failed = [c for c in cases if any(isinstance(r, (Failure, Error)) for r in c.result)]
        assert any(c.name.startswith("LOCK001 rules/tiny/1.yaml") for c in failed)
        assert suite.failures == len(failed) and suite.tests == len(cases)


def test_junit_of_a_clean_run_passes(work, capsys):
    xml = JUnitXml.fromstring(run(capsys, "--format", "junit")[1].encode())
    for suite in xml:
        assert suite.failures == 0 and suite.errors == 0 and suite.tests == 2


def test_github_workflow_commands(work, capsys):
    edit_points(work)
    code, out, _ = run(capsys, "--format", "github")
    lines = out.splitlines()
    assert code == 1 and lines[0].startswith("::error file=rules/tiny/1.yaml,line=1,col=1,title=LOCK001::")
    assert lines[1].startswith("::error file=rules/tiny/1.yaml,line=14,col=9,title=AUDIT001/AUDIT002/AUDIT006::"
                               "this clause (rules/tiny/1.yaml%3A14%3A9)") or \
        lines[1].startswith("::error file=rules/tiny/1.yaml,line=14,col=9,title=")


def test_github_escaping_follows_the_toolkit():
    assert github.escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = github.command("failure", "x\n::error::y", "dir,x/a:b.yaml", 3, None, "AUDIT001")
    assert line == "::error file=dir%2Cx/a%3Ab.yaml,line=3,col=1,title=AUDIT001::x%0A::error::y"


# ---------------------------------------------------------------- data is text in every format

def evil_document() -> dict:
    finding = {"code": "AUDIT001", "severity": "failure", "message": f"{EVIL} published 3 points",
               "file": "seasons/x, y:z/2007/standings.yaml", "line": 4, "col": 2}
    season = {"season": f"x/{EVIL}", "directory": "seasons/x", "rules": "x@1", "rules_sha256": "0" * 64,
              "verdict": "contradicted", "champion": EVIL, "reasoning": [EVIL], "claims": [],
              "checks": {"total": 2, "passed": 1, "failed": 1, "errata": 0}, "overrides": [], "decisions": [],
              "findings": [finding]}
    return build([season])


def test_text_keeps_one_finding_on_one_line():
    out = text.render(evil_document()).splitlines()
    assert len(out) == 3 and "\\n" in out[0] and "\\r" in out[0] and "\r" not in "".join(out)


def test_github_data_cannot_start_a_command():
    out = github.render(evil_document()).splitlines()
    assert len(out) == 2 and out[0].startswith("::error file=seasons/x%2C y%3Az/2007/standings.yaml,line=4,col=2,")
    assert out[0].count("::") == 2 + EVIL.count("::")  # the data's own '::' stays inside the message
    assert "%0A" in out[0] and "%25" in out[0]


def test_markdown_escapes_tables_headings_and_html():
    out = job_summary.render(evil_document())
    assert "<b>" not in out and "&lt;b&gt;bold&lt;/b&gt;" in out
    assert not any(line.startswith("# ") for line in out.splitlines())
    row = next(line for line in out.splitlines() if line.startswith("| x/"))
    assert row.replace("\\|", "").count("|") == 7  # six cells: the data's | is escaped
    assert job_summary.markdown_text("a|b\n#c <i>") == "a\\|b\\\\n\\#c &lt;i&gt;"  # one_line's backslash escaped too


def test_junit_and_sarif_carry_the_data_exactly():
    document = evil_document()
    xml = JUnitXml.fromstring(junit.render(document).encode())
    (suite,) = list(xml)
    assert suite.name == f"x/{EVIL}".replace("\r", "\\r")  # XML cannot carry a CR in an attribute as such
    log = json.loads(sarif.render(document))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["results"][0]["message"]["text"] == f"{EVIL} published 3 points"


def test_evil_yaml_value_end_to_end_in_every_format(work, capsys):
    round_file = work / "seasons" / "tiny" / "2007" / "rounds" / "01-first.yaml"
    round_file.write_text(round_file.read_text().replace("{pos: 4, driver: dan",
                                                         "{pos: " + json.dumps(EVIL) + ", driver: dan"))
    for fmt in FORMATS:
        code, out, err = run(capsys, "--format", fmt)
        assert code == 2 and "Traceback" not in err, fmt
        if fmt == "github":
            assert all(line.startswith("::") or line.startswith("scrutineer: ") for line in out.splitlines())
        if fmt in ("json", "sarif"):
            json.loads(out)
        if fmt == "junit":
            JUnitXml.fromstring(out.encode())


# ---------------------------------------------------------------- the check cache

@pytest.mark.parametrize("fmt", FORMATS)
def test_cached_and_uncached_output_are_byte_identical(work, capsys, fmt):
    edit_points(work)
    cold = run(capsys, "--format", fmt, "-v")
    warm = run(capsys, "--format", fmt, "-v")
    uncached = run(capsys, "--format", fmt, "-v", "--no-cache")
    assert cold == warm == uncached and cold[0] == 1


def test_cache_sees_every_input_change(work, capsys, monkeypatch):
    entries = lambda: sorted(Path(__import__("os").environ["SCRUTINEER_CACHE_DIR"]).rglob("*.json"))  # noqa: E731
    assert run(capsys)[0] == 0 and len(entries()) == 2
    assert run(capsys)[0] == 0 and len(entries()) == 2  # reused
    edit_points(work)  # the ruleset changes: both entries are stale
    assert run(capsys)[0] == 1
    lock.lock(work / "rules", force=True)  # rules/LOCK changes
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1 and "LOCK001" not in out
    standings = work / "seasons" / "tiny" / "2007" / "standings.yaml"  # a season file changes
    standings.write_text(standings.read_text().replace("{driver: bob, position: 2, points: 6}",
                                                       "{driver: bob, position: 2, points: 7}"))
    document = json.loads(run(capsys, "--format", "json")[1])
    assert [s["verdict"] for s in document["seasons"]] == ["contradicted", "contradicted"]


def test_cache_never_lives_in_seasons_or_rules(work, monkeypatch, capsys):
    monkeypatch.setenv("SCRUTINEER_CACHE_DIR", str(work / "seasons" / ".cache"))
    before = sorted(p for p in work.rglob("*"))
    assert run(capsys)[0] == 0
    assert sorted(p for p in work.rglob("*")) == before


# ---------------------------------------------------------------- paths, --version, --help

def test_check_a_rules_file_checks_the_seasons_citing_it(work, capsys):
    edit_points(work)
    code, out, _ = run(capsys, "rules/tiny/1.yaml", "--format", "json")
    assert code == 1 and [s["season"] for s in json.loads(out)["seasons"]] == ["tiny/2007", "tiny-b/2007"]
    code, out, _ = run(capsys, "seasons/tiny/2007/rounds/01-first.yaml", "--format", "json")
    assert [s["season"] for s in json.loads(out)["seasons"]] == ["tiny/2007"]


def test_paths_that_concern_nothing(work, capsys):
    code, _, err = run(capsys, "nowhere.yaml")
    assert code == 2 and "nowhere.yaml:1:1: error CI001: no such path" in err
    (work / "notes.txt").write_text("x")
    code, out, err = run(capsys, "notes.txt", "--format", "sarif")
    assert code == 0 and "warning CI002" in err
    assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "CI002"


def test_version_and_help(capsys):
    from validator.version import version

    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"scrutineer {version()}"
    with pytest.raises(SystemExit):
        cli.main(["check", "--help"])
    out = capsys.readouterr().out
    assert "exit codes:" in out and "examples:" in out and "--no-cache" in out and "sarif" in out
