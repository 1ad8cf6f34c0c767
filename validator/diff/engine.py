"""`scrutineer diff`: replay every season touched by the rule and season files changed since a git ref, under
the ref's version (materialised from git into a temporary directory) and under the working tree's, and compare.

The result is plain data (`DiffReport.as_dict()`): the edits (each with file:line), and per season the verdicts,
the champion, the standings changes with the edits that can have caused each, the findings that appear or go,
and the outcome findings DIFF004 (a declared outcome no longer holds) and DIFF005 (the champion changes against
the declaration).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.diff import compare, git
from validator.diff.edits import Edit, file_edits
from validator.diff.scope import (Scope, affected, lock_file, rule_file, season_dirs_listed,
                                  season_dirs_on_disk)
from validator.findings import Finding, Location
from validator.model.documents import display_path
from validator.pipeline import RulesCache, run_season

HOLDS = ("proven", "in-progress", "consistent")  # verdicts under which the declared outcome holds


@dataclass
class DiffReport:
    base: str
    commit: str
    changed: list[str]
    scope: Scope
    edits: list[Edit] = field(default_factory=list)
    seasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def outcome(self) -> list[dict[str, Any]]:
        return [f for s in self.seasons for f in s["outcome"]]

    @property
    def exit_code(self) -> int:
        after = {s["verdict"]["after"] for s in self.seasons} | {s["verdict"]["before"] for s in self.seasons}
        if "internal" in after:  # a bug met while replaying a season (either side)
            return 3
        if any(s["verdict"]["after"] == "invalid" for s in self.seasons):
            return 2
        return 1 if self.outcome else 0

    def as_dict(self) -> dict[str, Any]:
        changed = [s for s in self.seasons if s["changed"]]
        return {
            "base": self.base, "commit": self.commit,
            "changed_files": self.changed, "untouched_files": self.scope.untouched,
            "edits": [dict(e.as_dict(), id=i) for i, e in enumerate(self.edits, 1)],
            "seasons": self.seasons,
            "summary": {"seasons": len(self.seasons), "changed": len(changed),
                        "unchanged": len(self.seasons) - len(changed),
                        "outcome_failures": len(self.outcome), "exit_code": self.exit_code},
        }


def diff(base: str, paths: list[Path], cwd: Path | None = None) -> DiffReport:
    """Compare the seasons touched since `base`; raises git.GitError (DIFF001-DIFF003) on bad input."""
    cwd = cwd or Path.cwd()
    repo = git.repo_root(cwd)
    commit = git.resolve(repo, base)
    changed = _within(git.changed_paths(repo, commit), repo, cwd, paths)
    base_files = git.files_at(repo, commit)
    tmp = Path(tempfile.mkdtemp(prefix="scrutineer-diff-"))
    try:
        roots = sorted({r for f in base_files for r in [_rules_root(f)] if r})
        git.materialise(repo, commit, roots, tmp)
        head_seasons, base_seasons = season_dirs_on_disk(repo), season_dirs_listed(base_files)
        supersedes = _superseded(changed, repo, tmp)
        locks = {root: _lock_changes(tmp / root, repo / root) for root in {lock_file(p) for p in changed} if root}
        scope = affected(changed, repo, head_seasons, base_seasons, {r: set(v) for r, v in locks.items()},
                         also=[f"{rule_file(rel)[0]}/{key.replace('@', '/')}.yaml"
                               for rel, keys in supersedes.items() for key in sorted(keys)])
        git.materialise(repo, commit, [s for s in scope.seasons if s in base_seasons], tmp)
        report = DiffReport(base, commit, changed, scope)
        report.edits = _edits(scope, repo, tmp, set(base_files), locks, supersedes)
        for season in scope.seasons:
            report.seasons.append(_season(season, repo, tmp, season in head_seasons, season in base_seasons,
                                          report.edits))
        return report
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _within(changed: list[str], repo: Path, cwd: Path, paths: list[Path]) -> list[str]:
    """The changed paths under the given PATHs (all when none is given)."""
    if not paths:
        return changed
    prefixes = []
    for p in paths:
        full = Path(os.path.realpath(cwd / p))
        try:
            prefixes.append(full.relative_to(Path(os.path.realpath(repo))).as_posix())
        except ValueError:
            raise git.GitError(Finding("DIFF001", f"{p} is outside the git work tree {repo}")) from None
    return [c for c in changed if any(pre in ("", ".") or c == pre or c.startswith(pre + "/") for pre in prefixes)]


def _rules_root(rel: str) -> str | None:
    found = rule_file(rel)
    return found[0] if found else lock_file(rel)


def _superseded(changed: list[str], repo: Path, tmp: Path) -> dict[str, set[str]]:
    """For each changed ruleset version, the versions it declares `supersedes:` (on either side of the edit), as
    SERIES@VERSION: the seasons citing those are touched too (their window ends where the new one starts)."""
    from validator.findings import InputError
    from validator.load.yaml_loader import load_file

    out: dict[str, set[str]] = {}
    for rel in changed:
        found = rule_file(rel)
        if found is None:
            continue
        for root in (repo, tmp):
            try:
                data = load_file(root / rel, rel).data if (root / rel).is_file() else None
            except InputError:
                continue
            old = data.get("supersedes") if isinstance(data, dict) else None
            if isinstance(old, str):
                out.setdefault(rel, set()).add(f"{found[1]}@{old}")
    return out


def _lock_changes(base_root: Path, head_root: Path) -> dict[tuple[str, str], int | None]:
    """(series, version) -> line in the head rules/LOCK (None when gone) of every lock entry that differs."""
    from validator.lock import read

    def entries(root: Path) -> dict:
        state = read(root) if root.is_dir() else None
        return state[0] if state else {}

    old, new = entries(base_root), entries(head_root)
    out: dict[tuple[str, str], int | None] = {}
    for rel in sorted(set(old) | set(new)):
        a, b = old.get(rel), new.get(rel)
        if a is None or b is None or a.sha256 != b.sha256:
            series, name = rel.split("/")
            out[(series, name[:-len(".yaml")])] = b.line if b else None
    return out


def _edits(scope: Scope, repo: Path, tmp: Path, base_files: set[str], locks: dict,
           supersedes: dict[str, set[str]]) -> list[Edit]:
    edits: list[Edit] = []
    for rel in [*scope.rule_files, *scope.fact_files]:
        base = tmp / rel if rel in base_files else None
        head = repo / rel if (repo / rel).exists() else None
        found = file_edits(rel, base, head, display_path(repo / rel))
        for e in found:  # an edit of a superseding version concerns the superseded one too
            e.subjects = sorted(set(e.subjects) | supersedes.get(rel, set()))
        edits += found
    for rel in scope.lock_files:
        shown = display_path(repo / rel)
        for (series, version), line in sorted(locks.get(str(Path(rel).parent.as_posix()), {}).items()):
            what = f"lock entry of {series}/{version}.yaml " + ("removed" if line is None else "added or changed")
            edits.append(Edit(shown, line or 1, 1, "changed", what, "lock", subjects=[f"{series}@{version}"]))
    return edits


def _season(season: str, repo: Path, tmp: Path, in_head: bool, in_base: bool, edits: list[Edit]) -> dict:
    after = _side(repo, season) if in_head else None
    before = _side(tmp, season, relocate=(tmp, repo)) if in_base else None
    out: dict[str, Any] = {
        "season": (after or before)["summary"]["season"], "directory": season,
        "verdict": {"before": _verdict(before), "after": _verdict(after)},
        "rules": {"before": _rules(before), "after": _rules(after)},
    }
    declared = (after or before)["summary"]["champion"] if (after or before) else None
    out["champion"] = {"declared": declared,
                       "before": compare.leaders(before), "after": compare.leaders(after),
                       "claim_before": compare.champion_claim(before), "claim_after": compare.champion_claim(after)}
    out["champion"]["changed"] = (out["champion"]["before"] != out["champion"]["after"]
                                  or out["champion"]["claim_before"] != out["champion"]["claim_after"])
    relevant = _relevant(edits, season, repo, after, before)
    broken = [side for side, s in (("before", before), ("after", after))
              if s and _verdict(s) in ("invalid", "internal")]
    out["not_compared"] = f"standings not compared: the season is invalid {' and '.join(broken)} the edit" \
        if broken else None
    out["classifications"] = [] if broken else _classifications(before, after, edits, relevant)
    out["findings"] = compare.findings_changes(before, after)
    out["edits"] = relevant
    out["outcome"] = _outcome(out, [edits[i - 1] for i in relevant])
    out["changed"] = bool(before is None or after is None or out["verdict"]["before"] != out["verdict"]["after"]
                          or out["champion"]["changed"] or any(c["changes"] for c in out["classifications"])
                          or out["findings"]["new"] or out["findings"]["resolved"])
    return out


def _side(root: Path, season: str, relocate: tuple[Path, Path] | None = None) -> dict | None:
    directory = root / season
    if not (directory / "season.yaml").is_file():
        return None
    run = run_season(directory, RulesCache(_rules_dir(root, season)))
    side = compare.snapshot(run)
    if relocate:
        _relocate(side, *relocate)
    side["rules_file"] = run.ruleset.file if run.ruleset else None
    return side


def _rules_dir(root: Path, season: str) -> Path:
    """The nearest rules/ above the season inside `root` (never one outside the tree being replayed)."""
    for parent in [Path(season), *Path(season).parents]:
        if (root / parent / "rules").is_dir():
            return root / parent / "rules"
    return root / "rules"


def _relocate(side: dict, tmp: Path, repo: Path) -> None:
    """Show the base side's files as the same paths of the working tree, so both sides compare equal."""
    prefixes = sorted({str(tmp), os.path.realpath(tmp)}, key=len, reverse=True)
    shown_root = display_path(repo)
    target = "" if shown_root == "." else shown_root.rstrip("/") + "/"

    def fix(text: str | None) -> str | None:
        if not isinstance(text, str):
            return text
        for prefix in prefixes:
            text = text.replace(prefix + "/", target)
        return text

    summary = side["summary"]
    summary["directory"] = fix(summary["directory"])
    for f in summary["findings"]:
        f["file"], f["message"] = fix(f["file"]), fix(f["message"])
    for o in summary["overrides"]:
        o["file"] = fix(o["file"])


