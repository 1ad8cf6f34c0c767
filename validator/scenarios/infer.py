"""What the evidence forces: every unknown of an incomplete record that takes one value in every world.

The worlds model of the season (validator/worlds) with every published figure switched on is asked, unknown by
unknown, for a world where it takes another value than in the worlds found so far (a backbone computation):

* a world found is kept and rules out, at once, every unknown whose value it changes;
* "no such world" (the solver's proof) makes the value forced; the solver's sufficient assumptions name the
  published figures that force it (a sufficient set, deletion-minimised with `minimize`), empty = the recorded
  results alone;
* a solve that reaches the deterministic work limit leaves the unknown UNKNOWN, and once the total work budget
  is spent every unknown not yet decided is UNKNOWN.

Unknowns asked about: the championship status (guest or scoring) of a tracked driver at a round where no source
states it, his road position (0 = not classified) where it is unknown, the points he scored in each session, and
his total after each round. Untracked drivers are folded into the unnamed rival "?" and are not asked about.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from validator.engine.score import score_classification
from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.worlds.model import WorldModel
from validator.worlds.queries import OPTIMAL_OR_FEASIBLE, Settings, Solver, number


FIRST_WORLD_FACTOR = 6


@dataclass
class Unknown:
    kind: str            # status | position | points | total
    driver: str
    round: int
    session: str | None
    expr: Any            # CP-SAT expression (a BoolVar for a status: 1 = guest)

    def label(self) -> str:
        where = f"R{self.round}" + (f" {self.session}" if self.session else "")
        return f"{self.driver} {self.kind} {where}"


def unknowns(wm: WorldModel) -> list[Unknown]:
    out: list[Unknown] = []
    m = wm.m
    for sv in wm.sessions:
        for d in sv.unknown_status:
            if d in wm.drivers:
                out.append(Unknown("status", d, sv.round.number, sv.name, sv.guest[d]))
    for sv in wm.sessions:
        for d in wm.drivers:
            mine = [(p, v) for (dd, p), v in sv.x.items() if dd == d]
            xs = [(p, v) for p, v in mine if not isinstance(v, int)]
            if any(isinstance(v, int) and v for _, v in mine) or d in sv.marks or not xs:
                continue   # a recorded place, a mark, or no place at all: not an unknown
            pos = m.NewIntVar(0, sv.n, f"pos_{sv.round.number}_{sv.name}_{d}")
            m.Add(pos == sum(p * v for p, v in xs))
            out.append(Unknown("position", d, sv.round.number, sv.name, pos))
    for sv in wm.sessions:
        for d in wm.drivers:
            if d in sv.pts and not sv.pts[d].is_const:
                out.append(Unknown("points", d, sv.round.number, sv.name, wm.int_var(sv.pts[d])))
    for r in wm.rounds:
        for d in wm.drivers:
            out.append(Unknown("total", d, r, None, wm.total(d, r)))
    return out


def _value(solver: cp_model.CpSolver, expr) -> int:
    return expr if isinstance(expr, int) else int(solver.Value(expr))


def infer(season: Season, ruleset: Ruleset, settings: Settings | None = None, budget: float = 600.0,
          kinds: tuple[str, ...] = ("status", "position", "points", "total"), classification: str = "drivers",
          track: list[str] | None = None) -> dict[str, Any]:
    """Every unknown forced by the facts and the published figures, with the figures that force it."""
    settings = settings or Settings(minimize=False)
    wm = WorldModel(season, ruleset, classification, track=track)
    exact = score_classification(season, ruleset, classification)   # what the facts alone already fix
    solver = Solver(wm, settings)
    facts = list(wm.facts)
    todo = [u for u in unknowns(wm) if u.kind in kinds and not _known(u, exact)]
    # the first world is the hard search (later ones start from it): allowed several times the per-solve limit
    solver.settings = replace(settings, work_limit=settings.work_limit * FIRST_WORLD_FACTOR)
    try:
        status = solver.run([f.lit for f in facts])
    finally:
        solver.settings = settings
    report: dict[str, Any] = {"season": season.key, "rules": ruleset.key, "tracked": list(wm.drivers),
                              "published_figures": len(facts), "work_limit_per_solve": settings.work_limit,
                              "first_world_limit": settings.work_limit * FIRST_WORLD_FACTOR,
                              "work_budget": budget, "forced": [], "free": [], "undecided": []}
    if status not in OPTIMAL_OR_FEASIBLE:
        report["error"] = "the facts and the published figures admit no world" if status == cp_model.INFEASIBLE \
            else "no world found within the work limit"
        report["work_used"] = round(solver.work, 3)
        return report
    seen: dict[int, set[int]] = {i: {_value(solver.last, u.expr)} for i, u in enumerate(todo)}
    differs = [_differs(wm, u, next(iter(seen[i])), i) for i, u in enumerate(todo)]
    open_ = _sweep(solver, todo, seen, differs, facts, budget)
    for i, u in enumerate(todo):
        if len(seen[i]) > 1:
            report["free"].append(_row(u, sorted(seen[i]), wm.scale))
        elif i not in open_:
            core = solver.core([differs[i]], facts, settings.minimize) if solver.work < budget else None
            report["forced"].append({**_row(u, sorted(seen[i]), wm.scale), "value": _shown(u, next(iter(seen[i])), wm.scale),
                                     "forced_by": [f.as_dict() for f in (core if core is not None else facts)],
                                     "narrowed": core is not None,
                                     "minimal": bool(settings.minimize and core is not None)})
        else:
            report["undecided"].append({**_row(u, sorted(seen[i]), wm.scale), "reason": open_[i]})
    report["work_used"] = round(solver.work, 3)
    report["solves"] = solver.solves
    return report


def _known(u: Unknown, exact) -> bool:
    """Points and totals the interval engine already fixes from the facts alone are not unknowns."""
    if u.kind == "points":
        return exact.scored_in(u.round, u.driver).is_exact
    if u.kind == "total":
        rec = exact.after.get(u.round, {}).get(u.driver)
        return rec is not None and rec.total.is_exact
    return False


def _differs(wm: WorldModel, u: Unknown, value: int, i: int):
    """A literal that, when true, makes the unknown differ from `value`."""
    lit = wm.m.NewBoolVar(f"differs_{i}")
    wm.m.Add(u.expr != value).OnlyEnforceIf(lit)
    return lit


def _sweep(solver: Solver, todo: list[Unknown], seen: dict, differs: list, facts: list, budget: float,
           chunk: int = 48) -> dict[int, str]:
    """Decide which unknowns can differ from the value seen: ask for a world where at least one of a group does
    (a world found rules out every unknown it changes; "no such world" proves the whole group forced at once),
    splitting a group the work limit leaves undecided. Returns the undecided ones with the reason."""
    undecided: dict[int, str] = {}
    queue = [list(range(k, min(k + chunk, len(todo)))) for k in range(0, len(todo), chunk)]
    while queue:
        group = [i for i in queue.pop(0) if len(seen[i]) == 1]
        if not group:
            continue
        if solver.work >= budget:
            undecided.update({i: "work budget spent" for i in group})
            continue
        any_differs = solver.wm.m.NewBoolVar("")
        solver.wm.m.AddBoolOr([differs[i] for i in group]).OnlyEnforceIf(any_differs)
        status = solver.run([any_differs] + [f.lit for f in facts])
        if status in OPTIMAL_OR_FEASIBLE:
            for j, u in enumerate(todo):
                seen[j].add(_value(solver.last, u.expr))
            queue.insert(0, group)          # the rest of the group is asked again
        elif status == cp_model.INFEASIBLE:
            continue                        # every unknown of the group is forced
        elif len(group) > 1:
            queue[:0] = [group[: len(group) // 2], group[len(group) // 2:]]
        else:
            undecided[group[0]] = f"work limit {solver.settings.work_limit:g}"
    return undecided


def _shown(u: Unknown, value: int, scale: int = 1):
    """Points and totals are integers at the model's scale (exact fractions of a point)."""
    if u.kind == "status":
        return "guest" if value else "scoring"
    if u.kind == "position":
        return value if value else "not classified"
    return number(Fraction(value, scale))


def _row(u: Unknown, values: list[int], scale: int = 1) -> dict[str, Any]:
    return {"kind": u.kind, "driver": u.driver, "round": u.round, "session": u.session,
            "values_seen": [_shown(u, v, scale) for v in values]}
