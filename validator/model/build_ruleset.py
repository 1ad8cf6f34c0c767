"""Model stage for rulesets: a validated ruleset document -> a typed, located `Ruleset` (every clause with its
place), its components' parameters checked."""
from __future__ import annotations

import hashlib
from pathlib import Path

from validator.findings import Finding
from validator.load.yaml_loader import Document
from validator.model.documents import load_checked
from validator.model.rules import ClassificationRules, Clause, Ruleset


def build_ruleset(doc: Document, raw: bytes) -> Ruleset:
    data = doc.data
    classifications = {}
    for name, cls in data["classifications"].items():
        base = ("classifications", name)

        def clause(item: dict, path: tuple, stage: str) -> Clause:
            params = {k: v for k, v in item.items() if k not in ("use", "source", "unsourced", "reason", "note")}
            src = item.get("source", ())
            src = (src,) if isinstance(src, str) else tuple(src)
            return Clause(item["use"], params, src, bool(item.get("unsourced")), item.get("reason"),
                          doc.loc(path), stage, name)

        def clauses(stage: str) -> list[Clause]:
            return [clause(item, base + (stage, i), stage) for i, item in enumerate(cls.get(stage, []))]

        classifications[name] = ClassificationRules(
            name=name, subject=cls["subject"],
            eligibility=clauses("eligibility"), points=clauses("points"),
            counting=clause(cls["counting"], base + ("counting",), "counting"),
            tie_break=clauses("tie_break"), adjustments=clauses("adjustments"))
    effective = data["effective"]
    return Ruleset(data["ruleset"], data["version"], effective["from"], effective.get("to"),
                   list(data["sessions"]), classifications, doc.file, doc.loc(()),
                   hashlib.sha256(raw).hexdigest(), list(data.get("notes", [])), data.get("supersedes"))


def load_ruleset(path: Path, findings: list[Finding]) -> Ruleset | None:
    doc = load_checked(path, "ruleset", findings)
    if doc is None:
        return None
    ruleset = build_ruleset(doc, doc.text.encode("utf-8"))  # the bytes read (strict UTF-8 round-trips), not a re-read
    from validator.components import check_clauses  # components register themselves on import
    findings.extend(check_clauses(ruleset))
    return ruleset
