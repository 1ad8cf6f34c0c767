"""`scrutineer verify REPORT`: do the input files a report's receipt names still have the hashes it records?"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from validator.commands.common import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK

CODES = {"changed": "VERIFY001", "missing": "VERIFY002", "added": "VERIFY003", "outside": "USE001",
         "edited": "USE004"}
MESSAGES = {"edited": "the report itself was edited since scrutineer wrote it (its text no longer has the "
                      "sha256 its receipt records): it may not show what its inputs give",
            "changed": "changed since the report was made (sha256 {recorded} in the receipt, now {now})",
            "missing": "named in the receipt (sha256 {recorded}) but missing",
            "outside": "named in the receipt (sha256 {recorded}) but a symbolic link leading outside the root "
                       "{root}: not read",
            "added": "is in the season directory but not in the receipt (the report did not read it)"}


def register(sub) -> None:
    ver = sub.add_parser("verify", help="check that the input files of a report still match its receipt",
                         epilog="examples:\n  scrutineer verify report.html\n\nexit codes:\n  0 every input "
                         "matches   1 an input changed, vanished or was added, or the report was edited\n  2 invalid input: no "
                         "readable receipt (or one naming a path outside the project root)   3 internal error",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    ver.add_argument("report", type=Path, help="an HTML or Markdown report written by `scrutineer report`")
    ver.add_argument("--root", type=Path, help="project root the receipt's paths are relative to (default: the "
                     "current directory or the nearest parent holding the inputs)")


def run(args) -> int:
    from validator.findings import Finding, Location
    from validator.report.receipt import Unreadable, body_sha256, compare, extract, find_root

    try:
        if args.report.exists() and not args.report.is_file():  # a FIFO or a device would never end
            raise Unreadable("not a regular file" + (" (a directory)" if args.report.is_dir() else ""))
        text = args.report.read_text(encoding="utf-8")
        data = extract(text)
    except (OSError, UnicodeDecodeError, Unreadable) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(Finding("VERIFY004", f"cannot verify: {reason}", Location(str(args.report))), file=sys.stderr)
        return EXIT_INVALID
    root = args.root or find_root(data, Path.cwd())
    states = compare(data, root)
    if data.get("report_sha256") and body_sha256(text) != data["report_sha256"]:
        states.insert(0, {"path": str(args.report), "state": "edited"})
    bad = [s for s in states if s["state"] != "ok"]
    for s in bad:
        print(Finding(CODES[s["state"]], MESSAGES[s["state"]].format(**{"recorded": "", "now": "", "root": root, **s}),
                      Location(s["path"])))
    ok = len(states) - len(bad)
    if states and all(s["state"] == "missing" for s in states):
        print(f"scrutineer: none of the receipt's files is under {root}: run from the project root (the directory "
              "holding rules/) or give --root", file=sys.stderr)
    print(f"{args.report}: {data.get('season')} — {ok} of {len(data['inputs'])} input file(s) match the receipt"
          + (f"; {len(bad)} differ" if bad else "; the report's inputs are unchanged"))
    return EXIT_FINDINGS if bad else EXIT_OK
