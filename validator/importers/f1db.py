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
import csv
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FIRST_YEAR = 1950
LAST_YEAR = 2026
SERIES = "formula-1"
SOURCE_KEY = "f1db"
F1DB_COMMIT = "6a5845b840e68d53400f3e8db97b55c3ad2fab52"
SOURCE_TEXT = (f"F1DB https://github.com/f1db/f1db commit {F1DB_COMMIT}, CC BY 4.0 (modified)")
RESULT_MARKS = {"DNF", "DNS", "DSQ", "NC", "DNQ", "DNPQ", "DNP", "EX"}
STANDING_MARKS = {"DSQ", "EX"}

# The ruleset version (rules/formula-1/<version>.yaml) whose `effective` window covers each season: the first
# season of each span of seasons with identical scoring rules (see docs/f1-rules-research.md); a season before the
# first start would get its own year as a placeholder version.
RULES_ERAS: tuple[int, ...] = (
    1950, 1954, 1958, 1959, 1960, 1961, 1962, 1963, 1966, 1967, 1968, 1969, 1970, 1971, 1972, 1973, 1975, 1976,
    1977, 1978, 1979, 1980, 1981, 1991, 1995, 2003, 2010, 2014, 2015, 2019, 2021, 2022, 2025)

SCHEMA_DIR = "validator/schemas"
CSV_FILES = ("races.csv", "results.csv", "fastest_laps.csv", "driver_standings.csv",
             "constructor_standings.csv", "entrants.csv")


def rules_version(year: int) -> str:
    """The ruleset version covering `year`: the latest era start not after it."""
    eras = [start for start in RULES_ERAS if start <= year]
    if not eras:
        return str(year)
    return str(max(eras))


# ----------------------------------------------------------------------------------------------- YAML text

_PLAIN = re.compile(r"^[^\W_][\w .'’()/&+-]*$")
_RESOLVER = yaml.resolver.Resolver()


