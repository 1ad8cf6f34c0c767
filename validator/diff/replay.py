"""`scrutineer replay`: a season's facts under another ruleset version, beside its standings under its own.

The season runs through the pipeline as `check` runs it (its own rules, full audit); its facts are then scored
under the other version by the same engine (`score_classification`), without the points overrides that state
what its own rules awarded. The other version's effective window is not checked: that is the point. Clauses
that cannot apply are named (validator/diff/applicability.py). Where the record is incomplete the totals are
intervals, exactly as `scrutineer standings` shows them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from validator.diff import compare
from validator.diff.applicability import unusable
from validator.engine.score import score_classification
from validator.findings import Finding
from validator.model.build_ruleset import load_ruleset
from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.pipeline import RulesCache, SeasonRun, find_rules_root, run_season

_KEY = re.compile(r"([a-z0-9][a-z0-9-]*)@([A-Za-z0-9][A-Za-z0-9._-]*)\Z")


@dataclass
class ReplayReport:
    own: SeasonRun
    other: SeasonRun | None = None
    errors: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @property
    def invalid(self) -> bool:
        return bool(self.errors) or self.own.verdict == "invalid"

    def as_dict(self) -> dict[str, Any]:
        own, other = compare.snapshot(self.own), compare.snapshot(self.other) if self.other else None
        pairs = _pairs(own, other)
        return {
            "season": self.own.key, "directory": self.own.directory,
            "own_rules": own["summary"]["rules"], "rules": self.other.ruleset.key if self.other else None,
            "verdict_under_own_rules": own["summary"]["verdict"],
            "champion": {"declared": own["summary"]["champion"], "own_rules": compare.champion(own),
                         "other_rules": compare.leaders(other),
                         "changed": compare.champion(own) != compare.leaders(other)},
            "exact": all(r["status"] == "exact" for c in (other or {}).get("classifications", {}).values()
                         for r in c["rows"]),
            "classifications": [_side_by_side(name, own_name, own, other) for name, own_name in pairs],
            "not_applicable": [f.as_dict() for f in self.notes],
            "findings": [f.as_dict() for f in self.errors],
        }


def parse_key(text: str) -> tuple[str, str]:
    m = _KEY.match(text)
    if not m:
        raise ValueError(text)
    return m.group(1), m.group(2)


def replay(season_dir: Path, key: str, rules_dir: Path | None = None) -> ReplayReport:
    own = run_season(season_dir, RulesCache(rules_dir))
    report = ReplayReport(own)
    if own.season is None or own.verdict == "invalid":
        return report
    try:
        series, version = parse_key(key)
    except ValueError:
        report.errors.append(Finding("DIFF007", f"--rules {key!r} is not SERIES@VERSION (e.g. formula-1@2010)"))
        return report
    root = rules_dir or find_rules_root(season_dir)
    path = root / series / f"{version}.yaml" if root else None
    if path is None or not path.is_file():
        report.errors.append(Finding("REF005", f"ruleset {series}@{version} not found"
                                     f"{f' (looked for {path})' if path else ''}"))
        return report
    findings: list[Finding] = []
    ruleset = load_ruleset(path, findings)
    report.errors += [f for f in findings if f.severity == "error"]
    if ruleset is None or report.errors:
        return report
    report.other, report.notes = _score(own.season, ruleset)
    report.errors += [f for f in report.other.findings if f.severity == "error"]
    return report


def _score(season: Season, ruleset: Ruleset) -> tuple[SeasonRun, list[Finding]]:
    """The season's facts under `ruleset`: every classification, with the notes on what cannot apply."""
    notes = unusable(season, ruleset)
    facts = _without_overrides(season)
    run = SeasonRun(season.directory, facts, ruleset)
    for name in ruleset.classifications:
        result = score_classification(facts, ruleset, name)
        run.results[name] = result
        # a session the other version does not score is a note (DIFF006 above), not invalid input
        run.findings += [f for f in result.findings if f.code != "REF006"]
    return run, notes


def _without_overrides(season: Season) -> Season:
    """The season without its points overrides: they state what its own rules awarded, not the other's."""
    if not season.overrides:
        return season
    rounds = [replace(r, sessions=[replace(s, overrides=[]) for s in r.sessions]) for r in season.rounds]
    return replace(season, rounds=rounds, overrides=[])


def _pairs(own: dict, other: dict | None) -> list[tuple[str, str | None]]:
    """Each classification of the other version with the season's own of the same name, else of the same
    subject (teams and constructors); never one of another subject."""
    if other is None:
        return []
    mine = own["classifications"]
    out, used = [], set()
    for name, cls in other["classifications"].items():
        same_name = name in mine and mine[name]["subject"] == cls["subject"]  # never drivers beside teams
        theirs = other["classifications"]
        match = name if same_name else next((n for n, c in mine.items() if c["subject"] == cls["subject"]
                                             and n not in used and theirs.get(n, {}).get("subject") != c["subject"]),
                                            None)
        used.add(match)
        out.append((name, match))
    return out


def _side_by_side(name: str, own_name: str | None, own: dict, other: dict | None) -> dict[str, Any]:
    theirs = (other or {})["classifications"][name]
    mine = {r["competitor"]: r for r in own["classifications"][own_name]["rows"]} if own_name else {}
    rows = []
    for r in theirs["rows"]:
        m = mine.get(r["competitor"])
        rows.append({"competitor": r["competitor"],
                     "replayed": {k: r[k] for k in ("position", "points", "wins", "status")},
                     "own": {k: m[k] for k in ("position", "points", "wins", "status")} if m else None})
    return {"name": name, "own_name": own_name, "subject": theirs["subject"], "after_round": theirs["after_round"],
            "rows": rows}
