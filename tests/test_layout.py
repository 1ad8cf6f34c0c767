"""The layout rules of DEVELOPERS.md that code can check: no import cycles inside `validator/`, no module past
~400 lines, and nothing series- or season-specific in the engine."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "validator"
MAX_LINES = 400


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """Every validator module a file imports, at module level or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("validator"):
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name.startswith("validator"))
    return out


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {d for d in _imports(p) if d in files and d != m} for m, p in files.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_in_the_pipeline():
    assert _cycles(_graph()) == []


def test_no_module_past_the_size_limit():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def _code_words(path: Path) -> list[tuple[int, str]]:
    """Identifiers and string literals of a module, docstrings and comments left out (examples there are fine)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append((node.lineno, node.value))
        elif isinstance(node, ast.Name):
            out.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute):
            out.append((node.lineno, node.attr))
    return out


def test_engine_names_no_series_or_driver():
    """Rules are data: the engine, rule components and audit never name a series, a season's driver or team."""
    banned = re.compile(r"supercup|westbrook|faulkner|alzen|porsche|ferrari|mclaren|schumacher|indianapolis|f1db",
                        re.IGNORECASE)
    hits = [f"{path.relative_to(ROOT)}:{line}: {word!r}"
            for folder in ("engine", "components", "audit", "model", "load", "worlds", "report")
            for path in sorted((PACKAGE / folder).rglob("*.py"))
            for line, word in _code_words(path) if banned.search(word)]
    assert hits == []


def test_the_series_check_would_see_a_season_name(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text('"""Supercup example in a docstring."""\nPOINTS = {"supercup-2007": 20}  # porsche\n')
    assert [w for _, w in _code_words(sample)] == ["POINTS", "supercup-2007"]
