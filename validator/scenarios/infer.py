"""What the evidence forces: every unknown of an incomplete record that takes one value in every world.

The worlds model of the season (validator/worlds) with every published figure switched on gives one world (the
reference: its values are the candidates); then each unknown is decided, cheapest way first:

1. **stated**: a driver's total after a round that a published figure states exactly is forced by that figure,
   by construction of the model (worlds/published.py) and without a solve. It is listed as forced (basis
   `stated`) rather than dropped: the standings an auditor reads then have every total with its source.
2. **local proofs** (scenarios/local_proofs.py, basis `driver`): "another value" with only the driver's figures
   near the unknown switched on. Fewer figures admit more worlds, so "no such world" is a proof for all of them,
   sound, and small; a world found there proves nothing (it need not meet the other figures).
3. **all figures** (a backbone sweep): a world with every figure in which some of a group of unknowns differ
   from the values seen rules out, at once, every unknown it changes; "no such world" proves the whole group
   forced (then each one's forcing figures are the solver's sufficient set over all figures, while the budget
   lasts, else all of them); a solve that reaches its work limit splits the group. This first pass stops
   WIDER_RESERVE short of the budget.
4. **wider local proofs** for what the sweep left open: the figures of the drivers in the unknown's session
   (basis `session`), then the forcing sets of the values already forced (basis `derived`). After the sweep,
   because each free unknown would cost them a wasted world (docs/SCENARIOS.md has the measurements).
5. the sweep again with what is left of the budget.

Once the total work budget is spent every unknown not yet decided is UNDECIDED, with the reason. Every limit is
deterministic work (CP-SAT's deterministic time, one worker, a fixed seed): the answer is the same on every
machine.

Unknowns asked about: the championship status (guest or scoring) of a tracked driver at a round where no source
states it, his road position (0 = not classified) where it is unknown, the points he scored in each session, and
his total after each round. Untracked drivers are folded into the unnamed rival "?" and are not asked about.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from validator.engine.score import score_classification
from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.scenarios.defaults import DEFAULT_BUDGET, LOCAL_LIMIT
from validator.scenarios.local_proofs import Forced, Unknown, _derived, _local, _session_mates, _value
from validator.scenarios.neighbourhood import describe, stated
from validator.worlds.model import WorldModel
from validator.worlds.published import Fact
from validator.worlds.queries import OPTIMAL_OR_FEASIBLE, Settings, Solver, number


FIRST_WORLD_FACTOR = 6
WIDER_RESERVE = 8.0     # the work the first sweep over every figure leaves for the session and derived proofs


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
    status = solver.run([f.lit for f in facts], work_limit=settings.work_limit * FIRST_WORLD_FACTOR)
    if status not in OPTIMAL_OR_FEASIBLE:
        report["error"] = "the facts and the published figures admit no world" if status == cp_model.INFEASIBLE \
            else "no world found within the work limit"
        report["work_used"] = round(solver.work, 3)
        return report
    phases = {"first_world": solver.work}
    seen: dict[int, set[int]] = {i: {_value(solver.last, u.expr)} for i, u in enumerate(todo)}
    differs = [_differs(wm, u, next(iter(seen[i])), i) for i, u in enumerate(todo)]
    forced = _stated(wm, todo, seen, facts)
    values = [next(iter(seen[i])) for i in range(len(todo))]
    mark = solver.work
    mates = _session_mates(wm, todo)
    forced.update(_local(solver, todo, differs, values, facts, forced, budget, local_limit, mates, ("driver",)))
    phases["local_proofs"] = solver.work - mark
    mark = solver.work
    # every figure, stopping short of the budget by the reserve of the wider local proofs: the worlds it finds
    # rule out many unknowns at once (each free unknown would cost a wider local proof a wasted world)
    open_ = _sweep(solver, todo, seen, differs, facts, budget - WIDER_RESERVE, skip=set(forced))
    phases["all_figures"] = solver.work - mark
    mark = solver.work
    done = {i for i in range(len(todo)) if i not in open_} | set(forced)
    forced.update(_local(solver, todo, differs, values, facts, dict.fromkeys(done), budget, local_limit, mates,
                         ("session",)))
    phases["session_proofs"] = solver.work - mark
    mark = solver.work
    forced.update(_derived(solver, todo, differs, values, facts, forced, done - set(forced), budget, local_limit))
    phases["derived"] = solver.work - mark
    mark = solver.work
    open_ = _sweep(solver, todo, seen, differs, facts, budget, skip=done | set(forced))
    for i in range(len(todo)):
        if len(seen[i]) == 1 and i not in open_ and i not in forced:
            core = solver.core([differs[i]], facts, settings.minimize) if solver.work < budget else None
            forced[i] = Forced("all", core)
    phases["all_figures"] += solver.work - mark
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
           chunk: int = 48, skip: set[int] | None = None, limit: float | None = None,
           split_down_to: int = 1) -> dict[int, str]:
    """Decide which unknowns can differ from the value seen: ask for a world where at least one of a group does
    (a world found rules out every unknown it changes; "no such world" proves the whole group forced at once),
    splitting a group the work limit (`limit`, default the per-solve one) leaves undecided while it has more than
    `split_down_to` unknowns. Returns the undecided ones with the reason."""
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
        cap = solver.settings.work_limit if limit is None else limit
        left = min(cap, budget - solver.work)
        status = solver.run([any_differs] + [f.lit for f in facts], work_limit=left)
        if status in OPTIMAL_OR_FEASIBLE:
            for j, u in enumerate(todo):
                seen[j].add(_value(solver.last, u.expr))
            queue.insert(0, group)          # the rest of the group is asked again
        elif status == cp_model.INFEASIBLE:
            continue                        # every unknown of the group is forced
        elif len(group) > split_down_to:
            queue[:0] = [group[: len(group) // 2], group[len(group) // 2:]]
        else:
            reason = "work budget spent" if left < cap else f"work limit {cap:g}"
            undecided.update({i: reason for i in group})
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
         "session": "a proof over the published figures around the round of the drivers in its session",
         "derived": "a proof over the figures that force the values already forced at its round and before",
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
