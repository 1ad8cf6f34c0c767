"""Audit: check every declared fact (published standings, awarded points, the champion) against what the
rules and the recorded facts allow, and classify the declared outcome.

Every check is kept as plain data (`Check`) so reports and CI outputs read the same results.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from validator.engine.interval import Interval, fmt
from validator.engine.rank import rank, surely_ahead
from validator.engine.score import UNNAMED, ClassificationResult, Record
from validator.findings import Finding, Location
from validator.model.rules import Ruleset
from validator.model.season import Declared, Season, Snapshot


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

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "label": self.label, "published": self.published,
                "computed": self.computed, "ok": self.ok, "file": self.location.file if self.location else None,
                "line": self.location.line if self.location else None, "src": list(self.src)}


@dataclass
class Audit:
    verdict: str                         # proven | consistent | contradicted
    reasoning: list[str]
    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def within(value: Declared, interval: Interval) -> bool:
    """Is a declared value inside the interval, compared at the precision it was printed with?"""
    if value.decimals is None:
        return value.value in interval
    half = Fraction(1, 2 * 10 ** value.decimals)
    return interval.lo - half <= value.value <= interval.hi + half


def _round_of(snapshot: Snapshot, result: ClassificationResult) -> int | None:
    if snapshot.after_round == "final":
        return result.last_round
    return snapshot.after_round if snapshot.after_round in result.after else None


def _trace(result: ClassificationResult, subject: str, upto: int) -> list[str]:
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


class _Auditor:
    def __init__(self, season: Season, ruleset: Ruleset, results: dict[str, ClassificationResult]):
        self.season, self.ruleset, self.results = season, ruleset, results
        self.checks: list[Check] = []
        self.findings: list[Finding] = []

    def fail(self, code: str, message: str, loc: Location | None, detail: dict | None = None) -> None:
        self.findings.append(Finding(code, message, loc, detail=detail or {}))

    def record(self, result: ClassificationResult, rnd: int, subject: str) -> Record | None:
        return result.after.get(rnd, {}).get(subject)

    # ------------------------------------------------------------ snapshots
    def snapshots(self) -> None:
        for snap in self.season.snapshots:
            result = self.results.get(snap.classification)
            if result is None or not result.sound:
                continue
            rnd = _round_of(snap, result)
            if rnd is None:
                continue
            label = f"{snap.label()}"
            ranked = {r.record.subject: r for r in rank(result, rnd)}
            for row in snap.rows:
                rec = self.record(result, rnd, row.subject)
                total = rec.total if rec else Interval.exact(0)
                if row.points is not None:
                    ok = within(row.points, total)
                    self.checks.append(Check("snapshot-points", row.subject, label, row.points.text, str(total), ok,
                                             row.loc, row.src))
                    if not ok:
                        self.fail("AUDIT001", f"{label}: {row.subject} published {row.points.text} points, the rules "
                                  f"and facts allow {total} ({self._clauses(result)})", row.loc,
                                  {"derivation": _trace(result, row.subject, rnd), "src": list(row.src)})
                if isinstance(row.position, int):
                    r = ranked.get(row.subject)
                    best, worst = (r.best, r.worst) if r else (None, None)
                    complete = all(s.complete for rd in self.season.rounds for s in rd.sessions)
                    ok = r is not None and best <= row.position and (not complete or row.position <= worst)
                    if r is None and row.points is not None and row.points.value == 0:
                        ok = True
                    shown = "unranked (no points)" if r is None else (str(best) if best == worst else f"{best}..{worst}")
                    self.checks.append(Check("snapshot-position", row.subject, label, str(row.position), shown, ok,
                                             row.loc, row.src))
                    if not ok:
                        self.fail("AUDIT002", f"{label}: {row.subject} published in position {row.position}, the "
                                  f"rules and facts allow {shown}", row.loc,
                                  {"derivation": _trace(result, row.subject, rnd)})
            for gap in snap.gaps:
                a, b = self.record(result, rnd, gap.ahead), self.record(result, rnd, gap.behind)
                ia = a.total if a else Interval.exact(0)
                ib = b.total if b else Interval.exact(0)
                diff = Interval(ia.lo - ib.hi, ia.hi - ib.lo)
                ok = within(gap.points, diff)
                self.checks.append(Check("gap", f"{gap.ahead} - {gap.behind}", label, gap.points.text, str(diff), ok,
                                         gap.loc, gap.src))
                if not ok:
                    self.fail("AUDIT003", f"{label}: {gap.ahead} published {gap.points.text} ahead of {gap.behind}; "
                              f"the rules and facts allow a gap of {diff}", gap.loc)
            for level in snap.level:
                totals = [self.record(result, rnd, m) for m in level.members]
                lo = max((t.total.lo if t else 0) for t in totals)
                hi = min((t.total.hi if t else 0) for t in totals)
                ok = lo <= hi
                shown = ", ".join(f"{m} {t.total if t else 0}" for m, t in zip(level.members, totals))
                self.checks.append(Check("level", " = ".join(level.members), label, "level", shown, ok, level.loc,
                                         level.src))
                if not ok:
                    self.fail("AUDIT004", f"{label}: {' and '.join(level.members)} published level on points; "
                              f"the rules and facts allow {shown}", level.loc)
            if snap.leader is not None:
                leader = self.record(result, rnd, snap.leader.subject)
                beaten_by = [o.subject for o in result.after[rnd].values()
                             if leader is not None and o.subject != leader.subject
                             and surely_ahead(o, leader, [])]
                ok = leader is not None and not beaten_by
                self.checks.append(Check("leader", snap.leader.subject, label, "leader",
                                         "possible" if ok else f"surely behind {', '.join(beaten_by)}", ok,
                                         snap.leader.loc, snap.leader.src))
                if not ok:
                    self.fail("AUDIT005", f"{label}: {snap.leader.subject} published as leader, but "
                              f"{', '.join(beaten_by) or 'nobody with points'} is surely ahead", snap.leader.loc)

    def _clauses(self, result: ClassificationResult) -> str:
        return "; ".join(f"{c.use} at {c.loc}" for c in result.rules.points)

    # ------------------------------------------------------------ awarded points per result
    def result_points(self) -> None:
        result = self.results.get("drivers")
        if result is None:
            return
        by_key = {(sc.round, sc.session): sc for sc in result.sessions}
        for rnd in self.season.rounds:
            for session in rnd.sessions:
                sc = by_key.get((rnd.number, session.name))
                if sc is None:
                    continue
                for car in sc.cars:
                    row = car.result
                    if row is None or row.points is None:
                        continue
                    ok = within(row.points, car.points)
                    label = f"R{rnd.number} {session.name}"
                    self.checks.append(Check("result-points", car.driver, label, row.points.text, str(car.points),
                                             ok, row.loc, row.src))
                    if not ok:
                        self.fail("AUDIT006", f"{self.season.year} R{rnd.number} {session.name}: {car.driver} "
                                  f"(pos {row.pos}) declared {row.points.text} points, the rules give {car.points}: "
                                  f"{'; '.join(car.why)}", row.loc)
                for dp in session.points:
                    value = sc.points.get(dp.driver, Interval.exact(0))
                    ok = within(dp.points, value)
                    self.checks.append(Check("result-points", dp.driver, f"R{rnd.number} {session.name}",
                                             dp.points.text, str(value), ok, dp.loc, dp.src))
                    if not ok:
                        self.fail("AUDIT006", f"R{rnd.number} {session.name}: {dp.driver} stated to score "
                                  f"{dp.points.text} points, the rules and facts allow {value}", dp.loc)

    # ------------------------------------------------------------ declared outcome
    def outcome(self) -> tuple[str, list[str]]:
        result = self.results.get("drivers")
        declared = self.season.declared
        reasoning: list[str] = []
        if result is None or result.last_round is None:
            return "consistent", ["no drivers' classification to check"]
        final = result.after[result.last_round]
        proven = True
        champion = declared.champion
        if champion:
            rec = final.get(champion)
            rivals = [o for o in final.values() if o.subject != champion and o.total.hi > 0]
            beaten_by = [o.subject for o in rivals if rec is None or surely_ahead(o, rec, self._chain(result))]
            open_rivals = [o for o in rivals if rec is not None and not surely_ahead(rec, o, self._chain(result))]
            ok = not beaten_by
            shown = str(rec.total) if rec else "0"
            self.checks.append(Check("champion", champion, "declared champion", champion, shown, ok,
                                     declared.champion_loc, declared.champion_src))
            if not ok:
                self.fail("AUDIT007", f"declared champion {champion} ({shown} pts) is surely beaten by "
                          f"{', '.join(beaten_by)}", declared.champion_loc)
                reasoning.append(f"champion {champion} refuted: {', '.join(beaten_by)} surely ahead")
            elif open_rivals:
                proven = False
                named = ", ".join(f"{o.subject if o.subject != UNNAMED else 'an unnamed driver'} ({o.total})"
                                  for o in sorted(open_rivals, key=lambda o: -o.total.hi)[:5])
                reasoning.append(f"champion {champion} ({shown}) not proven: may be matched or passed by {named}")
            else:
                reasoning.append(f"champion {champion} ({shown}) proven: surely ahead of every rival")
        order = declared.final_order
        for i in range(len(order) - 1):
            a, b = final.get(order[i]), final.get(order[i + 1])
            if a is None or b is None:
                continue
            if surely_ahead(b, a, self._chain(result)):
                self.fail("AUDIT008", f"declared final order puts {a.subject} ({a.total}) ahead of {b.subject} "
                          f"({b.total}), but {b.subject} is surely ahead", declared.final_order_loc)
                reasoning.append(f"final order refuted at {a.subject} / {b.subject}")
            elif not surely_ahead(a, b, self._chain(result)):
                proven = False
                reasoning.append(f"order {a.subject} ({a.total}) before {b.subject} ({b.total}) not proven")
        if any(f.severity == "failure" for f in self.findings):
            return "contradicted", reasoning
        return ("proven" if proven and (champion or order) else "consistent"), reasoning

    def _chain(self, result: ClassificationResult) -> list:
        from validator.engine.rank import _chain
        return _chain(result)


def audit(season: Season, ruleset: Ruleset, results: dict[str, ClassificationResult]) -> Audit:
    auditor = _Auditor(season, ruleset, results)
    auditor.snapshots()
    auditor.result_points()
    verdict, reasoning = auditor.outcome()
    failures = [f for f in auditor.findings if f.severity == "failure"]
    if failures:
        verdict = "contradicted"
        reasoning.insert(0, f"{len(failures)} published fact(s) contradict the rules and the recorded facts")
    for result in results.values():
        if not result.sound:
            reasoning.append(f"{result.name} classification not checked: {result.unsound_reason}")
    for cls in ruleset.classifications.values():
        for clause in cls.clauses():
            if clause.unsourced:
                auditor.findings.append(Finding("AUDIT010", f"{clause.describe()} is unsourced: {clause.reason}",
                                                clause.loc))
    return Audit(verdict, reasoning, auditor.checks, auditor.findings)
