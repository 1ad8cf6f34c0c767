"""`check --format sarif`: SARIF 2.1.0 for code scanning (e.g. github/codeql-action/upload-sarif).

One rule per finding code (its catalogue text, validator/findings.py), one result per distinct finding (a finding
several seasons report is one result listing them), 1-based line and column, and a `partialFingerprints` value
that depends on the code, file, message and seasons — not on the line, so a result keeps its identity when lines
above it move. Every array is present, empty when there is nothing (never null).
"""
from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from validator.findings import CATALOGUE
from validator.report.document import SEVERITIES_ALL, items
from validator.report.json_format import dumps
from validator.version import version

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "failure": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "scrutineerFinding/v1"


def _rules() -> list[dict[str, Any]]:
    return [{"id": code, "name": code, "shortDescription": {"text": text},
             "defaultConfiguration": {"level": LEVEL[severity]},
             "properties": {"severity": severity}}
            for code, (severity, text) in CATALOGUE.items()]


def _uri(path: str) -> str:
    """A relative URI reference: ' ', ':', '#', '%' percent-encoded; a name that was not UTF-8 on disk (its bytes
    kept as surrogate escapes) encoded as those bytes."""
    path = path.replace("\\", "/")
    try:
        return quote(path, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, safe="/", errors="backslashreplace")


def _location(f: dict[str, Any]) -> dict[str, Any]:
    uri = _uri(f["file"])
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    if f["line"]:
        physical["region"] = {"startLine": int(f["line"]), "startColumn": int(f["col"] or 1)}
    return {"physicalLocation": physical}


def _fingerprint(f: dict[str, Any], seasons: list[str], seen: dict[str, int]) -> str:
    text = "\0".join([f["code"], f["file"] or "", f["message"], *seasons])
    base = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    n = seen.get(base, 0)  # the same finding twice in one file: the second is told apart by its order
    seen[base] = n + 1
    return f"{base}:{n + 1}"


def render(document: dict[str, Any], verbose: bool = False) -> str:
    index = {code: i for i, code in enumerate(CATALOGUE)}
    seen: dict[str, int] = {}
    results = []
    for item in items(document, SEVERITIES_ALL):
        f = item.finding
        results.append({
            "ruleId": f["code"],
            "ruleIndex": index[f["code"]],
            "level": LEVEL[f["severity"]],
            "message": {"text": f["message"]},
            "locations": [_location(f)] if f["file"] else [],
            "partialFingerprints": {FINGERPRINT: _fingerprint(f, item.seasons, seen)},
            "properties": {"severity": f["severity"], "seasons": item.seasons},
        })
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "scrutineer", "version": version(), "rules": _rules()}},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory scrutineer ran in"}}},
            "columnKind": "unicodeCodePoints",  # columns count characters, as every scrutineer location does
            "results": results,
            "properties": {"summary": document["summary"]},
        }],
    }
    return dumps(log)
