"""F1DB's CSV extract read into one plain record per season (constants, identifiers, the F1DB commit).

See f1db.py for the command and the identifier conventions.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from validator.findings import Finding, InputError, Location
from validator.importers import csvread

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


# Eras whose version was republished (a locked version is never edited: the new one `supersedes:` it from its
# first day, docs/RULES-WORKFLOW.md): the seasons cite the republication. "<start>.2": the pre-1995 rules with
# the `shared-position` step ending each tie-break chain, and the 1995, 2003, 2010 and 2021 rules with the
# `authority-decides` step (docs/f1-rules-research.md#ties), and the 2025 rules with `cars-per-team`
# (docs/f1-rules-research.md#cars-per-team).
REPUBLISHED: dict[int, str] = {start: f"{start}.2" for start in (
    1950, 1954, 1958, 1959, 1960, 1961, 1962, 1963, 1966, 1967, 1968, 1969, 1970, 1971, 1972, 1973, 1975, 1976,
    1977, 1978, 1979, 1980, 1981, 1991, 1995, 2003, 2010, 2021, 2025)}


def rules_version(year: int) -> str:
    """The ruleset version covering `year`: the latest era start not after it (its republication, if any)."""
    eras = [start for start in RULES_ERAS if start <= year]
    if not eras:
        return str(year)
    return REPUBLISHED.get(max(eras), str(max(eras)))


# ----------------------------------------------------------------------------------------------- YAML text

_ROUNDS = csvread.pattern(r"([0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*)?", "a round list such as 1-2,4-7")
_POINTS = csvread.pattern(r"-?[0-9]+(\.[0-9]+)?", "a number of points")
_OPT_POINTS = csvread.pattern(r"(-?[0-9]+(\.[0-9]+)?)?", "empty or a number of points")
_AFTER = csvread.pattern(r"[0-9]+|final", "a round number or 'final'")
_FLAG = csvread.one_of("", "1")
# a race slug names a file (`rounds/NN-<slug>.yaml`): the id form of the season schema, so never '/' or '..'
_SLUG = csvread.pattern(r"[a-z0-9][a-z0-9-]*", "a slug of lower-case letters, digits and '-'")

# the columns the importer reads from each file, and the form of their values (other columns are ignored)
SPECS: dict[str, dict[str, csvread.Form]] = {
    "races.csv": {"year": csvread.INT, "round": csvread.INT, "slug": _SLUG, "date": csvread.TEXT,
                  "official_name": csvread.TEXT, "laps": csvread.OPT_INT, "scheduled_laps": csvread.OPT_INT,
                  "sprint_laps": csvread.OPT_INT, "has_sprint": _FLAG},
    "results.csv": {"year": csvread.INT, "round": csvread.INT, "session": csvread.one_of("race", "sprint"),
                    "position": csvread.pattern("[0-9]+|" + "|".join(sorted(RESULT_MARKS)), "a position or a mark"),
                    "driver_number": csvread.OPT_INT, "driver_id": csvread.TEXT, "constructor_id": csvread.TEXT,
                    "engine_id": csvread.TEXT, "shared_car": _FLAG, "laps": csvread.OPT_INT,
                    "points": _OPT_POINTS},
    "fastest_laps.csv": {"year": csvread.INT, "round": csvread.INT, "driver_id": csvread.TEXT,
                         "constructor_id": csvread.TEXT, "time": csvread.ANY},
    "driver_standings.csv": {"year": csvread.INT, "after_round": _AFTER,
                             "position": csvread.pattern("[0-9]+|" + "|".join(sorted(STANDING_MARKS)),
                                                         "a position or a mark"),
                             "driver_id": csvread.TEXT, "points": _POINTS},
    "constructor_standings.csv": {"year": csvread.INT, "after_round": _AFTER,
                                  "position": csvread.pattern("[0-9]+|" + "|".join(sorted(STANDING_MARKS)),
                                                              "a position or a mark"),
                                  "constructor_id": csvread.TEXT, "engine_id": csvread.TEXT, "points": _POINTS},
    "entrants.csv": {"year": csvread.INT, "entrant_id": csvread.TEXT, "constructor_id": csvread.TEXT,
                     "engine_id": csvread.TEXT, "driver_id": csvread.TEXT, "rounds": _ROUNDS, "test_driver": _FLAG},
}


def read_source(source: Path) -> dict[str, list[csvread.Row]]:
    """Every CSV file of the extract, checked (header, fields, values); raises InputError with every problem."""
    findings: list[Finding] = []
    if not source.is_dir():
        raise InputError([Finding("IMP001", f"source folder {source} not found (expected F1DB's CSV extract, "
                                  f"e.g. ../shared/data/f1db)", Location(str(source)))])
    missing = [name for name in CSV_FILES if not (source / name).is_file()]
    if missing:
        raise InputError([Finding("IMP001", f"{source} lacks {', '.join(missing)} (F1DB's CSV extract has "
                                  f"{', '.join(CSV_FILES)})", Location(str(source)))])
    tables = {name: csvread.read(source / name, str(source / name), SPECS[name], findings) for name in CSV_FILES}
    if findings:
        raise InputError(findings)
    return tables


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
    """The extract as one record per season; raises InputError (findings at file:line) on bad input."""
    tables = read_source(source)
    seasons = {year: Season(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)}
    outside = [Finding("IMP004", f"season {row['year']} outside {FIRST_YEAR}-{LAST_YEAR}", row.where)
               for rows in tables.values() for row in rows if int(row["year"]) not in seasons]
    if outside:
        raise InputError(outside)

    def season(row: dict[str, str]) -> Season:
        return seasons[int(row["year"])]

    for row in tables["races.csv"]:
        season(row).races.append(row)
    for row in tables["results.csv"]:
        season(row).results[int(row["round"])].append(row)
    for row in tables["fastest_laps.csv"]:
        season(row).fastest[int(row["round"])].append(row)
    for row in tables["driver_standings.csv"]:
        season(row).driver_standings.append(row)
    for row in tables["constructor_standings.csv"]:
        season(row).constructor_standings.append(row)
    for row in tables["entrants.csv"]:
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
