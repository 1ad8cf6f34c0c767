"""`scrutineer import f1db`: convert F1DB CSV facts into season records."""
from __future__ import annotations

from pathlib import Path

from validator.commands.common import EXIT_OK


def register(sub) -> None:
    imp = sub.add_parser("import", help="import external data into season records")
    imp.add_argument("kind", choices=["f1db"])
    imp.add_argument("--source", type=Path, required=True)
    imp.add_argument("--out", type=Path, required=True)


def run(args) -> int:
    from validator.importers.f1db import import_f1db

    import_f1db(args.source, args.out)
    return EXIT_OK
