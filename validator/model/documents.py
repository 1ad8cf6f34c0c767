"""Reading one record file for the model stage: the path as findings show it, load + schema check, and a
declared figure as an exact number (shared by the season and the ruleset builders)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from validator.findings import Finding, InputError
from validator.load import numbers, schema
from validator.load.yaml_loader import Document, load_file
from validator.model.published import Declared


def display_path(path: Path) -> str:
    """`path` as findings show it: relative to the working directory when it lies below it. The directory is
    resolved, the name is not: a symbolic link is shown by its own name, not by where it leads."""
    name = os.path.basename(path)
    real = os.path.join(_real(os.path.dirname(path) or "."), name) if name not in ("", ".", "..") \
        else os.path.realpath(path)
    cwd = _cwd()
    if real == cwd:
        return "."
    prefix = cwd.rstrip(os.sep) + os.sep
    return real[len(prefix):] if real.startswith(prefix) else str(path)


@lru_cache(maxsize=4)
def _real(directory: str) -> str:
    return os.path.realpath(directory)


def _cwd() -> str:
    return _real(os.getcwd())


def load_checked(path: Path, schema_name: str, findings: list[Finding]) -> Document | None:
    """Load one YAML file and check it against its schema; findings are appended, None when unusable."""
    try:
        doc = load_file(path, display_path(path))
    except InputError as exc:
        findings.extend(exc.findings)
        return None
    errors = schema.check(doc, schema_name)
    findings.extend(errors)
    return None if errors else doc


def parse_number(value: Any) -> Declared:
    """A declared figure, exact: an int when whole (most are, and int arithmetic is ~20x faster), else a Fraction
    (4.5 -> 9/2, never a binary float), with its text as printed. Read by validator/load/numbers.py, the reader
    the schema's `exact-number` format already ran on this value."""
    if type(value) is int:
        return Declared(value, str(value))
    return Declared(numbers.read(value), numbers.text_of(value))
