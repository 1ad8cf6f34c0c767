"""What a finding of the audit rests on: the derivation of a total (one line per scoring session, with the
clause and the fact each value comes from) and the clauses a failed check shares with others (its cause)."""
from __future__ import annotations

from fractions import Fraction

from validator.engine.interval import Interval
from validator.engine.score import ClassificationResult
from validator.model.season import Declared, Season, Snapshot


def within(value: Declared, interval: Interval) -> bool:
    """Is a declared value inside the interval, compared at the precision it was printed with?"""
    if value.decimals is None:
        return value.value in interval
    half = Fraction(1, 2 * 10 ** value.decimals)
    return interval.lo - half <= value.value <= interval.hi + half


def round_of(snapshot: Snapshot, season: Season, result: ClassificationResult) -> int | None:
    """The round a snapshot stands after; `final` in a season in progress is the standings so far."""
    rnd = season.final_round if snapshot.after_round == "final" else snapshot.after_round
    return rnd if rnd in result.after else None


def causes(result: ClassificationResult) -> list[str]:
    """Where the points clauses are: findings that share them share a cause (reports group them under it)."""
    return [str(c.loc) for c in result.rules.points]


def trace(result: ClassificationResult, subject: str, upto: int) -> list[str]:
    """One line per scoring session up to round `upto`: value, why (clause locations), and the fact used."""
    lines = []
    for sc in result.sessions:
        if sc.round > upto:
            continue
        value = sc.points.get(subject)
        if value is None:
            continue
        for car in sc.cars:
            who = car.driver if result.subject == "driver" else car.team
            if who == subject and (car.result is not None or not value.is_exact or value.hi > 0):
                where = f" [{car.result.loc}]" if car.result else ""
                lines.append(f"R{sc.round} {sc.session}: {value} — {'; '.join(car.why) or 'no facts'}{where}")
                break
    return lines
