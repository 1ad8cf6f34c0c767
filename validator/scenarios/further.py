"""The condition over the remaining rounds, in the plainest exact form (complete record).

X is champion iff he ends strictly ahead of every other driver, and only the drivers who can still end level with
or ahead of him matter (his *catchers*: Z is one iff the completion where Z wins every remaining session and X
scores nothing leaves Z level or ahead -- the best completion for Z against X, extremal.py). Against each catcher
the condition is pairwise and exact:

* `all-results`: final total = total now + points scored over the remaining rounds, so X ends ahead of Z iff he
  outscores Z by more than Z's lead over those rounds, or by exactly that and wins the tie-break chain (whose
  counts are stated as they stand now: the final counts add the remaining rounds' places);
* `best-n`: the same with *counted* points: a remaining round adds in full while fewer than n rounds count, and
  afterwards only what it beats the lowest counted score (stated for each driver) -- a future result may only
  replace a dropped one;
* other counting or adjustments: no shorter statement is claimed; the replays are the exact test.

Each condition is a statement about totals the engine computes; the witness that X can meet all of them at once
is his extremal completion (the `chances` witness).
"""
from __future__ import annotations

from typing import Any

from validator.engine.score import ClassificationResult
from validator.scenarios.needs import Context, ordinal

SHOWN = 6   # contenders whose conditions the text lists unless --driver narrows it (JSON: every contender)


def further(ctx: Context, result: ClassificationResult, contenders: list[str], rounds: list[int]) -> dict[str, Any]:
    """{"rounds", "spare", "counting", "basis", "drivers": [{"driver", "catchers": [{"driver", "lead", "text"}]}]}"""
    cls = ctx.ruleset.classifications[ctx.classification]
    out: dict[str, Any] = {"rounds": [rounds[0], rounds[-1]], "spare": str(ctx.spare), "counting": cls.counting.use,
                           "drivers": []}
    if cls.counting.use not in ("all-results", "best-n") or cls.adjustments:
        out["basis"] = (f"counting {cls.counting.use}" + (" with adjustments" if cls.adjustments else "") +
                        ": no shorter exact statement; the replays above are the exact test")
        return out
    out["basis"] = ("final total = total now + " + ("points scored" if cls.counting.use == "all-results" else
                    "counted gain") + " over the remaining rounds; positions compare totals, then the tie-break chain (level on "
                    "all of it: no sole champion)")
    now = result.after[ctx.after_round]
    best = {z: ctx.run(ctx.completion([(z, 1)], z, later=z)) for z in _everyone(ctx, contenders)}
    for x in contenders:
        catchers = [z for z in ctx.suspects(x) if z in best and not best[z].ahead(x, z)]
        out["drivers"].append({"driver": x, "counts": _counted(ctx, result, x),
                               "catchers": [{**_condition(ctx, now, x, z, rounds), "witness": _caught(best[z], x, z)}
                                            for z in catchers]})
    return out


def _caught(rp, x: str, z: str) -> str:
    """Why Z is a catcher: the completion where he wins every remaining session and X scores nothing."""
    rz, rx = rp.record(z), rp.record(x)
    return (f"{z} wins every remaining session, {x} scores nothing: {rz.total.lo if rz else 0} to "
            f"{rx.total.lo if rx else 0}, {z} not behind")


def _everyone(ctx: Context, contenders: list[str]) -> list[str]:
    return sorted({z for x in contenders for z in ctx.suspects(x)} | set(contenders))


def _condition(ctx: Context, now: dict, x: str, z: str, rounds: list[int]) -> dict[str, Any]:
    lead = _total(now, x) - _total(now, z)
    cls = ctx.ruleset.classifications[ctx.classification]
    what = "points" if cls.counting.use == "all-results" else "counted points"
    span = f"rounds {rounds[0]}..{rounds[-1]}"
    tb = tie_break(cls.tie_break, now.get(x), now.get(z), x, z)
    if lead < 0:
        text = f"outscore {z} by more than {-lead} {what} over {span} (by exactly {-lead}: {tb})"
    elif lead == 0:
        text = f"outscore {z} in {what} over {span} (level: {tb})"
    else:
        text = f"keep {z}'s margin over him in {what} over {span} below {lead} (exactly {lead}: {tb})"
    return {"driver": z, "lead": str(lead), "text": text}


def _total(now: dict, d: str):
    rec = now.get(d)
    return rec.total.lo if rec is not None else 0


def tie_break(chain, a, b, x: str, z: str) -> str:
    """The tie-break chain in words, with each step's counts as they stand now (countback: the places up to the
    first one where the counts differ now)."""
    if not chain:
        return "they share the position"
    steps = []
    for clause in chain:
        session = clause.params.get("session")
        pa, pb = (r.place_counts(session) if r is not None else {} for r in (a, b))
        if clause.use == "most-wins":
            steps.append(f"more wins (now {pa.get(1, 0)} to {pb.get(1, 0)})")
        elif clause.use == "countback":
            top = max(list(pa) + list(pb) + [1])
            differ = next((k for k in range(1, top + 1) if pa.get(k, 0) != pb.get(k, 0)), top)
            shown = range(1, max(differ, min(3, top)) + 1)
            steps.append(f"countback (1st-{ordinal(shown[-1])} places now "
                         f"{'-'.join(str(pa.get(k, 0)) for k in shown)} to {'-'.join(str(pb.get(k, 0)) for k in shown)})")
        elif clause.use == "shared-position":
            steps.append("still level, they share the position")
        elif clause.use == "authority-decides":
            steps.append("still level, the governing body decides")
        else:
            steps.append(clause.use)
    return ", then ".join(steps)


def _counted(ctx: Context, result: ClassificationResult, x: str) -> str:
    """What a remaining round adds to X's counted total."""
    cls = ctx.ruleset.classifications[ctx.classification]
    if cls.counting.use == "all-results":
        return "every point scored counts"
    n = cls.counting.params["n"]
    scores = sorted((pts[x].lo for r, pts in result.by_round.items() if r <= ctx.after_round and x in pts),
                    reverse=True)
    held = len([r for r in ctx.season.rounds if r.number <= ctx.after_round])
    scores += [0] * max(0, held - len(scores))
    counted = scores[:n]
    low = ", ".join(str(s) for s in sorted(counted)[:3])
    if held < n:
        return (f"best {n} round scores count: {n - held} more rounds count in full, then a round adds only what "
                f"it beats his lowest counted score (now {low})")
    return f"best {n} round scores count: a round adds only what it beats his lowest counted score (now {low})"
