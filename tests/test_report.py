"""The auditor's report (`scrutineer report`, `explain`, `verify`): one report model, two renderings.

Goldens: the 1988 Formula One title as published (Prost scored 105 points, 87 counted under the best 11 of 16
results; Senna 94 scored, 90 counted: the best-results rule decided the championship; 1988 Formula One World
Championship, e.g. Wikipedia's season article and its points table); the 2007 receipt against sha256 computed
here from the files themselves; hostile text written into a copy of the data by the test.
"""
from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from validator.cli import main
from validator.pipeline import RulesCache, run_season
from validator.report import html, markdown
from validator.report.model import build
from validator.report.receipt import extract

ROOT = Path(__file__).resolve().parent.parent
F1_1988 = ROOT / "seasons" / "formula-1" / "1988"
SUPERCUP = ROOT / "seasons" / "porsche-supercup" / "2007"


@pytest.fixture(scope="module")
def report_1988() -> dict:
    return build(run_season(F1_1988, RulesCache()), ["scrutineer", "report", "seasons/formula-1/1988"])


def _derivation(report: dict, subject: str) -> dict:
    return next(d for d in report["derivations"] if d["subject"] == subject)


# ---------------------------------------------------------------- best-n: which results were dropped


@pytest.mark.parametrize("driver, gross, counted", [("alain-prost", "105", "87"), ("ayrton-senna", "94", "90")])
def test_best_n_1988_report_shows_gross_counted_and_dropped_results(report_1988, driver, gross, counted):
    d = _derivation(report_1988, driver)
    assert (d["gross"], d["counted"], d["total"]) == (gross, counted, counted)
    dropped = [r for r in d["rows"] if r["counting"] == "dropped"]
    assert dropped and sum(int(r["round_points"]) for r in dropped) == int(gross) - int(counted)
    assert len([r for r in d["rows"] if r["counting"] == "counted"]) == 11


def test_best_n_1988_prost_drops_three_second_places(report_1988):
    """105 - 87 = 18: three of his seven second places (6 points each) do not count; of equal results the later
    ones are marked dropped (which of two equal results is dropped does not change the total)."""
    d = _derivation(report_1988, "alain-prost")
    assert d["dropped"] == [10, 11, 15]
    assert {r["result"] for r in d["rows"] if r["counting"] == "dropped"} == {"2"}


def test_best_n_1988_rendered_reports_mark_the_dropped_results(report_1988):
    md = markdown.render(report_1988)
    assert "Alain Prost: 87 points (105 scored, 87 counted; dropped R10, R11, R15)" in md
    assert md.count("| **dropped** |") == sum(len(d["dropped"]) for d in report_1988["derivations"])
    page = html.render(report_1988)
    assert page.count('<tr class="dropped">') == sum(len(d["dropped"]) for d in report_1988["derivations"])


def test_status_column_says_what_is_known_not_unknown(report_1988):
    rows = [r for rnd in report_1988["rounds"] for s in rnd["sessions"] for r in s["rows"]]
    assert rows and not any(r["status"] == "unknown" for r in rows)
    senna_r1 = next(r for r in report_1988["rounds"][0]["sessions"][0]["rows"] if r["driver"] == "ayrton-senna")
    assert senna_r1["result"] == "DSQ" and senna_r1["points"] == "0"


def test_verdict_first_with_margin_and_tie_break_steps(report_1988):
    v = report_1988["verdict"]
    assert v["champion"] == "ayrton-senna" and v["verdict"] == "proven"
    assert "ahead of Alain Prost by 3 points" in v["paragraph"]
    assert any(s["decided_by"] == "countback" for s in v["tie_breaks"])  # 1988: e.g. P8 on countback


# ---------------------------------------------------------------- layout of the renderings

SECTIONS = ["Verdict", "Points progression", "Drivers' standings", "Results, round by round",
            "How every driver's points were derived", "Overrides, assumptions and errata",
            "What the evidence does not settle", "Receipt", "Published facts checked"]