def scalar(value: object) -> str:
    """One YAML scalar: plain when PyYAML (YAML 1.1) reads it back as the same string, JSON-quoted otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (_PLAIN.match(text) and not text.endswith(" ") and "  " not in text
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"):
        return text
    return json.dumps(text, ensure_ascii=False)


def number(text: str) -> int | str:
    """A points value exactly as printed: integers as integers, anything else as a quoted string."""
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        raise ValueError(f"unexpected points value {text!r}")
    return text


def position(text: str, marks: set[str]) -> int | str:
    if text.isdigit():
        return int(text)
    if text not in marks:
        raise ValueError(f"unexpected position {text!r}")
    return text


def flow(pairs: list[tuple[str, object]]) -> str:
    """A flow mapping on one line; values may be scalars or lists of scalars."""
    parts = []
    for key, value in pairs:
        if isinstance(value, list):
            parts.append(f"{key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            parts.append(f"{key}: {scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def modeline(schema: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema}.schema.json\n"


# ----------------------------------------------------------------------------------------------- reading

def read_csv(source: Path, name: str) -> list[dict[str, str]]:
    with (source / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def parse_rounds(text: str) -> list[int]:
    """`1-2,4-7` -> [1, 2, 4, 5, 6, 7]."""
    rounds: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        if "-" in part:
            first, last = part.split("-", 1)
            rounds.extend(range(int(first), int(last) + 1))
        else:
            rounds.append(int(part))
    return rounds


def name_from_slug(slug: str) -> str:
    """`nino-farina` -> `Nino Farina`; a trailing F1DB disambiguation number is dropped."""
    words = slug.split("-")
    if len(words) > 1 and words[-1].isdigit():
        words = words[:-1]
    return " ".join(w[:1].upper() + w[1:] for w in words)


def team_name(constructor: str, engine: str) -> str:
    if constructor == engine:
        return name_from_slug(constructor)
    return f"{name_from_slug(constructor)}-{name_from_slug(engine)}"


@dataclass
class Season:
    year: int
    races: list[dict[str, str]] = field(default_factory=list)
    results: dict[int, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    fastest: dict[int, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    driver_standings: list[dict[str, str]] = field(default_factory=list)
    constructor_standings: list[dict[str, str]] = field(default_factory=list)
    entrants: list[dict[str, str]] = field(default_factory=list)
    # (constructor, engine) -> [(entrant_id, rounds)] for pairs F1DB's standings split by entrant
    split: dict[tuple[str, str], list[tuple[str, list[int]]]] = field(default_factory=dict)

    def team(self, constructor: str, engine: str, round_: int | None) -> str:
        holders = self.split.get((constructor, engine))
        if holders is None:
            return f"{constructor}-{engine}"
        for entrant, rounds in holders:
            if round_ in rounds:
                return entrant
        # not a round of any holder (a standings snapshot after a round the pair missed): the latest holder so far
        earlier = [(max(r), e) for e, r in holders if round_ is not None and min(r) <= round_]
        if not earlier:
            raise ValueError(f"{self.year}: no entrant of {constructor}-{engine} for round {round_}")
        return max(earlier)[1]


def load(source: Path) -> dict[int, Season]:
    seasons = {year: Season(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)}

    def season(row: dict[str, str]) -> Season:
        year = int(row["year"])
        if year not in seasons:
            raise ValueError(f"season {year} outside {FIRST_YEAR}-{LAST_YEAR}")
        return seasons[year]

    for row in read_csv(source, "races.csv"):
        season(row).races.append(row)
    for row in read_csv(source, "results.csv"):
        season(row).results[int(row["round"])].append(row)
    for row in read_csv(source, "fastest_laps.csv"):
        season(row).fastest[int(row["round"])].append(row)
    for row in read_csv(source, "driver_standings.csv"):
        season(row).driver_standings.append(row)
    for row in read_csv(source, "constructor_standings.csv"):
        season(row).constructor_standings.append(row)
    for row in read_csv(source, "entrants.csv"):
        season(row).entrants.append(row)

    for s in seasons.values():
        s.races.sort(key=lambda r: int(r["round"]))
        counts: dict[tuple[str, str, str], int] = defaultdict(int)
        for row in s.constructor_standings:
            counts[(row["after_round"], row["constructor_id"], row["engine_id"])] += 1
        for (_, constructor, engine), n in sorted(counts.items()):
            if n > 1 and (constructor, engine) not in s.split:
                holders = sorted(
                    (e["entrant_id"], parse_rounds(e["rounds"])) for e in s.entrants
                    if (e["constructor_id"], e["engine_id"]) == (constructor, engine)
                    and e["test_driver"] != "1" and e["rounds"])
                merged: dict[str, set[int]] = defaultdict(set)
                for entrant, rounds in holders:
                    merged[entrant].update(rounds)
                if len(merged) != n:
                    raise ValueError(f"{s.year}: {constructor}-{engine} has {n} standings rows but "
                                     f"{len(merged)} entrants")
                s.split[(constructor, engine)] = sorted(((e, sorted(r)) for e, r in merged.items()),
                                                        key=lambda item: item[1][0])
    return seasons


# ----------------------------------------------------------------------------------------------- writing

def sessions_of(race: dict[str, str]) -> list[str]:
    return ["sprint", "race"] if (race["has_sprint"] == "1" or race["sprint_laps"]) else ["race"]


def result_line(s: Season, round_: int, row: dict[str, str]) -> str:
    pairs: list[tuple[str, object]] = [
        ("pos", position(row["position"], RESULT_MARKS)),
        ("driver", row["driver_id"]),
        ("team", s.team(row["constructor_id"], row["engine_id"], round_)),
    ]
    if row["driver_number"]:
        pairs.append(("number", int(row["driver_number"])))
    if row["shared_car"] == "1":
        pairs.append(("shared", True))
    elif row["shared_car"]:
        raise ValueError(f"unexpected shared_car {row['shared_car']!r}")
    if row["laps"]:
        pairs.append(("laps", int(row["laps"])))
    if row["points"]:
        pairs.append(("points", number(row["points"])))
    return "      - " + flow(pairs) + "\n"


def round_text(s: Season, race: dict[str, str]) -> str:
    round_ = int(race["round"])
    rows = s.results[round_]
    out = [modeline("round", 4), f"round: {round_}\n", f"src: [{SOURCE_KEY}]\n", "sessions:\n"]
    for session in ("sprint", "race"):
        session_rows = [r for r in rows if r["session"] == session]
        if not session_rows:
            continue
        out.append(f"  - session: {session}\n")
        if session == "race":
            run = int(race["laps"])
            scheduled = int(race["scheduled_laps"] or race["laps"])
        else:
            run = scheduled = int(race["sprint_laps"])
        out.append(f"    laps: {{run: {run}, scheduled: {scheduled}, src: [{SOURCE_KEY}]}}\n")
        out.append("    complete: true\n")
        out.append("    results:\n")
        out.extend(result_line(s, round_, r) for r in session_rows)
        if session == "race" and s.fastest.get(round_):
            out.append("    fastest_lap:\n")
            for fl in s.fastest[round_]:
                engines = sorted({r["engine_id"] for r in session_rows
                                  if r["driver_id"] == fl["driver_id"] and r["constructor_id"] == fl["constructor_id"]})
                if len(engines) != 1:
                    raise ValueError(f"{s.year} round {round_}: fastest lap of {fl['driver_id']} "
                                     f"({fl['constructor_id']}) matches engines {engines}")
                pairs: list[tuple[str, object]] = [
                    ("driver", fl["driver_id"]),
                    ("team", s.team(fl["constructor_id"], engines[0], round_))]
                if fl["time"]:
                    pairs.append(("time", fl["time"]))
                out.append("      - " + flow(pairs) + "\n")
    unknown = {r["session"] for r in rows} - {"sprint", "race"}
    if unknown:
        raise ValueError(f"{s.year} round {round_}: unknown sessions {sorted(unknown)}")
    return "".join(out)


def season_text(s: Season) -> str:
    out = [modeline("season", 3),
           f"series: {SERIES}\n",
           f"season: {s.year}\n",
           f"rules: {{ruleset: {SERIES}, version: {json.dumps(rules_version(s.year))}}}\n",
           "sources:\n",
           f"  {SOURCE_KEY}: {scalar(SOURCE_TEXT)}\n",
           "calendar:\n"]
    for race in s.races:
        out.append("  - " + flow([("round", int(race["round"])), ("name", race["official_name"]),
                                  ("date", race["date"]), ("sessions", sessions_of(race)),
                                  ("src", [SOURCE_KEY])]) + "\n")

    drivers: set[str] = set()
    teams: dict[str, tuple[str, str]] = {}
    for round_, rows in s.results.items():
        for r in rows:
            drivers.add(r["driver_id"])
            teams[s.team(r["constructor_id"], r["engine_id"], round_)] = (r["constructor_id"], r["engine_id"])
    for round_, rows in s.fastest.items():
        drivers.update(r["driver_id"] for r in rows)
    drivers.update(r["driver_id"] for r in s.driver_standings)
    entries = []
    for e in s.entrants:
        drivers.add(e["driver_id"])
        rounds = parse_rounds(e["rounds"])
        key = (e["constructor_id"], e["engine_id"])
        if key in s.split:
            team = e["entrant_id"]
            if team not in {h for h, _ in s.split[key]}:
                raise ValueError(f"{s.year}: entrant {team} of split pair {key} has no rounds")
        else:
            team = f"{e['constructor_id']}-{e['engine_id']}"
        teams[team] = key
        note = f"entrant {e['entrant_id']}" + ("; test driver" if e["test_driver"] == "1" else "")
        entries.append((team, e["driver_id"], rounds, note))
    for row in s.constructor_standings:
        key = (row["constructor_id"], row["engine_id"])
        if key not in s.split:
            teams[f"{key[0]}-{key[1]}"] = key

    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for team, key in teams.items():
        owners[team].add(key)
    clashes = {t: k for t, k in owners.items() if len(k) > 1}
    if clashes:
        raise ValueError(f"{s.year}: team ids that stand for several constructor-engine pairs: {clashes}")

    out.append("drivers:\n")
    for d in sorted(drivers):
        out.append("  - " + flow([("id", d), ("name", name_from_slug(d))]) + "\n")
    out.append("teams:\n")
    for team in sorted(teams):
        constructor, engine = teams[team]
        name = team_name(constructor, engine)
        pairs: list[tuple[str, object]] = [("id", team), ("name", name)]
        if (constructor, engine) in s.split:
            pairs[1] = ("name", f"{name} ({name_from_slug(team)})")
            note = (f"F1DB entrant {team}, one of the entrants of {constructor}-{engine} in {s.year}; "
                    "F1DB's constructors' standings list them separately")
            pairs.append(("note", note))
        out.append("  - " + flow(pairs) + "\n")
    out.append("entries:\n")
    every_round = sorted(int(r["round"]) for r in s.races)
    for team, driver, rounds, note in sorted(entries, key=lambda e: (e[0], e[1], e[2], e[3])):
        pairs = [("driver", driver), ("team", team)]
        if rounds != every_round:  # omitted = every round of the calendar (the schema's default)
            pairs.append(("rounds", rounds))
        pairs += [("src", [SOURCE_KEY]), ("note", note)]
        out.append("  - " + flow(pairs) + "\n")
    return "".join(out)


def _snapshot_order(after: str) -> tuple[int, int]:
    return (1, 0) if after == "final" else (0, int(after))


def standings_text(s: Season) -> str:
    out = [modeline("standings", 3), "snapshots:\n"]
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in s.driver_standings:
        groups[(row["after_round"], "drivers")].append(row)
    for row in s.constructor_standings:
        groups[(row["after_round"], "constructors")].append(row)
    last_round = max((int(r["round"]) for r in s.races if s.results.get(int(r["round"]))), default=None)
    for after, classification in sorted(groups, key=lambda k: (_snapshot_order(k[0]), k[1] != "drivers")):
        rows = groups[(after, classification)]
        out.append(f"  - after_round: {after}\n")
        out.append(f"    classification: {classification}\n")
        out.append("    complete: true\n")
        out.append(f"    src: [{SOURCE_KEY}]\n")
        out.append("    rows:\n")
        round_ = last_round if after == "final" else int(after)
        taken: dict[tuple[str, str], list[str]] = defaultdict(list)
        for row in rows:
            pairs: list[tuple[str, object]] = [("position", position(row["position"], STANDING_MARKS))]
            if classification == "drivers":
                pairs.append(("driver", row["driver_id"]))
            else:
                key = (row["constructor_id"], row["engine_id"])
                if key in s.split and sum(1 for r in rows if (r["constructor_id"], r["engine_id"]) == key) > 1:
                    # several rows of a split pair in one table: the entrant holding the pair latest takes the
                    # first row, the others follow in the order they held it (latest first)
                    order = [e for e, _ in sorted(s.split[key], key=lambda h: -max(h[1]))]
                    team = order[len(taken[key])]
                    taken[key].append(team)
                else:
                    team = s.team(key[0], key[1], round_)
                pairs.append(("team", team))
            if row["points"] == "":
                raise ValueError(f"{s.year} after {after}: standings row without points")
            pairs.append(("points", number(row["points"])))
            out.append("      - " + flow(pairs) + "\n")
    return "".join(out)


NOTICE = f"""\
# Formula One season records — source and licence

