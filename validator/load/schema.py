"""Schema stage: check a loaded document against one of the shipped JSON Schemas and locate every error.

A compiled predicate (validator/load/fastschema.py) accepts valid documents quickly; `jsonschema` explains the
invalid ones. Every error becomes a SCHEMA001 finding at the exact line:col of the offending value (or key),
all errors of a file at once. For a value that fits none of several alternatives (`oneOf`/`anyOf`), the message
is jsonschema's best match, and with `--verbose` (`set_verbose(True)`) every alternative's complaint follows.
"""
from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from typing import TYPE_CHECKING

from referencing import Registry, Resource

from validator.findings import Finding, Location
from validator.load.fastschema import Check, compile_schema
from validator.load.numbers import FORMATS, NumberError
from validator.load.yaml_loader import Document

if TYPE_CHECKING:  # jsonschema is imported only to explain a file that fails the compiled check
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError

SCHEMA_NAMES = ("season", "round", "standings", "ruleset", "exceptions", "claims")

_VERBOSE = False


def set_verbose(flag: bool) -> None:
    """`scrutineer check --verbose`: list every alternative of a failed oneOf/anyOf, not just the best match."""
    global _VERBOSE
    _VERBOSE = bool(flag)


def _names() -> list[str]:
    found = []
    for name in SCHEMA_NAMES:
        if resources.files("validator.schemas").joinpath(f"{name}.schema.json").is_file():
            found.append(name)
    return found


