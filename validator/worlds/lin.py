"""Exact linear expressions over CP-SAT variables with fraction coefficients.

Rule components build a car's points as a `Lin` (a table's points, plus a shared fastest lap's 1/7, times a
distance factor of 1/2, split between the drivers of a shared car, ...). CP-SAT needs integers: the model scales
every expression by one integer, the least common multiple of every denominator that occurs (`Lin.denominator`),
when it turns a `Lin` into a constraint (`Lin.scaled`). Every variable keeps its bounds, so a `Lin` knows its own
range without asking the solver.
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Iterable

Number = Fraction | int


class Lin:
    """sum(coef * var) + const, with exact coefficients; `terms` maps a variable's index to (var, coef, lo, hi)."""

    __slots__ = ("terms", "const")

    def __init__(self, terms: dict[int, tuple[Any, Fraction, int, int]] | None = None, const: Number = 0):
        self.terms = terms or {}
        self.const = Fraction(const)

    @staticmethod
    def var(v: Any, lo: int, hi: int, coef: Number = 1) -> "Lin":
        """A CP-SAT variable (an IntVar or a BoolVar, never a negated literal) with its bounds."""
        if isinstance(v, int):
            return Lin(const=v * Fraction(coef))
        return Lin({v.Index(): (v, Fraction(coef), lo, hi)})

    @staticmethod
    def lit(v: Any) -> "Lin":
        """A 0/1 literal: a constant, a BoolVar, or a negated BoolVar (1 - the variable)."""
        if not isinstance(v, int) and v.Index() < 0:
            return Lin(const=1) - Lin.var(v.Not(), 0, 1)
        return Lin.var(v, 0, 1)

    @property
    def is_const(self) -> bool:
        return not self.terms

    def __add__(self, other: "Lin | Number") -> "Lin":
        if not isinstance(other, Lin):
            return Lin(dict(self.terms), self.const + other)
        terms = dict(self.terms)
        for i, (v, c, lo, hi) in other.terms.items():
            if i in terms:
                c = c + terms[i][1]
            terms[i] = (v, c, lo, hi)
        return Lin({i: t for i, t in terms.items() if t[1]}, self.const + other.const)

    __radd__ = __add__

    def __sub__(self, other: "Lin | Number") -> "Lin":
        return self + (other.scale(-1) if isinstance(other, Lin) else -other)

    def scale(self, factor: Number) -> "Lin":
        f = Fraction(factor)
        if not f:
            return Lin()
        return Lin({i: (v, c * f, lo, hi) for i, (v, c, lo, hi) in self.terms.items()}, self.const * f)

    def bounds(self) -> tuple[Fraction, Fraction]:
        lo = hi = self.const
        for _, c, vlo, vhi in self.terms.values():
            a, b = c * vlo, c * vhi
            lo, hi = lo + min(a, b), hi + max(a, b)
        return lo, hi

    def denominator(self) -> int:
        return lcm([self.const.denominator] + [c.denominator for _, c, _, _ in self.terms.values()])

    def scaled(self, scale: int):
        """scale x this expression as an integer CP-SAT expression (an int when constant)."""
        const = self.const * scale
        assert const.denominator == 1, "scale is not a multiple of the expression's denominator"
        out: Any = int(const)
        for v, c, _, _ in self.terms.values():
            k = c * scale
            assert k.denominator == 1, "scale is not a multiple of the expression's denominator"
            out = out + int(k) * v
        return out

    def value(self, solver) -> Fraction:
        """The expression's value in a solved world."""
        return self.const + sum((c * solver.Value(v) for v, c, _, _ in self.terms.values()), Fraction(0))

    def __repr__(self) -> str:
        return f"Lin({self.const} + {len(self.terms)} terms)"


def lcm(numbers: Iterable[int]) -> int:
    out = 1
    for n in numbers:
        out = out * n // math.gcd(out, n)
    return out


def lin_sum(items: Iterable[Lin]) -> Lin:
    out = Lin()
    for item in items:
        out = out + item
    return out
