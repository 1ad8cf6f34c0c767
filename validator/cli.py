"""`scrutineer` command line. Exit codes: 0 ok, 1 findings, 2 invalid input, 3 internal error, 130 interrupted.

Each command lives in its own module under `validator/commands/` (arguments and handler side by side); this
file only lists them and turns an unexpected exception into exit code 3."""
from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from validator.commands.common import (EXIT_FINDINGS, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, describe,
                                       exit_code)

__all__ = ["main", "EXIT_OK", "EXIT_FINDINGS", "EXIT_INVALID", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "exit_code",
           "COMMANDS"]

# command name -> module under validator/commands (the order is the order of `--help`)
COMMANDS = {
    "check": "check",
    "standings": "standings",
    "report": "report",
    "explain": "explain",
    "verify": "verify",
    "worlds": "worlds",
    "scenarios": "scenarios",
    "clinch": "clinch",
    "claims": "claims",
    "infer": "infer",
    "lock": "lock",
    "diff": "diff",
    "replay": "replay",
    "import": "import_",
}


def _modules() -> dict:
    return {name: importlib.import_module(f"validator.commands.{module}") for name, module in COMMANDS.items()}


EPILOG = """\
exit codes:
  0 nothing wrong   1 findings (a published fact is contradicted)   2 invalid input   3 internal error
  130 interrupted (Ctrl-C)

examples:
  scrutineer check                              every season under seasons/
  scrutineer check rules/formula-1/2010.yaml    the seasons citing that ruleset version
  scrutineer check --format sarif -o scrutineer.sarif
  scrutineer standings seasons/formula-1/2010 --after-round 5
  scrutineer diff --base HEAD~1                 what the rule/season edits since HEAD~1 change
  scrutineer replay seasons/formula-1/1988 --rules formula-1@2010
  scrutineer COMMAND --help                     every argument of COMMAND
"""


class _Version(argparse.Action):
    """`--version`: the version from package metadata, looked up only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from validator.version import version

        print(f"scrutineer {version()}")
        parser.exit()


def _parser(modules: dict) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scrutineer", description="Replay a season under its rules and prove or "
                                "refute the declared champion and standings.", epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action=_Version, help="print the scrutineer version and exit")
    p.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    sub = p.add_subparsers(dest="command", required=True)
    for module in modules.values():
        module.register(sub)
    describe(sub)
    return p


def _unbreakable_output() -> None:
    """Text that UTF-8 cannot carry (a file name that is not UTF-8, held as a surrogate escape) is written as a
    backslash escape instead of failing the whole command with an internal error."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _unbreakable_output()
    modules = _modules()
    args = _parser(modules).parse_args(argv)
    try:
        return modules[args.command].run(args)
    except KeyboardInterrupt:  # Ctrl-C (inside a CP-SAT solve too: validator/worlds/interrupt.py)
        print("scrutineer: interrupted (Ctrl-C): the command stopped before it finished", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line, no traceback unless --debug
        if args.debug:
            traceback.print_exc()
        if isinstance(exc, OSError) and exc.filename is not None:
            return _refused(exc)
        if not args.debug:
            text = " ".join(str(exc).split())
            print(f"scrutineer: internal error: {type(exc).__name__}: {text[:300]} (run with --debug for details)",
                  file=sys.stderr)
        return EXIT_INTERNAL


def _refused(exc: OSError) -> int:
    """The system refused a file the command named (a name too long, a loop of links, no permission, a full
    disk): invalid input or environment, said in one line with exit 2, not a bug."""
    name = str(exc.filename)
    name = name if len(name) <= 80 else f"{name[:60]}... ({len(name)} characters)"
    print(f"scrutineer: {name!r}: {exc.strerror or exc}", file=sys.stderr)
    return EXIT_INVALID
