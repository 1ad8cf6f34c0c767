"""How a plain YAML scalar is read, and the composer that reads it.

YAML 1.1 (what PyYAML implements) and YAML 1.2 (what most other tools implement) disagree on plain scalars such as
`yes`, `1:30` or `010`; the resolver here tags every scalar, and `_ambiguous` says why one is refused (YAML006).
The composer is PyYAML's C composer (pure-Python fallback) with a memoised resolver: nothing is constructed by
PyYAML, so no tag can ever turn into an object.
"""
from __future__ import annotations

import re

import yaml
from yaml.nodes import ScalarNode, SequenceNode

try:  # the C composer is several times faster; the pure-Python one gives the same nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = TAG + "str", TAG + "int", TAG + "float", TAG + "bool", TAG + "null"
MAP, SEQ, MERGE, TIMESTAMP = TAG + "map", TAG + "seq", TAG + "merge", TAG + "timestamp"
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, TAG + "value", TAG + "yaml", "tag:scrutineer.invalid,2024:yaml12-number"}
_AS_STR = {STR, TAG + "value", TAG + "yaml"}  # `=` and `!` plain scalars: YAML 1.1 oddities, text for us

# What YAML 1.2 (core schema) reads the same way as YAML 1.1 does. Anything else that 1.1 resolves to a
# non-string is ambiguous between the two and refused (YAML006).
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_YAML12_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z|0o[0-7]+\Z")
AMBIGUOUS12 = "tag:scrutineer.invalid,2024:yaml12-number"  # text to YAML 1.1, a number to YAML 1.2
_PLAIN_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

_SHOWN = 24  # longer numbers are not converted just to show their value in a message (a 5000-digit octal
#             number would take Python's int-to-text conversion past its limit)
_constructor = yaml.SafeLoader("")  # turns an int/float/timestamp scalar into its value (never called on tags)


class _Refused(Exception):
    """A scalar that cannot be accepted; carries (code, message)."""


def _clip(text: str) -> str:
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}..."


def _ambiguous(tag: str, text: str) -> str | None:
    """Why a plain scalar YAML 1.1 resolved to `tag` is refused, or None when it is unambiguous."""
    shown = _clip(text)
    if tag == INT:
        if _PLAIN_INT.match(text):
            return None
        short = len(text) <= _SHOWN
        value = _constructor.construct_yaml_int(ScalarNode(tag, text)) if short else None
        if ":" in text:
            kind = "sexagesimal (base 60) number"
        elif text.lstrip("+-").startswith(("0x", "0b")) or "_" in text:
            kind = "number"
        else:
            kind = "octal number"
        if value is None:
            return f"YAML 1.1 reads {shown!r} as a long {kind}, YAML 1.2 differently: quote it if it is text"
        return f"YAML 1.1 reads {text!r} as the {kind} {value}, YAML 1.2 differently: quote it if it is text, or write {value}"
    if tag == FLOAT:
        if _PLAIN_FLOAT.match(text) and "_" not in text:
            return None
        if ":" in text:
            value = round(_constructor.construct_yaml_float(ScalarNode(tag, text)), 9) if len(text) <= _SHOWN else None
            number = "number" if value is None else f"number {value}"
            return (f"YAML 1.1 reads {shown!r} as the sexagesimal (base 60) {number}: quote it "
                    f"(\"{shown}\") if it is a time or text")
        return f"{shown!r} is not a plain finite decimal number: quote it if it is text"
    if tag == BOOL:
        if text in _PLAIN_BOOL:
            return None
        truth = "true" if text.lower() in ("yes", "on") else "false"
        return (f"YAML 1.1 reads {text!r} as the boolean {truth}, YAML 1.2 as text: "
                f"quote it (\"{text}\") if it is text, or write true/false")
    if tag == AMBIGUOUS12:
        return f"YAML 1.2 reads {shown!r} as a number, YAML 1.1 as text: quote it (\"{shown}\") if it is text"
    if tag == TIMESTAMP:
        return f"YAML reads an unquoted {shown!r} as a date, not text: quote it (\"{shown}\")"
    return None


def _make_loader(base: type) -> type:
    """A composer on `base` (C or pure Python) with a memoised implicit resolver: the regex resolver is the hot
    spot of composing."""
    memo: dict[str, str] = {}

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        def resolve(self, kind, value, implicit, _memo=memo, _scalar=ScalarNode, _sequence=SequenceNode):
            if kind is _scalar:
                if not implicit[0]:  # quoted, or tagged with the non-specific "!"
                    return STR
                tag = _memo.get(value)
                if tag is None:
                    tag = base.resolve(self, kind, value, implicit)
                    if tag == STR and _YAML12_NUMBER.match(value):
                        tag = AMBIGUOUS12
                    if len(_memo) > 200_000:
                        _memo.clear()
                    _memo[value] = tag
                return tag
            return SEQ if kind is _sequence else MAP

        # No path resolvers are registered, yet the composer calls these two for every node. Any C callable that
        # takes these arguments and does nothing observable saves a Python frame per node.
        descend_resolver = staticmethod(slice)   # descend_resolver(parent, index)
        ascend_resolver = staticmethod(tuple)    # ascend_resolver()

    StrictLoader.__name__ = StrictLoader.__qualname__ = f"Strict{base.__name__}"
    return StrictLoader


_StrictLoader = _make_loader(_BaseLoader)


def compose(text: str) -> yaml.Node | None:
    loader = _StrictLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()

