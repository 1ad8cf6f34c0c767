"""The edits between two versions of a rule or season file, each named by its place (file:line:col of the
changed value after the edit) and by what it is: a rule clause, a result of a round, a published figure.

The two versions are compared as data (the loaded YAML), not as text: reformatting a file is no edit, and a
changed value is located exactly. Lists of rows are aligned (difflib) so one inserted result is one edit, not a
shift of every row below it.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from validator.findings import InputError
from validator.load.yaml_loader import Document, load_file

MAX_EDITS_PER_FILE = 50


@dataclass
class Edit:
    file: str                       # as findings show it (relative to the working directory)
    line: int
    col: int
    kind: str                       # changed | added | removed | file-added | file-removed | unreadable
    what: str                       # e.g. "drivers.points[0] points-by-position: table[0] 20 -> 19"
    area: str                       # rule | facts | season | published | other
    classification: str | None = None   # rule edits: the classification the clause belongs to (None: all)
    round: int | None = None            # fact edits: the round
    # drivers/teams a fact edit names; for a lock edit (or a rule edit of a superseding version) the
    # SERIES@VERSION it concerns
    subjects: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "col": self.col, "kind": self.kind, "what": self.what,
                "area": self.area, "classification": self.classification, "round": self.round,
                "subjects": list(self.subjects)}


def _load(path: Path, shown: str) -> Document | None:
    try:
        return load_file(path, shown) if path.is_file() else None
    except InputError:
        return None


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _diff(a: Any, b: Any, path: tuple, out: list) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in [*b, *(k for k in a if k not in b)]:
            if k not in a:
                out.append(("added", path + (k,), None, b[k]))
            elif k not in b:
                out.append(("removed", path + (k,), a[k], None))
            elif a[k] != b[k]:
                _diff(a[k], b[k], path + (k,), out)
    elif isinstance(a, list) and isinstance(b, list):
        matcher = difflib.SequenceMatcher(a=[_key(x) for x in a], b=[_key(x) for x in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                _diff(a[i1 + k], b[j1 + k], path + (j1 + k,), out)
            for j in range(j1 + pairs, j2):
                out.append(("added", path + (j,), None, b[j]))
            for i in range(i1 + pairs, i2):
                out.append(("removed", path + (min(j2, len(b)),), a[i], None))
    elif a != b or type(a) is not type(b):
        out.append(("changed", path, a, b))


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else _key(value)
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _change_text(kind: str, rel: tuple, before: Any, after: Any) -> str:
    name = _dotted(rel) or "value"
    if kind == "changed":
        return f"{name} {_short(before)} -> {_short(after)}"
    if kind == "added":
        return f"{name} added: {_short(after)}"
    return f"{name} removed: {_short(before)}"


def file_edits(rel: str, base: Path | None, head: Path | None, shown: str) -> list[Edit]:
    """The edits of one changed file (`base`/`head`: its two versions on disk, None when absent on that side)."""
    area = _area(rel)
    if not rel.endswith(".yaml"):  # notes, transcriptions: not data the replay reads
        kind = "file-added" if base is None else "file-removed" if head is None else "changed"
        return [Edit(shown, 1, 1, kind, f"{kind.replace('file-', 'file ')} (not a data file)", "other")]
    old = _load(base, shown) if base is not None else None
    new = _load(head, shown) if head is not None else None
    if base is not None and head is not None and base.is_file() and head.is_file() and (old is None or new is None):
        return [Edit(shown, 1, 1, "unreadable", "does not load on one side (see the findings)", area)]
    if new is None:
        what = "file removed" if old is not None or base is not None else "file changed"
        return [Edit(shown, 1, 1, "file-removed", what, area)]
    if old is None:
        context = _context(area, new.data, ())
        return [Edit(shown, 1, 1, "file-added", "file added", area, round=context.get("round"))]
    changes: list = []
    _diff(old.data, new.data, (), changes)
    edits = [_edit(area, shown, old, new, *c) for c in changes[:MAX_EDITS_PER_FILE]]
    if len(changes) > MAX_EDITS_PER_FILE:
        edits.append(Edit(shown, 1, 1, "changed", f"and {len(changes) - MAX_EDITS_PER_FILE} more edits", area))
    return edits


def _area(rel: str) -> str:
    name = PurePosixPath(rel).name
    parts = PurePosixPath(rel).parts
    if len(parts) >= 3 and parts[-3] == "rules":
        return "rule"
    if name == "standings.yaml":
        return "published"
    if name in ("season.yaml", "exceptions.yaml"):
        return "season"
    if "rounds" in parts:
        return "facts"
    return "other"


def _edit(area: str, shown: str, old: Document, new: Document, kind: str, path: tuple, before: Any,
          after: Any) -> Edit:
    doc, at = (new, path) if kind != "removed" else (new, path[:-1])
    loc = doc.loc(at)
    context = _context(area, new.data if kind != "removed" else old.data, path)
    if area == "rule":
        return _rule_edit(shown, loc, kind, path, before, after, new.data)
    prefix = context.pop("prefix", "")
    what = prefix + _change_text(kind, context.pop("rel", path), before, after)
    return Edit(shown, loc.line or 1, loc.col or 1, kind, what, area, **context)


def _rule_edit(shown: str, loc, kind: str, path: tuple, before: Any, after: Any, data: dict) -> Edit:
    if len(path) >= 3 and path[0] == "classifications":
        cls, stage = path[1], path[2]
        clauses = data.get("classifications", {}).get(cls, {}).get(stage)
        if isinstance(clauses, list) and len(path) >= 4 and isinstance(path[3], int):
            item = clauses[path[3]] if path[3] < len(clauses) else {}
            use = item.get("use", "?") if isinstance(item, dict) else "?"
            what = f"{cls}.{stage}[{path[3]}] {use}: " + _change_text(kind, path[4:], before, after)
        elif isinstance(clauses, dict):
            what = f"{cls}.{stage} {clauses.get('use', '?')}: " + _change_text(kind, path[3:], before, after)
        else:
            what = f"{cls}: " + _change_text(kind, path[2:], before, after)
        return Edit(shown, loc.line or 1, loc.col or 1, kind, what, "rule", classification=str(cls))
    return Edit(shown, loc.line or 1, loc.col or 1, kind, _change_text(kind, path, before, after), "rule")


_NAMES = ("driver", "team", "id", "ahead", "behind", "members", "subject")


def _subjects(value: Any) -> list[str]:
    """Drivers and teams a row names (driver, team, ahead/behind of an order fact, members of a tie)."""
    if not isinstance(value, dict):
        return []
    out = []
    for key in _NAMES:
        item = value.get(key)
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, list):
            out += [x for x in item if isinstance(x, str)]
        elif isinstance(item, dict):
            out += _subjects(item)
    return out


def _context(area: str, data: Any, path: tuple) -> dict[str, Any]:
    """Round, session and competitors of a fact edit, and the part of the path worth showing."""
    if area == "facts" and isinstance(data, dict):
        rnd = data.get("round") if isinstance(data.get("round"), int) else None
        prefix, rel, subjects = f"R{rnd} " if rnd is not None else "", path, []
        if len(path) >= 2 and path[0] == "sessions" and isinstance(path[1], int):
            sessions = data.get("sessions") or []
            session = sessions[path[1]] if path[1] < len(sessions) else {}
            name = session.get("session", "?") if isinstance(session, dict) else "?"
            prefix += f"{name}: "
            rel = path[2:]
            if len(path) >= 4 and isinstance(path[3], int) and isinstance(session, dict):
                rows = session.get(path[2]) or []
                row = rows[path[3]] if isinstance(rows, list) and path[3] < len(rows) else None
                subjects = _subjects(row)
                if subjects:
                    prefix += f"{'/'.join(subjects)} "
                    rel = path[4:] or (path[2],)
        return {"round": rnd, "subjects": subjects, "prefix": prefix, "rel": rel}
    if area in ("season", "published") and len(path) >= 2 and isinstance(data, dict):
        rows = data.get(path[0])
        row = rows[path[1]] if isinstance(rows, list) and isinstance(path[1], int) and path[1] < len(rows) else None
        subjects = _subjects(row)
        return {"subjects": subjects, "prefix": f"{'/'.join(subjects)} " if subjects else "", "rel": path}
    return {"prefix": "", "rel": path} if area != "rule" else {}
