"""The check cache: a second `scrutineer check` over unchanged inputs reuses each season's result.

A season's entry is keyed by the sha256 of every file in its directory (names and contents), the scrutineer
version and the code version (the sha256 of every source file and schema of the package, so an edit to the engine
invalidates every entry), the working directory and the paths as given (findings show paths relative to them) and
`--verbose` (it changes schema messages). An entry also records the content hash of what the season's result
rests on outside its directory — every version file of its ruleset's series (static checks compare the versions'
windows) and rules/LOCK — and is used only while those are unchanged. A season whose ruleset was not loaded
(invalid input) is not cached.

Each season directory (as given, per working directory) has one entry file, overwritten when its inputs change,
so the cache does not grow with edits. Entries are the plain data `run_as_dict` produced, stored as JSON; every
output format renders from it, so cached and uncached output are the same bytes. Location: $SCRUTINEER_CACHE_DIR,
else $XDG_CACHE_HOME/scrutineer, else ~/.cache/scrutineer — never a directory inside seasons/ or rules/.
`check --no-cache` bypasses it.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from validator.load.files import PathError, read_regular
from validator.version import version

MAX_BYTES = 4 * 1024 * 1024  # = validator/load/yaml_loader.MAX_BYTES (a test keeps them equal; not imported here:
#                              a fully cached check never loads the YAML stack)

FORMAT = 1  # bump when the entry layout changes
_SOURCES = ("*.py", "schemas/*.json")


@lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 over the package's own sources and schemas (relative names and contents)."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    files = sorted({p for pattern in _SOURCES for p in package.rglob(pattern)})
    for p in files:
        h.update(p.relative_to(package).as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def cache_dir() -> Path | None:
    """Where entries live, or None when that would be inside a seasons/ or rules/ directory."""
    configured = os.environ.get("SCRUTINEER_CACHE_DIR")
    if configured:
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        home = os.path.expanduser("~")
        if not xdg and home == "~":  # no home directory known: no cache rather than a folder named ~ here
            return None
        base = (Path(xdg) if xdg else Path(home) / ".cache") / "scrutineer"
    resolved = Path(os.path.abspath(base))
    if {"seasons", "rules"} & set(resolved.parts):
        return None
    return resolved


class Uncacheable(Exception):
    """A tree holding something other than regular files and folders (a link, a FIFO, a device): it is never
    opened here (a FIFO would block) and its season is always checked afresh (the loader reports the path)."""


def _digest_tree(directory: Path) -> bytes:
    """sha256 over every file below `directory`: relative names and contents, in a fixed order. Only regular
    files are opened (lstat first); anything else raises Uncacheable."""
    h = hashlib.sha256()
    top = os.fspath(directory)
    cut = len(top.rstrip(os.sep)) + 1
    for root, dirs, files in os.walk(top):
        dirs.sort()
        if any(os.path.islink(os.path.join(root, d)) for d in dirs):
            raise Uncacheable(root)
        for name in sorted(files):
            p = os.path.join(root, name)
            try:
                if not stat.S_ISREG(os.lstat(p).st_mode):
                    raise Uncacheable(p)
                data = read_regular(Path(p), MAX_BYTES)  # bounded: a file past the limit is the loader's YAML004
            except (OSError, PathError) as exc:
                raise Uncacheable(p) from exc
            h.update(p[cut:].encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(data).digest())
    return h.digest()


@lru_cache(maxsize=8)
def _run_context(cwd: str) -> bytes:
    """What every entry of one run shares: entry layout, scrutineer version, code version, working directory."""
    parts = (str(FORMAT), version(), code_version(), cwd)
    return b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in parts)


def _context(directory: Path, rules_dir: Path | None, verbose: bool) -> bytes:
    parts = (str(directory), str(rules_dir), str(bool(verbose)))
    return _run_context(os.getcwd()) + b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in parts)


def slot(directory: Path, rules_dir: Path | None, verbose: bool) -> str:
    """The entry's file name: one per season directory (as given) and working directory, so a season edited again
    and again overwrites its one entry and the cache never grows past one entry per season checked."""
    h = hashlib.sha256(os.getcwd().encode("utf-8", "surrogateescape") + b"\0")
    h.update(f"{directory}\0{rules_dir}\0{bool(verbose)}".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def season_key(directory: Path, rules_dir: Path | None, verbose: bool) -> str | None:
    """The cache key of a season's result, or None when the season must be checked afresh (Uncacheable)."""
    try:
        tree = _digest_tree(directory)
    except Uncacheable:
        return None
    h = hashlib.sha256(_context(directory, rules_dir, verbose))
    h.update(tree)
    return h.hexdigest()


