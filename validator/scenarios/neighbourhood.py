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

No neighbourhood when no figure names the driver from the unknown's round on: figures of earlier rounds bind only
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


def neighbourhoods(facts: list[Fact], driver: str, round_: int, kind: str) -> list[tuple[str, list[Fact]]]:
    """The local figure sets for an unknown of `driver` at `round_`, narrowest first, named (today one: "driver";
    none when no figure binds it locally)."""
    lo, hi = _rounds_around(facts, driver, round_, kind)
    if hi is None:
        return []   # no figure of the driver from the unknown's round on: figures before it cannot bind it locally
    near = {r for r in (lo, hi) if r is not None}
    own = [f for f in facts if f.round in near and driver in f.members]
    linked = {m for f in own if f.kind in ("gap", "level") for m in f.members}
    first = [f for f in facts if f.round in near and (driver in f.members or linked & set(f.members))]
    return [("driver", first)] if first else []


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