def test_markdown_sections_in_order_published_facts_last_and_folded(report_1988):
    md = markdown.render(report_1988)
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    positions = [next(i for i, h in enumerate(headings) if h.startswith(s)) for s in SECTIONS]
    assert positions == sorted(positions) and headings[-1] == "Published facts checked"
    tail = md.split("## Published facts checked", 1)[1]
    assert tail.lstrip().startswith("<details>") and tail.rstrip().endswith("</details>")


def test_html_sections_in_order_published_facts_last_and_folded(report_1988):
    page = html.render(report_1988)
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    positions = [next(i for i, h in enumerate(headings) if h.startswith(s)) for s in SECTIONS]
    assert positions == sorted(positions) and headings[-1] == "Published facts checked"
    assert re.search(r'<section id="published">\s*<h2>Published facts checked</h2>\s*<details>', page)


def test_sources_resolve_to_links():
    report = build(run_season(SUPERCUP, RulesCache()), ["scrutineer", "report"])
    page = html.render(report)
    assert re.search(r'<a href="http://www.motorsport-magazin.com/porsche-supercup/news-49874-supercup-in-istanbul/"'
                     r' title="[^"]*">mm49874</a>', page)
    assert len(re.findall(r'<a href="https?://', page)) > 100
    assert "[mm49874](http://www.motorsport-magazin.com/porsche-supercup/news-49874-supercup-in-istanbul/)" in \
        markdown.render(report)


# ---------------------------------------------------------------- receipt and verify


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_receipt_2007_html_holds_the_sha256_of_every_season_file_and_verify_confirms(project, capsys):
    assert main(["report", "seasons/porsche-supercup/2007", "--format", "html", "-o", "report.html"]) == 0
    receipt = extract((project / "report.html").read_text("utf-8"))
    season_files = sorted(p.relative_to(project).as_posix()
                          for p in (project / "seasons" / "porsche-supercup" / "2007").rglob("*.yaml"))
    recorded = {i["path"]: i["sha256"] for i in receipt["inputs"]}
    assert sorted(recorded) == sorted(season_files + ["rules/porsche-supercup/2007.yaml"])
    assert all(recorded[p] == _sha(project / p) for p in recorded)
    assert receipt["ruleset"] == {"id": "porsche-supercup", "version": "2007"}
    assert receipt["command"][:3] == ["scrutineer", "report", "seasons/porsche-supercup/2007"]
    capsys.readouterr()
    assert main(["verify", "report.html"]) == 0
    n = len(recorded)  # the season's files (claims.yaml included) and the ruleset
    assert f"{n} of {n} input file(s) match" in capsys.readouterr().out


def test_verify_names_an_edited_a_missing_and_an_added_file(project, capsys):
    assert main(["report", "seasons/porsche-supercup/2007", "-o", "report.md"]) == 0
    assert main(["verify", "report.md"]) == 0
    edited = project / "seasons/porsche-supercup/2007/rounds/05-magny-cours.yaml"
    edited.write_text(edited.read_text("utf-8") + "# edited\n", "utf-8")
    (project / "seasons/porsche-supercup/2007/standings.yaml").unlink()
    (project / "seasons/porsche-supercup/2007/rounds/12-extra.yaml").write_text("round: 12\n", "utf-8")
    capsys.readouterr()
    assert main(["verify", "report.md"]) == 1
    out = capsys.readouterr().out
    assert "seasons/porsche-supercup/2007/rounds/05-magny-cours.yaml: failure VERIFY001" in out
    assert "seasons/porsche-supercup/2007/standings.yaml: failure VERIFY002" in out
    assert "seasons/porsche-supercup/2007/rounds/12-extra.yaml: failure VERIFY003" in out
    assert "seasons/porsche-supercup/2007/season.yaml" not in out


def test_verify_an_unreadable_report_exits_2(project, capsys):
    assert main(["verify", "no-such-report.html"]) == 2
    (project / "plain.md").write_text("# no receipt here\n", "utf-8")
    assert main(["verify", "plain.md"]) == 2
    (project / "broken.md").write_text("```json scrutineer-receipt\n{\"format\": \n```\n", "utf-8")
    assert main(["verify", "broken.md"]) == 2
    assert capsys.readouterr().err.count("VERIFY004") == 3


