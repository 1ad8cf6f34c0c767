"""The possible worlds of an incomplete season as one CP-SAT model.

Every unknown road position, every unknown championship status and every conflict between sources is a
variable; every recorded fact is a hard constraint; every published standings figure is a constraint guarded by
its own literal, so a query can switch it on or off and a proof can name the figures it rests on.

Per session (a complete session is the same model with nothing left open):

* road positions 1..N, N = the session's `finishers`, else its `starters`, else `max_cars` (default 34);
  positions are filled from the front (a classified car at p means 1..p-1 are classified too);
* a named car with a known place holds it; a named car with `pos: unknown`, and every season driver who may have
  taken part (places.py `session_cars`), holds one open position or none (did not finish / did not start);
* every open position nobody named holds is an unnamed car, guest or scoring (a free boolean each);
* one unnamed rival, "?", may be any unnamed car of each session: it stands for every driver no fact names
  (whoever of them is best placed takes the role, so it bounds all of them at once);
* guest(d) is a constant where a status is stated (session statuses, then entries) and a boolean otherwise
  (one per driver per session);
* guests ahead of p: G(p) = sum of guest flags of the cars at 1..p-1; scoring place = p - G(p) (pass_down) and
  points = table[place]; a win is a scoring car with G(p) = p - 1.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from validator.engine.score import _eligibility
from validator.load import numbers
from validator.model.rules import Ruleset
from validator.model.season import Season, Session
from validator.worlds.published import Fact, PublishedFigures, _tracked
from validator.worlds.sessions import SessionBuilder, SessionVars
from validator.worlds.terms import UNNAMED, _e

__all__ = ["DEFAULT_MAX_CARS", "UNNAMED", "Fact", "SessionVars", "Unsupported", "WorldModel", "check_rules"]

SUPPORTED = {"non-scoring-status", "unclassified-score-nothing", "points-by-position", "all-results", "most-wins",
             "countback"}
DEFAULT_MAX_CARS = 34


class Unsupported(ValueError):
    """The ruleset uses a component the worlds engine does not model."""


def check_rules(ruleset: Ruleset) -> None:
    for cls in ruleset.classifications.values():
        for clause in cls.clauses():
            if clause.use not in SUPPORTED:
                raise Unsupported(f"worlds engine: component {clause.use} not supported ({clause.loc})")


class WorldModel(SessionBuilder, PublishedFigures):
    def __init__(self, season: Season, ruleset: Ruleset, classification: str = "drivers",
                 max_cars: int = DEFAULT_MAX_CARS, track: list[str] | None = None):
        check_rules(ruleset)
        cls = ruleset.classifications.get(classification)
        if cls is None or cls.subject != "driver":
            raise Unsupported(f"worlds engine: only a drivers' classification is modelled (got {classification!r})")
        self.season, self.ruleset, self.cls, self.max_cars = season, ruleset, cls, max_cars
        self.elig = _eligibility(cls)
        self.tables: dict[str, list[int]] = {}
        for clause in cls.points:
            table = [Fraction(numbers.read(v)) for v in clause.params["table"]]
            if any(t.denominator != 1 for t in table):
                raise Unsupported("worlds engine: component points-by-position with non-integer points not supported")
            self.tables[clause.params["session"]] = [int(t) for t in table]
        self.chain = list(cls.tie_break)
        self.m = cp_model.CpModel()
        self.sessions: list[SessionVars] = []
        self.rounds = [r.number for r in season.rounds]
        # tracked drivers: the declared ones and every driver a published figure names (each gets a total);
        # every other car is covered by the unnamed rival "?" (see docs/WORLDS.md)
        self.drivers: list[str] = _tracked(season, cls.name, track)
        self.facts: list[Fact] = []
        self._totals: dict[tuple[str, int], Any] = {}
        self._wins: dict[tuple[str, int, str | None], Any] = {}
        for rnd in season.rounds:
            sessions = rnd.sessions or [Session(rnd.number, name, rnd.loc) for name in ruleset.sessions]
            for session in sessions:
                if session.name in ruleset.sessions:
                    self.sessions.append(self._session(session))
        self._published()

    @property
    def competitors(self) -> list[str]:
        return self.drivers + [UNNAMED]

    # ------------------------------------------------------------------ totals and keys
    def total(self, d: str, upto: int):
        key = (d, upto)
        if key not in self._totals:
            terms = [sv.pts.get(d, 0) for sv in self.sessions if sv.round <= upto]
            v = self.m.NewIntVar(0, sum(self.tables.get(sv.name, [0])[0] for sv in self.sessions if sv.round <= upto)
                                 or 0, f"T_{d}_{upto}")
            self.m.Add(v == sum(terms))
            self._totals[key] = v
        return self._totals[key]

    def wins(self, d: str, upto: int, session: str | None = None):
        key = (d, upto, session)
        if key not in self._wins:
            terms = [sv.win.get(d, 0) for sv in self.sessions if sv.round <= upto
                     and (session is None or sv.name == session)]
            v = self.m.NewIntVar(0, len(terms), f"W_{d}_{upto}_{session}")
            self.m.Add(v == sum(terms))
            self._wins[key] = v
        return self._wins[key]

    def place_count(self, d: str, upto: int, place: int, session: str | None = None):
        """How often d took scoring place `place` in rounds 1..upto (for countback)."""
        terms = []
        for sv in self.sessions:
            if sv.round > upto or (session is not None and sv.name != session):
                continue
            key = (d, place)
            if key not in sv.cb:
                ps = [(p, zv) for (dd, p), zv in sv.z.items() if dd == d and p >= place]
                if not ps:
                    sv.cb[key] = 0
                else:
                    b = self.m.NewBoolVar(f"cb_{sv.round}_{d}_{place}")
                    # b <-> some scoring position p with place(p) == place
                    hits = []
                    for p, zv in ps:
                        h = self.m.NewBoolVar("")
                        e = self.m.NewBoolVar("")
                        self.m.Add(sv.place[p] == place).OnlyEnforceIf(e)
                        self.m.Add(sv.place[p] != place).OnlyEnforceIf(e.Not())
                        self.m.AddBoolAnd([zv, e]).OnlyEnforceIf(h)
                        self.m.AddBoolOr([zv.Not(), e.Not()]).OnlyEnforceIf(h.Not())
                        hits.append(h)
                    self.m.Add(b == sum(hits))
                    sv.cb[key] = b
            terms.append(sv.cb[key])
        v = self.m.NewIntVar(0, len(terms), f"C_{d}_{upto}_{place}")
        self.m.Add(v == sum(terms))
        return v

    def key(self, d: str, upto: int, final: bool, countback_places: int | None = None) -> list:
        """Ranking key (larger ranks higher): points, then the tie-break chain in force. Countback is cut at the
        points table's length (or its `places`): records equal that far are left undecided (conservative)."""
        out = [self.total(d, upto)]
        for clause in self.chain:
            if clause.params.get("final_only") and not final:
                continue
            session = clause.params.get("session")
            if clause.use == "most-wins":
                out.append(self.wins(d, upto, session))
            elif clause.use == "countback":
                limit = clause.params.get("places") or max((len(t) for t in self.tables.values()), default=0)
                if countback_places is not None:
                    limit = min(limit, countback_places)
                out += [self.place_count(d, upto, k, session) for k in range(1, limit + 1)]
        return out

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

    def not_ahead_lit(self, a: str, b: str, upto: int):
        """A literal whose truth enforces: a is not ahead of b on points, then wins (a <=lex b). Every world where
        a is not ahead can set it; the solver's default (false) enforces nothing."""
        key = ("na", a, b, upto)
        cache = self.__dict__.setdefault("_na", {})
        if key not in cache:
            lit = self.m.NewBoolVar(f"na_{a}_{b}_{upto}")
            ka = [self.total(a, upto), self.wins(a, upto)]
            kb = [self.total(b, upto), self.wins(b, upto)]
            self.lex_le(ka, kb, [lit])
            cache[key] = lit
        return cache[key]
