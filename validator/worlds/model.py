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

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from ortools.sat.python import cp_model

from validator.engine.places import _not_entered, _status
from validator.engine.score import _eligibility
from validator.model.rules import Ruleset
from validator.model.season import Season, Session

SUPPORTED = {"non-scoring-status", "unclassified-score-nothing", "points-by-position", "all-results", "most-wins",
             "countback"}
UNNAMED = "?"
DEFAULT_MAX_CARS = 34


class Unsupported(ValueError):
    """The ruleset uses a component the worlds engine does not model."""


@dataclass
class Fact:
    """A published figure, switchable as a constraint."""

    id: str
    kind: str                 # points | position | order | gap | level | leader
    after_round: int | str
    round: int                # the round the figure refers to (final -> last round)
    subject: str
    published: str
    file: str | None
    line: int | None
    src: tuple[str, ...]
    lit: Any = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "after_round": self.after_round, "subject": self.subject,
                "published": self.published, "file": self.file, "line": self.line, "src": list(self.src)}

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.file else "?"
        return f"after {'R' + str(self.after_round) if self.after_round != 'final' else 'final'}: {self.subject} " \
               f"{self.kind} {self.published} [{', '.join(self.src)}] ({where})"


def check_rules(ruleset: Ruleset) -> None:
    for cls in ruleset.classifications.values():
        for clause in cls.clauses():
            if clause.use not in SUPPORTED:
                raise Unsupported(f"worlds engine: component {clause.use} not supported ({clause.loc})")


def _starters(session: Session) -> int | None:
    """`starters` is kept in the round file but not in the typed model: read it from the file."""
    try:
        data = yaml.safe_load(Path(session.loc.file).read_text())
    except (OSError, yaml.YAMLError):
        return None
    for s in (data or {}).get("sessions", []) or []:
        if isinstance(s, dict) and s.get("session") == session.name:
            value = (s.get("starters") or {}).get("value")
            return value if isinstance(value, int) else None
    return None


@dataclass
class SessionVars:
    round: int
    name: str
    n: int
    cars: list[str]                                   # named cars that may take part
    x: dict[tuple[str, int], Any]                      # (driver, road position) -> bool var
    u: dict[int, Any]                                  # open position -> unnamed car there
    gu: dict[int, Any]                                 # open position -> that unnamed car is a guest
    guest: dict[str, Any]                              # driver -> 0/1 or bool var (1 = non-scoring)
    unknown_status: list[str]
    occ: dict[int, Any]
    ptsp: dict[int, Any]                               # points a scoring car at p gets
    place: dict[int, Any]                              # scoring place at p (expression)
    first: dict[int, Any]                              # a scoring car at p wins
    pts: dict[str, Any]                                # driver (and "?") -> points in this session
    win: dict[str, Any]
    z: dict[tuple[str, int], Any]                      # scoring car of driver at p
    choices: list[tuple[str, list[tuple[Any, str]]]]   # conflict topic -> [(literal, claim text)]
    fixed: dict[str, int]                             # drivers with a known position
    marks: dict[str, str]
    cb: dict[tuple[str, int], Any] = field(default_factory=dict)  # (driver, place) -> bool
    xq: dict[tuple[int, str | None], Any] = field(default_factory=dict)  # (position, car or None) -> "?" drives it