# ---------------------------------------------------------------- data is text, not markup

HOSTILE = 'Evil | </td><script>alert(1)</script> [x](javascript:alert(2))\\n# Owned \\e[31m'


@pytest.fixture()
def hostile(project: Path) -> Path:
    """The 2007 copy with a driver name and a source-conflict claim that try to break out of the text."""
    season = project / "seasons/porsche-supercup/2007/season.yaml"
    text = season.read_text("utf-8")
    season.write_text(text.replace("name: Richard Westbrook,", f'name: "{HOSTILE}",', 1), "utf-8")
    text = season.read_text("utf-8")
    season.write_text(text.replace('mm49874: "http://www.motorsport-magazin.com/porsche-supercup/news-49874-supercup-in-istanbul/"',
                                   'mm49874: "javascript:alert(3)//http://evil.example/\\" onmouseover=\\"alert(4)"', 1), "utf-8")
    (project / "seasons/porsche-supercup/2007/exceptions.yaml").write_text(
        "overrides:\n  - {round: 1, session: race, driver: richard-westbrook, points: 14, src: [mm49874],\n"
        f'     reason: "{HOSTILE} reason"}}\n', "utf-8")
    monza = project / "seasons/porsche-supercup/2007/rounds/10-monza.yaml"
    text = monza.read_text("utf-8")
    monza.write_text(text.replace('"motorline gives 13th to Mikael Forsten, his first points"',
                                  f'"{HOSTILE} | | |"', 1), "utf-8")
    return project


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_hostile_data_cannot_add_headings_break_tables_or_open_tags_in_markdown(hostile, capsys):
    assert main(["report", "seasons/porsche-supercup/2007"]) == 0
    md = capsys.readouterr().out
    assert "Evil" in md and "<script" not in md and "\x1b" not in md
    assert md.count("\\# Owned") >= 4  # the name, the claim, the override's reason: all there, none a heading
    assert "[mm49874](http://evil.example/)" in md and "javascript:alert(3)" not in md  # the address only
    assert not any(line.startswith("# ") and not line.startswith("# Audit") for line in md.splitlines())
    assert "\\[x\\](javascript" in md and not re.search(r"(?<!\\)\]\(javascript", md)  # no link made
    for block in re.split(r"\n(?!\|)", md):  # consecutive table lines: every row has the header's cell count
        rows = [line for line in block.split("\n") if line.startswith("|")]
        if rows:
            assert {_unescaped_pipes(r) for r in rows} == {_unescaped_pipes(rows[0])}, rows[0]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts, self.hrefs = 0, []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.hrefs += [v for k, v in attrs if k == "href"]


def test_hostile_data_is_escaped_in_html(hostile):
    assert main(["report", "seasons/porsche-supercup/2007", "--format", "html", "-o", "report.html"]) == 0
    page = (hostile / "report.html").read_text("utf-8")
    assert "Evil | &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tags = _Tags()
    tags.feed(page)
    assert tags.scripts == 1  # the receipt's JSON block only
    assert all(h.startswith(("http://", "https://")) for h in tags.hrefs)
    assert "http://evil.example/" in tags.hrefs and "onmouseover=" not in re.sub(r'title="[^"]*"', "", page)
    assert "Owned \\x1b[31m reason" in page  # the override's reason, its escape character shown as text
    assert main(["verify", "report.html"]) == 0  # the receipt survives hostile data


