"""Published figures and declarations of a season record: the numbers as printed (`Declared`), the standings
snapshots (rows, gaps, level groups), the declared outcome, stewards' decisions and the errata recorded against a
source. Built by model/build.py; the facts of the races themselves are in model/season.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from validator.findings import Location
from validator.model.fact import Fact


class Declared(NamedTuple):
    """A declared number as printed (decimal text kept, so it can be compared at its printed precision).
    A tuple: one is made for every published figure."""

    value: Fraction | int  # int when whole
    text: str

    @property
    def decimals(self) -> int | None:
        if "/" in self.text or "." not in self.text:
            return None
        return len(self.text.split(".")[1])


@dataclass
class Erratum:
    """A published standings figure recorded as the source's own slip; its check is reported as a warning."""

    after_round: int | str
    classification: str
    subject: str
    field: str
    published: str
    reason: str
    src: tuple[str, ...]
    loc: Location


@dataclass(slots=True)
class SnapshotRow(Fact):
    subject: str
    position: int | str | None
    points: Declared | None


@dataclass(slots=True)
class Gap(Fact):
    ahead: str
    behind: str
    points: Declared


@dataclass
class Level(Fact):
    members: list[str]


@dataclass
class Snapshot:
    after_round: int | str
    classification: str
    src: tuple[str, ...]
    loc: Location
    complete: bool = False
    rows: list[SnapshotRow] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    level: list[Level] = field(default_factory=list)
    leader: SnapshotRow | None = None
    claims: list[str] = field(default_factory=list)

    def label(self) -> str:
        return f"{self.classification} standings after {self.after_round if self.after_round == 'final' else 'R' + str(self.after_round)}"


@dataclass
class DeclaredOutcome:
    champion: str | None = None
    champion_src: tuple[str, ...] = ()
    champion_loc: Location | None = None
    final_order: list[str] = field(default_factory=list)
    final_order_src: tuple[str, ...] = ()
    final_order_loc: Location | None = None
    team_champion: str | None = None
    team_champion_loc: Location | None = None


@dataclass
class Decision:
    kind: str                 # deduct | exclude
    classification: str
    subject: str
    points: Declared | None
    round: int | None
    keep_points: bool
    reason: str
    src: tuple[str, ...]
    loc: "Location"