class WorldModel:
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
            table = [Fraction(str(v)) for v in clause.params["table"]]
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

    # ------------------------------------------------------------------ one session
    def _session(self, s: Session) -> SessionVars:
        m, elig = self.m, self.elig
        tag = f"R{s.round}{s.name}"
        base_results = [r for r in s.results]
        fixed: dict[str, int] = {}
        taken: dict[int, str] = {}
        marks: dict[str, str] = {}
        for r in base_results:
            if isinstance(r.pos, int):
                if r.driver in fixed or r.pos in taken:
                    continue  # shared car or a duplicate: the loader reports it
                fixed[r.driver], taken[r.pos] = r.pos, r.driver
            elif r.pos != "unknown":
                marks.setdefault(r.driver, str(r.pos))
        claim_facts = [(c, cl) for c in s.conflicts if c.affects_scoring for cl in c.claims]
        named = [r.driver for r in base_results] + [o.ahead for o in s.order] + [o.behind for o in s.order]
        for _, cl in claim_facts:
            if cl.facts:
                named += [r.driver for r in cl.facts.results] + [o.ahead for o in cl.facts.order] + \
                         [o.behind for o in cl.facts.order]
        if not s.complete:
            named += [d for d in self.drivers if not _not_entered(self.season, d, s.round)]
        cars = list(dict.fromkeys(named))
        last_known = max(taken, default=0)
        if s.complete:
            n = last_known
        else:
            n = s.finishers or _starters(s) or self.max_cars
            n = max(n, last_known)
        open_pos = [] if s.complete else [p for p in range(1, n + 1) if p not in taken]
        x: dict[tuple[str, int], Any] = {}
        for d in cars:
            if d in fixed:
                x[d, fixed[d]] = m.NewConstant(1)
            elif d not in marks:
                for p in open_pos:
                    x[d, p] = m.NewBoolVar(f"x_{tag}_{d}_{p}")
        # every position holds at most one car; classified positions are contiguous
        u, gu, occ = {}, {}, {}
        for p in range(1, n + 1):
            if p in taken:
                occ[p] = 1
                continue
            if s.complete:
                occ[p] = 0  # a vacant place in a complete classification stays vacant
                continue
            occ[p] = 1 if p <= last_known else m.NewBoolVar(f"occ_{tag}_{p}")
            u[p] = m.NewBoolVar(f"u_{tag}_{p}")
            gu[p] = m.NewBoolVar(f"gu_{tag}_{p}")
            holders = [x[d, p] for d in cars if (d, p) in x] + [u[p]]
            m.Add(sum(holders) == occ[p])
        if not s.complete:
            for p in range(1, n):
                if not isinstance(occ[p + 1], int):
                    m.Add(occ[p + 1] <= occ[p])
        for d in cars:
            if d not in fixed:
                places = [x[d, p] for p in open_pos if (d, p) in x]
                if places:
                    m.Add(sum(places) <= 1)
        # statuses
        guest: dict[str, Any] = {}
        unknown_status = []
        for d in cars:
            status, _ = _status(self.season, s, d)
            if not elig.governed:
                guest[d] = 0
            elif status is not None:
                guest[d] = 1 if status in elig.non_scoring else 0
            elif elig.unstated == "scoring":
                guest[d] = 0
            else:
                guest[d] = m.NewBoolVar(f"g_{tag}_{d}")
                unknown_status.append(d)
        # order facts: both classified, ahead before behind
        one = m.NewConstant(1)

        def pos_expr(d):
            if d in fixed:
                return fixed[d] * one, one
            ps = [(p, x[d, p]) for p in open_pos if (d, p) in x]
            if not ps:
                return 0, 0
            return sum(p * v for p, v in ps), sum(v for _, v in ps)

        def add_order(o, enforce=None):
            pa, ca = pos_expr(o.ahead)
            pb, cb = pos_expr(o.behind)
            lits = [enforce] if enforce is not None else []
            for c in (ca, cb):
                if isinstance(c, int) and c == 0:
                    if enforce is None:
                        m.Add(0 == 1)
                    else:
                        m.Add(enforce == 0)
                    return
            m.Add(_e(ca) == 1).OnlyEnforceIf(lits)
            m.Add(_e(cb) == 1).OnlyEnforceIf(lits)
            m.Add(_e(pa) + 1 <= _e(pb)).OnlyEnforceIf(lits)

        for o in s.order:
            add_order(o)
        # conflicts: exactly one claim per conflict holds; its facts are enforced under its literal
        choices = []
        for c in s.conflicts:
            if not c.affects_scoring:
                continue
            lits = []
            for j, cl in enumerate(c.claims):
                lit = m.NewBoolVar(f"claim_{tag}_{len(choices)}_{j}")
                lits.append((lit, cl.text))
                if cl.facts is None:
                    continue
                for r in cl.facts.results:
                    if isinstance(r.pos, int):
                        if fixed.get(r.driver) == r.pos:
                            continue
                        if (r.driver, r.pos) in x:
                            m.Add(x[r.driver, r.pos] == 1).OnlyEnforceIf(lit)
                        else:
                            m.Add(lit == 0)
                    elif r.pos != "unknown":
                        if r.driver in fixed:
                            m.Add(lit == 0)
                        else:
                            vs = [x[r.driver, p] for p in open_pos if (r.driver, p) in x]
                            if vs:
                                m.Add(sum(vs) == 0).OnlyEnforceIf(lit)
                for o in cl.facts.order:
                    add_order(o, lit)
                for st in cl.facts.statuses:
                    if st.driver not in guest:
                        continue
                    want = 1 if st.status in elig.non_scoring else 0
                    g = guest[st.driver]
                    if isinstance(g, int):
                        if g != want:
                            m.Add(lit == 0)
                    else:
                        m.Add(g == want).OnlyEnforceIf(lit)
            m.AddExactlyOne([lit for lit, _ in lits])
            choices.append((c.topic, lits))
        # guests ahead, scoring places and points per position
        table = self.tables.get(s.name, [])
        top = table[0] if table else 0
        ext = (table + [0] * (n + 1))[: n + 1]
        guest_at: dict[int, Any] = {}
        for p in range(1, n + 1):
            terms = []
            if p in taken:
                d = taken[p]
                terms.append(guest[d])
            else:
                for d in cars:
                    if (d, p) in x:
                        g = guest[d]
                        if isinstance(g, int):
                            if g:
                                terms.append(x[d, p])
                        else:
                            y = m.NewBoolVar(f"y_{tag}_{d}_{p}")
                            m.AddBoolAnd([x[d, p], g]).OnlyEnforceIf(y)
                            m.AddBoolOr([x[d, p].Not(), g.Not()]).OnlyEnforceIf(y.Not())
                            terms.append(y)
                if p in u:
                    yu = m.NewBoolVar(f"yu_{tag}_{p}")
                    m.AddBoolAnd([u[p], gu[p]]).OnlyEnforceIf(yu)
                    m.AddBoolOr([u[p].Not(), gu[p].Not()]).OnlyEnforceIf(yu.Not())
                    terms.append(yu)
            guest_at[p] = sum(terms) if terms else 0
        ptsp, place, first = {}, {}, {}
        ahead = 0
        for p in range(1, n + 1):
            g_expr = ahead if elig.pass_down else 0
            idx = m.NewIntVar(0, p - 1, f"idx_{tag}_{p}")
            m.Add(idx == p - 1 - g_expr)
            place[p] = idx + 1
            ptsp[p] = m.NewIntVar(0, max(ext), f"pp_{tag}_{p}")
            m.AddElement(idx, ext[:p], ptsp[p])
            f = m.NewBoolVar(f"first_{tag}_{p}")
            m.Add(idx == 0).OnlyEnforceIf(f)
            m.Add(idx >= 1).OnlyEnforceIf(f.Not())
            first[p] = f
            ahead = ahead + guest_at[p]
        # points and wins of each car
        pts, win, z, xq = {}, {}, {}, {}
        for d in cars + [UNNAMED]:
            if d == UNNAMED:
                # "?" is one car no tracked driver drives: an unnamed car, or an untracked named one
                cands = []   # (position, may-hold literal, guest flag, label)
                for p in u:
                    cands.append((p, u[p], gu[p], None))
                for c in cars:
                    if c in self.drivers:
                        continue
                    for p in range(1, n + 1):
                        if (c, p) in x:
                            cands.append((p, x[c, p], guest[c], c))
                if not cands:
                    pts[d], win[d] = 0, 0
                    continue
                sel = []
                zs_by_p: dict[int, list] = {}
                for p, hold, g, label in cands:
                    b = m.NewBoolVar(f"xq_{tag}_{label}_{p}")
                    m.AddImplication(b, hold)
                    sel.append(b)
                    xq[p, label] = b
                    if isinstance(g, int):
                        zc = b if not g else None
                    else:
                        zc = m.NewBoolVar("")
                        m.AddBoolAnd([b, g.Not()]).OnlyEnforceIf(zc)
                        m.AddBoolOr([b.Not(), g]).OnlyEnforceIf(zc.Not())
                    if zc is not None:
                        zs_by_p.setdefault(p, []).append(zc)
                m.Add(sum(sel) <= 1)
                xs = {}
                for p, zl in zs_by_p.items():
                    zp = m.NewBoolVar(f"zq_{tag}_{p}")
                    m.Add(zp == sum(zl))
                    xs[p] = zp
                g_of = {p: 0 for p in xs}
            else:
                xs = {p: x[d, p] for p in range(1, n + 1) if (d, p) in x}
                g_of = {p: guest[d] for p in xs}
            zs = {}
            for p, xv in xs.items():
                g = g_of[p]
                if isinstance(g, int):
                    zv = xv if not g else 0
                else:
                    zv = m.NewBoolVar(f"z_{tag}_{d}_{p}")
                    m.AddBoolAnd([xv, g.Not()]).OnlyEnforceIf(zv)
                    m.AddBoolOr([xv.Not(), g]).OnlyEnforceIf(zv.Not())
                if isinstance(zv, int) and zv == 0:
                    continue
                zs[p] = zv
                z[d, p] = zv
            if not zs:
                pts[d], win[d] = 0, 0
                continue
            pv = m.NewIntVar(0, top, f"pts_{tag}_{d}")
            m.Add(pv <= top * sum(zs.values()))
            for p, zv in zs.items():
                m.Add(pv == ptsp[p]).OnlyEnforceIf(zv)
            pts[d] = pv
            wv = m.NewBoolVar(f"win_{tag}_{d}")
            ws = []
            for p, zv in zs.items():
                w = m.NewBoolVar(f"w_{tag}_{d}_{p}")
                m.AddBoolAnd([zv, first[p]]).OnlyEnforceIf(w)
                m.AddBoolOr([zv.Not(), first[p].Not()]).OnlyEnforceIf(w.Not())
                ws.append(w)
            m.Add(wv == sum(ws))
            win[d] = wv
        return SessionVars(s.round, s.name, n, cars, x, u, gu, guest, unknown_status, occ, ptsp, place, first,
                           pts, win, z, choices, fixed, marks, xq=xq)

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

    # ------------------------------------------------------------------ published standings
    def _published(self) -> None:
        m = self.m
        last = self.rounds[-1] if self.rounds else None
        count = 0
        for snap in self.season.snapshots:
            if snap.classification != self.cls.name:
                continue
            rnd = last if snap.after_round == "final" else snap.after_round
            if rnd not in self.rounds:
                continue
            positions = []

            def fact(kind, subject, published, loc, src):
                nonlocal count
                count += 1
                f = Fact(f"F{count}", kind, snap.after_round, rnd, subject, published,
                         loc.file if loc else None, loc.line if loc else None, tuple(src or snap.src),
                         m.NewBoolVar(f"fact{count}"))
                self.facts.append(f)
                return f

            for row in snap.rows:
                if row.subject not in self.competitors:
                    continue
                if row.points is not None:
                    f = fact("points", row.subject, row.points.text, row.loc, row.src)
                    lo, hi = _bounds(row.points)
                    t = self.total(row.subject, rnd)
                    if lo > hi:
                        m.Add(f.lit == 0)
                    else:
                        m.Add(t >= lo).OnlyEnforceIf(f.lit)
                        m.Add(t <= hi).OnlyEnforceIf(f.lit)
                if isinstance(row.position, int):
                    f = fact("position", row.subject, str(row.position), row.loc, row.src)
                    others = [o for o in self.competitors if o != row.subject]
                    behind = [self.not_ahead_lit(o, row.subject, rnd) for o in others]
                    m.Add(sum(behind) >= len(others) - (row.position - 1)).OnlyEnforceIf(f.lit)
                    positions.append((row.position, row.subject, f))
            for p1, d1, f1 in positions:
                for p2, d2, f2 in positions:
                    if p1 < p2 and d1 != d2:
                        # the driver published lower is not ahead of the one published higher
                        self.lex_le([self.total(d2, rnd), self.wins(d2, rnd)],
                                    [self.total(d1, rnd), self.wins(d1, rnd)], [f1.lit, f2.lit])
            for gap in snap.gaps:
                if gap.ahead not in self.competitors or gap.behind not in self.competitors:
                    continue
                f = fact("gap", f"{gap.ahead} - {gap.behind}", gap.points.text, gap.loc, gap.src)
                lo, hi = _bounds(gap.points)
                diff = self.total(gap.ahead, rnd) - self.total(gap.behind, rnd)
                m.Add(diff >= lo).OnlyEnforceIf(f.lit)
                m.Add(diff <= hi).OnlyEnforceIf(f.lit)
            for level in snap.level:
                members = [d for d in level.members if d in self.competitors]
                f = fact("level", " = ".join(members), "level", level.loc, level.src)
                for a, b in zip(members, members[1:]):
                    m.Add(self.total(a, rnd) == self.total(b, rnd)).OnlyEnforceIf(f.lit)
            if snap.leader is not None and snap.leader.subject in self.competitors:
                who = snap.leader.subject
                f = fact("leader", who, "leader", snap.leader.loc, snap.leader.src)
                for o in self.competitors:
                    if o != who:
                        m.AddImplication(f.lit, self.not_ahead_lit(o, who, rnd))


def _tracked(season: Season, classification: str, extra: list[str] | None) -> list[str]:
    out = list(extra or [])
    d = season.declared
    out += ([d.champion] if d.champion else []) + list(d.final_order)
    for snap in season.snapshots:
        if snap.classification != classification:
            continue
        out += [r.subject for r in snap.rows] + [g.ahead for g in snap.gaps] + [g.behind for g in snap.gaps]
        out += [m for lv in snap.level for m in lv.members] + ([snap.leader.subject] if snap.leader else [])
    # road winners: the drivers most able to beat a declared one; tracking them keeps "?" from borrowing their
    # results (soundness does not depend on this choice, only how often a claim can be decided)
    out += [r.driver for rnd in season.rounds for s in rnd.sessions for r in s.results if r.pos == 1]
    return [x for x in dict.fromkeys(out) if x in season.drivers]


def _e(v):
    return v


def _bounds(value) -> tuple[int, int]:
    """Integer totals a printed figure allows (at its printed precision)."""
    import math
    v = value.value
    if value.decimals is None:
        return (int(v), int(v)) if v.denominator == 1 else (1, 0)
    half = Fraction(1, 2 * 10 ** value.decimals)
    return math.ceil(v - half), math.floor(v + half)
