"""Questions answered exactly over the possible worlds: each returns PROVEN with the published figures the proof
needs, or a witness world (every unknown place and status filled in, with the resulting standings)."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from validator.worlds.interrupt import solve
from validator.worlds.model import UNNAMED, Fact, WorldModel

OPTIMAL_OR_FEASIBLE = (cp_model.OPTIMAL, cp_model.FEASIBLE)


class ModelRejected(RuntimeError):
    """CP-SAT refused the model (MODEL_INVALID): a bug in an encoding, never an answer. Raised so that it ends the
    command as an internal error (exit 3) instead of passing for UNKNOWN, which would read as "the work ran out"."""


@dataclass
class Settings:
    work_limit: float = 20.0     # CP-SAT deterministic time per solve (machine-independent work units)
    time_limit: float | None = None  # optional wall-clock cap per solve: makes answers machine-dependent
    workers: int = 1             # 1 = deterministic
    minimize: bool = False       # shrink each proof's set of published figures to a minimal one (slow: --minimal)
    explain: bool = False        # for a proof that needs published figures, find a world without them (a search)
    seed: int = 0


@dataclass
class Verdict:
    query: str                   # champion | P2 | P3 ... | consistency
    subject: str
    status: str                  # PROVEN | CONSISTENT | REFUTED | UNKNOWN  (consistency: SAT | INFEASIBLE | UNKNOWN)
    rests_on: list[Fact] = field(default_factory=list)
    witness: dict | None = None                 # a world where the claim fails (or, for consistency, any world)
    witness_facts_only: dict | None = None      # a world where it fails when published standings are ignored
    seconds: float = 0.0
    solves: int = 0
    work: float = 0.0            # deterministic time the answer used
    work_limit: float = 0.0      # the deterministic limit of each solve (an UNKNOWN means a solve reached it)
    note: str = ""
    shared_with: list[str] = field(default_factory=list)  # rivals level through the whole key: the place is shared

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "subject": self.subject, "status": self.status,
                "rests_on": [f.as_dict() for f in self.rests_on], "witness": self.witness,
                "witness_facts_only": self.witness_facts_only, "seconds": round(self.seconds, 3),
                "solves": self.solves, "work": round(self.work, 3), "work_limit": self.work_limit,
                "note": self.note, "shared_with": self.shared_with}


class Solver:
    def __init__(self, wm: WorldModel, settings: Settings):
        self.wm, self.settings = wm, settings
        self.solves = 0
        self.work = 0.0  # deterministic time used so far (reported with each answer)
        self.last: cp_model.CpSolver | None = None
        self.hint: list[int] | None = None

    def run(self, assumptions: list, objective=None, maximize: bool = False, work_limit: float | None = None) -> int:
        """One solve under the assumptions; `work_limit` overrides the settings' limit for this solve."""
        limit = self.settings.work_limit if work_limit is None else work_limit
        m = self.wm.m
        m.ClearAssumptions()
        m.AddAssumptions(assumptions)
        m.ClearObjective()
        if objective is not None:
            (m.Maximize if maximize else m.Minimize)(objective)
        solver = cp_model.CpSolver()
        # the answer must not depend on the machine: the limit is deterministic work, never wall-clock time
        solver.parameters.max_deterministic_time = limit
        if self.settings.time_limit is not None:
            solver.parameters.max_time_in_seconds = self.settings.time_limit
        solver.parameters.num_workers = self.settings.workers
        solver.parameters.random_seed = self.settings.seed
        # measured on 2007: the default single-worker search stalls; the portfolio without probing and symmetry
        # detection in presolve answers in seconds
        solver.parameters.search_branching = cp_model.PORTFOLIO_SEARCH
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
        if self.hint is not None:  # start from the last world found: feasible searches are the slow ones
            m.ClearHints()
            proto = m.Proto()
            proto.solution_hint.vars.extend(range(len(self.hint)))
            proto.solution_hint.values.extend(self.hint)
        status = solve(solver, m, limit, self.settings.time_limit)  # Ctrl-C: KeyboardInterrupt
        if status == cp_model.MODEL_INVALID:
            raise ModelRejected(f"CP-SAT rejected the model: {m.Validate() or 'no reason given'}")
        self.solves += 1
        self.work += solver.ResponseProto().deterministic_time
        self.last = solver
        if status in OPTIMAL_OR_FEASIBLE:
            self.hint = list(solver.ResponseProto().solution)
        return status

    def core(self, base: list, facts: list[Fact], minimize: bool = False, known: bool = False,
             shrink: bool = True) -> list[Fact] | None:
        """A set of facts that, with `base`, admits no world: the solver's sufficient assumptions (the facts its
        proof used), with `shrink` re-solved with them alone until they stop shrinking (each re-solve, with fewer
        facts, is a harder proof: measured on the 2007 claims up to 3x the first); with `minimize`, then minimal
        by deletion (one solve per fact; a needed fact costs a search for a world: slow). None when base + all
        facts admit a world or the solver ran out of work. `known`: the last solve was base + facts."""
        if not known and self.run(base + [f.lit for f in facts]) != cp_model.INFEASIBLE:
            return None
        core = list(facts)
        for _ in range(4):
            found = set(self.last.SufficientAssumptionsForInfeasibility())
            smaller = [f for f in core if f.lit.Index() in found]
            if not found or len(smaller) == len(core):
                break
            if not (shrink or minimize):
                return smaller  # the facts the solver's own proof used
            if self.run(base + [f.lit for f in smaller]) != cp_model.INFEASIBLE:
                break  # the solver's set was not enough on its own: keep the larger one
            core = smaller
        for f in list(core) if minimize else []:  # deletion: drop every fact the proof does not need
            trial = [g for g in core if g is not f]
            if self.run(base + [g.lit for g in trial]) == cp_model.INFEASIBLE:
                core = trial
        return core


