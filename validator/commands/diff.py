"""`scrutineer diff`: what the rule and season edits since a git ref change (docs/RULES-WORKFLOW.md)."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, add_output_arguments, emit


def register(sub) -> None:
    df = sub.add_parser(
        "diff", help="replay the seasons touched by rule/season edits since GIT_REF under both versions",
        description="Replay every season touched by the rule or season files changed since GIT_REF (committed, "
        "staged, unstaged and untracked changes) under the base version (materialised from git into a temporary "
        "directory; the working tree is never touched) and under the working tree, and show what changes: "
        "verdicts, champion, points and positions per classification, each with the edit that caused it. "
        "Exit 1 when a declared outcome no longer holds, 2 on bad input, 0 otherwise.")
    df.add_argument("paths", nargs="*", type=Path, help="only changed files under these paths (default: all)")
    df.add_argument("--base", required=True, metavar="GIT_REF", help="the version to compare with, e.g. HEAD~1")
    add_output_arguments(df, rules=False,
                         format_help="text (default) or json: the same plain data (edits, seasons, changes, findings)")


def run(args) -> int:
    from validator.diff.engine import diff
    from validator.diff.git import GitError
    from validator.diff.render import diff_text

    try:
        report = diff(args.base, args.paths)
    except GitError as exc:
        print(f"scrutineer: {exc.finding}", file=sys.stderr)
        return EXIT_INVALID
    emit(report.as_dict(), args.format, diff_text)
    return report.exit_code
