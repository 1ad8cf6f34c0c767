"""Which seasons a set of changed files touches (for `scrutineer diff`), on both sides of the edit.

* a file inside a season directory (one holding season.yaml, before or after the edit) touches that season;
* `rules/<series>/<version>.yaml` touches every season citing `<series>@<version>` under that rules directory;
* `rules/LOCK` touches every season citing a version whose lock line changed.
Other changed files (code, docs) touch no season and are listed as such. The working tree's mapping is
`validator/affected.py`'s (the one `scrutineer check PATH` uses); this module adds the base side and the lock.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath



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


def _season_of(rel: str, seasons: set[str]) -> str | None:
    path = PurePosixPath(rel)
    for parent in path.parents:
        if str(parent) in seasons:
            return str(parent)
    return None


def affected(changed: list[str], repo: Path, head_seasons: set[str], base_seasons: set[str],
             changed_lock_versions: dict[str, set[tuple[str, str]]], also: list[str] = ()) -> Scope:
    """The seasons the changed paths touch. In the working tree, `validator.affected.seasons_for_paths` (what
    `scrutineer check PATH` uses) decides; a changed rules/LOCK stands for the versions whose lock line differs
    (`changed_lock_versions`: rules root -> (series, version) pairs); a season that exists only at the base is
    touched when a changed path lies in it. `also`: further ruleset versions the edit concerns (the version a
    changed version supersedes: its window ends where the new one starts)."""
    from validator.affected import seasons_for_paths

    scope = Scope()
    asked: list[Path] = []
    touched: set[str] = set()
    for rel in changed:
        season = _season_of(rel, head_seasons | base_seasons)
        lock_root = lock_file(rel)
        if season is not None:
            scope.fact_files.append(rel)
            if season not in head_seasons:
                touched.add(season)
                continue
        elif rule_file(rel) is not None:
            scope.rule_files.append(rel)
        elif lock_root is not None:
            scope.lock_files.append(rel)
            asked += [repo / lock_root / series / f"{version}.yaml"
                      for series, version in sorted(changed_lock_versions.get(lock_root, ()))]
            continue
        else:
            scope.untouched.append(rel)
            continue
        asked.append(repo / rel)
    asked += [repo / rel for rel in also]
    found, _ = seasons_for_paths(asked) if asked else ([], [])
    real_repo = Path(os.path.realpath(repo))
    for directory in found:
        try:
            rel = Path(os.path.realpath(directory)).relative_to(real_repo).as_posix()
        except ValueError:
            continue
        if rel in head_seasons:
            touched.add(rel)
    scope.seasons = sorted(touched)
    return scope