def world(wm: WorldModel, solver: cp_model.CpSolver, rounds: list[int]) -> dict:
    """The witness: every session's road order and unknown statuses, and the standings after the given rounds."""
    def val(x):
        return x if isinstance(x, int) else solver.Value(x)

    sessions = []
    for sv in wm.sessions:
        order = []
        for p in range(1, sv.n + 1):
            holders = [d for d in sv.cars if (d, p) in sv.x and val(sv.x[d, p])]
            rows = []
            for holder in holders:
                scoring = not val(sv.guest[holder])
                name = holder + (f" (as {UNNAMED})" if (p, holder) in sv.xq and val(sv.xq[p, holder]) else "")
                rows.append((name, scoring, _car_points(wm, sv, solver, holder, p, scoring)))
            if not holders and p in sv.u and val(sv.u[p]):
                scoring = not val(sv.gu[p])
                rival = (p, None) in sv.xq and val(sv.xq[p, None])
                rows.append((UNNAMED if rival else "(unnamed)", scoring,
                             _car_points(wm, sv, solver, UNNAMED, p, scoring) if rival else None))
            if not rows:
                if val(sv.occ[p]):
                    continue
                break
            for name, scoring, points in rows:
                order.append({"pos": p, "driver": name, "status": "scoring" if scoring else "guest",
                              "points": points})
        statuses = {d: ("guest" if val(sv.guest[d]) else "scoring") for d in sv.unknown_status}
        claims = {topic: next(text for lit, text in lits if val(lit)) for topic, lits in sv.choices}
        points = {d: number(lin.value(solver)) for d, lin in sv.pts.items() if not lin.is_const and lin.value(solver)}
        sessions.append({"round": sv.round.number, "session": sv.name, "classified": order,
                         "unknown_statuses": statuses, "claims": claims, "points": points})
    standings = {}
    for r in rounds:
        rows = []
        for d in wm.competitors:
            key = [val(k) for k in wm.figure_key(d, r)]  # built before any solve (Queries.__init__)
            if key[0]:
                rows.append({"driver": d, "points": number(Fraction(key[0], wm.scale)), "key": key})
        rows.sort(key=lambda x: ([-k for k in x["key"]], x["driver"]))
        standings[f"after R{r}"] = rows
    return {"sessions": sessions, "standings": standings}


