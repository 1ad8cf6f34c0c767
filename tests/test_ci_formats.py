"""Issue 9.1: CI formats of `scrutineer check` (text, json, junit, sarif, github, markdown), all rendered from one
document; findings grouped by cause; data escaped in every format; the check cache gives the same bytes."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from junitparser import Error, Failure, JUnitXml

from validator import cli, lock
from validator.commands.check import FORMATS as CHECK_FORMATS
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
    document = json.loads(run(capsys, "--format", "json")[1])
    caused = [f for s in document["seasons"] for f in s["findings"] if f.get("detail", {}).get("clauses")]
    codes = "/".join(sorted({f["code"] for f in caused}))
    assert lines[1].startswith(f"::error file=rules/tiny/1.yaml,line=14,col=9,title={codes}::this clause "
                               f"(rules/tiny/1.yaml:14:9) changes {len(caused)} results in 2 seasons; first: ")
    assert len(lines) == 3 and lines[2].startswith("scrutineer: 2 season(s)")  # one annotation per cause


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
    (result,) = log["runs"][0]["results"]
    assert result["message"]["text"] == f"{EVIL} published 3 points"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "seasons/x%2C%20y%3Az/2007/standings.yaml"  # a relative URI reference, not a scheme 'y:'
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


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
    edited, untouched = ([f["message"] for f in s["findings"] if f["code"] == "AUDIT001"] for s in document["seasons"])
    assert len(edited) == len(untouched) - 1  # bob's 7 after R1 now agrees with the rules (10, 7, 4, 3)
    assert len(entries()) == 2  # one entry per season, overwritten: the cache does not grow with edits


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


def test_refuted_published_final_order_is_located_at_its_row(builder):
    """Without a declared outcome the published final table is the declaration; refuting it (AUDIT008) used to
    give a finding with no place — it is now at the table's row (issue 9: every finding has a location)."""
    from conftest import res

    from validator.pipeline import run_as_dict

    builder.calendar = [1]
    builder.race(1, complete=True, results=[res(1, "a"), res(2, "b"), res(3, "c")])
    builder.snapshots = [{"after_round": "final", "src": ["s"],
                          "rows": [{"driver": "a", "position": 1}, {"driver": "c", "position": 2},
                                   {"driver": "b", "position": 3}]}]
    data = run_as_dict(builder.run())
    (refuted,) = [f for f in data["findings"] if f["code"] == "AUDIT008"]
    assert refuted["file"].endswith("standings.yaml") and refuted["line"] == 8  # "- driver: c" (block style, line 8)


def test_help_describes_every_argument_of_every_command_with_exit_codes():
    import argparse

    parser = cli._parser(cli._modules())
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(sub.choices) == set(cli.COMMANDS)
    for name, command in sub.choices.items():
        undescribed = [a.dest for a in command._actions if not a.help and not isinstance(a, argparse._HelpAction)]
        assert undescribed == [], name
        text = command.format_help()
        assert "exit codes:" in text and "2 invalid input" in text, name


def test_output_file_that_cannot_be_written_is_exit_2_not_a_traceback(work, capsys):
    code, out, err = run(capsys, "--format", "sarif", "--output", "no-such-dir/x.sarif")
    assert code == 2 and out == "" and "no-such-dir/x.sarif: error CI008: cannot write no-such-dir/x.sarif" in err


def test_pre_commit_hook_and_actions_example_are_well_formed():
    """The shipped hook runs `scrutineer check` on staged season and rule files; the README's workflow uploads
    the SARIF it writes."""
    import re

    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "scrutineer-check" and hook["entry"] == "scrutineer check" and hook["pass_filenames"]
    files = re.compile(hook["files"])
    assert files.search("rules/formula-1/2010.yaml") and files.search("seasons/formula-1/2010/rounds/01-bahrain.yaml")
    assert files.search("rules/LOCK") and not files.search("validator/cli.py")
    readme = (ROOT / "README.md").read_text("utf-8")
    workflow = next(block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "upload-sarif" in block)
    steps = yaml.safe_load(workflow)["jobs"]["check"]["steps"]
    sarif_step = next(s for s in steps if "--format sarif" in s.get("run", ""))
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] in sarif_step["run"]


def test_a_damaged_or_unwritable_cache_only_costs_time(work, capsys, monkeypatch, tmp_path):
    import os

    first = run(capsys, "--format", "json")
    for entry in Path(os.environ["SCRUTINEER_CACHE_DIR"]).rglob("*.json"):
        entry.write_text('{"key": "x", "deps": {}, "result": {"season": "forged"}')  # truncated: not JSON
    assert run(capsys, "--format", "json") == first
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setenv("SCRUTINEER_CACHE_DIR", str(blocked))
    assert run(capsys, "--format", "json") == first


# any text at all — control characters, lone surrogates, markup — in a message, a season name, a champion, a
# reasoning line: every format still renders, encodes as UTF-8 and keeps its structure
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=ANY_TEXT, name=ANY_TEXT, champion=ANY_TEXT, reason=ANY_TEXT)
@example(message="lone \ud800 surrogate", name="undecodable \udcff name", champion="\x1b[31mred", reason="\u2028|#")
def test_any_text_keeps_every_format_well_formed(message, name, champion, reason):
    finding = {"code": "AUDIT001", "severity": "failure", "message": message, "file": f"seasons/{name}.yaml",
               "line": 3, "col": 1}
    season = {"season": name, "directory": "seasons/x", "rules": "x@1", "rules_sha256": "0" * 64,
              "verdict": "contradicted", "champion": champion, "reasoning": [reason], "claims": [],
              "checks": {"total": 1, "passed": 0, "failed": 1, "errata": 0}, "overrides": [], "decisions": [],
              "findings": [finding]}
    document = build([season])
    outputs = {fmt: __import__(f"validator.report.{module}", fromlist=["render"]).render(document, True)
               for fmt, module in CHECK_FORMATS.items()}
    for fmt, out in outputs.items():
        out.encode("utf-8")  # printable to any UTF-8 stream
    assert len(outputs["text"].splitlines()) == 4  # finding, season, reasoning, summary: one line each
    assert json.loads(outputs["json"])["seasons"][0]["findings"][0]["message"] == message
    assert json.loads(outputs["sarif"])["runs"][0]["results"][0]["message"]["text"] == message
    JUnitXml.fromstring(outputs["junit"].encode("utf-8"))
    assert all(line.startswith(("::error ", "scrutineer: ")) for line in outputs["github"].splitlines())
    assert len(outputs["github"].splitlines()) == 2
    lines = outputs["markdown"].splitlines()
    row = lines[lines.index("|---|---|---|---|---:|---:|") + 1]  # the season's row of the seasons table
    assert row.replace("\\|", "").count("|") == 7 and "<" not in row
