"""Strict YAML: compose the node tree with PyYAML's C composer (pure-Python fallback), build plain values in one
tight pass, and locate every value - mapping, sequence, scalar or key - by its path (file, line, column):
mappings and sequences from a table of ints filled while building, scalars and keys by composing the text again
the first time a finding asks (rare: only files with findings pay for it).

Nothing is ever constructed by PyYAML's constructors (tags are refused before any value is built) and the
node tree is dropped after building: a million node and mark objects kept alive would slow every later
garbage collection.

Refused, each with a located finding:

* YAML001 syntax errors (and more than one document in a file);
* YAML002 duplicate keys, showing both places (merge keys ``<<`` still work: explicit keys override merged ones);
* YAML003 tags beyond the safe core (``!!python/...``, ``!!binary``, ``!!set``, local ``!tags``): nothing loaded is
  ever constructed as an object, let alone executed;
* YAML004 limits: file size, nesting depth, number of values after alias expansion (a billion-laughs file fails
  at its first oversized alias, in milliseconds), recursive aliases;
* YAML005 unreadable files (not UTF-8, control characters, I/O errors);
* YAML006 YAML 1.1 surprises that YAML 1.2 tools read differently: ``yes/no/on/off`` as booleans, sexagesimal
  ``1:30`` (= 90), octal ``010`` (= 8), ``0x``/``0b``/``1_000`` numbers, bare dates, ``.nan``/``.inf``;
* YAML007 mapping keys that are not plain strings (``1:``, ``no:``, ``? [a]``) and malformed merges;
* NUM001 numbers beyond the bounds of validator/load/numbers.py (which reads every number: a plain decimal is an
  exact ``Dec``, never a binary float).
"""
from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from validator.findings import Finding, InputError, Location
from validator.load.document import _COL, Document, _mark
from validator.load.files import PathError, read_regular
from validator.load.numbers import NumberError, literal_decimal, literal_int
from validator.load.scalars import (_AS_STR, _PLAIN_BOOL, _SCALAR_TAGS, AMBIGUOUS12, BOOL, FLOAT, INT, MAP, MERGE,
                                    NULL, SEQ, TIMESTAMP, _ambiguous, _BaseLoader, _Refused, compose)

__all__ = ["Document", "load_file", "load_text", "MAX_BYTES", "MAX_DEPTH", "MAX_NODES"]

MAX_BYTES = 4 * 1024 * 1024  # largest season file today is ~50 KB
MAX_DEPTH = 64               # deepest real document is ~8
MAX_NODES = 1_000_000        # values after alias expansion (what the schema stage and the model will walk)
# Beyond this bound on nesting the (recursive) C composer is not trusted with the file: depth is measured on the
# event stream first. The C composer overflows the C stack somewhere past ~20,000 levels.
_SAFE_NESTING_BOUND = 2_000
_KEEP_NODES = False  # nodes are composed again on demand: keeping ~1M node/mark objects alive slows the GC

_IN_PROGRESS = object()


