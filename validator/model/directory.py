"""Completeness of a season directory and the identity of its files: the verdict rests on everything given.

* **FILE001** (error) a file that looks like part of the season record (YAML, JSON, CSV, ..., or anything in
  `rounds/`) is not read: `standing.yaml`, `rounds/03-monza.yml`, `exceptions.yaml.bak`. A verdict that silently
  rests on fewer files than the user gave is not a verdict, so the season is invalid input until the file is
  renamed or removed.
* **FILE002** (warning) any other file that is not read (`notes.pdf`). Documentation is read by people, not by
  scrutineer, and is allowed by an explicit rule: a file named README, NOTICE, TRANSCRIPTION, LICENSE/LICENCE,
  SOURCES, NOTES or CHANGELOG (any case), with no extension or `.md`, `.txt`, `.rst`; and `.gitkeep`.
* **REF008** (error) a season directory named like a year (`2007/`) whose season.yaml says another `season:`, or
  a series directory (`seasons/<series>/<year>/`) whose name differs from the season's `series:`.
* **REF009** (error) a round file named with a number (`03-monza.yaml`) that holds another `round:`, or a round
  whose calendar row names a `file:` other than the one holding it.
* **CONS007** (error) an id defined twice in season.yaml (`drivers`, `teams`).
* **CONS008** (error) one session named twice in one round file.

Non-regular paths (symlinks, FIFOs, ...) are the loader's concern; this module reports regular files only.
"""
from __future__ import annotations

import difflib
import os
import re
import stat
from pathlib import Path

from validator.findings import Finding, Location
from validator.load.yaml_loader import Document

READ_NAMES = ("season.yaml", "standings.yaml", "exceptions.yaml")
DOC_STEMS = frozenset({"README", "NOTICE", "TRANSCRIPTION", "LICENSE", "LICENCE", "SOURCES", "NOTES", "CHANGELOG"})
DOC_SUFFIXES = frozenset({"", ".md", ".txt", ".rst"})
DATA_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".tsv", ".toml", ".xml")
_NUMBERED = re.compile(r"^0*(\d+)(?=[-_.])")


def is_documentation(name: str) -> bool:
    """The explicit rule for files scrutineer does not read and does not report."""
    path = Path(name)
    return name == ".gitkeep" or (path.stem.upper() in DOC_STEMS and path.suffix.lower() in DOC_SUFFIXES)


def unread_files(directory: Path, read: set[Path], display) -> list[Finding]:
    """FILE001/FILE002: every regular file under the season directory that the model did not read.
    Subdirectories holding their own season.yaml are other seasons and are not looked into."""
    findings = []
    read = {os.path.realpath(p) for p in read}
    for root, dirs, files in os.walk(directory):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not (here / d / "season.yaml").exists()
                         and not os.path.islink(here / d))
        for name in sorted(files):
            path = here / name
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    continue
            except OSError:
                continue
            if os.path.realpath(path) in read:
                continue
            finding = _unread(path, path.relative_to(directory), display(path))
            if finding is not None:
                findings.append(finding)
    return findings


def _unread(path: Path, relative: Path, shown: str) -> Finding | None:
    if is_documentation(path.name):
        return None
    in_rounds = relative.parts[0] == "rounds"  # rounds/ holds round files only (a file named `rounds` too)
    looks_like_data = in_rounds or any(s in path.name.lower() for s in DATA_SUFFIXES)
    hint = _hint(relative)
    if looks_like_data:
        return Finding("FILE001", f"{relative.as_posix()} is not read: a season is season.yaml, standings.yaml, "
                       f"exceptions.yaml and rounds/*.yaml{hint}; the verdict would rest on less than was given, "
                       f"so rename or remove the file", Location(shown, 1, 1))
    return Finding("FILE002", f"{relative.as_posix()} is not read (not a season file, and not documentation: "
                   f"README, NOTICE, TRANSCRIPTION, LICENSE, SOURCES, NOTES, CHANGELOG as .md/.txt/.rst){hint}",
                   Location(shown, 1, 1))


def _hint(relative: Path) -> str:
    if relative.parts[0] == "rounds" and len(relative.parts) == 2:
        stem = relative.name.split(".")[0]
        return f" (a round file is rounds/{stem}.yaml)" if stem else ""
    close = difflib.get_close_matches(relative.as_posix(), READ_NAMES, n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


# ---------------------------------------------------------------- identity of the files

def identity_findings(directory: Path, sdoc: Document, round_files: list[Path],
                      rdocs: list[Document]) -> list[Finding]:
    """REF008 (season directory), REF009 (round file names), CONS007 (ids twice), CONS008 (a session twice)."""
    data = sdoc.data
    out = []
    name = directory.resolve().name
    if name.isdigit() and int(name) != data["season"]:
        out.append(Finding("REF008", f"the directory {name}/ holds `season: {data['season']}`: move the record "
                           f"to {data['season']}/ or correct the season", sdoc.loc(("season",))))
    parent = directory.resolve().parent
    if parent.parent.name == "seasons" and parent.name != data["series"]:
        out.append(Finding("REF008", f"the directory seasons/{parent.name}/ holds `series: {data['series']}`",
                           sdoc.loc(("series",))))
    named = {c["round"]: (c["file"], i) for i, c in enumerate(data["calendar"]) if "file" in c}
    for path, doc in zip(round_files, rdocs):
        number = doc.data["round"]
        m = _NUMBERED.match(path.name)
        if m and int(m.group(1)) != number:
            out.append(Finding("REF009", f"{path.name} holds `round: {number}`: its name says round {m.group(1)}",
                               doc.loc(("round",))))
        if number in named and Path(named[number][0]).name != path.name:
            out.append(Finding("REF009", f"the calendar says round {number} is in {named[number][0]}, but "
                               f"{path.name} holds it", doc.loc(("round",))))
    present = {doc.data["round"] for doc in rdocs}
    for number, (file, i) in named.items():
        if number not in present:
            out.append(Finding("REF009", f"round {number}: the calendar names {file}, which holds no round "
                               f"{number}", sdoc.loc(("calendar", i, "file"))))
    out += _twice(sdoc, "drivers") + _twice(sdoc, "teams")
    for doc in rdocs:
        seen: dict[str, int] = {}
        for i, s in enumerate(doc.data["sessions"]):
            if s["session"] in seen:
                out.append(Finding("CONS008", f"round {doc.data['round']}: session {s['session']!r} given twice "
                                   f"(first as sessions/{seen[s['session']]})", doc.loc(("sessions", i))))
            seen.setdefault(s["session"], i)
    return out


def _twice(sdoc: Document, key: str) -> list[Finding]:
    out, seen = [], {}
    for i, row in enumerate(sdoc.data.get(key, [])):
        if row["id"] in seen:
            first = seen[row["id"]]
            out.append(Finding("CONS007", f"{key}: id {row['id']!r} defined twice (first at line {first.line})",
                               sdoc.loc((key, i))))
        seen.setdefault(row["id"], sdoc.loc((key, i)))
    return out
