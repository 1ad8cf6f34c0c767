"""The report's receipt (what produced it: scrutineer version, git commit, ruleset, sha256 of every input file,
the command) and `verify`: recompute the hashes of the files a receipt names and say which changed.

Paths in a receipt are relative to the project root (the directory holding `rules/`), never absolute, so a
report can be verified on another machine from a checkout of the same data. The receipt is embedded in both
renderings as JSON between fixed markers: in HTML a `<script type="application/json" id="scrutineer-receipt">`
element, in Markdown a fenced block opened by "```json scrutineer-receipt".
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from validator import __version__
from validator.pipeline import SeasonRun, find_rules_root

FORMAT = "scrutineer-receipt/1"
HTML_BLOCK = re.compile(r'<script type="application/json" id="scrutineer-receipt">(.*?)</script>', re.S)
MD_BLOCK = re.compile(r"^```json scrutineer-receipt\n(.*?)\n```", re.S | re.M)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def project_root(season_dir: Path, rules_dir: Path | None = None) -> Path:
    """The directory input paths are given relative to: the parent of the rules directory."""
    rules = rules_dir or find_rules_root(season_dir)
    return (rules.resolve().parent if rules else season_dir.resolve())


def _relative(path: str | Path, root: Path) -> str:
    p = Path(path).resolve()
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.name  # outside the project: the name only (no absolute path of this machine in a report)


def git_commit(root: Path) -> str | None:
    """The commit checked out at the project root, if it is a git work tree (None otherwise)."""
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, encoding="utf-8",
                             errors="surrogateescape", check=False)
    except OSError:
        return None
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}", commit) else None


def uncommitted(root: Path, paths: list[str]) -> list[str]:
    """Which of the inputs differ from the checked-out commit (edited or untracked): the commit alone does not
    say what the report was computed from, the hashes do."""
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, encoding="utf-8",
                              errors="surrogateescape", check=False)

    try:
        # -z: names unquoted, relative to the top of the work tree; the prefix takes them to the project root
        out = git("status", "--porcelain", "-z", "--untracked-files=all", "--", *paths)
        prefix = git("rev-parse", "--show-prefix").stdout.strip()
    except OSError:
        return []
    if out.returncode != 0:
        return []
    names = [entry[3:] for entry in out.stdout.split("\0") if len(entry) > 3 and entry[2] == " "]
    return sorted(n[len(prefix):] if n.startswith(prefix) else n for n in names)


def receipt(run: SeasonRun, command: list[str], rules_dir: Path | None = None) -> dict[str, Any]:
    """What produced the report, and the sha256 of every file it was computed from."""
    root = project_root(Path(run.directory), rules_dir)
    files = [*run.season.files, run.ruleset.file]
    commit = git_commit(root)
    inputs = [{"path": _relative(f, root), "sha256": sha256(Path(f))} for f in files]
    return {
        "format": FORMAT,
        "scrutineer": __version__,
        "git_commit": commit,
        "uncommitted_inputs": uncommitted(root, [i["path"] for i in inputs]) if commit else [],
        "season": run.season.key,
        "season_dir": _relative(run.directory, root),
        "ruleset": {"id": run.ruleset.id, "version": run.ruleset.version},
        "command": command,
        "inputs": inputs,
    }


class Unreadable(Exception):
    """The report cannot be read, or holds no well-formed receipt."""


def extract(text: str) -> dict[str, Any]:
    """The receipt embedded in an HTML or Markdown report."""
    found = _block(text)
    if found is None:
        raise Unreadable("no scrutineer receipt in the report")
    try:
        data = json.loads(found.group(1))
    except json.JSONDecodeError as exc:
        raise Unreadable(f"the receipt is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Unreadable(f"the receipt is not in the {FORMAT} format")
    inputs = data.get("inputs")
    if not isinstance(inputs, list) or not all(isinstance(i, dict) and isinstance(i.get("path"), str)
                                               and isinstance(i.get("sha256"), str) for i in inputs):
        raise Unreadable("the receipt's inputs are not a list of {path, sha256}")
    for path in [i["path"] for i in inputs] + ([data["season_dir"]] if "season_dir" in data else []):
        if not isinstance(path, str) or not _inside_root(path):
            raise Unreadable(f"the receipt names {path!r}: a receipt names only relative paths inside the "
                             "project root (nothing outside it is read)")
    bad_hash = next((i["sha256"] for i in inputs if not SHA256.fullmatch(i["sha256"])), None)
    if bad_hash is not None:
        raise Unreadable(f"the receipt records {bad_hash!r}, which is not a sha256 (64 hex digits)")
    if not isinstance(data.get("season"), str):
        raise Unreadable("the receipt names no season")
    if "report_sha256" in data and not (isinstance(data["report_sha256"], str) and SHA256.fullmatch(data["report_sha256"])):
        raise Unreadable("the receipt's report_sha256 is not a sha256 (64 hex digits)")
    return data


SHA256 = re.compile(r"[0-9a-f]{64}")


def _inside_root(path: str) -> bool:
    """A path as `receipt` writes one: relative, '/'-separated, no '..', no '.'-only, no control character.
    Anything else in a receipt was not written by scrutineer and could lead `verify` outside the root."""
    parts = path.split("/")
    printable = all(c.isprintable() or "\udc80" <= c <= "\udcff" for c in path)  # a non-UTF-8 name is kept
    return (bool(path) and printable and "\\" not in path and not path.startswith("/")
            and ":" not in parts[0] and all(p not in ("", ".", "..") for p in parts))


def _block(text: str) -> re.Match[str] | None:
    return HTML_BLOCK.search(text) or MD_BLOCK.search(text)


def body_sha256(text: str) -> str | None:
    """The sha256 of a rendered report with its receipt's JSON left out (the receipt cannot hold a hash of
    itself): recorded as `report_sha256`, it lets `verify` tell an edited report from the one scrutineer wrote."""
    found = _block(text)
    if found is None:
        return None
    return hashlib.sha256((text[:found.start(1)] + text[found.end(1):]).encode("utf-8", "surrogatepass")).hexdigest()


def find_root(data: dict[str, Any], start: Path) -> Path:
    """The first of `start` and its parents under which the receipt's first input exists (else `start`)."""
    first = data["inputs"][0]["path"] if data["inputs"] else ""
    for d in [start.resolve(), *start.resolve().parents]:
        if (d / first).is_file():
            return d
    return start


def compare(data: dict[str, Any], root: Path) -> list[dict[str, str]]:
    """Each input of the receipt as {path, state}: `ok`, `changed` or `missing`; then every YAML file now in
    the season directory that the receipt does not name (`added`: the loader would read it)."""
    out = []
    named = set()
    for item in data["inputs"]:
        path = root / item["path"]
        named.add(Path(item["path"]).as_posix())
        if not path.is_file():
            out.append({"path": item["path"], "state": "missing", "recorded": item["sha256"]})
            continue
        if not _within(path, root):
            out.append({"path": item["path"], "state": "outside", "recorded": item["sha256"]})
            continue
        now = sha256(path)
        out.append({"path": item["path"], "state": "ok" if now == item["sha256"] else "changed",
                    "recorded": item["sha256"], "now": now})
    season_dir = data.get("season_dir")
    if isinstance(season_dir, str) and season_dir and (root / season_dir).is_dir():
        for path in sorted((root / season_dir).rglob("*.yaml")):
            rel = path.relative_to(root).as_posix()
            if rel not in named:  # named only: a new file is reported, never read
                out.append({"path": rel, "state": "added"})
    return out


def _within(path: Path, root: Path) -> bool:
    """Does `path` (after following symbolic links) stay inside `root`?"""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True