The season records in this folder (`<year>/season.yaml`, `<year>/rounds/*.yaml`, `<year>/standings.yaml`) are
derived from **F1DB** (https://github.com/f1db/f1db) by Marcel Overdijk and contributors, source commit
`{F1DB_COMMIT}` (6a5845b, 2026-08-21), licensed under **Creative Commons Attribution 4.0 International**
(https://creativecommons.org/licenses/by/4.0/).

**Modified.** F1DB's YAML source tree was first reduced to facts (races, race and sprint results, fastest-lap
holders, entrants, and the official drivers' and constructors' standings after every round and final) and
converted to CSV; `validator/importers/f1db.py` (`scrutineer import f1db`) then converted that CSV into
scrutineer's season-record format:

* one `season.yaml` per season: calendar (official race name, date, sessions), drivers (F1DB slugs, with display
  names derived from the slugs), teams (constructor + engine pairs, id `<constructor>-<engine>`; in 2018 the two
  Force India entrants are separate teams named by their F1DB entrant ids) and entries (entrant × driver with the
  rounds taken part in; the entrant id and test-driver flag are kept in the entry's note);
* one round file per race with results: laps run and scheduled, every result row (road position or
  non-finishing mark, driver, team, car number, shared car, laps, points as officially awarded) and the
  fastest-lap holders; race times, time penalties and retirement reasons were dropped;
* one `standings.yaml` per season with the official drivers' and constructors' tables after every round and
  final, as F1DB gives them.

No value was recomputed or corrected. Anything built from these files must keep this attribution.
"""


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
