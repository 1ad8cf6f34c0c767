"""No tracked file holds an absolute path of the machine it was written on (a build machine's folders, a home
directory, a temp folder, a Windows drive): data outside the repository is named by a relative path
(`../shared/data/...`), by title, or found through an environment variable."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# the top folders work, home, root, tmp, Users, or a drive letter with a backslash (samples below are built from
# pieces so that this file does not match itself)
MACHINE_PATH = re.compile(r"(?<![\w.-])/(?:work|home|root|tmp|Users)/|(?<![\w])[A-Za-z]:\\(?=[\w.])")

# tracked files where such a path is the point (e.g. a bad-input case about paths): file -> why
ALLOWED: dict[str, str] = {}


def tracked() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: `git ls-files` unavailable")
    return [name for name in listed.decode("utf-8").split("\0") if name]


def test_no_tracked_file_holds_an_absolute_path_of_this_machine() -> None:
    hits = []
    for name in tracked():
        if name in ALLOWED:
            continue
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the working tree
        text = path.read_bytes().decode("utf-8", "replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if MACHINE_PATH.search(line):
                hits.append(f"{name}:{number}: {line.strip()[:120]}")
    assert not hits, "absolute machine paths in tracked files:\n" + "\n".join(hits[:20])


@pytest.mark.parametrize("text", ["see /" + "work/shared/data/f1db", "cd /" + "home/ann/repo", "/" + "tmp/x.yaml",
                                  "C:" + "\\Users\\ann", "(/" + "root/.cache)"])
def test_the_scan_finds_machine_paths(text: str) -> None:
    assert MACHINE_PATH.search(text)


@pytest.mark.parametrize("text", ["../shared/data/f1db", "https://example.org/home/page", "seasons/tmp/x",
                                  "rules/porsche-supercup/2007.yaml", "time 1:30.5"])
def test_the_scan_leaves_relative_paths_and_urls(text: str) -> None:
    assert not MACHINE_PATH.search(text)
