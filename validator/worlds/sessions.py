"""One session of the worlds model: road positions, statuses, conflicts and scoring places; the cars whose
points the ruleset's points components then encode (`WorldSession`, context.py, is their `ctx`).

Built by `build_session(wm, round, session)` for `WorldModel` (model.py), which holds the CP-SAT model `wm.m`,
the eligibility `wm.elig` and the tracked subjects.
"""
from __future__ import annotations

from typing import Any

from validator.engine.places import not_entered, status_of, team_of
from validator.model.season import Result, Round, Session
from validator.worlds.context import WorldCar, WorldSession, _and, _not
from validator.worlds.terms import UNNAMED, _e


def build_session(wm, rnd: Round, s: Session) -> WorldSession:
    """Road positions, statuses, order facts, conflicts and scoring places of one session, and its cars."""
    m, elig = wm.m, wm.elig
    tag = f"R{s.round}{s.name}"
    taken: dict[int, list[Result]] = {}       # road position -> recorded results there (several: a shared car)
    fixed: dict[str, list[int]] = {}
    marks: dict[str, str] = {}
    marked_rows: list[Result] = []
    for r in s.results:
        if isinstance(r.pos, int):
            if r.pos in fixed.get(r.driver, []):
                continue  # a duplicate: the loader reports it
            if r.pos in taken and not (r.shared or any(o.shared for o in taken[r.pos])):
                continue  # two cars at one place: the loader reports it
            taken.setdefault(r.pos, []).append(r)
            fixed.setdefault(r.driver, []).append(r.pos)
        elif r.pos != "unknown":
            marks.setdefault(r.driver, str(r.pos))
            marked_rows.append(r)
    claim_facts = [cl for c in s.conflicts if c.affects_scoring for cl in c.claims]
    named = [r.driver for r in s.results] + [o.ahead for o in s.order] + [o.behind for o in s.order]
    for cl in claim_facts:
        if cl.facts:
            named += [r.driver for r in cl.facts.results] + [o.ahead for o in cl.facts.order] + \
                     [o.behind for o in cl.facts.order]
    if not s.complete:
        named += [d for d in wm.drivers
                  if not (not_entered(wm.season, d, s.round) and not wm.season.is_future(s.round))]
    cars = list(dict.fromkeys(named))
    last_known = max(taken, default=0)
    n = last_known if s.complete else max(s.finishers or s.starters or wm.max_cars, last_known)
    open_pos = [] if s.complete else [p for p in range(1, n + 1) if p not in taken]
    x: dict[tuple[str, int], Any] = {}
    for d in cars:
        if d in fixed:
            for p in fixed[d]:
                x[d, p] = 1
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
        gu[p] = m.NewBoolVar(f"gu_{tag}_{p}") if elig.governed else 0
        holders = [x[d, p] for d in cars if (d, p) in x] + [u[p]]
        m.Add(sum(holders) == occ[p])
    if not s.complete:
        for p in range(1, n):
            if not isinstance(occ[p + 1], int):
                m.Add(occ[p + 1] <= _e(occ[p]))
    for d in cars:
        if d not in fixed:
            places = [x[d, p] for p in open_pos if (d, p) in x]
            if places:
                m.Add(sum(places) <= 1)
    # statuses
    guest: dict[str, Any] = {}
    unknown_status = []
    for d in cars:
        status, _ = status_of(wm.season, s, d)
        if not elig.governed:
            guest[d] = 0
        elif status is not None:
            guest[d] = 1 if status in elig.non_scoring else 0
        elif elig.unstated == "scoring":
            guest[d] = 0
        else:
            guest[d] = m.NewBoolVar(f"g_{tag}_{d}")
            unknown_status.append(d)

    def pos_expr(d):
        if d in fixed:
            return fixed[d][0], 1
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
                m.Add(0 == 1) if enforce is None else m.Add(enforce == 0)
                return
        m.Add(_e(ca) == 1).OnlyEnforceIf(lits)
        m.Add(_e(cb) == 1).OnlyEnforceIf(lits)
        m.Add(_e(pa) + 1 <= _e(pb)).OnlyEnforceIf(lits)

    for o in s.order:
        add_order(o)
    choices = _conflicts(m, s, tag, fixed, x, open_pos, guest, elig, add_order)
    # guests ahead and scoring places
    guest_at: dict[int, Any] = {}
    for p in range(1, n + 1):
        terms: list = []
        if p in taken:  # a shared car: the status of its last recorded row, as places.py reads it
            terms.append(guest[taken[p][-1].driver])
        else:
            for d in cars:
                if (d, p) in x and not (isinstance(guest[d], int) and guest[d] == 0):
                    terms.append(_and(m, x[d, p], guest[d]))
            if p in u and not isinstance(gu[p], int):
                terms.append(_and(m, u[p], gu[p]))
        guest_at[p] = sum(terms) if terms else 0
    place: dict[int, Any] = {}
    ahead: Any = 0
    for p in range(1, n + 1):
        if not elig.pass_down or isinstance(ahead, int):
            place[p] = p - (ahead if elig.pass_down else 0)
        else:
            idx = m.NewIntVar(0, p - 1, f"idx_{tag}_{p}")
            m.Add(idx == p - 1 - ahead)
            place[p] = idx + 1
        ahead = ahead + guest_at[p] if not (isinstance(guest_at[p], int) and guest_at[p] == 0) else ahead
    ws = WorldSession(wm, rnd, s, n, cars, x, u, gu, guest, unknown_status, occ, place, choices, marks)
    _cars(ws, taken, fixed, marked_rows, open_pos)
    return ws


