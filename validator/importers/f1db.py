"""Import Formula One facts from the F1DB CSV extract into scrutineer season records.

    scrutineer import f1db --source /work/shared/data/f1db --out seasons/formula-1

`--source` is the folder holding F1DB's CSV files (races.csv, results.csv, fastest_laps.csv,
driver_standings.csv, constructor_standings.csv, entrants.csv); `--out` is the series folder that receives
`<year>/season.yaml`, `<year>/rounds/NN-<slug>.yaml`, `<year>/standings.yaml` for every season and `NOTICE.md`.
A season's `exceptions.yaml` (overrides and championship decisions) is maintained by hand and left untouched.

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

import argparse
import sys
from pathlib import Path

from validator.importers.f1db_data import CSV_FILES, load, name_from_slug, parse_rounds  # noqa: F401  (API)
from validator.importers.f1db_write import (  # noqa: F401
    NOTICE,
    number,
    round_text,
    scalar,
    season_text,
    standings_text,
)


def import_f1db(source: Path, out: Path) -> None:
    """Write the season records of every season 1950-2026 from the F1DB CSV folder `source` into `out`."""
    source, out = Path(source), Path(out)
    missing = [name for name in CSV_FILES if not (source / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{source}: missing {', '.join(missing)}")
    seasons = load(source)
    files: dict[Path, str] = {}
    for year, s in sorted(seasons.items()):
        if not s.races:
            raise ValueError(f"season {year}: no races in races.csv")
        base = out / str(year)
        files[base / "season.yaml"] = season_text(s)
        files[base / "standings.yaml"] = standings_text(s)
        for race in s.races:
            round_ = int(race["round"])
            if s.results.get(round_):
                files[base / "rounds" / f"{round_:02d}-{race['slug']}.yaml"] = round_text(s, race)
        extra = set(s.results) - {int(r["round"]) for r in s.races}
        if extra:
            raise ValueError(f"season {year}: results for rounds {sorted(extra)} missing from races.csv")
    files[out / "NOTICE.md"] = NOTICE
    # remove round files this import no longer writes (a renamed slug), then write everything
    for year in seasons:
        rounds_dir = out / str(year) / "rounds"
        if rounds_dir.is_dir():
            for old in rounds_dir.glob("*.yaml"):
                if old not in files:
                    old.unlink()
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scrutineer import f1db",
        description="Write Formula One season records (1950-2026) from the F1DB CSV extract.")
    parser.add_argument("--source", required=True, type=Path, metavar="DIR",
                        help="folder with F1DB's races.csv, results.csv, ... (e.g. ../shared/data/f1db)")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="series folder to write <year>/... and NOTICE.md into (e.g. seasons/formula-1)")
    args = parser.parse_args(argv)
    try:
        import_f1db(args.source, args.out)
    except (OSError, ValueError) as exc:
        print(f"scrutineer import f1db: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
