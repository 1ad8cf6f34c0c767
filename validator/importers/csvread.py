"""CSV files of an import source read strictly: every problem is a finding at file:line (exit 2), never a traceback.

A column spec names the columns the importer reads and the form of each value; the reader checks the header, the
number of fields of every row and every value, and collects every problem of every file before giving up.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Callable

from validator.findings import Finding, Location

# the form of a value: a predicate and its description for the message
Form = tuple[Callable[[str], bool], str]

INT: Form = (lambda v: re.fullmatch(r"-?[0-9]+", v) is not None, "a whole number")
OPT_INT: Form = (lambda v: v == "" or re.fullmatch(r"-?[0-9]+", v) is not None, "empty or a whole number")
TEXT: Form = (lambda v: v != "", "not empty")
ANY: Form = (lambda v: True, "any text")


def one_of(*values: str) -> Form:
    return (lambda v: v in values, "one of " + ", ".join(repr(x) for x in values))


def pattern(regex: str, description: str) -> Form:
    compiled = re.compile(regex)
    return (lambda v: compiled.fullmatch(v) is not None, description)


class Row(dict):
    """One CSV row (column -> text) that remembers where it was read (`where`: a Location)."""

    __slots__ = ("where",)


def _decode(path: Path, display: str, findings: list[Finding]) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        findings.append(Finding("IMP001", f"cannot read {display}: {exc.strerror or exc}", Location(display)))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        findings.append(Finding("IMP002", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}): the extract is UTF-8 CSV",
                                Location(display, line, col)))
        return None


def read(path: Path, display: str, spec: dict[str, Form], findings: list[Finding]) -> list[Row]:
    """The rows of one CSV file; problems go to `findings` (and no rows are returned for a file that has any)."""
    text = _decode(path, display, findings)
    if text is None:
        return []
    before = len(findings)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        findings.append(Finding("IMP004", f"malformed CSV: {exc}", Location(display, 1, 1)))
        return []
    if header is None:
        findings.append(Finding("IMP003", f"empty file: no header line (needs {', '.join(spec)})", Location(display, 1, 1)))
        return []
    missing = [c for c in spec if c not in header]
    if missing:
        findings.append(Finding("IMP003", f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                                f"(header: {','.join(header)})", Location(display, 1, 1)))
        return []
    rows: list[Row] = []
    start = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            findings.append(Finding("IMP004", f"malformed CSV (truncated?): {exc}", Location(display, start, 1)))
            break
        where = Location(display, start, 1)
        start = reader.line_num + 1
        if not fields:
            continue
        if len(fields) != len(header):
            findings.append(Finding("IMP004", f"row has {len(fields)} field(s), the header {len(header)} "
                                    "(truncated or an unquoted comma?)", where))
            continue
        row = Row(zip(header, fields))
        row.where = where
        for column, (ok, description) in spec.items():
            if not ok(row[column]):
                findings.append(Finding("IMP004", f"{column} {row[column]!r} is not {description}", where))
        rows.append(row)
    return rows if len(findings) == before else []
