"""What every row of a season record carries (docs/FORMAT.md: facts only, each with its source): the sources that
state it and its place in the file. `src` and `loc` are keyword-only, so that each kind of row keeps its own
fields first."""
from __future__ import annotations

from dataclasses import dataclass, field

from validator.findings import Location


@dataclass(slots=True)
class Fact:
    src: tuple[str, ...] = field(kw_only=True)
    loc: Location = field(kw_only=True)
