"""Published standings as switchable constraints: every figure is a `Fact` guarded by its own literal.

A mixin of `WorldModel` (model.py): it reads the model's totals, ranking keys (points, then the ruleset's
tie-break chain, as the components encode it) and ordering literals. Totals are integers at `self.scale`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from validator.model.season import Season


@dataclass
class Fact:
    """A published figure, switchable as a constraint."""

    id: str
    kind: str                 # points | position | order | gap | level | leader
    after_round: int | str
    round: int                # the round the figure refers to (final -> last round)
    subject: str
    published: str
    file: str | None
    line: int | None
    src: tuple[str, ...]
    lit: Any = field(default=None, repr=False, compare=False)
    members: tuple[str, ...] = ()   # the competitors the figure names (two for a gap, every member of a level)
    bounds: tuple[int, int] | None = None  # a points or gap figure: the scaled integer range it allows

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "after_round": self.after_round, "subject": self.subject,
                "published": self.published, "file": self.file, "line": self.line, "src": list(self.src)}

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.file else "?"
        return f"after {'R' + str(self.after_round) if self.after_round != 'final' else 'final'}: {self.subject} " \
               f"{self.kind} {self.published} [{', '.join(self.src)}] ({where})"


class PublishedFigures:
    # ------------------------------------------------------------------ published standings
    def _published(self) -> None:
        m = self.m
        last = self.rounds[-1] if self.rounds else None
        count = 0
        for snap in self.season.snapshots:
            if snap.classification != self.cls.name:
                continue
            rnd = last if snap.after_round == "final" else snap.after_round
            if rnd not in self.rounds:
                continue
            positions = []

            def fact(kind, subject, published, loc, src, members=None):
                nonlocal count
                count += 1
                f = Fact(f"F{count}", kind, snap.after_round, rnd, subject, published,
                         loc.file if loc else None, loc.line if loc else None, tuple(src or snap.src),
                         m.NewBoolVar(f"fact{count}"), tuple(members or (subject,)))
                self.facts.append(f)
                return f

            for row in snap.rows:
                if row.subject not in self.competitors:
                    continue
                if row.points is not None:
                    f = fact("points", row.subject, row.points.text, row.loc, row.src)
                    lo, hi = f.bounds = _bounds(row.points, self.scale)
                    t = self.total(row.subject, rnd)
                    if lo > hi:
                        m.Add(f.lit == 0)
                    else:
                        m.Add(t >= lo).OnlyEnforceIf(f.lit)
                        m.Add(t <= hi).OnlyEnforceIf(f.lit)
                if isinstance(row.position, int):
                    f = fact("position", row.subject, str(row.position), row.loc, row.src)
                    others = [o for o in self.competitors if o != row.subject and self.ranked(o, rnd)]
                    behind = [self.not_ahead_lit(o, row.subject, rnd) for o in others]
                    m.Add(sum(behind) >= len(others) - (row.position - 1)).OnlyEnforceIf(f.lit)
                    positions.append((row.position, row.subject, f))
            for p1, d1, f1 in positions:
                for p2, d2, f2 in positions:
                    if p1 < p2 and d1 != d2:
                        # the driver published lower is not ahead of the one published higher
                        self.lex_le(self.figure_key(d2, rnd), self.figure_key(d1, rnd), [f1.lit, f2.lit])
            for gap in snap.gaps:
                if gap.ahead not in self.competitors or gap.behind not in self.competitors:
                    continue
                f = fact("gap", f"{gap.ahead} - {gap.behind}", gap.points.text, gap.loc, gap.src, (gap.ahead, gap.behind))
                lo, hi = f.bounds = _bounds(gap.points, self.scale)
                diff = self.total(gap.ahead, rnd) - self.total(gap.behind, rnd)
                m.Add(diff >= lo).OnlyEnforceIf(f.lit)
                m.Add(diff <= hi).OnlyEnforceIf(f.lit)
            for level in snap.level:
                members = [d for d in level.members if d in self.competitors]
                f = fact("level", " = ".join(members), "level", level.loc, level.src, members)
                for a, b in zip(members, members[1:]):
                    m.Add(self.total(a, rnd) == self.total(b, rnd)).OnlyEnforceIf(f.lit)
            if snap.leader is not None and snap.leader.subject in self.competitors:
                who = snap.leader.subject
                f = fact("leader", who, "leader", snap.leader.loc, snap.leader.src)
                for o in self.competitors:
                    if o != who and self.ranked(o, rnd):
                        m.AddImplication(f.lit, self.not_ahead_lit(o, who, rnd))


def tracked_subjects(season: Season, classification: str, extra: list[str] | None) -> list[str]:
    out = list(extra or []) + season.claimed_order(classification)
    for snap in season.snapshots:
        if snap.classification != classification:
            continue
        out += [r.subject for r in snap.rows] + [g.ahead for g in snap.gaps] + [g.behind for g in snap.gaps]
        out += [m for lv in snap.level for m in lv.members] + ([snap.leader.subject] if snap.leader else [])
    # road winners: the drivers most able to beat a declared one; tracking them keeps "?" from borrowing their
    # results (soundness does not depend on this choice, only how often a claim can be decided)
    out += [r.driver for rnd in season.rounds for s in rnd.sessions for r in s.results if r.pos == 1]
    return [x for x in dict.fromkeys(out) if x in season.drivers]


def _bounds(value, scale: int) -> tuple[int, int]:
    """The scaled integer totals a printed figure allows (at its printed precision; (1, 0) when none)."""
    v = Fraction(value.value) * scale
    if value.decimals is None:
        return (int(v), int(v)) if v.denominator == 1 else (1, 0)
    half = Fraction(scale, 2 * 10 ** value.decimals)
    return math.ceil(v - half), math.floor(v + half)
