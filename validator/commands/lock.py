"""`scrutineer lock`: record the sha256 of every published ruleset version in rules/LOCK."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    lk = sub.add_parser("lock", help="record the sha256 of every published ruleset version in rules/LOCK")
    lk.add_argument("--rules", type=Path, help="rules directory (default: the nearest rules/ above the current one)")
    lk.add_argument("--force", action="store_true", help="also rewrite entries of locked versions that changed")
    lk.add_argument("--check", action="store_true", help="only verify rules/LOCK (exit 2 if a locked version changed)")


def run(args) -> int:
    from validator.lock import command

    return command(args.rules, force=args.force, check_only=args.check)
