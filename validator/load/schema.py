"""Schema stage: check a loaded document against one of the shipped JSON Schemas and locate every error."""
from __future__ import annotations

import datetime
import json
from functools import lru_cache
from importlib import resources

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from validator.findings import Finding
from validator.load.yaml_loader import Document

SCHEMA_NAMES = ("season", "round", "standings", "ruleset", "exceptions")


@lru_cache(maxsize=None)
def _registry() -> tuple[Registry, dict[str, dict]]:
    schemas = {}
    for name in SCHEMA_NAMES:
        text = resources.files("validator.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
        schemas[name] = json.loads(text)
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return registry, schemas


@lru_cache(maxsize=None)
def validator_for(name: str) -> Draft202012Validator:
    registry, schemas = _registry()
    return Draft202012Validator(schemas[name], registry=registry)


def schema_document(name: str) -> dict:
    return _registry()[1][name]


def _yaml11_hint(value: object) -> str:
    """PyYAML reads some unquoted words as non-strings (YAML 1.1); say so where a string was expected."""
    if isinstance(value, bool):
        return " (YAML reads unquoted yes/no/on/off as true/false: quote it)"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return " (YAML reads an unquoted date as a date: quote it)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return " (an unquoted 1:30 or 1.50 is read as a number: quote it if it is text)"
    return ""


def _message(error: ValidationError) -> str:
    message = error.message
    if error.validator == "type" and "string" in str(error.validator_value):
        message += _yaml11_hint(error.instance)
    if len(message) > 300:
        message = message[:297] + "..."
    return message


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf failures, jsonschema's best_match picks the most relevant nested error."""
    if error.context:
        return best_match(error.context)
    return error


def check(doc: Document, name: str, verbose: bool = False) -> list[Finding]:
    findings = []
    for error in validator_for(name).iter_errors(doc.data):
        chosen = _deepest(error)
        path = tuple(chosen.absolute_path)
        where = "/".join(str(p) for p in path) or "(top)"
        detail = {"path": where, "schema": name}
        if verbose and error.context:
            detail["alternatives"] = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in error.context]
        findings.append(Finding("SCHEMA001", f"{where}: {_message(chosen)}", doc.loc(path), detail=detail))
    return findings
