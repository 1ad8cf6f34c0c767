"""`check --format markdown`: a job summary for `$GITHUB_STEP_SUMMARY` — totals, the problems grouped by cause
(under the edit that caused them), and the seasons that did not pass.

Data is text, not markup: every value is escaped (`markdown_text`): control characters as `\\xNN`, HTML's
`<`, `>` and `&` as entities, and the characters Markdown gives a meaning (`|`, `#`, `*`, `_`, backquotes,
brackets) with a backslash — so a driver's name cannot open a table cell, a heading or an HTML tag.
"""
from __future__ import annotations

from typing import Any

from validator.report.document import PROBLEMS, SEVERITIES_ALL, Group, groups, passed, results_phrase, where
from validator.report.text import one_line

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN = set("\\`*_[]#|~")
SHOWN_PER_CAUSE = 20


def markdown_text(text: str) -> str:
    out = []
    for ch in one_line(str(text)):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _MARKDOWN:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _finding(f: dict[str, Any], seasons: list[str]) -> str:
    also = f" (in {len(seasons)} seasons: {', '.join(seasons)})" if len(seasons) > 1 else ""
    return (f"**{markdown_text(f['code'])}** {markdown_text(f['severity'])} at {markdown_text(where(f))}: "
            f"{markdown_text(f['message'] + also)}")


def _group(g: Group, indent: str = "") -> list[str]:
    if g.causes:
        these = "this clause" if len(g.causes) == 1 else "these clauses"
        verb = "changes" if len(g.causes) == 1 else "change"
        lines = [f"{indent}- {these} ({markdown_text(', '.join(g.causes))}) {verb} "
                 f"**{markdown_text(results_phrase(g))}**:"]
        lines += [f"{indent}  - {_finding(i.finding, i.seasons)}" for i in g.items[:SHOWN_PER_CAUSE]]
        if len(g.items) > SHOWN_PER_CAUSE:
            lines.append(f"{indent}  - … and {len(g.items) - SHOWN_PER_CAUSE} more")
    else:
        lines = [f"{indent}- {_finding(g.head, g.items[0].seasons)}"]
    for sub in g.under:
        lines += _group(sub, indent + "  ")
    return lines


def render(document: dict[str, Any], verbose: bool = False) -> str:
    t = document["summary"]
    ok = t["problems"] == 0
    lines = [f"## scrutineer check: {'passed' if ok else 'problems found'}", "",
             "| seasons | proven | in progress | consistent | contradicted | invalid | problems |",
             "|---:|---:|---:|---:|---:|---:|---:|",
             f"| {t['seasons']} | {t['proven']} | {t.get('in-progress', 0)} | {t['consistent']} | "
             f"{t['contradicted']} | {t['invalid']} | {t['problems']} |", ""]
    found = groups(document, SEVERITIES_ALL if verbose else PROBLEMS)
    if found:
        lines += ["### Findings" if verbose else "### Problems", ""]
        for g in found:
            lines += _group(g)
        lines.append("")
    shown = [s for s in document["seasons"] if verbose or not passed(s)]
    if shown:
        lines += ["### Seasons" if verbose else "### Seasons that did not pass", "",
                  "| season | rules | verdict | champion | checks passed | failed |", "|---|---|---|---|---:|---:|"]
        for s in shown:
            c = s["checks"]
            lines.append(f"| {markdown_text(s['season'])} | {markdown_text(s['rules'] or '-')} | "
                         f"{markdown_text(s['verdict'])} | {markdown_text(s['champion'] or '-')} | {c['passed']} | "
                         f"{c['failed']} |")
        lines.append("")
    return "\n".join(lines)
