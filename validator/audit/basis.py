"""What the audit checks stand on: declared figures compared at their printed precision, the round a snapshot
stands after, how far the record is complete, the derivation of a total (for findings), and what a table
published as complete leaves out; `Check`, one comparison of a published figure with what the rules allow."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from validator.engine.interval import Interval
from validator.engine.score import ClassificationResult
from validator.findings import Finding, Location
from validator.model.published import Declared, Snapshot
from validator.model.season import Season


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



def rounds_left(season: Season) -> str:
    left = [r.number for r in season.rounds if season.is_future(r.number)]
    return f"round{'s' if len(left) > 1 else ''} {left[0]}{f'..{left[-1]}' if len(left) > 1 else ''}"


def omitted(season: Season, results: dict[str, ClassificationResult], contradicted: set[int],
            used_errata: set[int]) -> list[Finding]:
    """AUDIT016: a table published as complete (`complete: true`: its rows list the whole table) that leaves out a
    competitor the rules and facts surely give points. Like a blank in a complete classification, a missing row
    states 0 points, so a recorded erratum of those points makes it a warning (AUDIT013). The snapshot is then
    not used as an anchor (its id joins `contradicted`)."""
    out = []
    for snap in season.snapshots:
        result = results.get(snap.classification)
        rnd = round_of(snap, season, result) if snap.complete and result is not None else None
        if rnd is None or not result.sound_at(rnd):
            continue
        listed = {row.subject for row in snap.rows}
        for subject, record in sorted(result.after[rnd].items()):
            if subject not in listed and record.total.lo > 0 and not record.excluded:
                contradicted.add(id(snap))
                message = (f"{season.year} {snap.label()} is published as complete but leaves out {subject}, whom "
                           f"the rules and facts give {record.total} points")
                erratum = next((e for e in season.errata if (e.after_round, e.classification, e.subject, e.field)
                                == (snap.after_round, snap.classification, subject, "points")), None)
                if erratum is not None:
                    used_errata.add(id(erratum))
                    out.append(Finding("AUDIT013", f"{message} — recorded as the source's erratum: {erratum.reason} "
                                       f"[{', '.join(erratum.src)}] ({erratum.loc})", snap.loc))
                else:
                    out.append(Finding("AUDIT016", message, snap.loc))
    return out


@dataclass
class Check:
    kind: str            # snapshot-points, snapshot-position, gap, level, leader, result-points, champion, final-order
    subject: str
    label: str           # e.g. "drivers standings after R4"
    published: str
    computed: str
    ok: bool
    location: Location | None
    src: tuple[str, ...] = ()
    erratum: bool = False     # failed, but the figure is a recorded erratum of its source (a warning)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "label": self.label, "published": self.published,
                "computed": self.computed, "ok": self.ok, "file": self.location.file if self.location else None,
                "line": self.location.line if self.location else None, "src": list(self.src),
                "erratum": self.erratum}
