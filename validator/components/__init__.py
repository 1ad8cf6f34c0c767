"""Rule components, registered by the name a ruleset's `use:` gives them.

Each module defines one small class per clause kind and registers it with @register. A component reads its
parameters from the clause (already checked against ruleset.schema.json) and implements the hook of its stage:

* eligibility: `configure(elig)` fills the engine's Eligibility record;
* points:      `apply(ctx)` sets or changes the points of the cars of a session (ctx: engine.score.SessionContext);
* counting:    `total(per_round)` turns per-round points into the counted total, and `marks(per_round)` says
               which round scores that total keeps (`counted`, `dropped`, `may be dropped`; the report shows it);
* tie_break:   `key(record)` gives a comparable key (larger ranks higher) from a competitor's exact record,
               and `bounds(record)` an (lo, hi) pair of keys when the record is not exact;
* adjustments: `adjust(totals, season)` applies sourced decisions to the totals.

The base class and the registry are in `base.py`; importing this package imports every component module, and
each registers itself there.
"""
from __future__ import annotations

from validator.components import adjustments, bonus, cars, counting, eligibility, points_table, tiebreak  # noqa: F401
from validator.components.base import REGISTRY, Component, build, check_clauses, register

__all__ = ["REGISTRY", "Component", "build", "check_clauses", "register"]
