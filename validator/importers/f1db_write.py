"""Season records as YAML text, laid out by hand (one flow mapping per row) so that a re-run of the importer
reproduces every file byte for byte.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

import yaml

from validator.importers.f1db_data import (
    F1DB_COMMIT,
    RESULT_MARKS,
    SCHEMA_DIR,
    SERIES,
    SOURCE_KEY,
    SOURCE_TEXT,
    STANDING_MARKS,
    Season,
    name_from_slug,
    parse_rounds,
    rules_version,
    team_name,
)

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
