"""The possible worlds of an incomplete season as one CP-SAT model.

Every unknown road position, every unknown championship status and every conflict between sources is a
variable; every recorded fact is a hard constraint; every published standings figure is a constraint guarded by
its own literal, so a query can switch it on or off and a proof can name the figures it rests on.

The rules come from the ruleset's components, each of which carries its CP-SAT encoding next to its exact
replay (`validator/components/*.py`, docs/COMPONENTS.md): eligibility components configure the session
structure (sessions.py), points components `encode(ctx)` a car's points, the counting component
`encode(wm, rounds)` a subject's counted total, tie-break steps `encode(wm, subject, upto)` their key and
adjustments `encode(wm, subject, upto, total)` the total after decisions. Nothing here names a clause.

Points are exact fractions (`Lin`); totals are integer variables at one scale, `wm.scale`, the least common
multiple of every denominator in the season (halves, a shared drive's thirds, a 1/7 fastest-lap share, ...).
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from validator import components
from validator.components.eligibility import eligibility_of
from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.worlds.lin import Lin, lcm, lin_sum
from validator.worlds.published import Fact, PublishedFigures, tracked_subjects
from validator.worlds.context import WorldSession
from validator.worlds.sessions import build_session
from validator.worlds.terms import UNNAMED, _e

__all__ = ["DEFAULT_MAX_CARS", "UNNAMED", "Fact", "WorldSession", "Unsupported", "WorldModel", "check_rules"]

DEFAULT_MAX_CARS = 34
PACK_BITS = 40         # weights of a packed block of counts stay below 2**40 (packed); measured: 2**20 is slower,
                       # 2**60 makes CP-SAT reject the model (docs/WORLDS.md)


def _interval(season: Season, ruleset: Ruleset, classification: str):
    """The replay engine's result when it bounds the classification soundly (else None)."""
    from validator.engine.score import MAX_WORLDS, score_classification

    for rnd in season.rounds:  # the replay hulls at most MAX_WORLDS combinations of conflict claims per session
        for s in rnd.sessions:
            combos = math.prod(len(c.claims) for c in s.conflicts if c.affects_scoring)
            if combos > MAX_WORLDS:
                return None
    result = score_classification(season, ruleset, classification)
    return result if result.sound else None


class Unsupported(ValueError):
    """The ruleset uses a component the worlds engine does not model, or the data cannot be modelled."""


def check_rules(ruleset: Ruleset) -> None:
    """Every clause's component must carry a CP-SAT encoding (eligibility components configure the structure)."""
    for cls in ruleset.classifications.values():
        for clause in cls.clauses():
            component = components.REGISTRY.get(clause.use)
            if component is None or not (hasattr(component, "encode") or hasattr(component, "configure")):
                raise Unsupported(f"worlds engine: component {clause.use} not supported ({clause.loc})")


