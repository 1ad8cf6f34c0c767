"""`check --format junit`: JUnit XML. One test suite per season; in it a test case for the verdict, one per group
of problems (findings sharing a cause are one case) and one for the published facts that were checked; the
run's own findings (paths given, locked versions no season uses) form a suite `scrutineer` of their own.

Data is text: ElementTree escapes `<`, `&` and quotes, and characters XML 1.0 cannot carry at all (control
characters, and CR, which XML parsers turn into LF) are written as `\\xNN` text.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from validator.report.document import PROBLEMS, Group, groups, passed, results_phrase, where

_NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")  # and CR, which parsers normalise


def xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def _finding_line(f: dict[str, Any]) -> str:
    return f"{where(f)}: {f['severity']} {f['code']}: {f['message']}"


def _group_text(g: Group, indent: str = "") -> list[str]:
    if g.causes:
        lines = [f"{indent}{'this clause' if len(g.causes) == 1 else 'these clauses'} ({', '.join(g.causes)}) "
                 f"{'changes' if len(g.causes) == 1 else 'change'} {results_phrase(g)}:"]
        lines += [indent + "  " + _finding_line(i.finding) for i in g.items]
    else:
        lines = [indent + _finding_line(g.head)]
    for sub in g.under:
        lines += _group_text(sub, indent + "  ")
    return lines


def _case(suite: ET.Element, classname: str, name: str, outcome: str | None = None, message: str = "",
          body: str = "") -> None:
    case = ET.SubElement(suite, "testcase", classname=xml_text(classname), name=xml_text(name), time="0")
    if outcome:
        node = ET.SubElement(case, outcome, message=xml_text(message), type=outcome)
        node.text = xml_text(body)


def _group_case(suite: ET.Element, classname: str, g: Group) -> None:
    f = g.head
    name = f"{'/'.join(sorted({i.finding['code'] for i in g.items}))} {g.causes[0] if g.causes else where(f)}"
    outcome = "error" if g.severity == "error" else "failure"
    message = _group_text(g)[0].strip()
    _case(suite, classname, name, outcome, message, "\n".join(_group_text(g)))


def _season_suite(root: ET.Element, s: dict[str, Any]) -> None:
    season_groups = groups({"seasons": [s], "findings": []}, PROBLEMS)
    suite = ET.SubElement(root, "testsuite", name=xml_text(s["season"]))
    c = s["checks"]
    verdict = s["verdict"]
    outcome = None if passed(s) else ("error" if verdict in ("invalid", "internal") else "failure")
    _case(suite, s["season"], "verdict", outcome, f"verdict: {verdict}", "\n".join(s["reasoning"]))
    for g in season_groups:
        _group_case(suite, s["season"], g)
    _case(suite, s["season"], f"published facts checked ({c['total']})",
          "failure" if c["failed"] else None, f"{c['failed']} of {c['total']} contradicted")
    _totals(suite)


def _totals(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    suite.set("skipped", "0")
    suite.set("time", "0")


def render(document: dict[str, Any], verbose: bool = False) -> str:
    root = ET.Element("testsuites", name="scrutineer check")
    for s in document["seasons"]:
        _season_suite(root, s)
    if document["findings"]:
        suite = ET.SubElement(root, "testsuite", name="scrutineer")
        for g in groups({"seasons": [], "findings": document["findings"]}, PROBLEMS):
            _group_case(suite, "scrutineer", g)
        if not suite.findall("testcase"):
            _case(suite, "scrutineer", "paths and locked versions")
        _totals(suite)
    suites = root.findall("testsuite")
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key)) for s in suites)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
