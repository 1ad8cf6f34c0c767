"""`scrutineer scenarios`: who can still win after a round, what each needs next, and the condition further ahead.

Two routes to the same plain-data answer:

* a complete record up to the round: the extremal completion replayed through the engine (extremal.py, exact),
  the next-round table of every contender against every rival by replays (needs.py: the place that keeps a
  chance and the place that makes sure), the condition over the remaining rounds (further.py);
* an incomplete record (or a component the extremal argument does not cover): the worlds engine with the later
  rounds open (open_worlds.py); a driver the interval engine already bounds out is reported with that bound, the
  others are asked of the solver (a witness world, or a proof resting on named published figures); the
  next-round table asks it place by place (open_needs.py: certain in every world, possible in some).

Text and JSON are the one dict returned here (commands/scenarios.py only lays it out).
"""
from __future__ import annotations

from typing import Any

from validator.engine.score import UNNAMED, score_classification
from validator.model.rules import Ruleset
from validator.model.season import Season
from validator.scenarios.extremal import contenders, extremal, extremal_applies
from validator.scenarios.further import further
from validator.scenarios.needs import Context, describe, pair_table, threats
from validator.scenarios.open_needs import open_table
from validator.scenarios.open_worlds import OpenWorlds
from validator.worlds.queries import Settings


class BadRound(ValueError):
    """--after-round outside the season, or no round left to play."""

    code = "SCEN002"


class Unplayed(BadRound):
    """--after-round later than the last round with recorded results (SCEN003)."""

    code = "SCEN003"


def default_round(season: Season) -> int:
    """The last round with recorded results (the last complete one when the record is complete)."""
    with_results = [r.number for r in season.rounds if any(s.results for s in r.sessions)]
    if not with_results:
        raise BadRound("no round has recorded results yet")
    return with_results[-1]


def scenarios(season: Season, ruleset: Ruleset, after_round: int | None = None, driver: str | None = None,
              classification: str = "drivers", settings: Settings | None = None,
              places: int | None = None) -> dict[str, Any]:
    """`places`: the rival's places tabled for the next round (default: every place a points table pays)."""
    numbers = [r.number for r in season.rounds]
    n = default_round(season) if after_round is None else after_round
    if n not in numbers:
        raise BadRound(f"round {n} is not on the calendar ({numbers[0]}..{numbers[-1]})")
    played = default_round(season)
    if n > played:
        raise Unplayed(f"round {n} has not been run: the last round with recorded results is {played}")
    if driver is not None and driver not in season.drivers:
        raise BadRound(f"driver {driver!r} is not in the season")
    out: dict[str, Any] = {"season": season.key, "rules": ruleset.key, "after_round": n,
                           "rounds_left": [r for r in numbers if r > n], "driver": driver}
    why = extremal_applies(season, ruleset, classification, n)
    if why is None:
        out.update(_complete(season, ruleset, classification, n, driver, places))
    else:
        out["route"] = f"worlds engine (CP-SAT): {why}"
        out.update(_open(season, ruleset, classification, n, driver, settings or Settings(minimize=False),
                         places))
        if len(out["rounds_left"]) > 1:
            out["further"] = {"rounds": [out["rounds_left"][0], out["rounds_left"][-1]], "drivers": [],
                              "basis": "incomplete record: no condition over several rounds is stated; the "
                                       "chances above (witness worlds and proofs) are the exact answer"}
    if driver is not None and driver not in out["contenders"]:
        out["driver_note"] = f"{driver} cannot win: no next-round table"
    return out


# ---------------------------------------------------------------------- complete record: replays
def _complete(season, ruleset, classification, n, driver, places) -> dict[str, Any]:
    ctx = _context(season, ruleset, classification, n)
    st = contenders(season, ruleset, classification, n, witnesses=True, memo=ctx.memo)
    result = score_classification(season, ruleset, classification)
    now = result.after[n]
    order = sorted(st.contenders, key=lambda d: (-now[d].total.lo if d in now else 0, d))
    table_len = max((len(c.params["table"]) for c in ruleset.classifications[classification].points
                     if c.use == "points-by-position"), default=places)
    rounds_left = [r.number for r in season.rounds if r.number > n]
    tables = []
    if rounds_left:
        for x in ([driver] if driver else order):
            if x not in st.contenders:
                continue
            x_threats = threats(ctx, x)
            for y in (d for d in order if d != x):
                tables.append(pair_table(ctx, x, y, min(places or table_len, table_len), x_threats, table_len))
        for t in tables:
            t["text"] = [describe(t["driver"], t["rival"], r, ctx.last) for r in t["rows"]]
    out = {"route": "extremal completions replayed through the engine (exact)",
           "standings": [{"driver": d, "points": str(now[d].total)} for d in order],
           "contenders": st.contenders, "chances": [c.as_dict() for c in st.chances
                                                    if c.can_win or c.basis != "bound" or c.driver == driver],
           "eliminated_by_bound": sum(1 for c in st.chances if c.basis == "bound"),
           "reachable": _reachable(ctx, now), "next_round": tables}
    if len(rounds_left) > 1:
        out["further"] = further(ctx, result, [driver] if driver in st.contenders else order, rounds_left)
    return out