class _Builder:
    """One pass over the composed nodes: plain values, every refusal collected (not just the first)."""

    def __init__(self, file: str):
        self.file = file
        self.count = 0
        self.findings: list[Finding] = []
        self.built: dict[int, Any] = {}   # id(collection node) -> its value; a second visit is an alias
        self.sizes: dict[int, int] = {}   # id(node) -> number of values once expanded
        self.scalars: dict[tuple[str, str], Any] = {}
        self.marks: dict[int, int] = {}

    def where(self, node: yaml.Node) -> Location:
        return _mark(self.file, node)

    def refuse(self, code: str, message: str, node: yaml.Node) -> None:
        self.findings.append(Finding(code, message, self.where(node)))

    def limit(self, message: str, node: yaml.Node) -> InputError:
        return InputError([*self.findings, Finding("YAML004", message, self.where(node))])

    def size(self, node: yaml.Node, depth: int = 0) -> int:
        """Values in `node` once every alias below it is expanded (memoised: linear in distinct nodes)."""
        if isinstance(node, ScalarNode):
            return 1
        key = id(node)
        n = self.sizes.get(key)
        if n is None:
            if depth > MAX_DEPTH:
                raise self.limit(f"nesting deeper than {MAX_DEPTH} levels", node)
            self.sizes[key] = MAX_NODES + 1  # a cycle counts as too big
            if isinstance(node, SequenceNode):
                n = 1 + sum(self.size(c, depth + 1) for c in node.value)
            else:
                n = 1 + sum(self.size(k, depth + 1) + self.size(v, depth + 1) for k, v in node.value)
            self.sizes[key] = n
        return n

    def scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag in _AS_STR:
            return text
        memo_key = (tag, text)
        try:
            value = self.scalars[memo_key]
        except KeyError:
            value = self.scalars[memo_key] = self._convert(tag, text)
        if isinstance(value, _Refused):
            code, message = value.args
            self.refuse(code, message, node)
            return None
        return value

    @staticmethod
    def _convert(tag: str, text: str) -> Any:
        if tag == NULL:
            return None
        if tag not in _SCALAR_TAGS:
            return _Refused("YAML003", f"tag {tag!r} is not allowed; only plain YAML values are accepted")
        why = _ambiguous(tag, text)
        if why:
            return _Refused("YAML006", why)
        try:
            if tag == INT:
                return literal_int(text)
            if tag == FLOAT:
                return literal_decimal(text)
        except NumberError as exc:
            return _Refused(exc.code, exc.message)
        if tag == BOOL:
            return _PLAIN_BOOL[text]
        return _Refused("YAML003", f"tag {tag!r} is not allowed")  # pragma: no cover

    def build(self, node: yaml.Node, depth: int) -> Any:
        """The value of a node. Scalars directly below a collection are handled inline by its builder."""
        if type(node) is ScalarNode:
            self.count += 1
            return node.value if node.tag in _AS_STR else self.scalar(node)
        if depth >= MAX_DEPTH:  # depth counts from 0: this is level depth + 1
            raise self.limit(f"nesting deeper than {MAX_DEPTH} levels", node)
        key = id(node)
        seen = self.built.get(key)
        if seen is not None:  # an alias: share the value built at its anchor, and count what it expands to
            if seen is _IN_PROGRESS:
                raise self.limit("recursive alias (an anchor used inside itself)", node)
            self.count += self.size(node)
            if self.count > MAX_NODES:
                raise self.limit(f"more than {MAX_NODES:,} values once aliases are expanded (the anchor "
                                 f"here is used too often)", node)
            return seen
        self.count += 1 + len(node.value)
        if self.count > MAX_NODES:
            raise self.limit(f"more than {MAX_NODES:,} values", node)
        if node.tag not in (MAP, SEQ):
            self.refuse("YAML003", f"tag {node.tag!r} is not allowed; only plain YAML values are accepted", node)
            self.built[key] = None
            return None
        self.built[key] = _IN_PROGRESS
        if type(node) is SequenceNode:
            value: Any = []
            append = value.append
            for child in node.value:
                if type(child) is ScalarNode:
                    append(child.value if child.tag in _AS_STR else self.scalar(child))
                else:
                    append(self.build(child, depth + 1))
        else:
            value = self.mapping(node, depth)
        self.built[key] = value
        mark = node.start_mark
        self.marks[id(value)] = (mark.line + 1) * _COL + mark.column + 1
        return value

    def mapping(self, node: MappingNode, depth: int) -> dict:
        out: dict = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag in _AS_STR and type(key_node) is ScalarNode:
                k = key_node.value
                if k in out:
                    self.duplicate(node, key_node)
                    continue
                if type(value_node) is ScalarNode:
                    out[k] = value_node.value if value_node.tag in _AS_STR else self.scalar(value_node)
                else:
                    out[k] = self.build(value_node, depth + 1)
            elif key_node.tag == MERGE and type(key_node) is ScalarNode:
                merges.append(value_node)
            else:
                self.bad_key(key_node)
        self.count += len(node.value)  # the keys
        for value_node in merges:
            sources = value_node.value if type(value_node) is SequenceNode else [value_node]
            for source in sources:
                if type(source) is not MappingNode:
                    self.refuse("YAML007", "a merge (<<) takes a mapping or a list of mappings", source)
                    continue
                merged = self.build(source, depth + 1)
                if isinstance(merged, dict):
                    for k, v in merged.items():
                        if k not in out:
                            out[k] = v
        return out

    def duplicate(self, node: MappingNode, key_node: ScalarNode) -> None:
        first = next(k for k, _ in node.value if k.tag in _AS_STR and k.value == key_node.value)
        self.refuse("YAML002", f"duplicate key {key_node.value!r} (first at line {first.start_mark.line + 1}, "
                    f"col {first.start_mark.column + 1}); YAML would silently keep only the last", key_node)

    def bad_key(self, key_node: yaml.Node) -> None:
        if type(key_node) is not ScalarNode:
            self.refuse("YAML007", "mapping keys must be plain text, not a list or a mapping", key_node)
        elif key_node.tag not in _SCALAR_TAGS:
            self.refuse("YAML003", f"tag {key_node.tag!r} is not allowed; only plain YAML values are accepted",
                        key_node)
        else:
            kind = {INT: "a number", FLOAT: "a number", BOOL: "a boolean", NULL: "null",
                    TIMESTAMP: "a date", AMBIGUOUS12: "a number (YAML 1.2)"}.get(key_node.tag, "not text")
            self.refuse("YAML007", f"key {key_node.value!r} is read as {kind}, not text: quote it "
                        f"(\"{key_node.value}\")", key_node)


