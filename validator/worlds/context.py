"""What a points component's `encode(ctx)` sees: one session of the worlds model (`WorldSession`) and its cars
(`WorldCar`), with the helpers a component needs to express points exactly (table points by scoring place, a
place literal, the largest of several expressions)."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from validator.model.season import Result, Round, Session
from validator.worlds.lin import Lin, lcm
from validator.worlds.terms import _e


@dataclass(eq=False)
class WorldCar:
    """A car of one session as the components see it (the worlds counterpart of engine.places.Car): its driver
    ("?" for the unnamed rival), team, recorded result, and where it may be classified. `points` is what the
    car contributes in the world (0 when it is not classified or does not score), built by the components."""

    driver: str
    team: str | None
    result: Result | None
    scoring: Any                     # 1 / 0 / BoolVar: the entrant scores (not a non-scoring status)
    z: dict[int, Any]                # road position -> literal: classified there and scoring
    points: Lin = field(default_factory=Lin)
    place_var: Any = None            # scoring place (0 = none), built on demand
    place_lits: dict[int, Any] = field(default_factory=dict)  # scoring place k -> literal, built on demand


@dataclass
class WorldSession:
    """What a points component's `encode(ctx)` sees: one session, its cars, and the model's helpers."""

    wm: Any
    round: Round
    session: Session
    n: int
    cars: list[str]                                   # named drivers that may take part
    x: dict[tuple[str, int], Any]                      # (driver, road position) -> bool (1 when recorded)
    u: dict[int, Any]                                  # open position -> an unnamed car is there
    gu: dict[int, Any]                                 # open position -> that unnamed car is a guest
    guest: dict[str, Any]                              # driver -> 0/1 or bool var (1 = non-scoring)
    unknown_status: list[str]
    occ: dict[int, Any]
    place: dict[int, Any]                              # road position -> scoring place (int or expression)
    choices: list[tuple[str, list[tuple[Any, str]]]]   # conflict topic -> [(literal, claim text)]
    marks: dict[str, str]
    scored: list[WorldCar] = field(default_factory=list)   # the cars whose points are modelled
    xq: dict[tuple[int, str | None], Any] = field(default_factory=dict)  # (position, car or None) -> "?" drives it
    pts: dict[str, Lin] = field(default_factory=dict)      # subject -> points in this session
    variables: range = range(0)   # the model variables built with the session (its positions, statuses, points)
    _elements: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.session.name

    @property
    def m(self):
        return self.wm.m

    @property
    def season(self):
        return self.wm.season

    # ------------------------------------------------------------------ helpers for the components
    @staticmethod
    def lit(v) -> Lin:
        """A 0/1 literal (a constant or a BoolVar) as an exact expression."""
        return Lin.lit(v)

    def table_points(self, car: WorldCar, table: list[Fraction]) -> Lin:
        """The points of `table` for the car's scoring place (table[0] = 1st), 0 when it is not classified
        or does not score: by road position (an Element per position, the search's view); with the model's
        `place_points` also equal to the sum of table[k-1] x place_lit(car, k) (the proofs' view)."""
        scale = lcm(Fraction(t).denominator for t in table)
        ext = [int(Fraction(t) * scale) for t in table] + [0] * (self.n + 1)
        top = max(ext[: self.n + 1], default=0)
        values = {p: self._position_points(p, ext, scale) for p in car.z}
        live = {p: lit for p, lit in car.z.items() if not (isinstance(lit, int) and lit == 0)}
        if not live:
            return Lin()
        if len(live) == 1:
            (p, lit), = live.items()
            val = values[p]
            if isinstance(lit, int) and isinstance(val, int):
                return Lin(const=Fraction(val, scale))
        pv = self.m.NewIntVar(min(0, min(ext)), top, "")
        for p, lit in live.items():
            self.m.Add(pv == values[p]).OnlyEnforceIf(lit) if not isinstance(lit, int) else self.m.Add(pv == values[p])
        if not any(isinstance(lit, int) for lit in live.values()):
            self.m.Add(pv == 0).OnlyEnforceIf([lit.Not() for lit in live.values()])
        if self.wm.place_points:
            # redundant: the same points from the car's place literals (the ones tie-breaks and claims read); without
            # it a proof that needs "not in places 1..q, so at most table[q] points" took 20-100x the work (2007)
            places = range(1, min(len(table), self.n) + 1)
            self.m.Add(pv == sum(ext[k - 1] * _e(self.place_lit(car, k)) for k in places))
        return Lin.var(pv, min(0, min(ext)), top, Fraction(1, scale))

    def _position_points(self, p: int, ext: list[int], scale: int):
        """Scaled table points of a scoring car at road position p: a constant when its scoring place is
        known, else one Element variable per position and table (shared by every car)."""
        place = self.place[p]
        if isinstance(place, int):
            return ext[place - 1]
        key = (tuple(ext), p)
        if key not in self._elements:
            v = self.m.NewIntVar(min(ext[:p]), max(ext[:p]), "")
            self.m.AddElement(place - 1, ext[:p], v)
            self._elements[key] = v
        return self._elements[key]

    def place_lit(self, car: WorldCar, k: int):
        """A literal (or 0/1): the car is classified, scores, and takes scoring place k."""
        if k in car.place_lits:
            return car.place_lits[k]
        live = {p: lit for p, lit in car.z.items() if not (isinstance(lit, int) and lit == 0)}
        if all(isinstance(lit, int) for lit in live.values()) and all(isinstance(self.place[p], int) for p in live):
            return int(any(self.place[p] == k for p in live))
        if car.place_var is None:
            m = self.m
            pv = m.NewIntVar(0, self.n, "")
            for p, lit in live.items():
                m.Add(pv == self.place[p]).OnlyEnforceIf(lit)
            m.Add(pv <= self.n * sum(_e(lit) for lit in live.values()))
            lits = {j: m.NewBoolVar("") for j in range(1, self.n + 1)}
            m.Add(sum(lits.values()) == sum(_e(lit) for lit in live.values()))
            m.Add(sum(j * v for j, v in lits.items()) == pv)
            car.place_var, car.place_lits = pv, lits
        return car.place_lits.get(k, 0)

    def place_at_most(self, car: WorldCar, k: int):
        """A literal (or 0/1): the car scores with a scoring place of k or better."""
        lits = [self.place_lit(car, j) for j in range(1, min(k, self.n) + 1)]
        if all(isinstance(v, int) for v in lits):
            return int(any(lits))
        b = self.m.NewBoolVar("")
        self.m.Add(b == sum(_e(v) for v in lits))
        return b

    def max_of(self, values: list[Lin]) -> Lin:
        """The largest of several expressions (exact: one variable equal to their maximum)."""
        if all(v.is_const for v in values):
            return Lin(const=max((v.const for v in values), default=0))
        scale = lcm(v.denominator() for v in values)
        lo = min(v.bounds()[0] for v in values) * scale
        hi = max(v.bounds()[1] for v in values) * scale
        t = self.m.NewIntVar(int(lo), int(hi), "")
        self.m.AddMaxEquality(t, [v.scaled(scale) for v in values])
        return Lin.var(t, int(lo), int(hi), Fraction(1, scale))


def _and(m, a, b):
    """a AND b for two literals each 0/1 or a BoolVar."""
    if isinstance(a, int):
        return b if a else 0
    if isinstance(b, int):
        return a if b else 0
    v = m.NewBoolVar("")
    m.AddBoolAnd([a, b]).OnlyEnforceIf(v)
    m.AddBoolOr([a.Not(), b.Not()]).OnlyEnforceIf(v.Not())
    return v


def _not(m, g):
    return (1 - g) if isinstance(g, int) else g.Not()
