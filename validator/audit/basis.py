"""What the audit checks stand on: declared figures compared at their printed precision, the round a snapshot
stands after, how far the record is complete, and the derivation of a total (for findings)."""
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


def complete_through(season: Season) -> int:
    """The last round up to which every session the season scores is a complete classification (0: none)."""
    through = 0
    for rnd in season.rounds:
        planned = set(rnd.planned or ())
        if not rnd.sessions or not all(s.complete for s in rnd.sessions) or \
                not planned <= {s.name for s in rnd.sessions}:
            break
        through = rnd.number
    return through


def absent_means_zero(session) -> bool:
    """In a complete classification that gives points, a result without `points` states zero (F1DB omits the
    value of a result that scored none); elsewhere an absent value is unknown, not zero."""
    return session.complete and any(r.points is not None for r in session.results)


def trace(result: ClassificationResult, subject: str, upto: int) -> list[str]:
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



def rounds_left(season: Season) -> str:
    left = [r.number for r in season.rounds if season.is_future(r.number)]
    return f"round{'s' if len(left) > 1 else ''} {left[0]}{f'..{left[-1]}' if len(left) > 1 else ''}"
