"""Local proofs for `scrutineer infer` (validator/scenarios/infer.py): "another value" asked under a few published
figures only. Fewer figures admit more worlds, so "no such world" under a subset is a proof for every figure
(sound), small (it answers in presolve) and names a short forcing set. The figure sets (neighbourhood.py):

* `driver`: the driver's figures at the nearest published rounds around the unknown (and those a gap or a level
  links him to);
* `session`: the nearest figures of every tracked driver with a recorded result in the unknown's session (a place
  the driver takes is one they do not; their published totals fix what they scored there): the route for a
  driver with no figures of his own;
* `derived`: the union of the forcing sets of values already forced (the driver's up to the unknown's round, and
  every one at its round): a total that follows from forced points and a published total, a status that follows
  from a rival's forced points. The proof is still the solver's, over the model: nothing is added up outside it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from validator.scenarios.neighbourhood import neighbourhoods
from validator.worlds.model import WorldModel
from validator.worlds.published import Fact
from validator.worlds.queries import OPTIMAL_OR_FEASIBLE, Solver


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


@dataclass
class Forced:
    basis: str               # stated | driver | session | derived | all (the figures the proof could use)
    core: list[Fact] | None  # the forcing figures (None: not narrowed, every figure)
    work: float = 0.0


def _value(solver: cp_model.CpSolver, expr) -> int:
    return expr if isinstance(expr, int) else int(solver.Value(expr))


def _local(solver: Solver, todo: list[Unknown], differs: list, values: list[int], facts: list[Fact], done: dict,
           budget: float, limit: float, mates: dict[int, list[str]] | None = None,
           bases: tuple[str, ...] = ("driver", "session")) -> dict[int, Forced]:
    """Local proofs (step 2): another value under the figures near the unknown only; no world = forced. Unknowns
    with the same neighbourhood (one driver between two published rounds, or one session) are asked together:
    "no world where any of them differs" forces them all at once; a world found there only shows which ones this
    neighbourhood does not force (they go on to the next, wider one)."""
    out: dict[int, Forced] = {}
    mates = mates or {}
    pending = {i: [level for level in neighbourhoods(facts, u.driver, u.round, u.kind, mates.get(i, ()))
                   if level[0] in bases] for i, u in enumerate(todo) if i not in done}
    level = 0
    while pending:
        groups: dict[tuple, list[int]] = {}
        for i, levels in pending.items():
            if level < len(levels):
                basis, near = levels[level]
                groups.setdefault((basis, tuple(f.id for f in near)), []).append(i)
        for (basis, ids), group in groups.items():
            near = [f for f in facts if f.id in ids]
            out.update(_prove(solver, todo, differs, values, group, near, basis, budget, limit))
        pending = {i: levels for i, levels in pending.items() if i not in out and level + 1 < len(levels)}
        level += 1
    return out


def _prove(solver: Solver, todo: list[Unknown], differs: list, values: list[int], group: list[int],
           near: list[Fact], basis: str, budget: float, limit: float) -> dict[int, Forced]:
    """Ask, under the figures `near` only, for a world where any of `group` differs from the value seen: no such
    world forces the whole group (each with the solver's forcing set); a world found drops the unknowns it changes
    and asks again for the rest. Every search starts from the reference world (the first one, every figure)."""
    out: dict[int, Forced] = {}
    reference = solver.hint
    queue = [group]
    while queue and solver.work < budget:
        asked = queue.pop(0)
        before = solver.work
        solver.hint = reference
        any_differs = solver.wm.m.NewBoolVar("")
        solver.wm.m.AddBoolOr([differs[i] for i in asked]).OnlyEnforceIf(any_differs)
        status = solver.run([any_differs] + [f.lit for f in near], work_limit=min(limit, budget - solver.work))
        if status == cp_model.INFEASIBLE:
            core = solver.core([any_differs], near, solver.settings.minimize, known=True)
            share = (solver.work - before) / len(asked)
            out.update({i: Forced(basis, core if core is not None else near, share) for i in asked})
        elif status in OPTIMAL_OR_FEASIBLE:
            rest = [i for i in asked if _value(solver.last, todo[i].expr) == values[i]]
            if rest:
                queue.insert(0, rest)
        # the local limit reached: not forced by this neighbourhood within a presolve-sized proof (measured
        # on 2007: every local proof that succeeded took at most 0.098 units; splitting the group to retry
        # cost more than it forced), so the group goes on to the next step as a whole
    solver.hint = reference
    return out


def _derived(solver: Solver, todo: list[Unknown], differs: list, values: list[int], facts: list[Fact],
             forced: dict[int, Forced], free: set[int], budget: float, limit: float) -> dict[int, Forced]:
    """Proofs over the forcing figures of values already forced (step 2b, basis `derived`): an unknown of a driver
    is asked under the union of the forcing sets of his values forced up to its round and of every value forced
    at its round (a total that follows from forced points and a published total, a status that follows from a
    rival's forced points, ...). A solver proof like any local one (sound whatever the rules: nothing is added
    up outside the model), repeated while it forces more."""
    out: dict[int, Forced] = {}
    tried: set[tuple[int, tuple[str, ...]]] = set()
    while solver.work < budget:
        done = {**forced, **out}
        groups: dict[tuple[str, ...], list[int]] = {}
        for i, u in enumerate(todo):
            if i in done or i in free:
                continue
            ids = {f.id for j, how in done.items() if how.core and _bears_on(todo[j], u) for f in how.core}
            key = tuple(sorted(ids))
            if ids and (i, key) not in tried:
                tried.add((i, key))
                groups.setdefault(key, []).append(i)
        if not groups:
            break
        found = 0
        for ids, group in groups.items():
            near = [f for f in facts if f.id in ids]
            new = _prove(solver, todo, differs, values, group, near, "derived", budget, limit)
            out.update(new)
            found += len(new)
        if not found:
            break
    return out


def _bears_on(known: Unknown, u: Unknown) -> bool:
    """A forced value whose forcing figures may force `u`: the same driver's up to u's round, or any at u's round."""
    return known.round == u.round or (known.driver == u.driver and known.round <= u.round)


def _session_mates(wm: WorldModel, todo: list[Unknown]) -> dict[int, list[str]]:
    """For each unknown, the other tracked drivers with a recorded result in its session (a total: in any session
    of its round)."""
    by_session: dict[tuple[int, str], list[str]] = {}
    for sv in wm.sessions:
        named = [r.driver for r in sv.session.results if r.driver in wm.drivers]
        by_session[sv.round.number, sv.name] = list(dict.fromkeys(named))
    out: dict[int, list[str]] = {}
    for i, u in enumerate(todo):
        names = [d for (r, s), ds in by_session.items() if r == u.round and (u.session in (None, s)) for d in ds]
        out[i] = [d for d in dict.fromkeys(names) if d != u.driver]
    return out
