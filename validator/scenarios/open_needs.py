"""The next-round table over an incomplete record: the worlds engine (open_worlds.py) asked place by place.

For contender X, rival Y and Y's scoring place p in round n+1 (the same in every session), two places of X:

* **certain** -- the worst q with which X is champion in *every* world consistent with the facts and the published
  standings: no world has Y at p, X at q and X not champion (the solver's proof, resting on named figures);
* **possible** -- the worst q with which X is champion in *some* world (the witness world).

Both are found by bisection over X's places best to worst: a better place never hurts X (swap X with the car in
the better place: X gains, that car loses). A solve left UNKNOWN by the work limit counts as "not established",
so every place reported is proven (certain) or witnessed (possible); the row then says it may not be the worst
such place. A world where X is not champion only because the unnamed rival "?" is ahead may merge several
untracked drivers (docs/WORLDS.md): it does not refute "certain" and is treated like UNKNOWN.
"""
from __future__ import annotations

from typing import Any

from validator.scenarios.needs import better, last_working, options, ordinal
from validator.scenarios.open_worlds import NO_PLACE, OpenWorlds

BASIS = ("certain: in every world consistent with the facts and the published standings; possible: in some such "
         "world")


def open_table(ow: OpenWorlds, n: int, x: str, y: str, places: int) -> dict[str, Any]:
    """X against Y in round n+1: one row per place of Y (1..places, then no points)."""
    rows: list[dict[str, Any]] = []
    for p in list(range(1, places + 1)) + [NO_PLACE]:
        rows.append(_row(ow, n + 1, x, y, p, places, rows))
    last = n + 1 == ow.last
    for r in rows:
        r["text"] = describe_open(x, y, r, last)
    return {"driver": x, "rival": y, "round": n + 1, "rows": rows, "text": [r["text"] for r in rows],
            "basis": BASIS}


def _row(ow: OpenWorlds, rnd: int, x: str, y: str, p: int, places: int,
         before: list[dict[str, Any]]) -> dict[str, Any]:
    """One row. The rows `before` (Y in better places) give the bisection of the certain place its first guess
    (their trend: on 2007 each place Y loses is about two places X can spare), and the certain place is the
    possible place's guess (they mostly agree): a right guess settles a place in two solves."""
    opts = options(places, p)
    given = ow.points_place_lit(y, rnd, p)
    probes: list[dict[str, Any]] = []   # every solve asked, with its witness world or proof

    def sure(q: int) -> bool:
        r = ow.solve([given, ow.points_place_lit(x, rnd, q), ow.not_champion_lit(x)])
        probe: dict[str, Any] = {"place": q, "asked": "certain", "status": r["status"]}
        probes.append(probe)
        if r["status"] == "UNSAT":
            probe["rests_on"] = r.get("rests_on", [])
            return True
        if r["status"] == "SAT":
            probe["beaten_by"] = ow.beaten_by(x, r["solver"])
            probe["final_standings"] = _final(ow, ow.witness(r["solver"]))
            if ow.only_unnamed(x, r["solver"]):
                probe["status"] = "UNKNOWN"
                probe["why"] = "only the unnamed rival is ahead: it may merge several untracked drivers"
        return False

    def can(q: int) -> bool:
        r = ow.solve([given, ow.points_place_lit(x, rnd, q), ow.champion_lit(x)])
        probe: dict[str, Any] = {"place": q, "asked": "possible", "status": r["status"]}
        probes.append(probe)
        if r["status"] == "SAT":
            w = ow.witness(r["solver"])
            probe["final_standings"] = _final(ow, w)
            probe["open_rounds"] = [s for s in w["sessions"] if s["round"] >= rnd]
            return True
        if r["status"] == "UNSAT":
            probe["rests_on"] = r.get("rests_on", [])
        return False

    ci = last_working(sure, opts, guess=_guess(opts, before, p))
    pi = last_working(can, opts, start=ci or 0, guess=ci)
    row: dict[str, Any] = {"rival_place": p, "certain": None if ci is None else opts[ci],
                           "possible": None if pi is None else opts[pi], "asked": [opts[0], opts[-1]],
                           "probes": probes}
    if any(pr["status"] == "UNKNOWN" for pr in probes):
        row["undecided"] = [f"{_name(pr['place'])} ({pr['asked']})" for pr in probes if pr["status"] == "UNKNOWN"]
    return row


def _name(q: int) -> str:
    return "no points" if q == NO_PLACE else ordinal(q)


def _guess(opts: list[int], before: list[dict[str, Any]], p: int) -> int | None:
    """The index among `opts` where the certain place likely is: the last row's, moved on by the step between
    the last two rows (Y one place worse each); None without a row before."""
    known = [r["certain"] for r in before[-2:] if r["certain"] is not None]
    if not known:
        return None
    if NO_PLACE in known or p == NO_PLACE or len(known) < 2:
        place = known[-1]
    else:
        place = max(1, 2 * known[1] - known[0])
    if place == NO_PLACE or place > max(q for q in opts if q != NO_PLACE):
        return len(opts) - 1
    return max(0, sum(1 for q in opts if q != NO_PLACE and q <= place) - 1)


def _final(ow: OpenWorlds, w: dict) -> list:
    return w["standings"].get(f"after R{ow.last}", [])[:4]


def describe_open(x: str, y: str, row: dict[str, Any], last: bool) -> str:
    """"if Y finishes p, X needs q or better (in every world)", or the certain and the possible place apart; a
    place left undecided by the work limit is said so, never guessed."""
    p = "scores no points" if row["rival_place"] == NO_PLACE else f"finishes {ordinal(row['rival_place'])}"
    head = f"if {y} {p}, {x}"
    cert, poss = row["certain"], row["possible"]
    sure, some = ("is champion", "can be champion") if last else ("clinches the title", "can still be champion")
    first = {pr["asked"]: pr for pr in reversed(row["probes"]) if pr["place"] == row["asked"][0]}
    if poss is None and cert is None and first.get("possible", {}).get("status") == "UNSAT":
        return f"{head} cannot be champion in any world"   # not even with his best place: none worse either
    note = f" (undecided within the work limit: {', '.join(row['undecided'])})" if row.get("undecided") else ""
    below = " (places below not asked)" if poss is not None and poss == row["asked"][1] != NO_PLACE else ""
    if cert == NO_PLACE:
        return f"{head} {sure} whatever he finishes{note}"
    if poss == NO_PLACE:
        better_cert = f"{sure} in every world with {better(cert)}" if cert is not None else \
            "no place is proven enough in every world"
        return f"{head} {some} whatever he finishes; {better_cert}{note}"
    if cert is not None and cert == poss:
        less = "" if below or note else ", with less in none"
        return f"{head} needs {better(cert)}: then he {sure} in every world{less}{below}{note}"
    parts = [f"{sure} in every world with {better(cert)}" if cert is not None else
             "no place is proven enough in every world"]
    parts.append(f"{some} in some world with {better(poss)}{below}" if poss is not None and poss != cert else
                 "no world found with his place" if poss is None and cert is None else "")
    return f"{head} " + ", and ".join(x for x in parts if x) + note
