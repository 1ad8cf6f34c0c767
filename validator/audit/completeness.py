"""What a complete record states: a classification marked complete that gives points states zero where it gives
none, a table published as complete states zero for a competitor it leaves out; and how far the record is complete
(the rounds a season in progress still has to run)."""
from __future__ import annotations

from validator.audit.derivation import round_of
from validator.engine.score import ClassificationResult
from validator.findings import Finding
from validator.model.season import Season


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


def in_progress(season: Season, verdict: str, reasoning: list[str], after_round: int | None) -> tuple[str, bool | None]:
    """A season in progress has no champion yet: its verdict is `in-progress`, with whether the standings so far
    (the leader, P2, P3 after the last round with results) are proven."""
    if not season.in_progress:
        return verdict, None
    proven = verdict == "proven"
    reasoning.insert(0, f"in progress: {rounds_left(season)} without results; the standings after R{after_round} "
                     f"are {'proven' if proven else 'not proven'}")
    return "in-progress", proven


def unchecked(season: Season, results: dict[str, ClassificationResult]) -> list[str]:
    """The classifications whose totals after the final round are not sound bounds, and from which round."""
    final, out = season.final_round, []
    for result in results.values():
        if final is not None and not result.sound_at(final):
            checked = f" from R{result.unsound_from}" if result.unsound_from > season.rounds[0].number else ""
            out.append(f"{result.name} classification not checked{checked}: {result.unsound_reason}")
    return out


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