def test_hostile_data_cannot_reach_the_terminal_in_explain(hostile, capsys):
    assert main(["explain", "seasons/porsche-supercup/2007", "richard-westbrook", "--round", "10"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[31m" in out and "Evil" in out
    assert len(out.splitlines()[0].split("\n")) == 1


# ---------------------------------------------------------------- explain


def test_explain_prints_the_derivation_of_a_dropped_result(capsys):
    assert main(["explain", str(F1_1988), "alain-prost", "--round", "15"]) == 0
    out = capsys.readouterr().out
    assert "scored 105, counted 87 under best-n n=11" in out
    assert "R15 " in out and "6 pts — dropped" in out and "R14 " not in out
    assert "source:  f1db <https://github.com/f1db/f1db>" in out


def test_explain_reads_the_same_model_as_the_report(report_1988, capsys):
    assert main(["explain", str(F1_1988), "Ayrton Senna"]) == 0
    out = capsys.readouterr().out
    d = _derivation(report_1988, "ayrton-senna")
    assert out.count("\nR") == len(d["rows"])
    assert f"dropped: R{', R'.join(map(str, d['dropped']))}" in out


def test_explain_an_unknown_driver_or_round_exits_2(capsys):
    assert main(["explain", str(F1_1988), "prost"]) == 2
    assert main(["explain", str(F1_1988), "alain-prost", "--round", "17"]) == 2
    err = capsys.readouterr().err
    assert "REPORT001" in err and "did you mean alain-prost" in err and "REPORT002" in err


def test_report_model_is_plain_data(report_1988):
    """Every output reads the same plain data: it survives a JSON round trip unchanged."""
    assert json.loads(json.dumps(report_1988)) == report_1988


# ---------------------------------------------------------------- the counting clause's marks


def _iv(lo, hi=None):
    from validator.engine.interval import Interval
    return Interval(lo, lo if hi is None else hi)


def test_best_n_marks_equal_results_keep_the_earlier_round():
    from validator.components.counting import _marks
    assert _marks([_iv(6), _iv(9), _iv(6), _iv(4)], 2) == ["counted", "counted", "dropped", "dropped"]
    assert _marks([_iv(6), _iv(9)], 2) == ["counted", "counted"]


def test_best_n_marks_with_intervals_say_what_is_settled():
    from validator.components.counting import _marks
    # best 2 of 10, 0..8, 5, 0..2: 10 surely counts (nothing can beat it); 0..8 and 5 may each be the second
    # best; 0..2 is surely dropped (10 and 5 are surely at least as high)
    assert _marks([_iv(10), _iv(0, 8), _iv(5), _iv(0, 2)], 2) == ["counted", "may be dropped", "may be dropped",
                                                                  "dropped"]


def test_split_season_marks_part_by_part():
    from validator.components.counting import SplitSeason
    from validator.model.rules import Clause
    from validator.findings import Location
    clause = Clause("split-season", {"parts": [{"rounds": [1, 2], "best": 1}, {"rounds": [3, 4], "best": 1}]}, (),
                    False, None, Location("x"), "counting", "drivers")
    assert SplitSeason(clause).marks([_iv(3), _iv(5), _iv(9), _iv(1)]) == ["dropped", "counted", "counted", "dropped"]


def test_tie_break_steps_in_the_verdict_1997_coulthard_and_alesi_level_on_36():
    """Published 1997 final standings: Coulthard 3rd and Alesi 4th, both on 36 points (F1DB); the report says
    the two were level and which step of the tie-break chain separated them."""
    report = build(run_season(ROOT / "seasons/formula-1/1997", RulesCache()), ["scrutineer", "report"])
    p3 = report["verdict"]["claims"][2]
    assert (p3["name"], p3["points"], p3["margin"]) == ("David Coulthard", "36", "0")
    assert "level on points with Jean Alesi, ahead on countback" in report["verdict"]["paragraph"]
    assert {"position": "4", "subject": "jean-alesi", "name": "Jean Alesi", "points": "36",
            "decided_by": "countback"} in report["verdict"]["tie_breaks"]


def test_in_progress_2026_report_stands_after_the_last_round_with_results():
    """2026 is in progress (F1DB through round 11): the standings, the chart and every derivation stop at R11."""
    run = run_season(ROOT / "seasons/formula-1/2026", RulesCache())
    report = build(run, ["scrutineer", "report"])
    last = run.season.played_through
    assert report["standings"]["after_round"] == last and report["standings"]["in_progress"]
    assert report["chart"]["rounds"][-1] == last
    assert all(r["round"] <= last for d in report["derivations"] for r in d["rows"])
    assert f"the standings after R{last} are proven" in report["verdict"]["paragraph"]


def test_assumed_statuses_are_marked_as_assumptions_in_2007():
    """Alzen's and Benz's scoring status is the record's assumption `sps-drivers-score`, not a stated fact."""
    report = build(run_season(SUPERCUP, RulesCache()), ["scrutineer", "report"])
    benz = next(d for d in report["derivations"] if d["subject"] == "marc-benz")
    assert {r["status"] for r in benz["rows"]} == {"scoring (assumed: sps-drivers-score)"}
    assert any(a["id"] == "sps-drivers-score" for a in report["exceptions"]["assumptions"])


def test_receipt_names_the_git_commit_and_the_inputs_not_as_committed(project):
    """In a git work tree the receipt gives the commit and which inputs differ from it (the hashes are the truth)."""
    import subprocess

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "data"]):
        subprocess.run(git + args, cwd=project, check=True, capture_output=True)
    run = run_season(Path("seasons/porsche-supercup/2007"), RulesCache())
    clean = build(run, ["scrutineer", "report"])["receipt"]
    assert re.fullmatch(r"[0-9a-f]{40}", clean["git_commit"]) and clean["uncommitted_inputs"] == []
    edited = project / "seasons/porsche-supercup/2007/standings.yaml"
    edited.write_text(edited.read_text("utf-8") + "# edited\n", "utf-8")
    dirty = build(run_season(Path("seasons/porsche-supercup/2007"), RulesCache()), ["scrutineer", "report"])["receipt"]
    assert dirty["uncommitted_inputs"] == ["seasons/porsche-supercup/2007/standings.yaml"]


def test_source_keys_cited_in_reasoning_become_links():
    from validator.report.derivation import linked_text

    sources = {"a1": "Some paper, https://example.org/a1 (p. 3)", "b": "no address"}
    assert linked_text(sources, "x [a1, b] y [not-a-key] z") == [
        {"text": "x ["},
        {"sources": [{"key": "a1", "url": "https://example.org/a1", "text": sources["a1"]},
                     {"key": "b", "url": None, "text": "no address"}]},
        {"text": "] y [not-a-key] z"}]
    report = build(run_season(SUPERCUP, RulesCache()), ["scrutineer", "report"])
    cited = [s["key"] for r in report["verdict"]["reasoning"] for p in r if "sources" in p for s in p["sources"]]
    assert "mm49874" in cited


class _Fetches(HTMLParser):
    """Every attribute through which a page would load something (scripts, styles, images, frames)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "embed", "source", "audio", "video") and a.get("src"):
            self.loads.append(f"{tag} {a['src']}")
        if tag == "link":
            self.loads.append(f"link {a.get('href')}")
        if tag == "object" and a.get("data"):
            self.loads.append(f"object {a['data']}")


def test_html_report_is_self_contained(report_1988):
    page = html.render(report_1988)
    fetches = _Fetches()
    fetches.feed(page)
    assert fetches.loads == []
    assert "@import" not in page and "url(" not in page


def test_report_to_an_unwritable_file_exits_2(project, capsys):
    assert main(["report", "seasons/porsche-supercup/2007", "-o", "no-such-dir/report.md"]) == 2
    err = capsys.readouterr().err
    assert "no-such-dir/report.md: error REPORT003: cannot write the report" in err and "Traceback" not in err


def test_status_shared_by_every_car_is_said_once(report_1988):
    """1988: no car has a stated status and the rules score every such entrant: said above each table, not per row."""
    session = report_1988["rounds"][0]["sessions"][0]
    assert session["common_status"] == "scoring (none stated; the rules score such entrants)"
    md = markdown.render(report_1988)
    assert "| result | driver | points | derivation | source |" in md and "| result | driver | status |" not in md
