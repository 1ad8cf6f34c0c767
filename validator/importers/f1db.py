"""Import Formula One facts from the F1DB CSV extract into scrutineer season records.

    scrutineer import f1db --source ../shared/data/f1db --out seasons/formula-1 [--dry-run] [--force]

`--source` is the folder holding F1DB's CSV files (races.csv, results.csv, fastest_laps.csv,
driver_standings.csv, constructor_standings.csv, entrants.csv); `--out` is the series folder that receives
`<year>/season.yaml`, `<year>/rounds/NN-<slug>.yaml`, `<year>/standings.yaml` for every season and `NOTICE.md`.
A season's `exceptions.yaml` (overrides and championship decisions) is maintained by hand and left untouched.

Nothing is destroyed: every file written carries a header with the F1DB commit and the sha256 of its content
(validator/importers/output.py), and a run replaces or removes only such files. A folder holding anything else, or
a generated file edited by hand since, is refused (exit 2, the files listed) unless `--force`; `--dry-run` lists
what would be added, replaced, removed and left unchanged. Bad input (a missing CSV or column, a truncated row,
bad UTF-8) is exit 2 with file:line.

Facts only, nothing inferred: every row of the CSV that this format can hold is written as given. The YAML text
is laid out by hand (one compact flow mapping per result or standings row) so that a re-run reproduces every file
byte for byte and the whole series parses quickly.

Identifiers
-----------
* drivers: F1DB's driver slug (`nino-farina`); the display name is derived from the slug (the extract has no
  name column).
* teams: `<constructor_id>-<engine_id>` exactly as F1DB pairs them (`cooper-climax`, `alfa-romeo-alfa-romeo`,
  `red-bull-honda-rbpt`). F1DB's constructors' standings are keyed by that pair, so one team id is one row of
  constructor_standings.csv. No two pairs give the same id (checked at import). The one exception is a pair that
  F1DB's standings list twice in the same table, because two entrants held it in different parts of the season
  (only 2018: Sahara Force India rounds 1-12, Racing Point Force India rounds 13-21): each such entrant becomes
  its own team with its F1DB entrant id as team id, and results, fastest laps, entries and standings rows of the
  pair are given to the entrant whose rounds cover them.
"""
from __future__ import annotations

import sys
from pathlib import Path

from validator.findings import Finding, InputError, Location
from validator.importers.f1db_data import CSV_FILES, F1DB_COMMIT, load, name_from_slug, parse_rounds  # noqa: F401  (API)
from validator.importers.f1db_write import (  # noqa: F401
    NOTICE,
    number,
    round_text,
    scalar,
    season_text,
    standings_text,
)
from validator.importers.output import Plan, apply, plan, stamp


TOOL = "scrutineer import f1db"
HAND_MAINTAINED = "exceptions.yaml"  # <year>/exceptions.yaml: overrides and decisions, kept by hand


def hand_maintained(rel: Path) -> bool:
    """A season's exceptions.yaml is written by hand beside the imported files: never touched, never in the way."""
    return len(rel.parts) == 2 and rel.parts[0].isdigit() and rel.name == HAND_MAINTAINED


def generated_files(source: Path, out: Path) -> dict[Path, str]:
    """Every file the import writes under `out` (path -> text, with the generated-file header)."""
    seasons = load(source)
    files: dict[Path, str] = {}
    problems: list[str] = []
    for year, s in sorted(seasons.items()):
        if not s.races:
            problems.append(f"season {year}: no races in races.csv")
            continue
        extra = set(s.results) - {int(r["round"]) for r in s.races}
        if extra:
            problems.append(f"season {year}: results for rounds {sorted(extra)} missing from races.csv")
            continue
        base = out / str(year)
        try:
            files[base / "season.yaml"] = season_text(s)
            files[base / "standings.yaml"] = standings_text(s)
            for race in s.races:
                round_ = int(race["round"])
                if s.results.get(round_):
                    files[base / "rounds" / f"{round_:02d}-{race['slug']}.yaml"] = round_text(s, race)
        except (ValueError, KeyError) as exc:
            problems.append(f"season {year}: {exc}")
    if problems:
        raise InputError([Finding("IMP007", p, Location(str(source))) for p in problems])
    files[out / "NOTICE.md"] = NOTICE
    source_text = f"F1DB commit {F1DB_COMMIT}"
    return {path: stamp(text, TOOL, source_text, markdown=path.suffix == ".md") for path, text in files.items()}


def import_f1db(source: Path, out: Path, force: bool = False, dry_run: bool = False) -> Plan:
    """Write the season records of every season 1950-2026 from the F1DB CSV folder `source` into `out`.

    Only files this importer wrote are replaced or removed; anything else in `out` (or a generated file edited
    since) makes it refuse with InputError unless `force`. Bad input raises InputError (findings at file:line).
    With `dry_run` nothing is written: the returned plan says what would change."""
    source, out = Path(source), Path(out)
    files = generated_files(source, out)
    todo = plan(out, files, hand_maintained)
    if not dry_run:
        apply(todo, files, force)
    return todo


def report_plan(todo: Plan, dry_run: bool, force: bool, stream=None) -> None:
    """What changed (or, with --dry-run, would change): counts, then every added, replaced or removed file."""
    stream = stream or sys.stdout
    verb = "would change" if dry_run else "changed"
    print(f"{TOOL}: {todo.out} {verb}: {todo.summary()}", file=stream)
    for label, names in (("added", todo.added), ("replaced", todo.replaced), ("removed", todo.removed)):
        for name in names:
            print(f"  {label}: {name}", file=stream)
    for label, names in (("not written by the importer", todo.foreign), ("edited since written", todo.edited)):
        for name in names:
            print(f"  {label} ({todo.fate(name, force)}): {name}", file=stream)


def run_import(source: Path, out: Path, force: bool = False, dry_run: bool = False) -> int:
    """The command: exit 0 done, 2 bad input or a refused output folder (every finding on stderr)."""
    try:
        todo = import_f1db(source, out, force=force, dry_run=dry_run)
    except InputError as exc:
        for f in exc.findings:
            print(f"scrutineer: {f}", file=sys.stderr)
        return 2
    except OSError as exc:  # the output cannot be written (a file where a folder must go, permissions, disk full)
        where = Location(str(exc.filename or out))
        print(f"scrutineer: {Finding('IMP008', f'cannot write the output: {exc.strerror or exc}', where)}",
              file=sys.stderr)
        return 2
    report_plan(todo, dry_run, force)
    if dry_run and todo.refusals() and not force:
        for f in todo.refusals():
            print(f"scrutineer: {f}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m validator.importers.f1db ARGS` = `scrutineer import f1db ARGS` (one set of arguments)."""
    from validator.cli import main as cli_main

    return cli_main(["import", "f1db", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
