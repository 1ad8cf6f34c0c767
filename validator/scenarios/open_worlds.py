"""Scenarios over an incomplete record: the CP-SAT worlds engine (validator/worlds) with the later rounds open.

`OpenWorlds(season, ruleset, after_round)` builds the worlds model of the season as it stood after `after_round`:
every later round is an open session (any car in any place, the points table decides), the published figures of
later rounds and the declared outcome are left out (they are the future), and the published figures up to
`after_round` are switchable constraints (`Fact`s) a proof can name. The literals built here (a driver's scoring
place in a session, "X is champion", "X is not champion") are the vocabulary of claims and scenarios; the
points, counting and tie-breaks are the worlds engine's own (one home per clause).

Soundness with the unnamed rival "?" (docs/WORLDS.md): "X is champion" requires X ahead of "?", so a world where
X is champion is real; a world where X is *not* champion only because "?" is ahead may merge several untracked
drivers and is reported as undecided, never as a counterexample.
"""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

from ortools.sat.python import cp_model

from validator.model.rules import Ruleset
from validator.model.published import DeclaredOutcome
from validator.model.season import Season
from validator.worlds.model import UNNAMED, WorldModel
from validator.worlds.queries import OPTIMAL_OR_FEASIBLE, Settings, Solver, world

NO_PLACE = 0   # "no points-scoring place" (not classified, a guest, or outside the points)
ANCHORS = 1        # pasts (of worlds found, up to the round) a search is first asked in: the latest
ANCHOR_LIMIT = 2.0   # work units per anchored search (measured on 2007: 0.1-0.2 each)


def open_season(season: Season, after_round: int) -> Season:
    """The season as known after `after_round`: later rounds hold no facts, later figures are not yet published."""
    rounds = [r if r.number <= after_round else replace(r, sessions=[]) for r in season.rounds]
    snapshots = [s for s in season.snapshots if s.after_round != "final" and s.after_round <= after_round]
    decisions = [d for d in season.decisions if d.round is None or d.round <= after_round]
    return replace(season, rounds=rounds, snapshots=snapshots, decisions=decisions, declared=DeclaredOutcome())


