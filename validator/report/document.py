"""The one document every `check` output format renders: the seasons' plain data (`run_as_dict`), the findings
about the run itself (paths given, locked versions no checked season uses) and the summary — and the grouping of
findings by cause that the text, Markdown and JUnit outputs share.

Grouping: the same finding reported by several seasons (an edited locked ruleset version used by four seasons
gives four equal LOCK001) is one *item* with the list of its seasons; items that share a cause (the rule clauses a
failed check rests on, `detail.clauses`) form one *group*; a group whose clauses lie in a file an edit changed
(LOCK001 on that file) is shown under that edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

PROBLEMS = ("error", "failure")
SEVERITIES_ALL = ("error", "failure", "warning", "info")
SEVERITY_ORDER = {"error": 0, "failure": 1, "warning": 2, "info": 3}


def summary(seasons: list[dict[str, Any]]) -> dict[str, int]:
    out = {"seasons": len(seasons), "proven": 0, "in-progress": 0, "consistent": 0, "contradicted": 0,
           "invalid": 0, "internal": 0, "overrides": 0}
    for s in seasons:
        out[s["verdict"]] = out.get(s["verdict"], 0) + 1
        out["overrides"] += len(s["overrides"])
    return out


def build(seasons: list[dict[str, Any]], findings: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """The check document: `{"seasons": [...], "findings": [...], "summary": {...}}` (run-level findings are
    those that belong to no season)."""
    run_findings = list(findings)
    out = {"seasons": seasons, "findings": run_findings, "summary": summary(seasons)}
    out["summary"]["problems"] = len(items(out))  # distinct: one edit four seasons report is one problem
    out["summary"]["warnings"] = len(items(out, ("warning",)))
    return out


def passed(season: dict[str, Any]) -> bool:
    return season["verdict"] in ("proven", "in-progress", "consistent") and not any(
        f["severity"] in PROBLEMS for f in season["findings"])


@dataclass
class Item:
    """One finding, and every season that reported it."""

    finding: dict[str, Any]
    seasons: list[str] = field(default_factory=list)

    @property
    def causes(self) -> tuple[str, ...]:
        return tuple(self.finding.get("detail", {}).get("clauses", ()))


@dataclass
class Group:
    """Findings that share a cause (`causes`, rule clause locations), or a single finding (`causes` empty);
    `under` holds the groups whose clauses lie in the file this group's edit (LOCK001) changed."""

    causes: tuple[str, ...]
    items: list[Item]
    under: list["Group"] = field(default_factory=list)

    @property
    def head(self) -> dict[str, Any]:
        return self.items[0].finding

    @property
    def seasons(self) -> list[str]:
        return sorted({s for i in self.items for s in i.seasons})

    @property
    def severity(self) -> str:
        return min((i.finding["severity"] for i in self.items), key=SEVERITY_ORDER.__getitem__)


def _identity(f: dict[str, Any]) -> tuple:
    return f["code"], f["severity"], f["message"], f["file"], f["line"], f["col"]


def items(document: dict[str, Any], severities: Iterable[str] = PROBLEMS) -> list[Item]:
    """Every finding of the wanted severities once, with the seasons that reported it (document order)."""
    wanted = set(severities)
    out: dict[tuple, Item] = {}
    for s in document["seasons"]:
        for f in s["findings"]:
            if f["severity"] in wanted:
                out.setdefault(_identity(f), Item(f)).seasons.append(s["season"])
    for f in document["findings"]:
        if f["severity"] in wanted:
            out.setdefault(_identity(f), Item(f))
    return list(out.values())


def _cause_file(causes: tuple[str, ...]) -> str | None:
    return causes[0].rsplit(":", 2)[0] if causes else None


def groups(document: dict[str, Any], severities: Iterable[str] = PROBLEMS) -> list[Group]:
    """Findings grouped by cause, each group under the edit (LOCK001) of the file its clauses are in; most severe
    first, then by place."""
    by_cause: dict[tuple[str, ...], list[Item]] = {}
    singles: list[Group] = []
    for item in items(document, severities):
        if item.causes:
            by_cause.setdefault(item.causes, []).append(item)
        else:
            singles.append(Group((), [item]))
    caused = [Group(c, members) if len(members) > 1 else Group((), members) for c, members in by_cause.items()]
    top = singles + [g for g in caused if not g.causes]
    edits = {g.head["file"]: g for g in top if g.head["code"] == "LOCK001"}
    for g in (g for g in caused if g.causes):
        edit = edits.get(_cause_file(g.causes))
        if edit is not None:
            edit.under.append(g)
        else:
            top.append(g)
    top.sort(key=_order)
    return top


def _order(g: Group) -> tuple:
    f = g.head
    return SEVERITY_ORDER[g.severity], f["file"] or "", f["line"] or 0, f["col"] or 0, f["code"], f["message"]


def where(f: dict[str, Any]) -> str:
    """`file:line:col` (or `file`) of a finding."""
    if not f["file"]:
        return ""
    return f"{f['file']}:{f['line']}:{f['col'] or 1}" if f["line"] else f["file"]


def results_phrase(g: Group) -> str:
    n, seasons = len(g.items), g.seasons
    return f"{n} result{'s' if n != 1 else ''} in {len(seasons)} season{'s' if len(seasons) != 1 else ''}"
