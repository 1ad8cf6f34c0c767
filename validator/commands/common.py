"""What every command shares: exit codes, the exit code of a set of season results, loading one season."""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, what a shell reports for a command the signal ended


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


def not_a_season(path) -> str:
    """Why `path` is not a season directory, and the directory meant when it is a file inside one."""
    from validator.affected import season_of

    if not path.exists():
        return f"{path}: no such season directory"
    season = season_of(path)
    hint = f"; did you mean {season}?" if season is not None and season != path else ""
    return f"{path} is not a season directory (no season.yaml){hint}"


def single(args):
    """Run the pipeline on `args.season` (with `args.rules`): (run, exit code), or (None, 2 or 3) when it is
    not a season, invalid or met an internal error (said on stderr)."""
    from validator.pipeline import RulesCache, run_season

    if not is_season(args.season):
        return None, EXIT_INVALID
    run = run_season(args.season, RulesCache(args.rules))
    code = season_code(run)
    return (None if run.verdict in ("invalid", "internal") else run), code


def is_season(path: Path) -> bool:
    """True when `path` holds season.yaml; else says why not (and which directory was meant) on stderr."""
    if (path / "season.yaml").is_file():
        return True
    print(f"scrutineer: {not_a_season(path)}", file=sys.stderr)
    return False


def season_code(run) -> int:
    """The exit code of one season's run; an invalid season or an internal error also prints its findings (in
    `check`'s text form) on stderr: the command answers nothing more about it."""
    from validator.pipeline import run_as_dict

    summary = run_as_dict(run)
    if run.verdict in ("invalid", "internal"):
        from validator.report.document import build
        from validator.report.text import check_text

        print(check_text(build([summary])), file=sys.stderr)
    return exit_code([summary])


def on_season(args, answer: Callable[[Any, int], int], *, classification: str | None = None) -> int:
    """The shape of every command that answers about one season: load `args.season` (invalid or internal: its
    findings on stderr and its own exit code, 2 or 3), refuse a `classification` its ruleset lacks (CI006), then
    `answer(season_run, code)` gives the exit code (`code`: the season's own, 1 when a fact is contradicted)."""
    season_run, code = single(args)
    if season_run is None:
        return code
    if classification is not None and no_classification(season_run, classification):
        return EXIT_INVALID
    return answer(season_run, code)


def on_solver(args, answer: Callable[[Any], int], *, classification: str | None = None) -> int:
    """`on_season` for the commands that ask CP-SAT (claims, infer, scenarios, worlds; their exit code is their
    answer's, not the season's): a season or question the worlds engine does not model (`Unsupported`) is said in
    one line, exit 2."""
    def guarded(season_run, _code: int) -> int:
        from validator.worlds import Unsupported

        try:
            return answer(season_run)
        except Unsupported as exc:
            print(f"scrutineer: {exc}", file=sys.stderr)
            return EXIT_INVALID

    return on_season(args, guarded, classification=classification)


def emit(data: dict, fmt: str, text: Callable[[dict], str]) -> None:
    """Print a command's plain data: as JSON (`--format json`; text kept as written, anything else as its str) or
    rendered by `text`. Every command that prints a table or its JSON prints through here."""
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str) if fmt == "json" else text(data))


def no_classification(season_run, name: str) -> bool:
    """True (and says so, CI006 at the season's `rules:` line) when the season's ruleset has no classification
    `name`: `standings`, `clinch` and `scenarios --classification` share this answer."""
    if name in season_run.results:
        return False
    from validator.findings import Finding

    have = ", ".join(season_run.results) or "none"
    print(Finding("CI006", f"no classification {name!r} in {season_run.ruleset.key} (it has: {have})",
                  season_run.season.rules_loc), file=sys.stderr)
    return True


def off_calendar(season, number: int) -> bool:
    """True (and says so, REPORT002 at the season's `rules:` line) when round `number` is not on the calendar:
    `standings --after-round` and `explain --round` share this answer."""
    numbers = season.round_numbers()
    if number in numbers:
        return False
    from validator.findings import Finding

    print(Finding("REPORT002", f"round {number} is not on the calendar of {season.key} (rounds "
                  f"{min(numbers, default=0)}..{max(numbers, default=0)})", season.rules_loc), file=sys.stderr)
    return True


