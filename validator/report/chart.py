"""The points-progression chart of the report, as plain geometry (numbers and strings) a template draws as SVG.

Hand-built SVG rather than matplotlib: the chart is a handful of lines, bands and marks, so a few dozen lines of
code draw it; the report stays dependency-light (matplotlib and its numeric stack are heavy to install), the
output is text that diffs and is byte-for-byte reproducible (no renderer or font version in it), and every label
goes through the template's escaping like any other data. Totals stay exact fractions; only the pixel coordinates
are rounded, to one decimal.

For each contender the chart draws the total after every round: a line when it is exact, and for an incomplete
record the band between the lowest and the highest total the facts allow; the published standings figures of the
contenders are drawn as marks on top.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from validator.engine.score import ClassificationResult
from validator.pipeline import SeasonRun
from validator.report.derivation import last_round

WIDTH, HEIGHT = 880, 360
LEFT, RIGHT, TOP, BOTTOM = 48, 250, 16, 36
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
CONTENDERS = 6


def _contenders(result: ClassificationResult, claimed: list[str], last: int) -> list[str]:
    """The declared contenders first, then the highest final totals, at most CONTENDERS in all. When totals are
    intervals, the declared contenders only (when there are two or more): more bands hide each other."""
    final = result.after[last]
    ranked = sorted((r for r in final.values() if r.total.hi > 0 and r.subject != "?" and not r.excluded),
                    key=lambda r: (-r.total.hi, -r.total.lo, r.subject))
    out = [s for s in claimed if s in final]
    if len(out) >= 2 and not all(r.exact for r in final.values()):
        return out[:CONTENDERS]
    out += [r.subject for r in ranked if r.subject not in out]
    return out[:CONTENDERS]


def _scale(value: Fraction | int, top: Fraction | int, span: int) -> Fraction:
    return Fraction(value) * span / (top or 1)


def _num(x: Fraction | int) -> str:
    return f"{float(x):.1f}"


def _path(points: list[tuple[Fraction, Fraction]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{_num(x)},{_num(y)}" for i, (x, y) in enumerate(points))


def _ticks(top: int) -> list[int]:
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        step = candidate
        if top / candidate <= 8:
            break
    return list(range(0, top + 1, step))


def progression(run: SeasonRun, claimed: list[str], classification: str = "drivers") -> dict[str, Any] | None:
    """Geometry of the chart: axes, one series per contender (line or band), published marks, legend."""
    result = run.results.get(classification)
    if result is None or result.last_round is None:
        return None
    last = last_round(run, result)
    rounds = [r for r in sorted(result.after) if r <= last]
    who = _contenders(result, claimed, last)
    published = _published(run, result, set(who))
    top = max([result.after[r][s].total.hi for r in rounds for s in who if s in result.after[r]]
              + [v for marks in published.values() for _, v, _ in marks] + [1])
    top = int(-(-Fraction(top) // 1))  # ceiling
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> Fraction:
        return LEFT + Fraction(plot_w * i, max(len(rounds), 1))

    def y(v: Fraction | int) -> Fraction:
        return TOP + plot_h - _scale(v, top, plot_h)

    series = []
    for k, subject in enumerate(who):
        totals = [result.after[r][subject].total if subject in result.after[r] else None for r in rounds]
        lows = [(x(0), y(0))] + [(x(i + 1), y(t.lo if t else 0)) for i, t in enumerate(totals)]
        highs = [(x(0), y(0))] + [(x(i + 1), y(t.hi if t else 0)) for i, t in enumerate(totals)]
        exact = lows == highs
        index = {r: i for i, r in enumerate(rounds)}
        series.append({
            "subject": subject,
            "name": run.season.drivers.get(subject, run.season.teams.get(subject, subject)),
            "color": PALETTE[k % len(PALETTE)],
            "line": _path(lows),
            "high": None if exact else _path(highs),
            "band": None if exact else _path(lows + highs[::-1]) + " Z",
            "final": str(totals[-1]) if totals[-1] else "0",
            "marks": [{"x": _num(x(index[r] + 1)), "y": _num(y(v)), "label": f"after R{r}: {text} published"}
                      for r, v, text in published.get(subject, []) if r in index],
            "legend_y": _num(TOP + 14 + 18 * k),
        })
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
        "bottom": HEIGHT - BOTTOM, "legend_x": WIDTH - RIGHT + 12,
        "x_ticks": [{"x": _num(x(i + 1)), "label": f"R{r}"} for i, r in enumerate(rounds)],
        "y_ticks": [{"y": _num(y(v)), "label": str(v)} for v in _ticks(top)],
        "series": series,
        "incomplete": any(s["band"] for s in series),
        "rounds": rounds,
        "table": [{"name": s["name"], "subject": s["subject"],
                   "after": [str(result.after[r][s["subject"]].total) if s["subject"] in result.after[r] else "0"
                             for r in rounds]} for s in series],
    }


def _published(run: SeasonRun, result: ClassificationResult, who: set[str]) -> dict[str, list[tuple]]:
    """The published total of each contender in each snapshot of this classification: (round, value, text)."""
    out: dict[str, list[tuple]] = {}
    for snap in run.season.snapshots:
        if snap.classification != result.name:
            continue
        rnd = last_round(run, result) if snap.after_round == "final" else snap.after_round
        for row in snap.rows:
            if row.subject in who and row.points is not None:
                out.setdefault(row.subject, []).append((rnd, row.points.value, row.points.text))
    return out
