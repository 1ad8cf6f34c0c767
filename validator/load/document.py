"""A loaded YAML file: its plain data, and the place (file, line, column) of every value in it."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from validator.findings import Location
from validator.load.scalars import MERGE, compose


def _mark(file: str, node: yaml.Node) -> Location:
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1)


_COL = 1 << 24  # a container's mark packed in one int (line * _COL + col): the mark table holds only ints,
#                 so the garbage collector never has to look at it


@dataclass
class Document:
    """A loaded YAML file: plain data, and the place of every value.

    Mappings and sequences are located from a table filled while building (keyed by the identity of the built
    value, so nothing per path is allocated); a scalar or a key is located exactly by composing the text again,
    once, the first time a finding asks for it.
    """

    file: str
    data: Any
    text: str = field(default="", repr=False)
    marks: dict[int, int] = field(default_factory=dict, repr=False)
    _root: Any = field(default=None, repr=False)
    _index: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ by value (fast, no re-composing)
    def _walk(self, path: tuple) -> tuple[Any, int]:
        obj, depth = self.data, 0
        for key in path:
            if isinstance(obj, dict):
                if key not in obj:
                    break
            elif isinstance(obj, list):
                if not isinstance(key, int) or isinstance(key, bool) or not 0 <= key < len(obj):
                    break
            else:
                break
            obj, depth = obj[key], depth + 1
        return obj, depth

    def loc(self, path: tuple = ()) -> Location:
        """Location of the value at `path`, or of its nearest located ancestor when the path does not exist."""
        path = tuple(path)
        obj, depth = self._walk(path)
        found = self._marked(obj)
        if found is not None:
            return found
        node = self.node(path[:depth])[0]
        return _mark(self.file, node) if node is not None else Location(self.file, 1, 1)

    def loc_of(self, value: Any, path: tuple) -> Location:
        """Location of `value`, a mapping or list taken from this document at `path` (found by identity, with no
        walk from the root; `path` is the fallback)."""
        found = self._marked(value)
        return found if found is not None else self.loc(path)

    def _marked(self, value: Any) -> Location | None:
        """The place recorded for a mapping or list of this document while it was built."""
        packed = self.marks.get(id(value)) if isinstance(value, (dict, list)) else None
        return None if packed is None else Location(self.file, packed // _COL, packed % _COL)

    def at(self, path: tuple) -> Callable[[], Location]:
        """How to locate the value at `path`, resolved only if asked: a scalar's place costs a second compose of
        the file, which a valid file never needs."""
        return partial(self.loc, tuple(path))

    def loc_key(self, path: tuple, key: str) -> Location:
        """Location of the key `key` of the mapping at `path` (falls back to the mapping)."""
        node = self.key_node(tuple(path), key)
        return _mark(self.file, node) if node is not None else self.loc(path)

    # ------------------------------------------------------------ by node (composed again on first use)
    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self.text:
            self._root = compose(self.text)
        return self._root

    def node(self, path: tuple = ()) -> tuple[yaml.Node | None, int]:
        """The node at `path` (following merges), or its nearest ancestor; and how many path items matched."""
        node, depth = self.root, 0
        for key in path:
            child = self._child(node, key)
            if child is None:
                break
            node, depth = child, depth + 1
        return node, depth

    def _child(self, node: yaml.Node | None, key: Any) -> yaml.Node | None:
        if isinstance(node, SequenceNode):
            if isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(node.value):
                return node.value[key]
            return None
        if not isinstance(node, MappingNode):
            return None
        entry = self._mapping(node).get(key) if isinstance(key, str) else None
        return entry[1] if entry else None

    def _mapping(self, node: MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        index = self._index.get(id(node))
        if index is None:
            index = self._index[id(node)] = _mapping_index(node)
        return index

    def key_node(self, path: tuple, key: str) -> yaml.Node | None:
        """The key node of `key` in the mapping at `path` (for findings about a key itself)."""
        node, depth = self.node(path)
        if depth != len(path) or not isinstance(node, MappingNode):
            return None
        entry = self._mapping(node).get(key)
        return entry[0] if entry else None

    def scalar_text(self, path: tuple) -> str | None:
        """The source text of the plain (unquoted) scalar at `path`, if that is what is there."""
        node, depth = self.node(tuple(path))
        if depth == len(path) and isinstance(node, ScalarNode) and not node.style:  # C: '', Python: None
            return node.value
        return None


def _mapping_index(node: MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """key -> (key node, value node) for a mapping, explicit keys first, then merged ones (first merge wins)."""
    index: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    merges = []
    for k, v in node.value:
        if k.tag == MERGE:
            merges.extend(v.value if isinstance(v, SequenceNode) else [v])
        elif isinstance(k, ScalarNode):
            index.setdefault(k.value, (k, v))
    for source in merges:
        if isinstance(source, MappingNode):
            for key, pair in _mapping_index(source).items():
                index.setdefault(key, pair)
    return index