@lru_cache(maxsize=None)
def _registry() -> tuple[Registry, dict[str, dict]]:
    schemas = {}
    for name in _names():
        text = resources.files("validator.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
        schemas[name] = json.loads(text)
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return registry, schemas


def format_checker() -> FormatChecker:
    """jsonschema's format checker for the formats the schemas assert: exactly validator.load.numbers.FORMATS
    (the same functions the compiled check calls; no other format is asserted)."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, (conforms, _) in FORMATS.items():
        checker.checks(name, raises=NumberError)(conforms)
    return checker


@lru_cache(maxsize=None)
def validator_for(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    registry, schemas = _registry()
    return Draft202012Validator(schemas[name], registry=registry, format_checker=format_checker())


@lru_cache(maxsize=None)
def fast_check(name: str) -> Check | None:
    registry, schemas = _registry()
    return compile_schema(schemas[name], registry)


def schema_document(name: str) -> dict:
    return _registry()[1][name]


# ---------------------------------------------------------------- messages

def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, Decimal)):
        return "number"
    if value is None:
        return "empty value (null)"
    return {dict: "mapping", list: "list", str: "text"}.get(type(value), type(value).__name__)


def _wants_integer(error: ValidationError) -> bool:
    return error.validator == "type" and "integer" in str(error.validator_value) and "number" not in str(
        error.validator_value)


def _decimal_hint(error: ValidationError) -> str:
    """A decimal (`4.0`) where a whole number is required: say how to write it (the strict reading of
    validator/load/numbers.py: a decimal point makes a decimal, even when the value is whole)."""
    value = error.instance
    wanted = [e for e in [error, *(error.context or ())] if _wants_integer(e)]
    if not isinstance(value, Decimal) or not wanted:
        return ""
    if value == value.to_integral_value():
        return f" (a decimal point makes {value} a decimal: write {int(value)} where a whole number is required)"
    if any("string" in str(e.validator_value) for e in wanted):
        return f" (a fractional figure of the rules is written quoted, '{value}', and read exactly)"
    return " (a whole number is required here)"


def _hint(doc: Document, error: ValidationError) -> str:
    """Say how the YAML was read when a text was expected and a plain (unquoted) scalar gave something else."""
    decimal = _decimal_hint(error)
    if decimal:
        return decimal
    expects_text = (error.validator == "type" and "string" in str(error.validator_value)) or (
        error.validator in ("enum", "const", "pattern") and not isinstance(error.instance, str))
    if not expects_text or isinstance(error.instance, (str, dict, list)):
        return ""
    text = doc.scalar_text(tuple(error.absolute_path))
    if text is None:
        return ""
    if error.instance is None:
        return f" (YAML reads an unquoted {text!r} as null: quote it if it is text)" if text else \
            " (the value is empty: write it, or quote \"\" for empty text)"
    return f" (YAML reads an unquoted {text!r} as a {_kind(error.instance)}: quote it, \"{text}\", if it is text)"


def _short(error: ValidationError) -> str:
    """jsonschema's message, without a long repr of the instance at its start."""
    message = error.message
    if error.validator == "not" and isinstance(error.validator_value, dict) \
            and set(error.validator_value) == {"required"} and len(error.validator_value["required"]) == 1:
        return f"'{error.validator_value['required'][0]}' is not allowed here"
    shown = repr(error.instance)
    if len(shown) > 60 and message.startswith(shown):
        message = f"this {_kind(error.instance)}{message[len(shown):]}"
    return message


def _alternatives(error: ValidationError) -> list[str]:
    out = []
    for e in sorted(error.context or (), key=lambda e: (list(e.relative_schema_path), e.message)):
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        out.append(f"{where}: {_short(e)}")
    return out


def _explain(doc: Document, error: ValidationError) -> tuple[ValidationError, str]:
    """The error to point at and its message: the best match inside oneOf/anyOf, or a summary of alternatives
    that all failed on the value itself (e.g. a position that is neither an integer nor a known mark)."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        if all(not e.relative_path for e in error.context):
            branches: dict[Any, list[str]] = {}
            for e in error.context:
                branches.setdefault(e.relative_schema_path[0], []).append(_short(e))
            shown = repr(error.instance) if len(repr(error.instance)) <= 60 else f"this {_kind(error.instance)}"
            parts = ["; ".join(v) for _, v in sorted(branches.items(), key=lambda kv: str(kv[0]))]
            return error, f"{shown} fits none of the allowed forms: " + " | ".join(parts) + _hint(doc, error)
        from jsonschema.exceptions import best_match

        chosen = best_match(error.context)
        return chosen, _short(chosen) + _hint(doc, chosen)
    return error, _short(error) + _hint(doc, error)


def _where(doc: Document, error: ValidationError) -> Location:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = set(schema.get("properties", {}))
        extras = [k for k in error.instance if k not in known]
        if extras and not schema.get("patternProperties"):
            return doc.loc_key(path, extras[0])
    if "propertyNames" in list(error.absolute_schema_path):
        key = error.instance
        if isinstance(key, str):
            return doc.loc_key(path, key)
    return doc.loc(path)


def check(doc: Document, name: str, verbose: bool | None = None) -> list[Finding]:
    fast = fast_check(name)
    if fast is not None and fast(doc.data):
        return []
    verbose = _VERBOSE if verbose is None else verbose
    findings = []
    for error in validator_for(name).iter_errors(doc.data):
        chosen, message = _explain(doc, error)
        path = tuple(chosen.absolute_path)
        where = "/".join(str(p) for p in path) or "(top)"
        detail: dict[str, Any] = {"path": where, "schema": name}
        if verbose and error.context:
            alternatives = _alternatives(error)
            detail["alternatives"] = alternatives
            message += " [alternatives: " + " | ".join(alternatives) + "]"
        if len(message) > 400 and not verbose:
            message = message[:397] + "..."
        code = "SCHEMA001"
        if chosen.validator == "format" and isinstance(chosen.cause, NumberError):  # the one number reader's code
            code, message = chosen.cause.code, chosen.cause.message
        findings.append(Finding(code, f"{where}: {message}", _where(doc, chosen), detail=detail))
    findings.sort(key=lambda f: (f.location.line or 0, f.location.col or 0, f.message) if f.location else (0, 0, ""))
    return findings
