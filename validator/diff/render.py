"""Plain-text rendering of `scrutineer diff` and `scrutineer replay` (the JSON is their `as_dict()` as is).

Data is text, not markup: names and messages are printed as they are, one per cell, control characters
replaced, so a value cannot forge a line of the report."""
from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean(value: Any) -> str:
    return _CONTROL.sub(" ", "" if value is None else str(value))


def _finding(f: dict[str, Any]) -> str:
    where = f"{f['file']}:{f['line']}:{f['col'] or 1}: " if f.get("file") and f.get("line") else \
        (f"{f['file']}: " if f.get("file") else "")
    return clean(f"{where}{f['severity']} {f['code']}: {f['message']}")


def _table(rows: list[list[str]], headers: list[str]) -> list[str]:
    from tabulate import tabulate

    return tabulate([[clean(c) for c in r] for r in rows], headers=headers, disable_numparse=True).splitlines()


def _points(change: dict[str, Any]) -> str:
    p = change["points"]
    if p["before"] is None:
        return f"(absent) -> {p['after']}"
    if p["after"] is None:
        return f"{p['before']} -> (absent)"
    if p["before"] == p["after"]:
        return str(p["after"])
    return f"{p['before']} -> {p['after']} ({p['delta']})"


def _position(change: dict[str, Any]) -> str:
    p = change["position"]
    return str(p["after"]) if p["before"] == p["after"] else f"{p['before']} -> {p['after']}"


def diff_text(report: dict[str, Any]) -> str:
    lines = [f"scrutineer diff: base {report['base']} ({report['commit'][:12]}) against the working tree; "
             f"{len(report['changed_files'])} changed file(s), {report['summary']['seasons']} season(s) touched"]
    if report["edits"]:
        lines += ["", "edits:"]
        lines += [f"  [{e['id']}] {clean(e['file'])}:{e['line']}:{e['col']}  {clean(e['what'])}"
                  for e in report["edits"]]
    if report["untouched_files"]:
        lines.append(f"  ({len(report['untouched_files'])} other changed file(s) touch no season)")
    for season in report["seasons"]:
        lines += [""] + _season_text(season)
    s = report["summary"]
    lines += ["", f"{s['seasons']} season(s): {s['changed']} changed, {s['unchanged']} unchanged; "
              f"{s['outcome_failures']} declared outcome(s) no longer hold; exit {s['exit_code']}"]
    return "\n".join(lines)


def _season_text(season: dict[str, Any]) -> list[str]:
    v, c = season["verdict"], season["champion"]
    head = f"{clean(season['season'])} ({clean(season['directory'])})"
    if v["before"] is None:
        return [f"{head}: new season, verdict {v['after']}"] + _findings_text(season)
    if v["after"] is None:
        return [f"{head}: season removed (was {v['before']})"]
    if not season["changed"]:
        return [f"{head}: unchanged ({v['after']})"]
    lines = [head]
    rules = season["rules"]
    if rules["before"] != rules["after"]:
        lines.append(f"  rules: {clean(rules['before'])} -> {clean(rules['after'])}")
    lines.append(f"  verdict: {v['before']}" + (f" -> {v['after']}" if v["before"] != v["after"] else " (unchanged)"))
    lines.append(_champion(c))
    if season.get("not_compared"):
        lines.append(f"  ({season['not_compared']})")
    for cls in season["classifications"]:
        if not cls["changes"]:
            continue
        lines.append(f"  {clean(cls['name'])} after round {cls['after_round']}: {len(cls['changes'])} change(s)")
        rows = [[ch["competitor"], _points(ch), _position(ch),
                 " ".join(f"[{i}]" for i in ch["causes"]) or ("(follows others)" if not ch["rounds"] else "-")]
                for ch in cls["changes"]]
        lines += ["    " + ln for ln in _table(rows, ["competitor", "points", "position", "edit"])]
    return lines + _findings_text(season)


def _champion(c: dict[str, Any]) -> str:
    """The declared champion's status and who can be first by the standings, before and after; a change is
    highlighted."""
    def step(before: Any, after: Any) -> str:
        return f"{before} -> {after}" if before != after else f"{after}"

    declared = f"declared {clean(c['declared'])} {step(c['claim_before'] or '-', c['claim_after'] or '-')}; " \
        if c["declared"] else ""
    text = f"champion: {declared}first by the standings: {step(_who(c['before']), _who(c['after']))}"
    return f"  >>> {text} <<<" if c["changed"] else f"  {text}"


def _findings_text(season: dict[str, Any]) -> list[str]:
    lines = [f"  {_finding(f)}" for f in season["outcome"]]
    for label, found in (("new findings", season["findings"]["new"]),
                         ("resolved findings", season["findings"]["resolved"])):
        if found:
            lines.append(f"  {label} ({len(found)}: {_by_code(found)}):")
            lines += [f"    {_finding(f)}" for f in found[:SHOWN]]
            lines += [f"    ... and {len(found) - SHOWN} more (--format json lists all)"] if len(found) > SHOWN else []
    return lines


SHOWN = 12


def _by_code(findings: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["code"]] = counts.get(f["code"], 0) + 1
    return ", ".join(f"{code} x{n}" if n > 1 else code for code, n in counts.items())


def _who(names: list[str], shown: int = 6) -> str:
    if not names:
        return "-"
    if len(names) == 1:
        return clean(names[0])
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return "one of " + ", ".join(clean(n) for n in names[:shown]) + more


def replay_text(report: dict[str, Any]) -> str:
    lines = [f"{clean(report['season'])}: its facts under {clean(report['rules'])} beside its own rules "
             f"{clean(report['own_rules'])} (verdict under its own: {report['verdict_under_own_rules']})"]
    if not report["exact"]:
        lines.append("the record is incomplete: totals and positions are intervals (lo..hi)")
    if report["not_applicable"]:
        lines += ["", f"cannot apply ({len(report['not_applicable'])}):"]
        lines += [f"  {_finding(f)}" for f in report["not_applicable"]]
    c = report["champion"]
    text = (f"champion under {clean(report['rules'])}: {_who(c['other_rules'])}; under its own rules: "
            f"{_who(c['own_rules'])}" + (f" (declared: {clean(c['declared'])})" if c["declared"] else ""))
    lines += ["", f">>> {text} <<<" if c["changed"] else text]
    for cls in report["classifications"]:
        own = clean(cls["own_name"]) if cls["own_name"] else "(none)"
        lines += ["", f"{clean(cls['name'])} after round {cls['after_round']} (own rules: {own})"]
        rows = [[r["replayed"]["position"], r["competitor"], r["replayed"]["points"], r["replayed"]["wins"],
                 r["own"]["position"] if r["own"] else "-", r["own"]["points"] if r["own"] else "-"]
                for r in cls["rows"]]
        lines += ["  " + ln for ln in _table(rows, ["pos", "competitor", "points", "wins", "own pos", "own points"])]
    if report["findings"]:
        lines += [""] + [_finding(f) for f in report["findings"]]
    return "\n".join(lines)