class OpenWorlds:
    def __init__(self, season: Season, ruleset: Ruleset, after_round: int, classification: str = "drivers",
                 settings: Settings | None = None, track: list[str] | None = None):
        self.after_round = after_round
        self.season = open_season(season, after_round)
        self.wm = WorldModel(self.season, ruleset, classification, track=track, place_points=True)
        self.settings = settings or Settings(minimize=False)
        self.solver = Solver(self.wm, self.settings)
        self.last = self.wm.rounds[-1]
        self.facts = [f for f in self.wm.facts if f.after_round != "final"]
        for r in {after_round, self.last}:   # the witness standings read these: built before any solve
            for d in self.wm.competitors:
                self.wm.figure_key(d, r)
        self._place: dict[tuple, Any] = {}
        self._champ: dict[str, Any] = {}
        self._not_champ: dict[str, tuple[Any, dict]] = {}
        self._past: list[int] | None = None
        self._anchors: list[tuple[tuple, list[int]]] = []   # (state after the round, the past's boolean values)
        self.anchored = 0   # searches answered in a known past
        self._warm: bool | None = None
        self._base = self.wm.m.clone()   # the model before any question's literals (warm)

    # ------------------------------------------------------------------ vocabulary
    def sessions_of(self, rnd: int):
        return [sv for sv in self.wm.sessions if sv.round.number == rnd]

    def place_lit(self, driver: str, rnd: int, best: int, worst: int):
        """True iff `driver` takes a scoring place (road position less the guests ahead) in [best, worst] in every
        session of round `rnd`; false iff in some session he does not (not classified, a guest, or outside)."""
        key = (driver, rnd, best, worst)
        if key in self._place:
            return self._place[key]
        m = self.wm.m
        per_session = []
        for sv in self.sessions_of(rnd):
            hits = [sv.place_lit(car, k) for car in sv.scored if car.driver == driver for k in range(best, worst + 1)]
            hits = [h for h in hits if not (isinstance(h, int) and h == 0)]
            s = m.NewBoolVar("")
            if any(isinstance(h, int) for h in hits):
                m.Add(s == 1)
            elif hits:
                m.Add(s == sum(hits))
            else:
                m.Add(s == 0)
            per_session.append(s)
        lit = m.NewBoolVar(f"place_{driver}_{rnd}_{best}_{worst}")
        m.AddBoolAnd(per_session).OnlyEnforceIf(lit)
        m.AddBoolOr([s.Not() for s in per_session]).OnlyEnforceIf(lit.Not())
        self._place[key] = lit
        return lit

    def points_place_lit(self, driver: str, rnd: int, place: int):
        """`place` >= 1: exactly that scoring place; NO_PLACE: no points in any session of the round."""
        if place != NO_PLACE:
            return self.place_lit(driver, rnd, place, place)
        key = (driver, rnd, NO_PLACE, NO_PLACE)
        if key not in self._place:
            m = self.wm.m
            lit = m.NewBoolVar(f"nopoints_{driver}_{rnd}")
            pts = [self.wm.int_var(sv.pts[driver]) for sv in self.sessions_of(rnd) if driver in sv.pts]
            m.Add(sum(pts) == 0).OnlyEnforceIf(lit)
            m.Add(sum(pts) >= 1).OnlyEnforceIf(lit.Not())
            self._place[key] = lit
        return self._place[key]

    def ahead_lit(self, a: str, b: str, rnd: int):
        """True iff `a` crosses the line ahead of `b` in every session of round `rnd` (b not classified counts);
        false iff in some session `a` is not classified or `b` is ahead."""
        m = self.wm.m
        zero = m.NewConstant(0)
        per = []
        for sv in self.sessions_of(rnd):
            def pos(d):
                xs = [(p, v) for (dd, p), v in sv.x.items() if dd == d]
                return (sum(p * v for p, v in xs), sum(v for _, v in xs)) if xs else (zero, zero)
            (pa, ca), (pb, cb) = pos(a), pos(b)
            s, b_in = m.NewBoolVar(""), m.NewBoolVar("")
            m.Add(cb == 1).OnlyEnforceIf(b_in)
            m.Add(cb == 0).OnlyEnforceIf(b_in.Not())
            m.Add(ca == 1).OnlyEnforceIf(s)
            m.Add(pa + 1 <= pb).OnlyEnforceIf([s, b_in])
            a_out = m.NewBoolVar("")
            m.Add(ca == 0).OnlyEnforceIf([s.Not(), a_out])
            m.Add(ca == 1).OnlyEnforceIf([s.Not(), a_out.Not()])
            m.Add(cb == 1).OnlyEnforceIf([s.Not(), a_out.Not()])
            m.Add(pb + 1 <= pa).OnlyEnforceIf([s.Not(), a_out.Not()])
            per.append(s)
        lit = m.NewBoolVar(f"ahead_{a}_{b}_{rnd}")
        m.AddBoolAnd(per).OnlyEnforceIf(lit)
        m.AddBoolOr([s.Not() for s in per]).OnlyEnforceIf(lit.Not())
        return lit

    def champion_lit(self, who: str):
        """Enforces: `who` is strictly ahead of every competitor (the unnamed rival included) at the end."""
        if who not in self._champ:
            wm, m = self.wm, self.wm.m
            lit = m.NewBoolVar(f"champion_{who}")
            mine = wm.key(who, self.last, final=True)
            for o in wm.competitors:
                if o != who:
                    wm.lex_le(wm.key(o, self.last, final=True), mine, [lit], strict=True)
            self._champ[who] = lit
        return self._champ[who]

    def not_champion_lit(self, who: str):
        """Enforces: some competitor is level with or ahead of `who` at the end; `rivals` maps each to its literal."""
        if who not in self._not_champ:
            wm, m = self.wm, self.wm.m
            lit = m.NewBoolVar(f"notchampion_{who}")
            mine = wm.key(who, self.last, final=True)
            rivals = {}
            for o in wm.competitors:
                if o == who:
                    continue
                r = m.NewBoolVar(f"ge_{o}_{who}")
                wm.lex_le(mine, wm.key(o, self.last, final=True), [r])
                rivals[o] = r
            m.AddBoolOr(list(rivals.values())).OnlyEnforceIf(lit)
            self._not_champ[who] = (lit, rivals)
        return self._not_champ[who][0]

    def interval(self):
        """The interval engine's sound bounds on the same open season (computed once)."""
        if "_interval" not in self.__dict__:
            from validator.engine.score import score_classification

            self._interval = score_classification(self.season, self.wm.ruleset, self.wm.cls.name)
        return self._interval

    def bounded_out(self) -> dict[str, str]:
        """Tracked drivers the interval engine (sound, on the same open season) already rules out: at most H points
        at the end while a rival has at least more. No solve needed for them."""
        result = self.interval()
        final = result.after[result.last_round]
        out = {}
        for d in self.wm.drivers:
            rec = final.get(d)
            rivals = [(r.total.lo, o) for o, r in final.items() if o not in (d, UNNAMED)]
            if rec is None or not rivals:
                continue
            floor, who = max(rivals)
            if rec.total.hi < floor:
                out[d] = f"at most {rec.total.hi} points at the end < {who}'s least {floor} (interval engine)"
        return out

    # ------------------------------------------------------------------ questions
    def warm(self, factor: float = 3.0) -> bool:
        """Find one world with every published figure up to the round (allowing `factor` times the work limit,
        once): later searches start from it (the solver's hint) and are first asked in its past
        (`in_known_past`), which is what makes finding worlds fast. The search runs on the model as built
        (`self._base`, before any question added its literals: on 2007 after round 10 the same search took 13.2
        work units there and 38.9 after a claim's first two questions). The work is counted like any other.
        True when a world was found."""
        if self._warm is None:
            base = Solver(SimpleNamespace(m=self._base), replace(self.settings,
                                                                 work_limit=self.settings.work_limit * factor))
            status = base.run([f.lit for f in self.facts])
            self.solver.work += base.work
            self.solver.solves += 1
            self._warm = status in OPTIMAL_OR_FEASIBLE
            if self._warm:
                self.solver.hint = base.hint
                self._remember(base.last)
        return self._warm

    def table_places(self) -> int:
        """Places a points table pays (the longest table of the classification)."""
        tables = [len(c.params["table"]) for c in self.wm.cls.points if "table" in c.params]
        return max(tables, default=self.wm.max_place())

    def solve(self, lits: list, published: bool = True, anchored: bool = True,
              work_limit: float | None = None) -> dict[str, Any]:
        """Is there a world with every literal true (and every published figure up to the round, when asked)?
        {"status": SAT | UNSAT | UNKNOWN, "world": ..., "rests_on": [figures a proof needs]}
        `anchored`: first asked in the pasts of worlds already found (`in_known_past`); `work_limit`: this
        solve's limit (default: the settings')."""
        facts = self.facts if published else []
        if anchored and published:
            found = self._known_past_answer(lits)
            if found is not None:
                return found
        status = self.solver.run(list(lits) + [f.lit for f in facts], work_limit=work_limit)
        out: dict[str, Any] = {"status": "UNKNOWN", "work": round(self.solver.work, 3),
                               "work_limit": self.settings.work_limit}
        if status in OPTIMAL_OR_FEASIBLE:
            out["status"] = "SAT"
            out["solver"] = self.solver.last
            if published:
                self._remember(self.solver.last)
        elif status == cp_model.INFEASIBLE:
            out["status"] = "UNSAT"
            # the facts the solver's proof used (re-solving with fewer facts to narrow them costs more than the proof)
            core = self.solver.core(list(lits), facts, self.settings.minimize, known=True, shrink=False) \
                if facts else []
            out["rests_on"] = [f.as_dict() for f in (core if core is not None else facts)]
        return out

    def champion_search(self, who: str) -> dict[str, Any]:
        """Can `who` still be champion? `solve` for "who is champion", asked three ways, cheapest first: in the
        known past (`in_known_past`); then with the open rounds fixed to the best future for him (1st in every
        open session, nobody else scoring there), so that only a past is searched -- one in which his total is
        high enough; then in the whole model, which alone can prove "no" (a world found either earlier way is a
        world of the whole model; nothing found there proves nothing)."""
        lit = self.champion_lit(who)
        found = self._known_past_answer([lit])
        if found is not None:
            return found
        r = self.solve([lit] + self.best_future(who), anchored=False)
        if r["status"] == "SAT":
            return r
        return self.solve([lit], anchored=False)

    def best_future(self, who: str) -> list:
        """Literals: `who` takes scoring place 1 in every session of every open round, every other competitor
        (the unnamed rival too) scores nothing there."""
        rounds = [r for r in self.wm.rounds if r > self.after_round]
        return [self.points_place_lit(who, r, 1) for r in rounds] + \
            [self.points_place_lit(o, r, NO_PLACE) for r in rounds for o in self.wm.competitors if o != who]

    # ------------------------------------------------------------------ known pasts
    def _known_past_answer(self, lits: list) -> dict[str, Any] | None:
        """`solve`'s SAT answer when a world with every literal true is found in a known past, else None."""
        found = self.in_known_past(lits)
        if found is None:
            return None
        return {"status": "SAT", "solver": found, "work": round(self.solver.work, 3),
                "work_limit": self.settings.work_limit, "anchored": True}

    def in_known_past(self, lits: list):
        """A world with every literal true whose rounds up to the round are those of a world already found (with
        every published figure): the solved world, or None. Sound for "there is a world" only: the known past is
        one of the possible ones, so a world found is a world of the whole model, while "none here" proves nothing
        (the caller then asks the whole model). Asked of a copy of the model with the past's variables fixed (their
        domains, so that presolve removes the past): only the open rounds are searched (2007 after R9, "can Alzen
        win": 0.16 work units with the past fixed by assumptions, 0.01 by domains, ~0.1 s; the whole model had not
        answered within 60)."""
        for _, values in list(self._anchors):
            copy = self.wm.m.clone()
            variables = copy.Proto().variables
            for i, v in zip(self.past_variables(), values):
                domain = variables[i].domain
                domain[0] = domain[1] = v
            solver = Solver(SimpleNamespace(m=copy), self.settings)
            status = solver.run(list(lits) + [f.lit for f in self.facts],
                                work_limit=min(ANCHOR_LIMIT, self.settings.work_limit))
            self.solver.work += solver.work
            self.solver.solves += 1
            if status in OPTIMAL_OR_FEASIBLE:
                self.anchored += 1
                self.solver.hint = solver.hint
                self.solver.last = solver.last
                return solver.last
        return None

    def past_variables(self) -> list[int]:
        """The boolean variables of the sessions up to the round (positions, statuses, conflicts, the rival's
        cars): fixed, they fix the past (the other variables of those sessions -- places, points -- follow from
        them; fixing them is a restriction either way, so a world found stays a world)."""
        if self._past is None:
            proto = self.wm.m.Proto().variables
            self._past = [i for sv in self.wm.sessions if sv.round.number <= self.after_round
                          for i in sv.variables if list(proto[i].domain) == [0, 1]]
        return self._past

    def _remember(self, solver) -> None:
        """Keep the past of a world found with every published figure, one per state after the round (every
        competitor's figure key), the latest first."""
        def value(v):
            return v if isinstance(v, int) else solver.Value(v)

        state = tuple(value(k) for d in self.wm.competitors for k in self.wm.figure_key(d, self.after_round))
        if any(s == state for s, _ in self._anchors):
            return
        solution = solver.ResponseProto().solution
        self._anchors.insert(0, (state, [solution[i] for i in self.past_variables()]))
        del self._anchors[ANCHORS:]

    def witness(self, solver) -> dict:
        return world(self.wm, solver, [self.after_round, self.last])

    def beaten_by(self, who: str, solver) -> list[str]:
        """In a solved world with `who` not champion: the competitors level with or ahead of him."""
        def key(d):
            return tuple(v if isinstance(v, int) else solver.Value(v) for v in self.wm.key(d, self.last, final=True))

        mine = key(who)
        return [o for o in self.wm.competitors if o != who and key(o) >= mine]

    def only_unnamed(self, who: str, solver) -> bool:
        return self.beaten_by(who, solver) == [UNNAMED]


def standings_in(witness: dict, after: int) -> list[dict]:
    return witness["standings"].get(f"after R{after}", [])
