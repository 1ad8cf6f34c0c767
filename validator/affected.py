"""Which seasons do these paths concern? `scrutineer check PATH ...` accepts directories, season files and rule
files, so that a pre-commit hook or a CI job can pass the files an edit changed:

* a directory holding `season.yaml`, or any file or directory inside one: that season;
* a directory above seasons: every season below it;
* a ruleset version `rules/SERIES/VERSION.yaml`: every season whose `season.yaml` cites that version;
  `rules/SERIES/`: every season citing any version of SERIES; `rules/` or `rules/LOCK`: every season using
  that rules directory;
* a path that no longer exists (a file an edit deleted) is placed by where it was: a deleted round file still
  checks its season, a deleted ruleset version still checks the seasons citing it (they then report REF005).

Nothing else is read than each candidate's `season.yaml` (with the strict loader); a season whose `season.yaml`
cannot be read is kept, since it cannot be shown to be unaffected (checking it reports why).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from validator.findings import Finding, InputError, Location
from validator.lock import default_root

LOCK_NAME = "LOCK"


@dataclass(frozen=True)
class RulesTarget:
    """What a path under a rules directory selects: every season of `root`, narrowed by series and version."""

    root: Path
    series: str | None = None
    version: str | None = None


def seasons_for_paths(paths: list[Path], rules_dir: Path | None = None) -> tuple[list[Path], list[Finding]]:
    """Season directories the given paths concern (sorted, each once), and findings about paths that concern
    none (CI001 no such path, CI002 neither season nor rules, CI003 a ruleset version no season cites, CI004 a
    directory outside any project, not searched)."""
    seasons: dict[str, Path] = {}  # real path -> the first name given for it: a season named twice (through a
    findings: list[Finding] = []     # symbolic link, say) is checked and counted once
    for path in paths:
        found, finding = _one(path, rules_dir)
        for d in sorted(_relative(d) for d in found):
            seasons.setdefault(os.path.realpath(d), d)
        if finding is not None:
            findings.append(finding)
    return sorted(set(seasons.values())), findings


def _one(path: Path, rules_dir: Path | None) -> tuple[set[Path], Finding | None]:
    season = season_of(path)
    if season is not None:
        return {season}, None
    target = rules_target(path, rules_dir)
    if target is not None:
        found = {d for d in _candidates(target.root, rules_dir) if _cites(d, target)}
        if not found and path.exists() and target.version is not None:
            return found, Finding("CI003", f"no season cites {target.series}@{target.version}: nothing checked "
                                  "under it", _where(path))
        return found, None
    if path.is_dir():
        if not in_project(path):
            return set(), Finding("CI004", f"{path} is not in a project (no seasons/ or rules/ directory in it or "
                                  "above it): not searched for seasons; name a project, its seasons/ directory or "
                                  "a season directory", _where(path))
        below = seasons_below(path)
        if below:
            return below, None
        return below, Finding("CI002", f"no season.yaml under {path}", _where(path))
    if not path.exists():
        return set(), Finding("CI001", f"no such path: {path}", _where(path))
    return set(), Finding("CI002", f"{path} is neither in a season directory nor a rules file: nothing to check",
                          _where(path))


def _relative(path: Path) -> Path:
    """`path` relative to the working directory when it lies below it (as findings show paths), so that one
    season named two ways is checked once."""
    absolute, cwd = Path(os.path.abspath(path)), Path(os.path.abspath(os.curdir))
    try:
        return absolute.relative_to(cwd) if absolute != cwd else Path(".")
    except ValueError:
        return path


def in_project(directory: Path) -> bool:
    """True when `directory` or a directory above it holds seasons/ or rules/: a walk for seasons stays inside a
    project instead of searching a whole file system (`check /`, `check ~`)."""
    absolute = Path(os.path.abspath(directory))
    return any((d / "seasons").is_dir() or (d / "rules").is_dir() for d in [absolute, *absolute.parents])


def seasons_below(directory: Path) -> set[Path]:
    """Every directory holding a season.yaml below `directory` (not looking inside a season: seasons do not
    nest, and a season's rounds/ would only cost time). A symbolic link to a directory is followed (a season
    linked into seasons/ is checked, not silently skipped), each real directory once (a link loop ends)."""
    found: set[Path] = set()
    seen: set[str] = set()
    for root, dirs, files in os.walk(directory, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        if "season.yaml" in files:
            found.add(Path(root))
            dirs[:] = []
        else:
            dirs.sort()
    return found


def _where(path: Path) -> Location:
    return Location(str(path), 1, 1)


def season_of(path: Path) -> Path | None:
    """The season directory holding `path` (itself, or the nearest directory above it with a season.yaml);
    a path that does not exist is placed by its nearest existing parent."""
    for d in [path, *path.parents]:
        if (d / "season.yaml").is_file():
            return d
        if _is_rules_root(d):
            return None
    return None


def _is_rules_root(d: Path) -> bool:
    return d.name == "rules" and d.is_dir()


def rules_target(path: Path, rules_dir: Path | None) -> RulesTarget | None:
    """What `path` selects when it lies in a rules directory (`rules_dir`, or a directory named `rules`)."""
    absolute = Path(os.path.abspath(path))
    roots = [Path(os.path.abspath(rules_dir))] if rules_dir else \
        [d for d in [absolute, *absolute.parents] if d.name == "rules" and _looks_like_rules(d)]
    for root in roots:
        try:
            parts = absolute.relative_to(root).parts
        except ValueError:
            continue
        if not parts or parts == (LOCK_NAME,):
            return RulesTarget(root)
        if len(parts) == 1 and not absolute.suffix:
            return RulesTarget(root, parts[0])
        if len(parts) == 2 and parts[1].endswith(".yaml"):
            return RulesTarget(root, parts[0], parts[1][:-len(".yaml")])
        return None
    return None


def _looks_like_rules(d: Path) -> bool:
    """A directory named rules is a rules directory when it sits beside seasons/ or holds a LOCK (a checkout
    that merely lives below some unrelated folder named `rules` is not taken for one)."""
    return (d.parent / "seasons").is_dir() or (d / LOCK_NAME).is_file()


def _candidates(root: Path, rules_dir: Path | None) -> list[Path]:
    """Season directories that use the rules directory `root`: those below its sibling `seasons/` (or below its
    parent) whose nearest `rules/` is `root` (or that have none left, when `root` itself was deleted) — or all of
    them when `--rules` names it."""
    base = root.parent / "seasons"
    if not base.is_dir():
        base = Path("seasons") if Path("seasons").is_dir() else root.parent
    out = []
    for d in sorted(seasons_below(base) if in_project(base) else ()):  # `--rules /`: no walk of everything
        if rules_dir is not None:
            out.append(d)
            continue
        nearest = default_root(d)
        if nearest is not None and nearest.resolve() == root.resolve():
            out.append(d)
        elif nearest is None and not root.is_dir():  # the whole rules directory was deleted: it was theirs
            out.append(d)
    return out


def _cites(season_dir: Path, target: RulesTarget) -> bool:
    if target.series is None:
        return True
    cited = cited_ruleset(season_dir)
    if cited is None:
        return True  # unreadable: cannot be shown unaffected; checking it reports why
    series, version = cited
    return series == target.series and (target.version is None or version == target.version)


def cited_ruleset(season_dir: Path) -> tuple[str, str] | None:
    """(ruleset, version) a season's `season.yaml` cites, or None when that cannot be read."""
    from validator.load.yaml_loader import load_file

    try:
        data = load_file(season_dir / "season.yaml").data
    except InputError:
        return None
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, dict):
        return None
    series, version = rules.get("ruleset"), rules.get("version")
    if not isinstance(series, str) or not isinstance(version, (str, int)):
        return None
    return series, str(version)
