"""The season record as typed, located facts. Built from validated YAML by model/build.py."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from validator.findings import Location
from validator.model.fact import Fact
from validator.model.published import Declared, DeclaredOutcome, Decision, Erratum, Snapshot

Position = int | str  # a road position, or a mark such as "DNF"; "unknown" = took part, place not found
NOT_RACED = frozenset({"DNS", "DNQ", "DNPQ", "DNP", "EX"})  # marks that do not say the car took part


@dataclass(slots=True)
class Result(Fact):
    driver: str
    pos: Position
    team: str | None = None
    shared: bool = False
    points: Declared | None = None
    laps: int | None = None
    number: int | None = None


@dataclass(slots=True)
class Order(Fact):
    ahead: str
    behind: str


@dataclass(slots=True)
class Status(Fact):
    driver: str
    status: str


@dataclass(slots=True)
class DeclaredPoints(Fact):
    driver: str
    points: Declared


@dataclass
class Override:
    driver: str
    team: str | None
    classification: str | None
    points: Declared
    reason: str
    src: tuple[str, ...]
    loc: Location
    number: int | None = None

    def matches(self, driver: str, team: str | None, result: "Result | None") -> bool:
        """Is this the overridden car (both engines take the first car that matches)?"""
        return driver == self.driver and (self.team is None or team == self.team) and \
            (self.number is None or (result is not None and result.number == self.number))


@dataclass(slots=True)
class FastestLap:
    driver: str
    team: str | None
    loc: Location


@dataclass
class ClaimFacts:
    results: list[Result] = field(default_factory=list)
    order: list[Order] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    laps_run: int | None = None
    laps_scheduled: int | None = None


@dataclass
class Claim:
    text: str
    src: tuple[str, ...]
    loc: Location
    facts: ClaimFacts | None = None


@dataclass
class Conflict:
    topic: str
    claims: list[Claim]
    loc: Location

    @property
    def affects_scoring(self) -> bool:
        return any(c.facts is not None for c in self.claims)


@dataclass
class Session:
    round: int
    name: str
    loc: Location
    results: list[Result] = field(default_factory=list)
    order: list[Order] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    points: list[DeclaredPoints] = field(default_factory=list)
    fastest_lap: list[FastestLap] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    complete: bool = False
    laps_run: int | None = None
    laps_scheduled: int | None = None
    finishers: int | None = None
    starters: int | None = None

    def with_claims(self, claims: list[Claim]) -> "Session":
        """This session with the facts of the chosen conflict claims added."""
        if not claims:
            return self
        extra = replace(self, results=list(self.results), order=list(self.order), statuses=list(self.statuses),
                        conflicts=[])
        for claim in claims:
            facts = claim.facts
            if facts is None:
                continue
            extra.results += facts.results
            extra.order += facts.order
            extra.statuses += facts.statuses
            extra.laps_run = facts.laps_run if facts.laps_run is not None else extra.laps_run
            extra.laps_scheduled = facts.laps_scheduled if facts.laps_scheduled is not None else extra.laps_scheduled
        return extra


@dataclass
class Round:
    number: int
    name: str
    date: str | None
    sessions: list[Session]
    loc: Location
    file: str | None = None
    planned: tuple[str, ...] | None = None  # the sessions the calendar lists for this round (None: not stated)

    def scored_sessions(self, defined: list[str]) -> list[Session]:
        """The sessions to score: the recorded ones, and an unknown one (no facts) for each session the calendar
        lists without results (for each session of the ruleset when the round has neither)."""
        expected = self.planned if self.planned is not None else (() if self.sessions else tuple(defined))
        recorded = {s.name for s in self.sessions}
        return self.sessions + [Session(self.number, name, self.loc) for name in expected if name not in recorded]


@dataclass
class Entry:
    driver: str
    team: str | None
    status: str | None
    rounds: frozenset[int] | None
    src: tuple[str, ...]
    loc: Location

    def covers(self, round_number: int) -> bool:
        return self.rounds is None or round_number in self.rounds


@dataclass(frozen=True)
class Assumption:
    """A status the record assumes where no source states it (schema `assumptions`): never a fact, always listed
    among what a verdict rests on. `statuses` holds (driver, status, rounds or None for every round)."""

    id: str
    statement: str
    reason: str
    src: tuple[str, ...]
    statuses: tuple[tuple[str, str, frozenset[int] | None], ...]
    loc: Location

    def status_of(self, driver: str, round_number: int) -> str | None:
        for who, status, rounds in self.statuses:
            if who == driver and (rounds is None or round_number in rounds):
                return status
        return None

    def as_dict(self) -> dict:
        return {"id": self.id, "statement": self.statement, "reason": self.reason, "src": list(self.src),
                "file": self.loc.file, "line": self.loc.line, "col": self.loc.col}


@dataclass
class Season:
    series: str
    year: int
    key: str  # "porsche-supercup/2007"
    directory: str
    ruleset: str
    rules_version: str
    rules_loc: Location
    sources: dict[str, str]
    rounds: list[Round]
    drivers: dict[str, str]
    teams: dict[str, str]
    entries: list[Entry]
    snapshots: list[Snapshot]
    declared: DeclaredOutcome
    decisions: list[Decision]
    conflicts: list[Conflict]
    files: list[str] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    errata: list[Erratum] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    claims: list = field(default_factory=list)   # TitleClaim rows of claims.yaml (model/claims.py)

    def claimed_order(self, classification: str = "drivers") -> list[str]:
        """The order every engine checks: the declared champion and final order; without a declaration, the top
        three of the published final table."""
        d = self.declared
        order = list(d.final_order)
        if not d.champion and not order:
            final = [s for s in self.snapshots if s.classification == classification and s.after_round == "final"]
            rows = sorted((r for s in final for r in s.rows if isinstance(r.position, int)), key=lambda r: r.position)
            order = [r.subject for r in rows[:3]]
        if d.champion and (not order or order[0] != d.champion):
            order = [d.champion] + [x for x in order if x != d.champion]
        return order

    def round_numbers(self) -> list[int]:
        return [r.number for r in self.rounds]

    @cached_property
    def played_through(self) -> int | None:
        """The last calendar round with recorded results (None when no round has any)."""
        return max((r.number for r in self.rounds if r.sessions), default=None)

    @cached_property
    def in_progress(self) -> bool:
        """A season whose calendar has rounds after the last one with results, and that declares no outcome:
        it has no champion yet. (With a declared champion the rounds without results are unknown, not future.)"""
        last = self.played_through
        if self.declared.champion or self.declared.final_order:
            return False
        return any(last is None or r.number > last for r in self.rounds)

    @cached_property
    def contradicted_entries(self) -> frozenset[str]:
        """Drivers with a result in a round that every one of their entries, each listing its rounds, leaves out
        (CONS010): their entries' rounds are contradicted and say nothing about the rounds they did not enter."""
        out = set()
        for rnd in self.rounds:
            for session in rnd.sessions:
                for r in session.results:
                    entries = self.entries_of(r.driver)
                    if r.pos not in NOT_RACED and entries and all(e.rounds is not None for e in entries) \
                            and not any(e.covers(rnd.number) for e in entries):
                        out.add(r.driver)
        return frozenset(out)

    def is_future(self, round_number: int) -> bool:
        """A round of a season in progress after the last one with results: open to every driver."""
        last = self.played_through
        return self.in_progress and (last is None or round_number > last)

    @property
    def final_round(self) -> int | None:
        """The round a published `final` table stands after: the last round with results while the season is in
        progress (the standings so far), else the last round of the calendar."""
        if self.in_progress:
            return self.played_through
        return self.rounds[-1].number if self.rounds else None

    def entry_for(self, driver: str, round_number: int) -> list[Entry]:
        """The entries of `driver` that cover the round (memoised: asked for every car of every session)."""
        memo = self.__dict__.setdefault("_entry_for", {})
        key = (driver, round_number)
        found = memo.get(key)
        if found is None:
            found = memo[key] = [e for e in self.entries_of(driver) if e.covers(round_number)]
        return found

    def entry_status(self, driver: str, round_number: int) -> tuple[str | None, tuple[str, ...]]:
        """The status (and its sources) the entries covering the round give, else the record's assumptions;
        (None, ()) when they give none or disagree. Memoised like entry_for: every classification asks for every car."""
        memo = self.__dict__.setdefault("_entry_status", {})
        key = (driver, round_number)
        found = memo.get(key)
        if found is None:
            stated = {e.status: e.src for e in self.entry_for(driver, round_number) if e.status}
            if not stated:  # no source states it: an explicit assumption may (never over a stated status)
                stated = {a.status_of(driver, round_number): a.src for a in self.assumptions}
                stated.pop(None, None)
            found = memo[key] = next(iter(stated.items())) if len(stated) == 1 else (None, ())
        return found

    def entries_of(self, driver: str) -> list[Entry]:
        index = self.__dict__.get("_entry_index")
        if index is None:
            index = {}
            for e in self.entries:
                index.setdefault(e.driver, []).append(e)
            self.__dict__["_entry_index"] = index
        return index.get(driver, [])
