"""`scrutineer import f1db`: convert F1DB CSV facts into season records (never destroying other files)."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    imp = sub.add_parser("import", help="import external data into season records",
                         description="Write season records from an external extract. Only files the importer "
                         "wrote itself are replaced or removed; anything else in --out is refused unless --force.")
    imp.add_argument("kind", choices=["f1db"])
    imp.add_argument("--source", required=True, type=Path, metavar="DIR",
                     help="folder with F1DB's races.csv, results.csv, ... (e.g. ../shared/data/f1db)")
    imp.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="series folder to write <year>/... and NOTICE.md into (e.g. seasons/formula-1)")
    imp.add_argument("--force", action="store_true",
                     help="write even where the folder holds files the importer did not write, or edited ones "
                     "(files it did not write are overwritten only at paths it writes, never removed)")
    imp.add_argument("--dry-run", action="store_true",
                     help="write nothing; list what would be added, replaced, removed, and what would be refused")


def run(args) -> int:
    from validator.importers.f1db import run_import

    return run_import(args.source, args.out, force=args.force, dry_run=args.dry_run)