def _car_points(wm: WorldModel, sv, solver, driver: str, p: int, scoring: bool):
    """The points the modelled car at road position p scored (None: an untracked car's points are not modelled)."""
    car = next((c for c in sv.scored if c.driver == driver and p in c.z), None)
    if car is None:
        return None
    return number(car.points.value(solver)) if scoring else 0


def number(x: Fraction) -> int | str:
    """Exact points as JSON: an int when whole, else the fraction as text ("1/7")."""
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else str(x)


class Queries:
    def __init__(self, wm: WorldModel, settings: Settings | None = None):
        self.wm = wm
        self.settings = settings or Settings()
        self.solver = Solver(wm, self.settings)
        self.last_round = wm.rounds[-1]
        self.snapshot_rounds = sorted({f.round for f in wm.facts})
        for r in self._rounds():  # the witness standings read these: they must exist before the first solve
            for d in wm.competitors:
                wm.figure_key(d, r)
        self.interval = wm.interval  # the interval engine's sound facts-only bounds, to skip rivals

    def _rounds(self) -> list[int]:
        return sorted(set(self.snapshot_rounds) | {self.last_round})

    # ------------------------------------------------------------------ 1. declared outcome
    def declared(self) -> list[Verdict]:
        order = self.wm.season.claimed_order(self.wm.cls.name)
        return [self.claim(order, i) for i in range(len(order))]

    def claim(self, order: list[str], i: int) -> Verdict:
        """Is order[i] ahead of everyone not declared above it after the last round, in every world? Asked one
        rival at a time (a focused model solves far faster than one disjunction over all rivals).

        When the chain declares that competitors level through it share the place (shared-position), the claim
        is "nobody not declared above is ahead": a rival level on the whole key is no counterexample, it shares
        the place, and the verdict names it (`shared_with`) rather than pretending a strict order."""
        wm, m = self.wm, self.wm.m
        wm.bound_totals()  # the interval bounds narrow the proofs (after the consistency search: model.py)
        who = order[i]
        label = "champion" if i == 0 else f"P{i + 1}"
        started, before, work = time.perf_counter(), self.solver.solves, self.solver.work
        last = self.last_round
        key_who = wm.key(who, last, final=True)
        shared = wm.level_outcome(final=True) == "shared"
        holds = m.NewBoolVar(f"holds_{label}")
        # published standings: every figure except the final table (the declaration itself)
        facts = [f for f in wm.facts if f.after_round != "final"]
        verdict = Verdict(label, who, "PROVEN")
        needed: list[Fact] = []
        notes = []
        for o in wm.competitors:
            if o in order[: i + 1] or not wm.ranked(o, last):
                continue
            key_o = wm.key(o, last, final=True)
            wm.lex_le(key_o, key_who, [holds], strict=not shared)
            if self.skip(who, o):
                continue
            r = m.NewBoolVar(f"beats_{label}_{o}")
            wm.lex_le(key_who, key_o, [r], strict=shared)   # o not behind who (shared places: o ahead of who)
            base = [r]
            # published standings on first: proofs (infeasible) come fast there, and a world found is final
            status = self.solver.run(base + [f.lit for f in facts])
            if status in OPTIMAL_OR_FEASIBLE:
                verdict.witness = world(wm, self.solver.last, self._rounds())
                verdict.status = "COUNTEREXAMPLE"
                break
            if status != cp_model.INFEASIBLE:
                verdict.status = "UNKNOWN"
                notes.append(f"{o}: work limit {self.settings.work_limit:g} reached")
                continue
            core = self.solver.core(base, facts, self.settings.minimize, known=True)
            core = facts if core is None else core
            name = "an untracked driver" if o == UNNAMED else o
            notes.append(f"{name} needs {len(core)} figure(s)" if core else f"{name}: results alone")
            if shared:
                level = self._level(who, o, key_who, key_o, label, facts, may_be_ahead=False)
                if level:
                    verdict.shared_with.append(o)
                    notes.append(f"{name} {level}")
            needed += [f for f in core if f not in needed]
            if core and self.settings.explain and verdict.witness_facts_only is None:
                # the world the published figures rule out: o level with or ahead of who on the results alone
                if self.solver.run(base) in OPTIMAL_OR_FEASIBLE:
                    verdict.witness_facts_only = world(wm, self.solver.last, self._rounds())
        level_below = bool(verdict.shared_with)  # a rival not declared above can be level
        if shared and verdict.status == "PROVEN":
            self._level_above(order[:i], who, key_who, label, facts, verdict, notes)
        elif shared:
            verdict.shared_with = []
        if verdict.status == "COUNTEREXAMPLE":
            holds_status = self.solver.run([holds] + [f.lit for f in facts])
            if holds_status == cp_model.INFEASIBLE:
                verdict.status = "REFUTED"
                verdict.rests_on = self.solver.core([holds], facts, self.settings.minimize) or []
                verdict.note = "no world consistent with the facts and the published standings has this outcome"
            else:
                verdict.status = "CONSISTENT" if holds_status in OPTIMAL_OR_FEASIBLE else "UNKNOWN"
                verdict.note = _who_beats(verdict.witness, who, last)
        elif verdict.status == "PROVEN":
            verdict.rests_on = sorted(needed, key=lambda f: int(f.id[1:]))
            ahead = "ahead of or level with" if level_below else "ahead of"
            verdict.note = (f"{ahead} every rival in every world; " + "; ".join(notes)) if notes else \
                "from the recorded results alone"
        else:
            verdict.note = "; ".join(notes)
        verdict.seconds = time.perf_counter() - started
        verdict.solves = self.solver.solves - before
        verdict.work, verdict.work_limit = self.solver.work - work, self.settings.work_limit
        return verdict

    def _level_above(self, above: list[str], who: str, key_who: list, label: str, facts: list[Fact],
                     verdict: Verdict, notes: list[str]) -> None:
        """A proven claim under rules that share level places: a competitor declared above who can be level with
        who through the whole key shares who's place (who's claimed position is then that shared place)."""
        last = self.last_round
        for o in above:
            if not self.wm.ranked(o, last) or self.skip(o, who):  # the interval engine: o surely ahead
                continue
            level = self._level(who, o, key_who, self.wm.key(o, last, final=True), label, facts, may_be_ahead=True)
            if level:
                verdict.shared_with.append(o)
                notes.append(f"{o} (declared above) {level}")

    def _level(self, who: str, o: str, key_who: list, key_o: list, label: str, facts: list[Fact],
               may_be_ahead: bool) -> str:
        """Under rules that share level places: can o be level with who through the whole key? "shares the place
        in every world" (o can be neither behind nor, when `may_be_ahead`, ahead), "may share the place", or ""
        (never level)."""
        m = self.wm.m
        level = m.NewBoolVar(f"level_{label}_{o}")
        self.wm.lex_eq(key_who, key_o, [level])
        status = self.solver.run([level] + [f.lit for f in facts])
        if status == cp_model.INFEASIBLE:
            return ""
        if status not in OPTIMAL_OR_FEASIBLE:
            return f"may share the place (not decided within work limit {self.settings.work_limit:g})"
        behind = m.NewBoolVar(f"behind_{label}_{o}")
        self.wm.lex_le(key_o, key_who, [behind], strict=True)
        other = [behind]
        if may_be_ahead:
            ahead = m.NewBoolVar(f"ahead_{label}_{o}")
            self.wm.lex_le(key_who, key_o, [ahead], strict=True)
            other.append(ahead)
        if all(self.solver.run([lit] + [f.lit for f in facts]) == cp_model.INFEASIBLE for lit in other):
            return "shares the place in every world (level through the whole tie-break chain)"
        return "may share the place (level through the whole tie-break chain in some world)"

    def skip(self, who: str, o: str) -> bool:
        """A rival the interval engine (sound, facts only) already puts surely behind: no solve needed."""
        if self.interval is None or o == UNNAMED:
            return False
        final = self.interval.after[self.last_round]
        a, b = final.get(who), final.get(o)
        return a is not None and (b is None or b.total.hi < a.total.lo)

    # ------------------------------------------------------------------ 2. joint consistency of the snapshots
    def consistency(self) -> Verdict:
        started, before, work = time.perf_counter(), self.solver.solves, self.solver.work
        facts = list(self.wm.facts)
        status = self.solver.run([f.lit for f in facts])
        verdict = Verdict("consistency", "published standings", "UNKNOWN")
        if status in OPTIMAL_OR_FEASIBLE:
            verdict.status = "SAT"
            verdict.witness = world(self.wm, self.solver.last, self._rounds())
            verdict.note = f"all {len(facts)} published figures hold together in one world"
        elif status == cp_model.INFEASIBLE:
            verdict.status = "INFEASIBLE"
            verdict.rests_on = self.solver.core([], facts, self.settings.minimize) or facts
            verdict.note = "these published figures cannot all hold in one world consistent with the facts"
        verdict.seconds = time.perf_counter() - started
        verdict.solves = self.solver.solves - before
        verdict.work, verdict.work_limit = self.solver.work - work, self.settings.work_limit
        return verdict

    # ------------------------------------------------------------------ 3. exact totals
    def totals(self, drivers: list[str], rounds: list[int] | None = None) -> list[dict]:
        """Exact min/max total of each driver after each round, without and with the published standings."""
        out = []
        facts = [f.lit for f in self.wm.facts if f.after_round != "final"]
        for r in rounds or self._rounds():
            for d in drivers:
                row: dict[str, Any] = {"driver": d, "after_round": r}
                for name, assumptions in (("facts_only", []), ("with_published", facts)):
                    t = self.wm.total(d, r)
                    lo = self._bound(t, assumptions, maximize=False)
                    hi = self._bound(t, assumptions, maximize=True)
                    row[name] = {"min": lo[0], "max": hi[0], "exact": lo[1] and hi[1]}
                out.append(row)
        return out

    def _bound(self, expr, assumptions, maximize: bool) -> tuple[int | str | None, bool]:
        """The exact bound (as points) and whether the solver closed it."""
        status = self.solver.run(assumptions, expr, maximize)
        scale = self.wm.scale
        if status == cp_model.OPTIMAL:
            return number(Fraction(round(self.solver.last.ObjectiveValue()), scale)), True
        if status == cp_model.FEASIBLE:  # the solver's best bound: a sound outer bound
            bound = self.solver.last.BestObjectiveBound()
            whole = math.floor(bound + 1e-9) if maximize else math.ceil(bound - 1e-9)
            return number(Fraction(whole, scale)), False
        return None, status == cp_model.INFEASIBLE


def _who_beats(witness: dict, who: str, last: int) -> str:
    rows = witness["standings"].get(f"after R{last}", [])
    mine = next((r for r in rows if r["driver"] == who), {"points": 0, "key": [0]})
    above = [r for r in rows if r["driver"] != who and r["key"] >= mine["key"]]
    shown = ", ".join(f"{'an unnamed driver' if r['driver'] == UNNAMED else r['driver']} {r['points']}"
                      for r in above[:4])
    return f"counterexample: {who} {mine['points']} pts, not ahead of {shown}"
