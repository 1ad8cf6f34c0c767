"""Which seasons a set of changed files touches (for `scrutineer diff`), on both sides of the edit.

* a file inside a season directory (one holding season.yaml, before or after the edit) touches that season;
* `rules/<series>/<version>.yaml` touches every season citing `<series>@<version>` under that rules directory;
* `rules/LOCK` touches every season citing a version whose lock line changed.
Other changed files (code, docs) touch no season and are listed as such.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from validator.findings import InputError
from validator.load.yaml_loader import load_file


@dataclass
class Scope:
    seasons: list[str] = field(default_factory=list)       # season directories, relative to the repo
    rule_files: list[str] = field(default_factory=list)    # changed rules/<series>/<version>.yaml
    fact_files: list[str] = field(default_factory=list)    # changed files inside season directories
    lock_files: list[str] = field(default_factory=list)    # changed rules/LOCK
    untouched: list[str] = field(default_factory=list)     # changed files that touch no season


def season_dirs_on_disk(root: Path) -> set[str]:
    """Season directories of a working tree, relative to it ('/'-separated); hidden directories (.git) skipped."""
    found = set()
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        if "season.yaml" in files:
            found.add(Path(directory).relative_to(root).as_posix())
    return found


def season_dirs_listed(files: list[str]) -> set[str]:
    return {str(PurePosixPath(f).parent) for f in files if PurePosixPath(f).name == "season.yaml"}


def rule_file(rel: str) -> tuple[str, str, str] | None:
    """(rules root, series, version) of rules/<series>/<version>.yaml, else None."""
    parts = PurePosixPath(rel).parts
    if len(parts) >= 3 and parts[-3] == "rules" and parts[-1].endswith(".yaml"):
        return str(PurePosixPath(*parts[:-2])), parts[-2], parts[-1][:-len(".yaml")]
    return None


def lock_file(rel: str) -> str | None:
    """The rules root of a rules/LOCK path, else None."""
    parts = PurePosixPath(rel).parts
    return str(PurePosixPath(*parts[:-1])) if len(parts) >= 2 and parts[-2:] == ("rules", "LOCK") else None


def _rules_root_of(head: Path, season: str) -> str | None:
    """The nearest rules/ above a season directory, relative to the repo (as the pipeline looks it up)."""
    path = PurePosixPath(season)
    for parent in [path, *path.parents]:
        candidate = parent / "rules"
        if (head / candidate).is_dir():
            return str(candidate)
    return None


def _cited(head: Path, season: str) -> tuple[str, str] | None:
    """(series, version) a season's season.yaml cites, if it can be read."""
    try:
        data = load_file(head / season / "season.yaml", f"{season}/season.yaml").data
        rules = data["rules"]
        return str(rules["ruleset"]), str(rules["version"])
    except (InputError, OSError, KeyError, TypeError):
        return None


def _season_of(rel: str, seasons: set[str]) -> str | None:
    path = PurePosixPath(rel)
    for parent in path.parents:
        if str(parent) in seasons:
            return str(parent)
    return None


def affected(changed: list[str], head: Path, head_seasons: set[str], base_seasons: set[str],
             changed_lock_versions: dict[str, set[tuple[str, str]]]) -> Scope:
    """The seasons the changed paths touch. `changed_lock_versions` maps a rules root to the (series, version)
    pairs whose rules/LOCK line differs between the two sides."""
    scope = Scope()
    seasons = head_seasons | base_seasons
    versions: dict[str, set[tuple[str, str]]] = {}
    touched: set[str] = set()
    for rel in changed:
        season = _season_of(rel, seasons)
        rule = rule_file(rel)
        lock_root = lock_file(rel)
        if season is not None:
            scope.fact_files.append(rel)
            touched.add(season)
        elif rule is not None:
            scope.rule_files.append(rel)
            versions.setdefault(rule[0], set()).add(rule[1:])
        elif lock_root is not None:
            scope.lock_files.append(rel)
            versions.setdefault(lock_root, set()).update(changed_lock_versions.get(lock_root, set()))
        else:
            scope.untouched.append(rel)
    if versions:
        for season in sorted(head_seasons):
            root = _rules_root_of(head, season)
            if root in versions and _cited(head, season) in versions[root]:
                touched.add(season)
    scope.seasons = sorted(touched)
    return scope
