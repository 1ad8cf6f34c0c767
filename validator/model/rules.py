"""A ruleset version as typed clauses. Each clause names the component (by `use`) that implements it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.findings import Location


@dataclass
class Clause:
    use: str
    params: dict[str, Any]
    source: tuple[str, ...]
    unsourced: bool
    reason: str | None
    loc: Location
    stage: str  # eligibility | points | counting | tie_break | adjustments
    classification: str

    def describe(self) -> str:
        return f"{self.classification}.{self.stage}: {self.use}"


@dataclass
class ClassificationRules:
    name: str
    subject: str  # driver | team
    eligibility: list[Clause]
    points: list[Clause]
    counting: Clause
    tie_break: list[Clause]
    adjustments: list[Clause]

    def clauses(self) -> list[Clause]:
        return [*self.eligibility, *self.points, self.counting, *self.tie_break, *self.adjustments]


@dataclass
class Ruleset:
    id: str
    version: str
    effective_from: str
    effective_to: str | None
    sessions: list[str]
    classifications: dict[str, ClassificationRules]
    file: str
    loc: Location
    sha256: str = ""
    notes: list[str] = field(default_factory=list)
    supersedes: str | None = None  # the version this one replaces from `effective_from` on (docs/RULES-WORKFLOW.md)
    # (version, date): the later version of the series that supersedes this one from that date on; set from the
    # series' other files when the version is loaded for a season (validator/load/static.py `superseded_by`)
    superseded_by: tuple[str, str] | None = None

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def unsourced(self) -> list[Clause]:
        return [c for cls in self.classifications.values() for c in cls.clauses() if c.unsourced]
