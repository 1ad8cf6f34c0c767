"""One session of the worlds model: road positions, statuses, conflicts, scoring places, points and wins.

A mixin of `WorldModel` (model.py), which holds the CP-SAT model `self.m`, the eligibility `self.elig`, the
points tables and the tracked drivers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.engine.places import _not_entered, _status
from validator.model.season import Session
from validator.worlds.terms import UNNAMED, _e


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


class SessionBuilder:
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
            n = s.finishers or s.starters or self.max_cars
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
