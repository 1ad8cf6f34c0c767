"""`scrutineer infer` (placeholder while it is built)."""
from __future__ import annotations


def register(sub) -> None:
    sub.add_parser("infer", help="(not yet available)")


def run(args) -> int:
    return 2
