"""What every command shares: exit codes, the exit code of a set of season results, loading one season."""
from __future__ import annotations

import sys

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3


def exit_code(seasons: list[dict]) -> int:
    """3 when a season met an internal error (its verdict `internal`, finding INT002/INT003: nothing can be said
    about it, so this outranks the rest), else 2 for invalid input, 1 for findings, 0."""
    if any(s["verdict"] == "internal" for s in seasons):
        return EXIT_INTERNAL
    if any(s["verdict"] == "invalid" for s in seasons):
        return EXIT_INVALID
    if any(s["verdict"] == "contradicted" or any(f["severity"] == "failure" for f in s["findings"]) for s in seasons):
        return EXIT_FINDINGS
    return EXIT_OK


def single(args):
    """Run the pipeline on `args.season` (with `args.rules`): (run, exit code), or (None, 2) when invalid."""
    from validator.pipeline import RulesCache, run_as_dict, run_season
    from validator.report.document import build
    from validator.report.text import check_text

    if not (args.season / "season.yaml").is_file():
        print(f"scrutineer: {args.season} is not a season directory (no season.yaml)", file=sys.stderr)
        return None, EXIT_INVALID
    run = run_season(args.season, RulesCache(args.rules))
    summary = run_as_dict(run)
    if run.verdict in ("invalid", "internal"):
        print(check_text(build([summary])), file=sys.stderr)
        return None, exit_code([summary])
    return run, exit_code([summary])
