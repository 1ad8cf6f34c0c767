"""Strict YAML: compose the node tree once (C loader when present), build plain values and keep every
value's line and column, keyed by its path. Only the YAML core schema's tags are accepted and nothing
loaded is ever executed; duplicate keys are refused showing both places.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from validator.findings import Finding, InputError, Location

try:  # the C loader is ~4.5x faster; the pure-Python one gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 2_000_000

_CORE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge",
}
_scalar_constructor = yaml.SafeLoader("")  # used only to turn resolved scalar nodes into values

Path_ = tuple  # a JSON-pointer-like path: ("sessions", 0, "results", 3, "pos")


@dataclass
class Document:
    """A loaded YAML file: plain data plus the position of every value, by path."""

    file: str
    data: Any
    marks: dict[tuple, tuple[int, int]]

    def loc(self, path: tuple = ()) -> Location:
        """Location of the value at `path`, or of its nearest located ancestor."""
        p = tuple(path)
        while p not in self.marks and p:
            p = p[:-1]
        line, col = self.marks.get(p, (1, 1))
        return Location(self.file, line, col)


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.marks: dict[tuple, tuple[int, int]] = {}
        self.count = 0
        self.findings: list[Finding] = []

    def where(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: tuple, depth: int, active: frozenset = frozenset()) -> Any:
        self.count += 1
        if depth > MAX_DEPTH or self.count > MAX_NODES:
            raise InputError([Finding("YAML004", f"nesting deeper than {MAX_DEPTH} or more than {MAX_NODES} "
                                      "values after alias expansion", self.where(node))])
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _CORE_TAGS:
            self.findings.append(Finding("YAML003", f"tag {node.tag!r} is not allowed; only plain YAML values "
                                         "are accepted", self.where(node)))
            return None
        if isinstance(node, yaml.ScalarNode):
            value = _scalar_constructor.construct_object(node)
            return value
        if id(node) in active:
            raise InputError([Finding("YAML004", "recursive alias", self.where(node))])
        active = active | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,), depth + 1, active) for i, child in enumerate(node.value)]
        return self.build_mapping(node, path, depth, active)

    def build_mapping(self, node: yaml.MappingNode, path: tuple, depth: int, active: frozenset) -> dict:
        out: dict = {}
        seen: dict[Any, yaml.Node] = {}
        merged: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for j, source in enumerate(sources):
                    value = self.build(source, path + ("<<", j), depth + 1, active)
                    if isinstance(value, dict):
                        for k, v in value.items():
                            merged.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _CORE_TAGS:
                self.findings.append(Finding("SCHEMA001", "mapping keys must be plain scalars", self.where(key_node)))
                continue
            key = _scalar_constructor.construct_object(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                self.findings.append(Finding("SCHEMA001", "mapping keys must be plain scalars", self.where(key_node)))
                continue
            if key in seen:
                first = seen[key]
                self.findings.append(Finding(
                    "YAML002",
                    f"duplicate key {key!r} (first at line {first.start_mark.line + 1}, "
                    f"col {first.start_mark.column + 1})", self.where(key_node)))
                continue
            seen[key] = key_node
            out[key] = self.build(value_node, path + (key,), depth + 1, active)
        for k, v in merged.items():
            out.setdefault(k, v)
        return out


def load_text(text: str, file: str) -> Document:
    """Parse YAML text. Raises InputError with every finding when the file is not acceptable."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError([Finding("YAML004", f"file larger than {MAX_BYTES} bytes", Location(file))])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise InputError([Finding("YAML001", problem or "invalid YAML", loc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Finding("YAML001", str(exc).splitlines()[0], Location(file))]) from None
    if node is None:
        return Document(file, None, {})
    builder = _Builder(file)
    try:
        data = builder.build(node, (), 0)
    except RecursionError:
        raise InputError([Finding("YAML004", "nesting too deep", Location(file))]) from None
    if builder.findings:
        raise InputError(builder.findings)
    return Document(file, data, builder.marks)


def load_file(path: Path, display: str | None = None) -> Document:
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Finding("YAML005", f"cannot read: {exc.strerror}", Location(name))]) from None
    if len(raw) > MAX_BYTES:
        raise InputError([Finding("YAML004", f"file larger than {MAX_BYTES} bytes", Location(name))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Finding("YAML005", f"not UTF-8 text (byte {exc.start})", Location(name))]) from None
    return load_text(text, name)