def _verdict(side: dict | None) -> str | None:
    return side["summary"]["verdict"] if side else None


def _rules(side: dict | None) -> str | None:
    return side["summary"]["rules"] if side else None


def _relevant(edits: list[Edit], season: str, repo: Path, after: dict | None, before: dict | None) -> list[int]:
    """Indexes (1-based) of the edits of this season's own files or of the ruleset version it uses."""
    own = display_path(repo / season)
    rules = {s["summary"]["rules"] for s in (after, before) if s}
    out = []
    for i, e in enumerate(edits, 1):
        if e.file.startswith(own.rstrip("/") + "/"):
            out.append(i)
        elif e.area in ("rule", "lock") and _names_version(e, rules):
            out.append(i)
    return out


def _names_version(edit: Edit, rules: set[str]) -> bool:
    if edit.area == "rule":
        found = rule_file(Path(edit.file).as_posix())
        return bool(found) and (f"{found[1]}@{found[2]}" in rules or bool(set(edit.subjects) & rules))
    return bool(set(edit.subjects) & rules)  # a lock edit names the version whose line changed


def _classifications(before: dict | None, after: dict | None, edits: list[Edit], relevant: list[int]) -> list[dict]:
    names = list((after or {}).get("classifications", {})) + \
        [n for n in (before or {}).get("classifications", {}) if n not in (after or {}).get("classifications", {})]
    out = []
    for name in names:
        a = (before or {}).get("classifications", {}).get(name)
        b = (after or {}).get("classifications", {}).get(name)
        changes = compare.standings_changes(a, b)
        for change in changes:
            change["rounds"] = compare.rounds_differing(a, b, change["competitor"])
            change["causes"] = _causes(name, change, edits, relevant)
        out.append({"name": name, "after_round": (b or a or {}).get("after_round"), "changes": changes})
    return out