def _file_digest(path: Path) -> str | None:
    """sha256 of a regular file; None when absent; a marker when it is there but not read (a FIFO named LOCK is
    never opened: it would block; a file past the size limit is not read whole)."""
    try:
        return hashlib.sha256(read_regular(path, MAX_BYTES)).hexdigest()
    except PathError as exc:
        return f"unread {exc.code}" if os.path.lexists(path) else None


def dependencies(directory: Path, rules_dir: Path | None, result: dict[str, Any]) -> dict[str, str | None] | None:
    """Content hashes of the files outside the season directory its result rests on; None: do not cache (also
    for an internal error: a bug's result is never kept)."""
    from validator.lock import default_root

    if not result.get("rules") or result.get("verdict") == "internal":
        return None
    root = rules_dir or default_root(directory)
    if root is None:
        return None
    series = result["rules"].split("@", 1)[0]
    deps: dict[str, str | None] = {str(root / "LOCK"): _file_digest(root / "LOCK")}
    series_dir = root / series
    deps[str(series_dir)] = _current(str(series_dir)) if series_dir.is_dir() else None
    if deps[str(series_dir)] is None:
        return None
    return deps


def _current(path: str) -> str | None:
    p = Path(path)
    try:
        if p.is_dir():
            return hashlib.sha256(_digest_tree(p)).hexdigest()
    except Uncacheable:
        return None
    return _file_digest(p)


def _load(base: Path, name: str, key: str, seen: dict[str, str | None]) -> dict[str, Any] | None:
    try:
        entry = json.loads((base / name[:2] / f"{name}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("deps"), dict) \
            or "result" not in entry:
        return None
    for path, digest in entry["deps"].items():
        if path not in seen:  # seasons share their rules: each is hashed once per run
            seen[path] = _current(path)
        if seen[path] != digest:
            return None
    return entry["result"]


def _store(base: Path, name: str, key: str, deps: dict[str, str | None], result: dict[str, Any]) -> None:
    folder = base / name[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entry.", dir=str(folder))
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"key": key, "deps": deps, "result": result}, f)  # ASCII: any text, lone surrogates too
        os.replace(tmp, folder / f"{name}.json")
    except OSError:
        pass  # a cache that cannot be written is only slower


def check_all_cached(seasons: list[Path], rules_dir: Path | None = None, verbose: bool = False) -> list[dict]:
    """`pipeline.check_all` with the cache: same result, in the order of `seasons`."""
    base = cache_dir()
    keys = [season_key(d, rules_dir, verbose) for d in seasons] if base else []
    names = [slot(d, rules_dir, verbose) for d in seasons] if base else []
    seen: dict[str, str | None] = {}
    results: list[dict | None] = [_load(base, n, k, seen) if k else None for n, k in zip(names, keys)] if base \
        else [None] * len(seasons)
    missing = [i for i, r in enumerate(results) if r is None]
    if missing:
        from validator.load.schema import set_verbose
        from validator.pipeline import check_all

        set_verbose(verbose)  # every alternative of a failed oneOf/anyOf (inherited by forked workers)
        for i, result in zip(missing, check_all([seasons[i] for i in missing], rules_dir)):
            results[i] = result
            deps = dependencies(seasons[i], rules_dir, result) if base and keys[i] else None
            if deps is not None:
                _store(base, names[i], keys[i], deps, result)
    return results  # type: ignore[return-value]
