"""The published figures near an unknown, for local proofs (validator/scenarios/infer.py).

A proof that an unknown is forced may assume any subset of the published figures: fewer figures admit more
worlds, so "no world with another value" under a subset still holds under all of them (sound), and the subset is
already a small forcing set. Proofs over a few figures are small and fast; a proof over every figure of the season
is a search over the whole model. The neighbourhood of an unknown: the figures naming its driver at the nearest
published rounds around it (the last one before the unknown's round, and the first one from it on), plus the
figures of those rounds naming a driver a gap or a level figure there links him to (one step).

Measured on 2007: with a wider second neighbourhood (every figure of the rounds in between, and every figure naming
the driver) tried after this one, every local proof that succeeded still used this one, and the local step spent
its share of the budget (45 units) before the proofs over every figure could start; the wider one is not used.

The second, "session" neighbourhood: the same nearest figures of every tracked driver with a recorded result in
the unknown's session (infer.py asks it after the first sweep over every figure): a driver with no figures of his
own is tied to them (a place he takes is one they do not; their totals fix what they scored there).

No "driver" neighbourhood when no figure names the driver from the unknown's round on: figures of earlier rounds bind only
earlier results (skipping a proof is always sound; the unknown goes to the proof over every figure, the caller's).
"""
from __future__ import annotations

from typing import Any

from validator.worlds.published import Fact


def _rounds_around(facts: list[Fact], driver: str, round_: int, kind: str) -> tuple[int | None, int | None]:
    """The last round before the unknown and the first round from it on with a figure naming the driver (a total
    after round r is "at" r: a figure after r itself is its nearest one on both sides)."""
    mine = sorted({f.round for f in facts if driver in f.members})
    before = [r for r in mine if (r <= round_ if kind == "total" else r < round_)]
    after = [r for r in mine if r >= round_]
    return (before[-1] if before else None), (after[0] if after else None)


def _nearest(facts: list[Fact], driver: str, round_: int, kind: str) -> list[Fact]:
    """The driver's figures at the nearest published rounds around the unknown, plus the figures of those rounds
    naming a driver a gap or a level figure there links him to (one step); none when no figure names him from the
    unknown's round on (figures before it cannot bind it locally)."""
    lo, hi = _rounds_around(facts, driver, round_, kind)
    if hi is None:
        return []
    near = {r for r in (lo, hi) if r is not None}
    own = [f for f in facts if f.round in near and driver in f.members]
    linked = {m for f in own if f.kind in ("gap", "level") for m in f.members}
    return [f for f in facts if f.round in near and (driver in f.members or linked & set(f.members))]


def neighbourhoods(facts: list[Fact], driver: str, round_: int, kind: str,
                   mates: list[str] = ()) -> list[tuple[str, list[Fact]]]:
    """The local figure sets for an unknown of `driver` at `round_`, narrowest first, named: "driver" (his own
    nearest figures), then "session" (the nearest figures of every tracked driver with a recorded result in the
    unknown's session, `mates`: a place he takes is one they do not, and their published totals fix what they
    scored there). A level is left out when it adds no figure to the one before it."""
    out: list[tuple[str, list[Fact]]] = []
    first = _nearest(facts, driver, round_, kind)
    if first:
        out.append(("driver", first))
    ids = {f.id for f in first}
    for mate in mates:
        ids |= {f.id for f in _nearest(facts, mate, round_, "points" if kind == "total" else kind)}
    wide = [f for f in facts if f.id in ids]
    if len(wide) > len(first):
        out.append(("session", wide))
    return out


def stated(facts: list[Fact], driver: str, round_: int) -> tuple[Fact, int] | None:
    """A points figure that states the driver's total after `round_` exactly (one scaled integer value): the
    total is then forced by that figure alone, by construction of the model (published.py), without a solve."""
    for f in facts:
        if f.kind == "points" and f.round == round_ and f.members == (driver,) and f.bounds is not None:
            lo, hi = f.bounds
            if lo == hi:
                return f, lo
    return None


def describe(facts: list[dict[str, Any]]) -> str:
    """The figures of a forcing set, in a few words each (for the sentence an auditor reads)."""
    def one(f: dict[str, Any]) -> str:
        after = "the final table" if f["after_round"] == "final" else f"R{f['after_round']}"
        value = "" if f["published"] in ("level", "leader") else f" {f['published']}"
        return f"{f['subject']} {f['kind']}{value} after {after}"
    return "; ".join(one(f) for f in facts)
