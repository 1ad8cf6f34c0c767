"""Locked rule versions: rules/LOCK records the sha256 of every published ruleset version.

A published version (rules/<series>/<version>.yaml) is never edited: seasons cite it by version, and a report
made under it must stay reproducible. `scrutineer lock` records new versions in rules/LOCK; `scrutineer check`
refuses a season whose ruleset version changed after it was locked (LOCK001, an `error`: the input is no longer
the published version, so the season is invalid and check exits 2). A changed locked entry is only rewritten
with `scrutineer lock --force`.

The file is `sha256sum` output, relative to rules/, so it can be verified by hand: `cd rules && sha256sum -c LOCK`.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from validator.load.files import PathError, check_regular, read_regular
from validator.findings import Finding, Location

LOCK_NAME = "LOCK"
HEADER = """\
# rules/LOCK: sha256 of every published ruleset version, rules/<series>/<version>.yaml.
# Written by `scrutineer lock`. `scrutineer check` refuses a locked version whose content changed:
# a published version is never edited - publish a new version instead.
# Verify by hand: cd rules && sha256sum -c LOCK
"""
_LINE = re.compile(r"([0-9a-f]{64}) [ *]([^/\s]+/[^/\s]+\.yaml)\Z")


@dataclass(frozen=True)
class Entry:
    relpath: str  # "porsche-supercup/2007.yaml"
    sha256: str
    line: int

    @property
    def version(self) -> str:
        series, name = self.relpath.split("/")
        return f"{series}@{name[:-len('.yaml')]}"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def digest(path: Path) -> str:
    """sha256 of a rules file, read in chunks (memory bounded whatever its size)."""
    check_regular(path)
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def published(root: Path) -> list[Path]:
    """Every ruleset version file under a rules root, in a stable order."""
    return sorted(p for p in root.glob("*/*.yaml") if p.is_file())


def relpath(root: Path, path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


_LOCK_BYTES = 1 << 20  # a line per ruleset version: ~100 bytes each


def read(root: Path) -> tuple[dict[str, Entry], list[Finding]] | None:
    """The entries of rules/LOCK and findings about its own lines; None when there is no LOCK."""
    lock_file = root / LOCK_NAME
    try:
        st = lock_file.stat()
    except OSError:
        return None
    return _read(str(lock_file), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=16)
def _read(lock_file: str, size: int, mtime: int) -> tuple[dict[str, Entry], list[Finding]]:
    shown = _display(Path(lock_file))
    entries: dict[str, Entry] = {}
    findings: list[Finding] = []
    try:  # never opened unless a regular file (a FIFO named LOCK would block the check)
        text = read_regular(Path(lock_file), _LOCK_BYTES).decode("utf-8")
    except (PathError, OSError, UnicodeDecodeError) as exc:
        return {}, [Finding("LOCK004", f"cannot read the lock file: {exc}", Location(shown, 1, 1))]
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _LINE.match(stripped)
        if not m:
            findings.append(Finding("LOCK004", "not a lock line (expected '<sha256>  <series>/<version>.yaml')",
                                    Location(shown, n, 1)))
            continue
        sha, rel = m.groups()
        if rel in entries:
            findings.append(Finding("LOCK004", f"{rel} is locked twice (first at line {entries[rel].line})",
                                    Location(shown, n, 1)))
            continue
        entries[rel] = Entry(rel, sha, n)
    return entries, findings


def _changed(root: Path, path: Path, entry: Entry, now: str) -> Finding:
    return Finding(
        "LOCK001",
        f"{_display(path)} is the locked version {entry.version} (sha256 {entry.sha256[:12]}..., "
        f"{_display(root / LOCK_NAME)} line {entry.line}) but its content changed (sha256 now {now[:12]}...): "
        f"a published version is never edited - publish a new version instead (one that replaces an open-ended "
        f"version says `supersedes:`, see docs/RULES-WORKFLOW.md)",
        Location(_display(path), 1, 1), detail={"locked": entry.sha256, "actual": now, "version": entry.version})


def check_file(root: Path, path: Path) -> list[Finding]:
    """Lock findings about one ruleset version file (used when a season is checked against it)."""
    state = read(root)
    if state is None:
        return []
    entries, findings = state
    findings = list(findings)
    entry = entries.get(relpath(root, path))
    if entry is None:
        findings.append(Finding("LOCK003", f"{_display(path)} is not recorded in {_display(root / LOCK_NAME)}: "
                                "run `scrutineer lock` when this version is published", Location(_display(path), 1, 1)))
        return findings
    now = digest(path)
    if now != entry.sha256:
        findings.append(_changed(root, path, entry, now))
    return findings


def verify(root: Path) -> list[Finding]:
    """Every lock finding for a rules root: changed (LOCK001), missing (LOCK002), unlocked (LOCK003)."""
    state = read(root)
    if state is None:
        return []
    entries, findings = state
    findings = list(findings)
    files = {relpath(root, p): p for p in published(root)}
    for rel, entry in sorted(entries.items()):
        path = root / rel
        if rel not in files:
            findings.append(Finding("LOCK002", f"{_display(path)}, the locked version {entry.version}, is missing: "
                                    "a published version is never removed", Location(_display(root / LOCK_NAME),
                                                                                      entry.line, 1)))
            continue
        now = digest(path)
        if now != entry.sha256:
            findings.append(_changed(root, path, entry, now))
    for rel, path in sorted(files.items()):
        if rel not in entries:
            findings.append(Finding("LOCK003", f"{_display(path)} is not recorded in {_display(root / LOCK_NAME)}: "
                                    "run `scrutineer lock` when this version is published",
                                    Location(_display(path), 1, 1)))
    return findings


@dataclass
class LockResult:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[Finding] = field(default_factory=list)   # changed or missing locked versions, left as locked
    forced: list[str] = field(default_factory=list)        # changed entries rewritten / missing ones dropped
    problems: list[Finding] = field(default_factory=list)  # unreadable lines of an existing LOCK


def lock(root: Path, force: bool = False) -> LockResult:
    """Record every published version in rules/LOCK. A changed (or vanished) locked version is refused and its
    entry kept, unless `force`."""
    result = LockResult()
    state = read(root)
    entries, problems = state if state is not None else ({}, [])
    result.problems = list(problems)
    if problems and not force:
        return result
    out: dict[str, str] = {}
    files = {relpath(root, p): p for p in published(root)}
    for rel, entry in sorted(entries.items()):
        if rel not in files:
            if force:
                result.forced.append(rel)
            else:
                result.refused.append(Finding(
                    "LOCK002", f"{_display(root / rel)}, the locked version {entry.version}, is missing: a published "
                    "version is never removed (use --force to drop it from the lock)",
                    Location(_display(root / LOCK_NAME), entry.line, 1)))
                out[rel] = entry.sha256
    for rel, path in sorted(files.items()):
        now = digest(path)
        entry = entries.get(rel)
        if entry is None:
            result.added.append(rel)
            out[rel] = now
        elif entry.sha256 == now:
            result.unchanged.append(rel)
            out[rel] = now
        elif force:
            result.forced.append(rel)
            out[rel] = now
        else:
            result.refused.append(_changed(root, path, entry, now))
            out[rel] = entry.sha256
    text = HEADER + "".join(f"{sha}  {rel}\n" for rel, sha in sorted(out.items()))
    lock_file = root / LOCK_NAME
    if not lock_file.is_file() or lock_file.read_text("utf-8") != text:
        _write_atomic(lock_file, text)
    return result


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".LOCK.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def default_root(start: Path | None = None) -> Path | None:
    start = (start or Path.cwd()).resolve()
    for d in [start, *start.parents]:
        if (d / "rules").is_dir():
            return d / "rules"
    return None


def unreported(season_dirs: list[Path], rules_dir: Path | None, results: list[dict]) -> list[Finding]:
    """Lock errors about versions that no checked season reported (a changed locked version nobody uses
    still fails `scrutineer check`)."""
    roots: set[Path] = set()
    above: dict[Path, Path | None] = {}  # seasons share their parent: look above each parent once
    for d in season_dirs:
        if rules_dir is not None:
            root = rules_dir
        elif (d / "rules").is_dir():
            root = default_root(d)
        else:
            if d.parent not in above:
                above[d.parent] = default_root(d.parent)
            root = above[d.parent]
        if root is not None:
            roots.add(root)
    seen = {(f["code"], f["file"]) for r in results for f in r.get("findings", ())}
    out = []
    for root in sorted(roots):
        for f in verify(root):
            if f.severity in ("error", "failure") and (f.code, f.location.file if f.location else None) not in seen:
                out.append(f)
    return out


def command(rules_dir: Path | None, force: bool = False, check_only: bool = False) -> int:
    """`scrutineer lock`: 0 when every published version is locked as it is, 2 when a locked one changed."""
    import sys

    root = rules_dir or default_root()
    if root is None or not root.is_dir():
        print(f"scrutineer: no rules directory{f' {rules_dir}' if rules_dir else ' (rules/) found'}", file=sys.stderr)
        return 2
    if check_only:
        findings = verify(root)
        for f in findings:
            print(f, file=sys.stderr if f.severity in ("error", "failure") else sys.stdout)
        errors = [f for f in findings if f.severity in ("error", "failure")]
        if read(root) is None:
            print(f"scrutineer: no {_display(root / LOCK_NAME)}: run `scrutineer lock`", file=sys.stderr)
            return 2
        if not errors:
            print(f"{_display(root / LOCK_NAME)}: {len(published(root))} published version(s) match the lock")
        return 2 if errors else 0
    if not published(root) and not (root / LOCK_NAME).exists():  # e.g. `--rules seasons`: never write a LOCK there
        print(f"scrutineer: {_display(root)} holds no ruleset version (SERIES/VERSION.yaml): not a rules directory; "
              "nothing written", file=sys.stderr)
        return 2
    result = lock(root, force=force)
    for f in result.problems:
        print(f, file=sys.stderr)
    if result.problems and not force:
        print(f"scrutineer: {_display(root / LOCK_NAME)} has unreadable lines; nothing written (fix them, or "
              "--force to rewrite the file)", file=sys.stderr)
        return 2
    for rel in result.added:
        print(f"locked {rel}")
    for rel in result.forced:
        print(f"re-locked {rel} (--force)" if (root / rel).is_file() else f"dropped {rel} (--force)")
    for f in result.refused:
        print(f"{f}  (left as locked; --force rewrites it)", file=sys.stderr)
    print(f"{_display(root / LOCK_NAME)}: {len(result.added)} added, {len(result.unchanged)} unchanged"
          f"{f', {len(result.forced)} forced' if result.forced else ''}"
          f"{f', {len(result.refused)} refused' if result.refused else ''}")
    return 2 if result.refused else 0