def _conflicts(m, s, tag, fixed, x, open_pos, guest, elig, add_order):
    """Exactly one claim per conflict holds; its facts are enforced under its literal."""
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
                    if r.pos in fixed.get(r.driver, []):
                        continue
                    if (r.driver, r.pos) in x and not isinstance(x[r.driver, r.pos], int):
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
    return choices


def _cars(ws: WorldSession, taken, fixed, marked_rows, open_pos) -> None:
    """The cars whose points are modelled: every car of a tracked subject (recorded, marked or open), and the
    unnamed rival "?" (any one car no tracked driver drives: an unnamed car, or an untracked named one)."""
    wm, m, s = ws.wm, ws.m, ws.session
    tracked = wm.tracks_car
    for p in sorted(taken):
        for r in taken[p]:
            if tracked(r.driver, r.team or team_of(wm.season, r.driver, s.round)):
                ws.scored.append(_car(ws, r.driver, r, {p: ws.x[r.driver, p]}))
    for r in marked_rows:
        if tracked(r.driver, r.team or team_of(wm.season, r.driver, s.round)):
            ws.scored.append(_car(ws, r.driver, r, {}))
    for d in ws.cars:
        if d in fixed or d in ws.marks or not tracked(d, team_of(wm.season, d, s.round)):
            continue
        row = next((r for r in s.results if r.driver == d), None)
        ws.scored.append(_car(ws, d, row, {p: ws.x[d, p] for p in open_pos if (d, p) in ws.x}))
    if wm.subject == "driver":
        ws.scored.append(_rival(ws))


def _car(ws: WorldSession, driver: str, result: Result | None, at: dict[int, Any]) -> WorldCar:
    scoring = _not(ws.m, ws.guest.get(driver, 0))
    team = (result.team if result is not None else None) or team_of(ws.season, driver, ws.session.round)
    return WorldCar(driver, team, result, scoring, {p: _and(ws.m, lit, scoring) for p, lit in at.items()})


def _rival(ws: WorldSession) -> WorldCar:
    """"?": one car no tracked driver drives, or none; it scores what that car scores."""
    m, tag = ws.m, f"R{ws.session.round}{ws.session.name}"
    cands = [(p, ws.u[p], ws.gu[p], None) for p in ws.u]
    for c in ws.cars:
        if c in ws.wm.drivers:
            continue
        cands += [(p, ws.x[c, p], ws.guest[c], c) for p in range(1, ws.n + 1) if (c, p) in ws.x]
    sel = []
    z_by_p: dict[int, list] = {}
    for p, hold, g, label in cands:
        b = m.NewBoolVar(f"xq_{tag}_{label}_{p}")
        if not isinstance(hold, int):
            m.AddImplication(b, hold)
        sel.append(b)
        ws.xq[p, label] = b
        zc = _and(m, b, _not(m, g))
        if not (isinstance(zc, int) and zc == 0):
            z_by_p.setdefault(p, []).append(zc)
    if sel:
        m.Add(sum(sel) <= 1)
    z = {}
    for p, zl in z_by_p.items():
        if len(zl) == 1:
            z[p] = zl[0]
        else:
            zp = m.NewBoolVar(f"zq_{tag}_{p}")
            m.Add(zp == sum(zl))
            z[p] = zp
    return WorldCar(UNNAMED, None, None, 1, z)