def _causes(classification: str, change: dict, edits: list[Edit], relevant: list[int]) -> list[int]:
    """The edits that can have caused one competitor's change: a clause of this classification (or of the whole
    ruleset), a fact of a round in which the competitor's points differ, a season-level fact naming the
    competitor (or naming nobody in particular). A change of position alone follows from others' points."""
    if change["points"]["delta"] in ("", "0") and not change["rounds"]:
        return []
    out = []
    for i in relevant:
        e = edits[i - 1]
        if e.area == "rule" and e.classification in (None, classification):
            out.append(i)
        elif e.area == "facts" and (e.round in change["rounds"] or e.round is None):
            out.append(i)
        elif e.area == "season" and (not e.subjects or change["competitor"] in e.subjects):
            out.append(i)
    return out


def _outcome(season: dict, edits: list[Edit]) -> list[dict]:
    """DIFF004 / DIFF005: a declared outcome that held before the edit and no longer does. Located at the edit
    that caused it when the season has one causing edit of its rules or facts, else at the first new failure."""
    out = []
    verdict, champion = season["verdict"], season["champion"]
    new = sorted((f for f in season["findings"]["new"] if f["severity"] == "failure"),
                 key=lambda f: not f["code"].startswith("AUDIT"))  # what the edit breaks first, then the lock
    causing = [e for e in edits if e.area in ("rule", "facts", "season")]
    if causing:
        where = Location(causing[0].file, causing[0].line, causing[0].col)
    elif new and new[0]["file"]:
        where = Location(new[0]["file"], new[0]["line"], new[0]["col"])
    else:
        where = Location(season["directory"] + "/season.yaml", 1, 1)
    by = f" by {causing[0].where} ({causing[0].what})" if len(causing) == 1 else \
        f" by {len(causing)} edits" if causing else ""
    detail = {"edits": season["edits"]}
    if verdict["before"] in HOLDS and verdict["after"] == "contradicted":
        first = f": {new[0]['code']} {new[0]['message']}" if new else ""
        out.append(Finding("DIFF004", f"{season['season']} was {verdict['before']}, is contradicted after the edit"
                           f"{by}; {len(new)} new failure(s){first}", where, detail=detail).as_dict())
    declared = champion["declared"]
    held = champion["claim_before"] in ("proven", "open") or (declared and declared in champion["before"])
    lost = champion["claim_after"] == "refuted" or (declared and champion["after"] and
                                                    declared not in champion["after"])
    if declared and held and lost:
        out.append(Finding("DIFF005", f"{season['season']}: declared champion {declared} no longer holds after the "
                           f"edit{by}: the champion is {_who(champion['after'])} (was {_who(champion['before'])})",
                           where, detail=detail).as_dict())
    return out


def _who(names: list[str]) -> str:
    if not names:
        return "nobody"
    return names[0] if len(names) == 1 else "one of " + ", ".join(names)
