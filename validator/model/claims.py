"""Model stage for claims.yaml: sources' statements about the title, typed and located (checked by
`scrutineer claims`, validator/scenarios/claims.py). `refs` is model/build.py's reference checker."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.findings import Finding, Location


@dataclass
class TitleClaim:
    """A source's statement about the title after a round (claims.yaml): checked, never used as a fact.
    `given`: (driver, place) results of the next round it assumes (place 0 = no points)."""

    id: str
    after_round: int
    text: str
    src: tuple[str, ...]
    loc: Location
    given: list[tuple[str, int]] = field(default_factory=list)
    champion: str | None = None
    enough: int | None = None
    only_if: bool = False
    contenders: list[str] | None = None
    contender_count: int | None = None
    ahead_of: str | None = None


def build_claims(doc: Any, refs: Any, rounds: set[int], findings: list[Finding]) -> list[TitleClaim]:
    """claims.yaml: sources' statements about the title, each located (checked by `scrutineer claims`)."""
    out = []
    for i, c in enumerate(doc.data["claims"]):
        path = ("claims", i)
        loc = doc.loc(path)
        if c["after_round"] not in rounds or c["after_round"] >= max(rounds, default=0):
            findings.append(Finding("CLAIM001", f"claim {c['id']!r}: after round {c['after_round']} no round is left "
                                    "to play" if c["after_round"] in rounds else
                                    f"claim {c['id']!r}: round {c['after_round']} is not on the calendar",
                                    doc.loc(path + ("after_round",))))
        given = [(refs.driver(g["driver"], doc.at(path + ("given", j, "driver"))),
                  0 if g["place"] == "none" else g["place"]) for j, g in enumerate(c.get("given", []))]
        out.append(TitleClaim(
            c["id"], c["after_round"], c["text"], refs.src(c["src"], (), doc.at(path + ("src",))), loc, given,
            refs.driver(c["champion"], doc.at(path + ("champion",))) if "champion" in c else None,
            c.get("enough"), bool(c.get("only_if", False)),
            [refs.driver(d, doc.at(path + ("contenders", j))) for j, d in enumerate(c["contenders"])]
            if "contenders" in c else None, c.get("contender_count"),
            refs.driver(c["ahead_of"], doc.at(path + ("ahead_of",))) if "ahead_of" in c else None))
    return out