class WorldModel(PublishedFigures):
    def __init__(self, season: Season, ruleset: Ruleset, classification: str = "drivers",
                 max_cars: int = DEFAULT_MAX_CARS, track: list[str] | None = None, interval_bounds: bool = True,
                 place_points: bool = False):
        """`place_points`: every car's table points are also tied to its place literals (a redundant constraint,
        WorldSession.table_points): questions about places (claims, scenarios) are proved in a fraction of the
        work; the search for a world with every published figure (the worlds command) slows down."""
        check_rules(ruleset)
        self.place_points = place_points
        cls = ruleset.classifications.get(classification)
        if cls is None:
            raise Unsupported(f"worlds engine: no classification {classification!r} in {ruleset.key}")
        self.season, self.ruleset, self.cls, self.max_cars = season, ruleset, cls, max_cars
        self.subject = cls.subject
        self.elig = eligibility_of(cls)
        self.points_rules = [components.build(c) for c in cls.points]
        self.counting = components.build(cls.counting)
        self.chain = [components.build(c) for c in cls.tie_break]
        # published positions are read with the steps before the first one the rules mark unsourced (figure_key)
        self.sourced_steps = next((i for i, c in enumerate(cls.tie_break) if c.unsourced), len(cls.tie_break))
        self.adjustments = [components.build(c) for c in cls.adjustments]
        self.m = cp_model.CpModel()
        self.rounds = [r.number for r in season.rounds]
        planned = [(rnd, s) for rnd in season.rounds for s in rnd.scored_sessions(ruleset.sessions)
                   if s.name in ruleset.sessions]
        if self.subject == "team":
            if not all(s.complete for _, s in planned):
                raise Unsupported("worlds engine: a team classification needs complete classifications "
                                  "(the teams of unnamed cars are unknown)")
            self.drivers = list(season.drivers)
            self.subjects = list(season.teams)
        else:
            # tracked drivers: the declared ones, every driver a published figure names, and every driver a
            # clause or an override singles out; every other car is covered by the unnamed rival "?"
            singled = [d for _, s in planned for c in self.points_rules for d in c.singles_out(s)] + \
                      [o.driver for _, s in planned for o in s.overrides if o.classification in (None, cls.name)]
            self.drivers = tracked_subjects(season, cls.name, list(track or []) + singled)
            self.subjects = list(self.drivers)
        self._tracked = set(self.drivers)
        self.facts: list[Fact] = []
        self._totals: dict[tuple[str, int], Any] = {}
        self._counts: dict[tuple, Any] = {}
        self._excluded: set[tuple[str, int]] = set()
        # the interval engine's sound facts-only bounds (tests/test_worlds_differential.py checks that they contain
        # the exact min/max): redundant constraints on every total, and the queries skip rivals surely behind
        self.interval = _interval(season, ruleset, cls.name) if interval_bounds else None
        self._bounded = False  # bound_totals() called: every total carries the interval bounds
        self.sessions: list[WorldSession] = [self._session(rnd, s) for rnd, s in planned]
        self.by_round: dict[int, dict[str, Lin]] = {r: {} for r in self.rounds}
        for sv in self.sessions:
            for subject, lin in sv.pts.items():
                self.by_round[sv.round.number][subject] = self.by_round[sv.round.number].get(subject, Lin()) + lin
        self.scale = lcm([lin.denominator() for sv in self.sessions for lin in sv.pts.values()] +
                         [Fraction(d.points.value).denominator for d in season.decisions if d.points is not None])
        self._published()

    @property
    def competitors(self) -> list[str]:
        return self.subjects + ([UNNAMED] if self.subject == "driver" else [])

    def tracks_car(self, driver: str, team: str | None) -> bool:
        return self.subject == "team" or driver in self._tracked

    def subject_of(self, car) -> str | None:
        return car.driver if self.subject == "driver" else car.team

    # ------------------------------------------------------------------ sessions
    def _session(self, rnd, s) -> WorldSession:
        first = len(self.m.Proto().variables)
        sv = build_session(self, rnd, s)
        for component in self.points_rules:
            component.encode(sv)
        for ov in s.overrides:
            if ov.classification not in (None, self.cls.name):
                continue
            car = next((c for c in sv.scored if c.driver != UNNAMED and ov.matches(c.driver, c.team, c.result)), None)
            if car is not None:
                car.points = Lin(const=ov.points.value)
        for car in sv.scored:
            subject = self.subject_of(car)
            if subject is not None:
                sv.pts[subject] = sv.pts.get(subject, Lin()) + car.points
        sv.variables = range(first, len(self.m.Proto().variables))
        return sv

    # ------------------------------------------------------------------ totals and keys
    def int_var(self, lin: Lin, name: str = ""):
        """An integer variable equal to scale x lin (a constant when lin is)."""
        scaled = lin.scaled(self.scale)
        if isinstance(scaled, int):
            return self.m.NewConstant(scaled)
        lo, hi = lin.bounds()
        v = self.m.NewIntVar(int(lo * self.scale), int(hi * self.scale), name)
        self.m.Add(v == scaled)
        return v

    def total(self, d: str, upto: int):
        """The counted total of d after round `upto`, after adjustments, as an integer at `self.scale`."""
        key = (d, upto)
        if key not in self._totals:
            rounds = [self.by_round[r].get(d, Lin()) for r in self.rounds if r <= upto]
            counted = self.counting.encode(self, rounds)
            for component in self.adjustments:
                counted = component.encode(self, d, upto, counted)
            self._totals[key] = self.int_var(counted, f"T_{d}_{upto}")
            if self._bounded:
                self._bound_total(d, upto)
        return self._totals[key]

    def bound_totals(self) -> None:
        """From now on every total carries the interval engine's bounds as hard constraints. They hold in every
        world (sound: tests/test_worlds_differential.py checks containment), so no answer changes; measured on
        2007 they speed up the claims' proofs but slow down the search for a world of the consistency question
        (9.2 -> 16-20 work units), which therefore runs first, without them."""
        if not self._bounded:
            self._bounded = True
            for d, upto in list(self._totals):
                self._bound_total(d, upto)

    def _bound_total(self, d: str, upto: int) -> None:
        bound = self.interval_bound(d, upto)
        v = self._totals[d, upto]
        if bound is not None:
            self.m.Add(v >= math.ceil(bound.lo * self.scale))
            self.m.Add(v <= math.floor(bound.hi * self.scale))

    def interval_bound(self, d: str, upto: int):
        """The interval engine's bounds on d's total after `upto` (None: not known, or for the rival "?")."""
        if self.interval is None or d == UNNAMED:
            return None
        rec = self.interval.after.get(upto, {}).get(d)
        return rec.total if rec is not None else None

    def exclude(self, subject: str, upto: int) -> None:
        """Called by an adjustment: the subject is not ranked after round `upto`."""
        self._excluded.add((subject, upto))

    def ranked(self, subject: str, upto: int) -> bool:
        self.total(subject, upto)  # adjustments decide exclusions while encoding the total
        return (subject, upto) not in self._excluded

    def best_of(self, values: list[Lin], n: int) -> Lin:
        """The sum of the n largest values, exactly: counted booleans c_r with sum c = min(n, R), a counted value
        is at least every uncounted one (c_r and not c_s => v_r >= v_s), total = sum of the counted values."""
        if len(values) <= n:
            return lin_sum(values)
        if all(v.is_const for v in values):
            return Lin(const=sum(sorted((v.const for v in values), reverse=True)[:n]))
        m = self.m
        ints = [self.int_var(v) for v in values]
        counted = [m.NewBoolVar("") for _ in values]
        m.Add(sum(counted) == n)
        for i, (vi, ci) in enumerate(zip(ints, counted)):
            for j, (vj, cj) in enumerate(zip(ints, counted)):
                if i != j:
                    m.Add(vi >= vj).OnlyEnforceIf([ci, cj.Not()])
        out = Lin()
        for v, c, lin in zip(ints, counted, values):
            lo, hi = (int(b * self.scale) for b in lin.bounds())
            q = m.NewIntVar(min(lo, 0), max(hi, 0), "")
            m.Add(q == v).OnlyEnforceIf(c)
            m.Add(q == 0).OnlyEnforceIf(c.Not())
            out = out + Lin.var(q, min(lo, 0), max(hi, 0), Fraction(1, self.scale))
        return out

    def place_count(self, d: str, upto: int, place: int, session: str | None = None):
        """How often d took scoring place `place` in rounds 1..upto (in sessions named `session`, or all)."""
        key = (d, upto, place, session)
        if key not in self._counts:
            terms = [sv.place_lit(car, place) for sv in self.sessions
                     if sv.round.number <= upto and (session is None or sv.name == session)
                     for car in sv.scored if self.subject_of(car) == d]
            if all(isinstance(t, int) for t in terms):
                self._counts[key] = sum(terms)
            else:
                v = self.m.NewIntVar(0, len(terms), f"C_{d}_{upto}_{place}")
                self.m.Add(v == sum(_e(t) for t in terms))
                self._counts[key] = v
        return self._counts[key]

    def count_base(self, upto: int, session: str | None = None) -> int:
        """One more than any place count (`place_count`) can be after `upto`, for every competitor alike: the most
        cars one competitor has in the sessions counted (each car takes a given place at most once a session)."""
        cars: dict[str, int] = {}
        for sv in self.sessions:
            if sv.round.number <= upto and (session is None or sv.name == session):
                for car in sv.scored:
                    subject = self.subject_of(car)
                    cars[subject] = cars.get(subject, 0) + 1
        return max(cars.values(), default=0) + 1

    def packed(self, digits: list, base: int) -> list:
        """Counts compared lexicographically, packed into few exact terms: each term is a block of digits in
        positional notation (base > every digit, the first digit most significant), so comparing the blocks in
        order is comparing the digits in order. A block's weights stay below 2**PACK_BITS."""
        width = max(1, int(PACK_BITS / math.log2(base))) if base > 1 else len(digits)
        while width > 1 and base ** width > 2 ** PACK_BITS:  # float rounding in the division above
            width -= 1
        out = []
        for start in range(0, len(digits), width):
            block = digits[start:start + width]
            out.append(sum(_e(d) * base ** (len(block) - 1 - j) for j, d in enumerate(block)))
        return out

    def max_place(self, session: str | None = None) -> int:
        """The largest scoring place any session (named `session`, or any) can have."""
        return max((sv.n for sv in self.sessions if session is None or sv.name == session), default=0)

    def key(self, d: str, upto: int, final: bool | None = None, steps: int | None = None) -> list:
        """Ranking key (compared lexicographically, larger ranks higher): points, then the tie-break chain in force
        after `upto` (steps marked final_only apply after the last round only); its first `steps` steps only
        when given."""
        final = (upto == self.rounds[-1]) if final is None else final
        out = [self.total(d, upto)]
        for step in self.chain[:steps]:
            if step.params.get("final_only") and not final:
                continue
            out += step.encode(self, d, upto)
        return out

    def level_outcome(self, final: bool = True) -> str | None:
        """What the tie-break chain in force (final_only steps only when `final`) declares for competitors level
        through the whole key: a step's `level_outcome` ("shared": shared-position), else None (the rules say
        nothing; a claim level with a rival is then not ahead of it)."""
        steps = [s for s in self.chain if final or not s.params.get("final_only")]
        declared = [s.level_outcome for s in steps if getattr(s, "level_outcome", None)]
        return declared[-1] if declared else None

    def figure_key(self, d: str, upto: int) -> list:
        """The key published positions are read with: points, then every tie-break step in force after `upto` up to
        the first step the rules mark `unsourced` (the whole key when every step has a source), each step with its
        own encoding. A published position then means what the sourced rules' order means, and an assumed step
        never removes a world the sources allow. "Not ahead" on this prefix follows from "not ahead" on the whole
        key, so the steps left out relax a figure, never strengthen it: PROVEN, REFUTED and INFEASIBLE stay sound.
        Measured on 2007 (its countback is assumed; docs/WORLDS.md): `worlds` 25.3 work units with this key, 61.0
        with the whole key."""
        return self.key(d, upto, steps=self.sourced_steps)

    def lex_le(self, a: list, b: list, lits: list, strict: bool = False) -> None:
        """Under `lits`: a <=lex b (a < b when strict)."""
        m = self.m
        eq_prefix = list(lits)
        for i, (ai, bi) in enumerate(zip(a, b)):
            m.Add(_e(ai) <= _e(bi)).OnlyEnforceIf(eq_prefix)
            if i == len(a) - 1:
                if strict:
                    m.Add(_e(ai) + 1 <= _e(bi)).OnlyEnforceIf(eq_prefix)
                break
            lt = m.NewBoolVar("")
            m.Add(_e(ai) + 1 <= _e(bi)).OnlyEnforceIf(eq_prefix + [lt])
            eq_prefix = eq_prefix + [lt.Not()]

    def lex_eq(self, a: list, b: list, lits: list) -> None:
        """Under `lits`: a = b, term by term."""
        for ai, bi in zip(a, b):
            self.m.Add(_e(ai) == _e(bi)).OnlyEnforceIf(lits)

    def not_ahead_lit(self, a: str, b: str, upto: int):
        """A literal whose truth enforces: a is not ahead of b on the ranking key (a <=lex b). Every world where
        a is not ahead can set it; the solver's default (false) enforces nothing."""
        key = ("na", a, b, upto)
        cache = self.__dict__.setdefault("_na", {})
        if key not in cache:
            lit = self.m.NewBoolVar(f"na_{a}_{b}_{upto}")
            self.lex_le(self.figure_key(a, upto), self.figure_key(b, upto), [lit])
            cache[key] = lit
        return cache[key]

    def points(self, solver, d: str, upto: int) -> Fraction:
        """d's total after `upto` in a solved world, as exact points."""
        return Fraction(solver.Value(self.total(d, upto)), self.scale)