def _context(season, ruleset, classification, n) -> Context:
    """The null completion (an unnamed car wins everything after round n): every driver's least final total."""
    ctx = Context(season, ruleset, classification, n)
    null = ctx.run(extremal(season, ruleset, n, UNNAMED))
    last = null.result.last_round
    ctx.spare = sum((null.result.scored_in(r.number, UNNAMED).hi for r in season.rounds if r.number > n), 0)
    ctx.floors = {s: rec.total.lo for s, rec in null.result.after[last].items() if s != UNNAMED and not rec.excluded}
    return ctx


def _reachable(ctx: Context, now: dict) -> list[dict[str, Any]]:
    """Every driver's final total between his least (nobody named scores again) and his most (he wins every
    remaining session), and his best final position (the same completion: best for him against everyone)."""
    out = []
    for d in sorted(ctx.floors, key=lambda d: (-ctx.floors[d], d)):
        rp = ctx.run(extremal(ctx.season, ctx.ruleset, ctx.after_round, d))
        rec, pos = rp.record(d), rp.position(d)
        out.append({"driver": d, "now": str(now[d].total) if d in now else "0", "least": str(ctx.floors[d]),
                    "most": str(rec.total.lo if rec else 0),
                    "best_position": None if pos is None else (pos[0] if pos[0] == pos[1] else f"{pos[0]}-{pos[1]}")})
    return out


# ---------------------------------------------------------------------- incomplete record: CP-SAT
def _open(season, ruleset, classification, n, driver, settings, places) -> dict[str, Any]:
    ow = OpenWorlds(season, ruleset, n, classification, settings, track=[driver] if driver else None)
    interval = ow.interval()
    bounded = ow.bounded_out()
    chances, can = [], []
    ow.warm()
    final = interval.after[interval.last_round]
    # the likeliest champions first: each world found is the next search's starting point
    for d in sorted(ow.wm.competitors, key=lambda x: (-(final[x].total.hi if x in final else 0), x)):
        if d in bounded:
            chances.append({"driver": d, "can_win": False, "basis": "bound", "reason": bounded[d]})
            continue
        r = ow.champion_search(d)
        name = "an untracked driver ('?')" if d == UNNAMED else d
        if r["status"] == "SAT":
            can.append(d)
            w = ow.witness(r["solver"])
            chances.append({"driver": name, "can_win": True if d != UNNAMED else "maybe", "basis": "cp-sat",
                            "reason": "witness world" + (" (may merge several untracked drivers)" if d == UNNAMED else ""),
                            "witness": {"final_standings": w["standings"].get(f"after R{ow.last}", [])[:5],
                                        "open_rounds": [s for s in w["sessions"] if s["round"] > n]}})
        elif r["status"] == "UNSAT":
            chances.append({"driver": name, "can_win": False, "basis": "cp-sat",
                            "reason": "solver proof", "rests_on": r.get("rests_on", [])})
        else:
            chances.append({"driver": name, "can_win": None, "basis": "cp-sat",
                            "reason": f"undecided (work limit {settings.work_limit:g})"})
    now = interval.after[n]
    named = sorted((d for d in can if d != UNNAMED), key=lambda d: (-(now[d].total.lo if d in now else 0), d))
    tables = []
    places = min(places or ow.table_places(), ow.table_places())
    if n < season.rounds[-1].number and len(named) >= 2:
        for x in ([driver] if driver in named else [] if driver else named):
            for y in (d for d in named if d != x):
                tables.append(open_table(ow, n, x, y, places))
    return {"tracked": ow.wm.drivers, "contenders": named,
            "untracked_can_win": "maybe" if UNNAMED in can else "no",
            "chances": chances, "next_round": tables, "work_used": round(ow.solver.work, 3),
            "work_limit": settings.work_limit}