def _nesting_bound(text: str) -> int:
    """A cheap upper bound on the nesting depth of `text`: every flow level needs a bracket, and block levels
    need more indentation (at least one column per two levels)."""
    longest = max(map(len, text.split("\n"))) if text else 0
    return text.count("[") + text.count("{") + 2 * longest + 2


def _check_nesting(text: str, file: str) -> None:
    """Measure nesting on the event stream (no recursion) before the recursive composer sees the file."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError([Finding("YAML004", f"nesting deeper than {MAX_DEPTH} levels",
                                          _mark(file, event))])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _line_col(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax_error(exc: yaml.YAMLError, text: str, file: str) -> InputError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
        parts = [exc.context, exc.problem]
        if exc.context and exc.context_mark and mark is not exc.context_mark:
            parts[0] = f"{exc.context} (line {exc.context_mark.line + 1}, col {exc.context_mark.column + 1})"
        problem = ": ".join(p for p in parts if p) or "invalid YAML"
        if problem.startswith("expected a single document"):
            problem = "more than one YAML document in the file (a second '---' or '...'); one document per file"
        if "maximum nesting depth" in problem:  # PyYAML >= 6.0.4 bounds nesting in its parser
            return InputError([Finding("YAML004", f"nesting deeper than {MAX_DEPTH} levels", loc)])
        return InputError([Finding("YAML001", problem, loc)])
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = _line_col(text, exc.position)
        if isinstance(exc.character, int):
            what = f"control character #x{exc.character:04x}"
        else:
            what = "invalid character"
        return InputError([Finding("YAML005", f"{what} is not allowed in YAML text", Location(file, line, col))])
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return InputError([Finding("YAML001", message, Location(file, 1, 1))])


def load_text(text: str, file: str) -> Document:
    """Parse YAML text. Raises InputError with every finding when the file is not acceptable."""
    # Composing allocates a node and two marks per value, all garbage a moment later: cyclic collection
    # passes over them are pure overhead (a third of the load time on the F1 tree).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_text(text, file)
    finally:
        if enabled:
            gc.enable()


def _load_text(text: str, file: str) -> Document:
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError([Finding("YAML004", f"file larger than {MAX_BYTES} bytes", Location(file, 1, 1))])
    if "\x00" in text:  # libyaml stops at NUL silently in some versions; refuse it explicitly
        line, col = _line_col(text, text.index("\x00"))
        raise InputError([Finding("YAML005", "NUL character in YAML text", Location(file, line, col))])
    try:
        if _nesting_bound(text) > _SAFE_NESTING_BOUND:
            _check_nesting(text, file)
        node = compose(text)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    except RecursionError:  # pure-Python composer only
        raise InputError([Finding("YAML004", f"nesting deeper than {MAX_DEPTH} levels", Location(file, 1, 1))]) \
            from None
    if node is None:
        return Document(file, None, text)
    builder = _Builder(file)
    try:
        data = builder.build(node, 0)
    except RecursionError:
        raise InputError([Finding("YAML004", f"nesting deeper than {MAX_DEPTH} levels", Location(file, 1, 1))]) \
            from None
    if builder.findings:
        raise InputError(builder.findings)
    return Document(file, data, text, builder.marks, node if _KEEP_NODES else None)


def load_file(path: Path, display: str | None = None) -> Document:
    """Load a YAML file: only a regular file is opened (validator/load/files.py), at most MAX_BYTES of it."""
    name = display or str(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except PathError as exc:  # a path finding has no line: the path itself is the problem
        where = Location(name) if exc.code.startswith("PATH") else Location(name, 1, 1)
        raise InputError([Finding(exc.code, exc.message, where)]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[:exc.start].decode("utf-8", "replace")
        line, col = _line_col(prefix, len(prefix))
        raise InputError([Finding("YAML005", f"not UTF-8 text (byte {exc.start})", Location(name, line, col))]) \
            from None
    return load_text(text, name)
