"""`scrutineer check`: validate and audit every season the given paths concern, in one of several formats."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from validator.commands.common import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, exit_code

# format name -> module under validator/report with `render(document, verbose) -> str`
FORMATS = {
    "text": "text",
    "json": "json_format",
    "junit": "junit",
    "sarif": "sarif",
    "github": "github",
    "markdown": "job_summary",
}

EPILOG = """\
paths:
  a season directory, or any file or directory inside one   that season
  a directory above seasons (default: seasons)               every season below it
  rules/SERIES/VERSION.yaml                                  every season citing that ruleset version
  rules/SERIES, rules/ or rules/LOCK                         every season of that series / rules directory
  a path that no longer exists (a deleted file) is placed by where it was

formats:
  text      problems first, grouped by cause; one line per season that did not pass (-v: every season)
  json      {"seasons": [...], "findings": [...], "summary": {...}}
  junit     JUnit XML: one test suite per season, a test case per check group
  sarif     SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif)
  github    GitHub Actions workflow commands (::error file=...,line=...,col=...,title=CODE::...)
  markdown  a job summary (append it to $GITHUB_STEP_SUMMARY)

exit codes:
  0 nothing wrong   1 findings (a published fact is contradicted)   2 invalid input   3 internal error
  130 interrupted (Ctrl-C)

examples:
  scrutineer check                                      every season under seasons/
  scrutineer check rules/formula-1/2010.yaml            the seasons citing formula-1@2010 (2010-2013)
  scrutineer check seasons/formula-1/2010/rounds/01-bahrain.yaml
  scrutineer check --format sarif --output scrutineer.sarif
  scrutineer check --format markdown >> "$GITHUB_STEP_SUMMARY"
"""


def register(sub) -> None:
    check = sub.add_parser("check", help="validate and audit every season the given paths concern",
                           description="Validate and audit every season the given paths concern: season "
                           "directories, files inside them, and rule files (a pre-commit hook passes the changed "
                           "files).", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="*", type=Path, default=[Path("seasons")], metavar="PATH",
                       help="season directories, files in them, rule files, rules/LOCK (default: seasons)")
    check.add_argument("--format", choices=list(FORMATS), default="text", help="output format (default: text)")
    check.add_argument("--output", "-o", type=Path, metavar="FILE",
                       help="write the output to FILE instead of standard output")
    check.add_argument("--rules", type=Path, metavar="DIR",
                       help="rules directory (default: the nearest rules/ above each season)")
    check.add_argument("--verbose", "-v", action="store_true",
                       help="also show warnings, notes, every passing season and the reasoning")
    check.add_argument("--no-cache", action="store_true",
                       help="recompute every season (default: reuse the result of a season whose inputs, rules "
                       "and scrutineer are unchanged; cache in $SCRUTINEER_CACHE_DIR or $XDG_CACHE_HOME/scrutineer)")


def run(args) -> int:
    import importlib

    from validator.affected import seasons_for_paths
    from validator.lock import unreported
    from validator.report.document import build

    seasons, path_findings = seasons_for_paths(args.paths, args.rules)
    results = _results(seasons, args)
    outside = unreported(seasons, args.rules, results)  # locked versions no checked season uses
    run_findings = [*path_findings, *outside]
    # the run's own findings (paths given, locked versions no season uses) always go to stderr; machine formats
    # also carry them in the document
    document = build(results, [] if args.format == "text" else [f.as_dict() for f in run_findings])
    render = importlib.import_module(f"validator.report.{FORMATS[args.format]}").render
    text = render(document, args.verbose)
    for f in run_findings:
        print(f"scrutineer: {f}", file=sys.stderr)
    internal = [s["season"] for s in results if s["verdict"] == "internal"]
    if internal:
        print(f"scrutineer: internal error in {len(internal)} season(s) ({', '.join(internal[:5])}"
              f"{', ...' if len(internal) > 5 else ''}): see their INT finding; every other season was checked",
              file=sys.stderr)
    if args.output is not None and _clash(args, seasons):
        return EXIT_INVALID
    if not _emit(text, args.output):
        return EXIT_INVALID
    worst = EXIT_OK
    for f in run_findings:
        if f.severity in ("error", "failure"):
            worst = max(worst, EXIT_INVALID if f.severity == "error" else EXIT_FINDINGS)
    return max(exit_code(results), worst)


def _clash(args, seasons: list[Path]) -> bool:
    """True (and says so) when --output would overwrite or land inside a checked season or a rules directory."""
    from validator.commands.common import output_clash
    from validator.findings import Finding, Location
    from validator.pipeline import find_rules_root

    roots = {args.rules} if args.rules else {find_rules_root(s) for s in seasons}
    clash = output_clash(args.output, [*seasons, *(r for r in roots if r is not None)])
    if clash:
        print(f"scrutineer: {Finding('USE005', clash, Location(str(args.output)))}", file=sys.stderr)
    return clash is not None


def _emit(text: str, output: Path | None) -> bool:
    """Print the output, or write it to `output` (the same bytes); False when that file cannot be written."""
    if output is None:
        print(text)
        return True
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        from validator.findings import Finding, Location

        print(f"scrutineer: {Finding('CI008', f'cannot write {output}: {exc.strerror or exc}', Location(str(output)))}",
              file=sys.stderr)
        return False
    return True


def _results(seasons: list[Path], args) -> list[dict]:
    if args.no_cache:
        from validator.load.schema import set_verbose
        from validator.pipeline import check_all

        set_verbose(args.verbose)  # every alternative of a failed oneOf/anyOf (inherited by forked workers)
        return check_all(seasons, args.rules)
    from validator import cache

    return cache.check_all_cached(seasons, args.rules, verbose=args.verbose)