def output_clash(output, inputs) -> str | None:
    """USE005 text when the output file `output` is, or lies inside, one of `inputs` (season directories, the
    rules directory): writing it would overwrite a fact or a rule, or add a file the season then refuses. None when
    it is elsewhere. Paths are compared after following symbolic links."""
    import os
    from pathlib import Path

    target = Path(os.path.realpath(output))
    for where in inputs:
        real = Path(os.path.realpath(where))
        if target == real or real in target.parents:
            return (f"will not write {output}: it is {'' if target == real else 'inside '}{where}, an input of this "
                    "run (nothing written; choose a file outside the season and rules directories)")
    return None


EXIT_CODES = """\
exit codes:
  0 nothing wrong   1 findings (a published fact is contradicted)   2 invalid input   3 internal error
  130 interrupted (Ctrl-C)"""

# help for arguments several commands share, where a command gives none of its own
SHARED_HELP = {
    "season": "season directory (the one holding season.yaml)",
    "rules": "rules directory (default: the nearest rules/ above the season)",
    "format": "output format (default: %(default)s)",
    "after_round": "standings after this round (default: the last round with results)",
    "classification": "classification of the ruleset (default: %(default)s)",
    "kind": "what to import: f1db (an F1DB CSV extract)",
}

EXAMPLES = {
    "standings": ["scrutineer standings seasons/formula-1/2010", "scrutineer standings seasons/formula-1/2010 "
                  "--after-round 5 --format json"],
    "report": ["scrutineer report seasons/porsche-supercup/2007 --format html -o report.html"],
    "explain": ["scrutineer explain seasons/formula-1/2010 sebastian-vettel --round 19"],
    "verify": ["scrutineer verify report.html"],
    "worlds": ["scrutineer worlds seasons/porsche-supercup/2007 --work-limit 150"],
    "lock": ["scrutineer lock", "scrutineer lock --check"],
    "import": ["scrutineer import f1db --source ../shared/data/f1db --out seasons/formula-1 --dry-run"],
}


def describe(subparsers) -> None:
    """Every command's --help describes every argument and ends with its examples and the exit codes."""
    import argparse

    for name, parser in subparsers.choices.items():
        for action in parser._actions:
            if not action.help and action.dest in SHARED_HELP:
                action.help = SHARED_HELP[action.dest]
        if not parser.epilog:
            examples = "\n".join(f"  {line}" for line in EXAMPLES.get(name, []))
            parser.epilog = (f"examples:\n{examples}\n\n" if examples else "") + EXIT_CODES
            parser.formatter_class = argparse.RawDescriptionHelpFormatter


def limit(text: str) -> float:
    """A limit: a finite number, 0 or more (0 answers UNKNOWN at once, exit 4; a negative number, nan or inf
    means nothing)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number, 0 or more")
    return value


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from `low` to `high`."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not between {low} and {high}")
        return value

    return parse


places = whole(1, 999)  # places to table (or worker processes): up to the cap every position has


def add_output_arguments(parser, *, format_help: str | None = None, rules: bool = True) -> None:
    """`--format text|json` (text unless asked) and, unless `rules` is False, `--rules DIR`: the arguments every
    command that prints a table or its JSON shares (help from SHARED_HELP where `format_help` is None)."""
    parser.add_argument("--format", choices=["text", "json"], default="text", help=format_help)
    if rules:
        parser.add_argument("--rules", type=Path)


def add_solver_arguments(parser, *, work_limit: float, work_help: str) -> None:
    """`--work-limit` (CP-SAT deterministic time per solve, checked by `limit`; `work_limit` is the command's
    default) followed by `--format` and `--rules`: the block every command that asks the solver shares."""
    parser.add_argument("--work-limit", type=limit, default=work_limit, help=work_help)
    add_output_arguments(parser)
