"""Points by classified position: table[0] for the first eligible finisher of the session, and so on."""
from __future__ import annotations

from validator.components.base import Component, register
from validator.engine.interval import Interval
from validator.findings import Finding
from validator.load import numbers


@register
class PointsByPosition(Component):
    name = "points-by-position"
    stage = "points"

    def __init__(self, clause):
        super().__init__(clause)
        self.session = self.params["session"]
        self.table = [numbers.read(v) for v in self.params["table"]]

    def for_place(self, place: int | None) -> Fraction | int:
        if place is None or place < 1 or place > len(self.table):
            return 0
        return self.table[place - 1]

    def static_findings(self) -> list[Finding]:
        out = []
        for i in range(1, len(self.table)):
            if self.table[i] > self.table[i - 1]:
                out.append(Finding("RULE002", f"points table increases from place {i} ({self.table[i - 1]}) to "
                                   f"place {i + 1} ({self.table[i]})", self.clause.loc, severity="error"))
        return out

    def encode(self, ctx) -> None:
        """CP-SAT: the car's points are the table's entry for its scoring place (an Element constraint per road
        position when the place depends on unknown statuses ahead), 0 when it is unplaced or non-scoring."""
        if ctx.session.name != self.session:
            return
        for car in ctx.scored:
            car.points = ctx.table_points(car, self.table)

    def apply(self, ctx) -> None:
        if ctx.session.name != self.session:
            return
        for car in ctx.cars:
            if car.eligible == "no" or car.best is None:
                car.why.append(f"{'non-scoring' if car.eligible == 'no' else 'no place'}: 0")
                continue
            hi = self.for_place(car.best)
            lo = 0 if car.worst is None or car.eligible == "maybe" else self.for_place(car.worst)
            car.points = Interval(lo, hi)
            if car.best == car.worst:
                car.why.append(f"scoring place {car.best} -> {hi} pts ({self.at})")
            else:
                car.why.append(f"scoring place {car.best}..{car.worst or '?'} -> {car.points} pts ({self.at})")
