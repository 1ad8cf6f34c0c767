"""Championship decisions recorded in a season's exceptions.yaml (deductions, exclusions), applied to totals."""
from __future__ import annotations

from validator.components.base import Component, register
from validator.engine.interval import ZERO, Interval
from validator.engine.record import Record


@register
class SeasonDecisions(Component):
    """Apply the season's sourced decisions of the listed `kinds` to this classification: `deduct` takes points
    away from the standings after the decision's round on; `exclude` removes the competitor from the ranking
    (with `keep_points` its total stays, as for Schumacher in 1997)."""

    name = "season-decisions"
    stage = "adjustments"

    def decisions(self, season, classification: str, rnd: int) -> list:
        """The decisions in force for the standings after round `rnd` (both engines read them here)."""
        return [d for d in season.decisions if d.classification == classification and d.kind in self.params["kinds"]
                and (d.round is None or rnd >= d.round)]

    def adjust(self, records: dict, season, classification: str, rnd: int) -> None:
        for d in self.decisions(season, classification, rnd):
            rec = records.get(d.subject)
            if rec is None:
                rec = records[d.subject] = Record(d.subject, ZERO, 0, 0, (), True)
            if d.kind == "deduct":
                rec.total = Interval(rec.total.lo - d.points.value, rec.total.hi - d.points.value)
                rec.notes.append(f"-{d.points.text} points: {d.reason} ({d.loc})")
            else:
                rec.excluded = True
                if not d.keep_points:
                    rec.total = ZERO
                rec.notes.append(f"excluded{' (points kept)' if d.keep_points else ''}: {d.reason} ({d.loc})")

    def encode(self, wm, subject: str, upto: int, total):
        """CP-SAT: a deduction is a constant taken from the counted total; an exclusion takes the subject out of
        the ranking (wm.exclude) and, without keep_points, its total to 0."""
        for d in self.decisions(wm.season, wm.cls.name, upto):
            if d.subject != subject:
                continue
            if d.kind == "deduct":
                total = total - d.points.value
            else:
                wm.exclude(subject, upto)
                if not d.keep_points:
                    total = total.scale(0)
        return total
