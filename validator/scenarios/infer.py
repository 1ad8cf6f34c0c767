"""What the evidence forces: every unknown of an incomplete record that takes one value in every world.

The worlds model of the season (validator/worlds) with every published figure switched on gives one world (the
reference: its values are the candidates); then each unknown is decided, cheapest way first:

1. **stated**: a driver's total after a round that a published figure states exactly is forced by that figure,
   by construction of the model (worlds/published.py) and without a solve. It is listed as forced (basis
   `stated`) rather than dropped: the standings an auditor reads then have every total with its source.
2. **local proofs**: "another value" with only the figures near the unknown switched on (scenarios/neighbourhood.py:
   the driver's figures at the nearest published rounds around it, then every figure of those rounds). Fewer
   figures admit more worlds, so "no such world" is a proof for all of them, sound, and small: the solver's
   sufficient assumptions are already a short forcing set. A world found there proves nothing (it need not meet
   the other figures): the unknown goes on to the next step. Each local solve has a small deterministic limit.
3. **all figures** (a backbone sweep): a world with every figure in which some of a group of unknowns differ
   from the values seen rules out, at once, every unknown it changes; "no such world" proves the whole group
   forced (then each one's forcing figures are the solver's sufficient set over all figures, while the budget
   lasts, else all of them); a solve that reaches its work limit splits the group.

Once the total work budget is spent every unknown not yet decided is UNDECIDED, with the reason. Every limit is
deterministic work (CP-SAT's deterministic time, one worker, a fixed seed): the answer is the same on every
machine.

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
from validator.scenarios.defaults import DEFAULT_BUDGET, LOCAL_LIMIT
from validator.scenarios.neighbourhood import describe, neighbourhoods, stated
from validator.worlds.model import WorldModel
from validator.worlds.published import Fact
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




@dataclass
class Forced:
    basis: str               # stated | driver | rounds | all (the figures the proof was allowed to use)
    core: list[Fact] | None  # the forcing figures (None: not narrowed, every figure)
    work: float = 0.0


def infer(season: Season, ruleset: Ruleset, settings: Settings | None = None, budget: float = DEFAULT_BUDGET,
          kinds: tuple[str, ...] = ("status", "position", "points", "total"), classification: str = "drivers",
          track: list[str] | None = None, local_limit: float = LOCAL_LIMIT) -> dict[str, Any]:
    """Every unknown forced by the facts and the published figures, with the figures that force it."""
    settings = settings or Settings(minimize=False)
    wm = WorldModel(season, ruleset, classification, track=track)
    exact = score_classification(season, ruleset, classification)   # what the facts alone already fix
    solver = Solver(wm, settings)
    facts = list(wm.facts)
    todo = [u for u in unknowns(wm) if u.kind in kinds and not _known(u, exact)]
    report: dict[str, Any] = {"season": season.key, "rules": ruleset.key, "tracked": list(wm.drivers),
                              "published_figures": len(facts), "work_limit_per_solve": settings.work_limit,
                              "first_world_limit": settings.work_limit * FIRST_WORLD_FACTOR,
                              "local_limit": local_limit, "work_budget": budget,
                              "forced": [], "free": [], "undecided": []}
    # the first world is the hard search (later ones start from it): allowed several times the per-solve limit
    status = _limited(solver, settings.work_limit * FIRST_WORLD_FACTOR, [f.lit for f in facts])
    if status not in OPTIMAL_OR_FEASIBLE:
        report["error"] = "the facts and the published figures admit no world" if status == cp_model.INFEASIBLE \
            else "no world found within the work limit"
        report["work_used"] = round(solver.work, 3)
        return report
    phases = {"first_world": solver.work}
    seen: dict[int, set[int]] = {i: {_value(solver.last, u.expr)} for i, u in enumerate(todo)}
    differs = [_differs(wm, u, next(iter(seen[i])), i) for i, u in enumerate(todo)]
    forced = _stated(wm, todo, seen, facts)
    mark = solver.work
    values = [next(iter(seen[i])) for i in range(len(todo))]
    forced.update(_local(solver, todo, differs, values, facts, forced, budget, local_limit))
    phases["local_proofs"] = solver.work - mark
    mark = solver.work
    open_ = _sweep(solver, todo, seen, differs, facts, budget, skip=set(forced))
    for i in range(len(todo)):
        if len(seen[i]) == 1 and i not in open_ and i not in forced:
            core = solver.core([differs[i]], facts, settings.minimize) if solver.work < budget else None
            forced[i] = Forced("all", core)
    phases["all_figures"] = solver.work - mark
    for i, u in enumerate(todo):
        if len(seen[i]) > 1:
            report["free"].append(_row(u, sorted(seen[i]), wm.scale))
        elif i in forced:
            report["forced"].append(_forced_row(u, next(iter(seen[i])), forced[i], facts, wm.scale, settings))
        else:
            report["undecided"].append({**_row(u, sorted(seen[i]), wm.scale), "reason": open_[i]})
    report["work_used"] = round(solver.work, 3)
    report["work_by_step"] = {k: round(v, 3) for k, v in phases.items()}
    report["solves"] = solver.solves
    return report


def _limited(solver: Solver, limit: float, assumptions: list) -> int:
    """One solve with its own deterministic work limit."""
    kept = solver.settings
    solver.settings = replace(kept, work_limit=limit)
    try:
        return solver.run(assumptions)
    finally:
        solver.settings = kept


def _stated(wm: WorldModel, todo: list[Unknown], seen: dict, facts: list[Fact]) -> dict[int, Forced]:
    """Totals a published figure states exactly: forced by that figure, no solve (step 1)."""
    out: dict[int, Forced] = {}
    for i, u in enumerate(todo):
        if u.kind != "total":
            continue
        hit = stated(facts, u.driver, u.round)
        if hit is not None and seen[i] == {hit[1]}:
            out[i] = Forced("stated", [hit[0]])
    return out


def _local(solver: Solver, todo: list[Unknown], differs: list, values: list[int], facts: list[Fact], done: dict,
           budget: float, limit: float) -> dict[int, Forced]:
    """Local proofs (step 2): another value under the figures near the unknown only; no world = forced. Unknowns
    with the same neighbourhood (one driver between two published rounds) are asked together: "no world where
    any of them differs" forces them all at once; a world found there only shows which ones this neighbourhood
    does not force (they go on to the next, wider one)."""
    out: dict[int, Forced] = {}
    reference = solver.hint   # every local search starts from the world with all figures
    pending = {i: neighbourhoods(facts, u.driver, u.round, u.kind) for i, u in enumerate(todo) if i not in done}
    level = 0
    while pending:
        groups: dict[tuple, list[int]] = {}
        for i, levels in pending.items():
            if level < len(levels):
                basis, near = levels[level]
                groups.setdefault((basis, tuple(f.id for f in near)), []).append(i)
        for (basis, ids), group in groups.items():
            near = [f for f in facts if f.id in ids]
            queue = [group]
            while queue and solver.work < budget:
                asked = queue.pop(0)
                before = solver.work
                solver.hint = reference
                any_differs = solver.wm.m.NewBoolVar("")
                solver.wm.m.AddBoolOr([differs[i] for i in asked]).OnlyEnforceIf(any_differs)
                status = _limited(solver, min(limit, budget - solver.work), [any_differs] + [f.lit for f in near])
                if status == cp_model.INFEASIBLE:
                    core = solver.core([any_differs], near, solver.settings.minimize, known=True)
                    share = (solver.work - before) / len(asked)
                    out.update({i: Forced(basis, core if core is not None else near, share) for i in asked})
                elif status in OPTIMAL_OR_FEASIBLE:
                    rest = [i for i in asked if _value(solver.last, todo[i].expr) == values[i]]
                    if rest:
                        queue.insert(0, rest)
                # the local limit reached: not forced by this neighbourhood within a presolve-sized proof (measured
                # on 2007: every local proof that succeeded took at most 0.12 units; splitting the group to retry
                # cost more than it forced), so the group goes on to the next step as a whole
        pending = {i: levels for i, levels in pending.items() if i not in out and level + 1 < len(levels)}
        level += 1
    solver.hint = reference
    return out


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
           chunk: int = 48, skip: set[int] | None = None) -> dict[int, str]:
    """Decide which unknowns can differ from the value seen: ask for a world where at least one of a group does
    (a world found rules out every unknown it changes; "no such world" proves the whole group forced at once),
    splitting a group the work limit leaves undecided. Returns the undecided ones with the reason."""
    undecided: dict[int, str] = {}
    asked = [i for i in range(len(todo)) if i not in (skip or set())]
    queue = [asked[k:k + chunk] for k in range(0, len(asked), chunk)]
    while queue:
        group = [i for i in queue.pop(0) if len(seen[i]) == 1]
        if not group:
            continue
        if solver.work >= budget:
            undecided.update({i: "work budget spent" for i in group})
            continue
        any_differs = solver.wm.m.NewBoolVar("")
        solver.wm.m.AddBoolOr([differs[i] for i in group]).OnlyEnforceIf(any_differs)
        # each solve is capped at what is left of the budget, so the run never spends more than its budget
        left = min(solver.settings.work_limit, budget - solver.work)
        status = _limited(solver, left, [any_differs] + [f.lit for f in facts])
        if status in OPTIMAL_OR_FEASIBLE:
            for j, u in enumerate(todo):
                seen[j].add(_value(solver.last, u.expr))
            queue.insert(0, group)          # the rest of the group is asked again
        elif status == cp_model.INFEASIBLE:
            continue                        # every unknown of the group is forced
        elif len(group) > 1:
            queue[:0] = [group[: len(group) // 2], group[len(group) // 2:]]
        elif left < solver.settings.work_limit:
            undecided[group[0]] = "work budget spent"
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


BASIS = {"stated": "the published figure states it",
         "driver": "a proof over the driver's published figures around the round",
         "rounds": "a proof over the published figures of the rounds around it",
         "all": "a proof over every published figure"}


def _forced_row(u: Unknown, value: int, how: Forced, facts: list[Fact], scale: int, settings: Settings) -> dict:
    by = how.core if how.core is not None else facts
    shown = _shown(u, value, scale)
    rows = [f.as_dict() for f in by]
    if how.basis == "stated":
        why = f"{u.label()} = {shown}: stated by the published figure ({describe(rows)})"
    elif rows:
        why = (f"{u.label()} = {shown} in every world consistent with the recorded results and "
               f"{'these' if len(rows) > 1 else 'this'} {len(rows)} published figure(s): {describe(rows)}")
    else:
        why = f"{u.label()} = {shown} in every world consistent with the recorded results alone"
    return {**_row(u, [value], scale), "value": shown, "forced_by": rows,
            "narrowed": how.core is not None, "minimal": bool(how.core is not None and settings.minimize),
            "basis": how.basis, "how": BASIS[how.basis], "why": why, "work": round(how.work, 3)}
