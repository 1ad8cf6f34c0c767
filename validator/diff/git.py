"""The git side of `scrutineer diff`: which files changed since a ref, and the ref's version of some of them.

Only read-only git plumbing is used (`rev-parse`, `diff`, `ls-files`, `ls-tree`, `archive`); the base version is
written into a temporary directory the caller owns, never into the user's working tree. Every failure is a
`GitError` carrying one finding (DIFF001-DIFF003), so the command exits 2 with a message instead of a traceback.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path, PurePosixPath

from validator.findings import Finding


class GitError(Exception):
    def __init__(self, finding: Finding):
        super().__init__(str(finding))
        self.finding = finding


def _git(repo: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        # literal pathspecs: a path is a path (":", "*" in a name are not pathspec magic)
        # a file name that is not UTF-8 comes back as the same surrogate-escaped str the os module uses
        text = {} if binary else {"encoding": "utf-8", "errors": "surrogateescape"}
        return subprocess.run(["git", "--literal-pathspecs", "-C", str(repo), *args], capture_output=True,
                              timeout=600, **text)
    except FileNotFoundError as exc:
        raise GitError(Finding("DIFF001", f"git is not available: {exc}")) from exc


def _stderr(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr if isinstance(proc.stderr, str) else proc.stderr.decode("utf-8", "replace")
    return " ".join(err.split())[:300]


def repo_root(start: Path) -> Path:
    """The top of the git work tree holding `start` (DIFF001 when there is none)."""
    proc = _git(start, "rev-parse", "--show-toplevel")
    if proc.returncode != 0:
        raise GitError(Finding("DIFF001", f"{start} is not inside a git work tree ({_stderr(proc)})"))
    return Path(proc.stdout.strip())


def resolve(repo: Path, ref: str) -> str:
    """The commit id `ref` names (DIFF002 for an unknown ref; a ref starting with '-' is never an option)."""
    if ref.startswith("-"):
        raise GitError(Finding("DIFF002", f"{ref!r} is not a git ref"))
    proc = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if proc.returncode != 0 or not proc.stdout.strip():
        raise GitError(Finding("DIFF002", f"unknown git ref {ref!r} in {repo}"))
    return proc.stdout.strip()


def changed_paths(repo: Path, commit: str) -> list[str]:
    """Paths (relative to the repo, '/'-separated) that differ between `commit` and the working tree: committed,
    staged and unstaged changes, deletions, and untracked files that are not ignored."""
    diff = _git(repo, "diff", "--name-only", "--no-renames", "-z", commit, "--")
    if diff.returncode != 0:
        raise GitError(Finding("DIFF003", f"git diff {commit[:12]} failed: {_stderr(diff)}"))
    untracked = _git(repo, "ls-files", "--others", "--exclude-standard", "-z")
    if untracked.returncode != 0:
        raise GitError(Finding("DIFF003", f"git ls-files failed: {_stderr(untracked)}"))
    paths = {p for p in diff.stdout.split("\0") if p} | {p for p in untracked.stdout.split("\0") if p}
    return sorted(paths)


def files_at(repo: Path, commit: str) -> list[str]:
    """Every file path of `commit`."""
    proc = _git(repo, "ls-tree", "-r", "--name-only", "-z", commit)
    if proc.returncode != 0:
        raise GitError(Finding("DIFF003", f"git ls-tree {commit[:12]} failed: {_stderr(proc)}"))
    return [p for p in proc.stdout.split("\0") if p]


def materialise(repo: Path, commit: str, paths: list[str], into: Path) -> None:
    """Write the files of `commit` under `paths` (files or directories of that commit) into `into`."""
    if not paths:
        return
    proc = _git(repo, "archive", "--format=tar", commit, "--", *paths, binary=True)
    if proc.returncode != 0:
        raise GitError(Finding("DIFF003", f"git archive {commit[:12]} failed: {_stderr(proc)}"))
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        for member in archive.getmembers():
            if not (member.isfile() or member.isdir()) or not _inside(member.name):
                continue  # links and odd entries are not rule or season data; never written outside `into`
            archive.extract(member, into, filter="data") if _has_filter() else archive.extract(member, into)


def _inside(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def _has_filter() -> bool:
    return hasattr(tarfile, "data_filter")
