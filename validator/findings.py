"""Findings: the one plain-data shape every stage reports in (text, JSON, and later JUnit/SARIF read it).

Severity decides the exit code: `error` = invalid input (exit 2), `failure` = the season or rules are
contradicted (exit 1), `warning`/`info` never change the exit code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Stable codes. The catalogue is documented in docs/FINDINGS.md; tests check the two agree.
CATALOGUE: dict[str, tuple[str, str]] = {
    # load
    "YAML001": ("error", "YAML syntax error"),
    "YAML002": ("error", "duplicate mapping key"),
    "YAML003": ("error", "tag not allowed (only the YAML core schema is accepted)"),
    "YAML004": ("error", "file too large, too deeply nested, or too many aliases"),
    "YAML005": ("error", "file cannot be read"),
    "YAML006": ("error", "ambiguous YAML 1.1 scalar (yes/no/on/off, 1:30, 010, bare date, ...): quote it"),
    "YAML007": ("error", "mapping key is not plain text, or a merge (<<) is not a mapping"),
    # schema
    "SCHEMA001": ("error", "value does not match the schema"),
    # numbers and paths (issue 8: every number is read one way, every path is checked before it is opened)
    "NUM001": ("error", "number out of range (more than 18 digits before or after the decimal point)"),
    "NUM002": ("error", "fraction with a zero denominator"),
    "PATH001": ("error", "not a regular file (a directory, FIFO, socket or device where a YAML file belongs)"),
    "PATH002": ("error", "symbolic link that leads nowhere (dangling, or a loop)"),
    "PATH003": ("error", "symbolic link that leads outside the season directory"),
    # references and consistency
    "REF001": ("error", "unknown driver"),
    "REF002": ("error", "unknown team"),
    "REF003": ("error", "unknown source key"),
    "REF004": ("error", "round not on the calendar"),
    "REF005": ("error", "ruleset version not found"),
    "REF006": ("error", "session not defined by the ruleset"),
    "REF007": ("error", "season record incomplete (season.yaml missing)"),
    "CONS001": ("error", "two cars in one road position"),
    "CONS002": ("error", "a driver has two results in one session"),
    "CONS003": ("error", "round listed twice"),
    "CONS004": ("error", "an order fact contradicts known positions"),
    "CONS005": ("error", "snapshot after a round that does not exist"),
    "RULE001": ("error", "ruleset not in effect on the season's dates"),
    # static rule checks and locked rule versions (issue 4)
    "CONS006": ("warning", "a session marked complete has a gap in its classified places"),
    "RULE002": ("error", "points table increases with position"),
    "RULE003": ("error", "effective windows of two versions of a ruleset overlap"),
    "RULE004": ("warning", "gap between the effective windows of consecutive versions of a ruleset"),
    "RULE005": ("warning", "tie-break chain can leave two different records tied with no declared fallback"),
    "RULE006": ("error", "ruleset or version inside a rules file differ from its path rules/<ruleset>/<version>.yaml"),
    "RULE007": ("error", "effective window malformed (not a calendar date, or ends before it starts)"),
    "RULE008": ("error", "`supersedes:` names no other version of the series"),
    "RULE009": ("error", "`supersedes:` names a version not in effect on the new version's first day (nothing to supersede)"),
    "RULE010": ("error", "a tie-break step that declares what a tie through the chain means (shared-position, authority-decides) is not the chain's last step"),
    "RULE011": ("error", "a session records more cars of one team than the ruleset's cars-per-team allows"),
    "LOCK001": ("failure", "a locked ruleset version changed: publish a new version instead"),
    "LOCK002": ("error", "a locked ruleset version is missing"),
    "LOCK003": ("warning", "ruleset version not recorded in rules/LOCK (run `scrutineer lock`)"),
    "LOCK004": ("error", "rules/LOCK cannot be read"),
    # what an edit changes: `scrutineer diff` and `scrutineer replay` (issue 9)
    "DIFF001": ("error", "`diff`: not inside a git work tree (or git is not available)"),
    "DIFF002": ("error", "`diff`: unknown git ref"),
    "DIFF003": ("error", "`diff`: the base version cannot be materialised from git"),
    "DIFF004": ("failure", "after the edit a declared outcome no longer holds (proven/consistent becomes contradicted)"),
    "DIFF005": ("failure", "after the edit the computed champion differs from the declared one"),
    "DIFF006": ("info", "`replay`: a clause of the other ruleset cannot apply to this season"),
    "DIFF007": ("error", "`replay`: `--rules` is not SERIES@VERSION"),
    # completeness of the season record (issue 8)
    "FILE001": ("error", "a file that looks like part of the season record is not read"),
    "FILE002": ("warning", "a file in a season directory is neither read nor documentation"),
    "REF008": ("error", "season directory differs from the season or series it holds"),
    "REF009": ("error", "round file name or calendar `file` differs from the round it holds"),
    "REF010": ("error", "session not on the calendar for its round"),
    "REF011": ("error", "classification not defined by the ruleset"),
    "REF012": ("error", "a standings row names a driver in a team classification, or a team in a driver one"),
    "REF013": ("error", "exception row matches no result of its session"),
    "REF014": ("error", "entry covers a round that is not on the calendar"),
    "CONS007": ("error", "id defined twice"),
    "CONS008": ("error", "session given twice in one round"),
    "CONS009": ("warning", "a session the calendar lists has no results in its round file (scored as unknown)"),
    "CONS010": ("warning", "results in rounds the driver's entries exclude (one per driver; their rounds are then not used)"),
    "CONS011": ("error", "two rows of one competitor in a standings snapshot give different figures"),
    "CONS012": ("error", "two snapshots of one classification after the same round"),
    "CONS013": ("error", "order facts form a cycle"),
    "CONS014": ("error", "a road position beyond the stated finishers, or more cars than the stated starters"),
    "CONS015": ("error", "two overrides for one result"),
    "CONS016": ("error", "a driver twice in the declared final order"),
    # audit
    "AUDIT001": ("failure", "published points outside every total the rules allow"),
    "AUDIT002": ("failure", "published position impossible under the rules"),
    "AUDIT003": ("failure", "published gap impossible under the rules"),
    "AUDIT004": ("failure", "published tie impossible under the rules"),
    "AUDIT005": ("failure", "published leader impossible under the rules"),
    "AUDIT006": ("failure", "declared points for a result differ from the rules"),
    "AUDIT007": ("failure", "declared champion refuted"),
    "AUDIT008": ("failure", "declared final order refuted"),
    "AUDIT009": ("info", "a side of a source conflict is impossible alongside the other facts"),
    "AUDIT010": ("info", "verdict depends on an unsourced rule clause"),
    "AUDIT011": ("warning", "clause unsourced"),
    "AUDIT012": ("failure", "two published snapshots disagree with the results between them"),
    "AUDIT013": ("warning", "published figure disagrees with the rules; recorded as the source's erratum"),
    "AUDIT014": ("warning", "recorded erratum matches no failing check (remove it)"),
    # paths given to `scrutineer check` (validator/affected.py)
    "CI001": ("error", "no such path"),
    "CI002": ("warning", "path is neither in a season directory nor a rules file: nothing to check"),
    "CI003": ("warning", "no season cites this ruleset version: nothing checked under it"),
    "CI004": ("error", "directory is not in a project (no seasons/ or rules/ in it or above it): not searched"),
    "CI005": ("info", "later checks skipped for a season with errors (which stages; fix the errors to run them)"),
    "CI006": ("error", "a classification named on the command line is not in the season's ruleset (standings, clinch, scenarios)"),
    "CI007": ("error", "a claim id named on the command line is not in the season's claims.yaml (claims --claim)"),
    "CI008": ("error", "check --output FILE cannot be written (no such folder, no permission, a directory, a full disk)"),
    # the record's assumptions (season.yaml `assumptions`)
    "REC001": ("info", "the verdict rests on an assumption of the record, not on a sourced fact"),
    "REC002": ("error", "assumption id used twice"),
    "REC003": ("warning", "assumption never used: sources state every status it assumes (remove it)"),
    # importers (`scrutineer import`)
    "IMP001": ("error", "import source folder missing, or a CSV file it needs is not there"),
    "IMP002": ("error", "import source file is not valid UTF-8"),
    "IMP003": ("error", "import source file lacks a column the importer needs"),
    "IMP004": ("error", "import source row malformed (wrong number of fields, or a value of the wrong form)"),
    "IMP005": ("error", "output folder holds files the importer did not write (refused without --force)"),
    "IMP006": ("error", "a file the importer wrote was edited since (refused without --force)"),
    "IMP007": ("error", "import source contradicts itself (e.g. results for a round not in races.csv)"),
    "IMP008": ("error", "import output cannot be written (a file where a folder must go, permissions, disk full)"),
    "AUDIT015": ("failure", "a result without points in a complete classification (so 0) where the rules give some"),
    "AUDIT016": ("failure", "a standings table published as complete leaves out a competitor with points"),
    "AUDIT017": ("warning", "a declared claim is not checked (e.g. a team champion without a team classification)"),
    # report, explain and verify
    "REPORT001": ("error", "no such driver in the season (explain)"),
    "REPORT002": ("error", "round not on the season's calendar (explain --round, standings --after-round)"),
    "REPORT003": ("error", "the report cannot be written"),
    "VERIFY001": ("failure", "an input file changed since the report was made (its sha256 differs from the receipt)"),
    "VERIFY002": ("failure", "an input file named in the receipt is missing"),
    "VERIFY003": ("failure", "a YAML file in the season directory is not in the receipt (the season gained a file)"),
    "VERIFY004": ("error", "the report cannot be read or holds no well-formed receipt"),
    "USE001": ("failure", "an input named in a report's receipt is a symbolic link leading outside the root (verify does not read it)"),
    "USE002": ("error", "a driver given on the command line is not in the season (worlds --track)"),
    "USE003": ("error", "worlds --max-cars is below the number of cars the record shows in one session"),
    "USE004": ("failure", "a report was edited since scrutineer wrote it (its text no longer has the sha256 its receipt records)"),
    "USE005": ("error", "an output file would overwrite or land inside an input (a season or rules directory): nothing written"),
    # scenarios and claims (validator/scenarios)
    "SCEN001": ("error", "clinch needs a finished season whose every round is a complete record"),
    "SCEN002": ("error", "round outside the season (or no complete round to start from)"),
    "SCEN003": ("error", "scenarios after a round that has not been run: a later round than the last one with recorded results"),
    "CLAIM001": ("error", "claims.yaml names something the season does not have (round, driver, place)"),
    "CLAIM002": ("failure", "a recorded claim is false: a completion consistent with the facts contradicts it"),
    "CLAIM003": ("warning", "a recorded claim is undecided within the solver's work limit"),
    # internal
    "INT001": ("error", "internal error"),
    "INT002": ("error", "internal error while checking this season (the other seasons are still checked; exit 3)"),
    "INT003": ("error", "the worker process checking this season died (exit 3)"),
}


class Location(NamedTuple):
    """A place in a file (1-based line and column). A tuple: the model keeps one for every row it reads, and a
    tuple is several times cheaper to make than a frozen dataclass."""

    file: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"


@dataclass
class Finding:
    code: str
    message: str
    location: Location | None = None
    severity: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.severity:
            self.severity = CATALOGUE[self.code][0]

    def as_dict(self) -> dict[str, Any]:
        loc = self.location
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "col": loc.col if loc else None,
        }
        if self.detail:
            out["detail"] = self.detail
        return out

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity} {self.code}: {self.message}"


class InputError(Exception):
    """Raised when a stage cannot go on; carries every finding collected so far."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(str(f) for f in findings[:3]))
        self.findings = findings


def sort_key(f: Finding) -> tuple:
    loc = f.location
    return (loc.file if loc else "", loc.line or 0 if loc else 0, loc.col or 0 if loc else 0, f.code, f.message)
