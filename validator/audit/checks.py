"""Audit: check every declared fact (published standings, awarded points, the champion) against what the
rules and the recorded facts allow, and classify the declared outcome.

Every check is kept as plain data (`Check`) so reports and CI outputs read the same results.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from validator.audit.basis import Check, absent_means_zero, causes, complete_through, omitted, round_of, rounds_left, trace, \
    within
from validator.audit.teams import team_champion
from validator.engine.anchors import difference, tightest
from validator.engine.interval import Interval
from validator.engine.rank import chain_ahead, level_verdict, rank, surely_ahead
from validator.engine.record import Record
from validator.engine.score import UNNAMED, ClassificationResult
from validator.findings import Finding, Location
from validator.model.rules import Ruleset
from validator.model.season import Season, Snapshot


@dataclass
class Audit:
    verdict: str                         # proven | in-progress | consistent | contradicted
    reasoning: list[str]
    claims: list[dict[str, Any]] = field(default_factory=list)  # each declared claim: status and basis
    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    standings_proven: bool | None = None  # in progress: are the standings so far (leader, P2, P3) proven?
    after_round: int | None = None        # the round the declared or published outcome stands after


class _Auditor:
    def __init__(self, season: Season, ruleset: Ruleset, results: dict[str, ClassificationResult]):
        self.season, self.ruleset, self.results = season, ruleset, results
        self.checks: list[Check] = []
        self.findings: list[Finding] = []
        self.claims: list[dict[str, Any]] = []
        self.contradicted: set[int] = set()  # ids of snapshots with a failed check: not used as anchors
        self.used_errata: set[int] = set()
        self.after_round: int | None = None
        self.complete_through = complete_through(season)  # every classification known up to this round

    def erratum(self, snap: Snapshot, subject: str, field_name: str, message: str, loc) -> bool:
        """If the failing figure is a recorded erratum of the source, report it as a warning instead."""
        for e in self.season.errata:
            if (e.after_round, e.classification, e.subject, e.field) == (snap.after_round, snap.classification,
                                                                          subject, field_name):
                self.used_errata.add(id(e))
                if self.checks and self.checks[-1].subject == subject:
                    self.checks[-1].erratum = True
                self.contradicted.add(id(snap))
                self.findings.append(Finding("AUDIT013", f"{message} — recorded as the source's erratum: {e.reason} "
                                             f"[{', '.join(e.src)}] ({e.loc})", loc))
                return True
        return False

    def trusted(self, snapshot: Snapshot) -> bool:
        return id(snapshot) not in self.contradicted

    def fail(self, code: str, message: str, loc: Location | None, detail: dict | None = None) -> None:
        if self._current is not None:
            self.contradicted.add(id(self._current))
        self.findings.append(Finding(code, message, loc, detail=detail or {}))

    def record(self, result: ClassificationResult, rnd: int, subject: str) -> Record | None:
        return result.after.get(rnd, {}).get(subject)

    # ------------------------------------------------------------ snapshots
    _current: Snapshot | None = None

    def snapshots(self) -> None:
        for snap in self.season.snapshots:
            self._current = snap
            self._snapshot(snap)
        self._current = None

    def _snapshot(self, snap: Snapshot) -> None:
        if True:
            result = self.results.get(snap.classification)
            rnd = round_of(snap, self.season, result) if result is not None else None
            if rnd is None or not result.sound_at(rnd):
                return
            label = f"{self.season.year} {snap.label()}"
            ranked = {r.record.subject: r for r in rank(result, rnd)} \
                if any(isinstance(row.position, int) for row in snap.rows) else {}
            for row in snap.rows:
                rec = self.record(result, rnd, row.subject)
                total = rec.total if rec else Interval.exact(0)
                if row.points is not None:
                    ok = within(row.points, total)
                    self.checks.append(Check("snapshot-points", row.subject, label, row.points.text, str(total), ok,
                                             row.loc, row.src))
                    message = "" if ok else (f"{label}: {row.subject} published {row.points.text} points, the rules "
                                             f"and facts allow {total} ({self._clauses(result)})")
                    if not ok and not self.erratum(snap, row.subject, "points", message, row.loc):
                        self.fail("AUDIT001", message, row.loc, {"derivation": trace(result, row.subject, rnd),
                                                                 "src": list(row.src), "clauses": causes(result)})
                if row.position in ("EX", "DSQ"):
                    ok = rec is not None and rec.excluded
                    self.checks.append(Check("snapshot-position", row.subject, label, row.position,
                                             "excluded" if ok else "ranked", ok, row.loc, row.src))
                    if not ok:
                        self.fail("AUDIT002", f"{label}: {row.subject} published as {row.position}, but no recorded "
                                  "decision excludes it", row.loc)
                if isinstance(row.position, int):
                    r = ranked.get(row.subject)
                    best, worst = (r.best, r.worst) if r else (None, None)
                    ok = r is not None and best <= row.position and (rnd > self.complete_through or row.position <= worst)
                    if r is None and row.points is not None and row.points.value == 0:
                        ok = True
                    shown = "unranked (no points)" if r is None else (str(best) if best == worst else f"{best}..{worst}")
                    self.checks.append(Check("snapshot-position", row.subject, label, str(row.position), shown, ok,
                                             row.loc, row.src))
                    message = "" if ok else (f"{label}: {row.subject} published in position {row.position}, the "
                                             f"rules and facts allow {shown}")
                    if not ok and not self.erratum(snap, row.subject, "position", message, row.loc):
                        self.fail("AUDIT002", message, row.loc, {"derivation": trace(result, row.subject, rnd),
                                                                 "clauses": causes(result)})
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
                states_zero = absent_means_zero(session)
                for car in sc.cars:
                    row = car.result
                    if row is None:
                        continue
                    if row.points is None:
                        if states_zero:
                            self._absent_points(rnd.number, session.name, car, causes(result))
                        continue
                    ok = within(row.points, car.points)
                    label = f"R{rnd.number} {session.name}"
                    self.checks.append(Check("result-points", car.driver, label, row.points.text, str(car.points),
                                             ok, row.loc, row.src))
                    if not ok:
                        self.fail("AUDIT006", f"{self.season.year} R{rnd.number} {session.name}: {car.driver} "
                                  f"(pos {row.pos}) declared {row.points.text} points, the rules give {car.points}: "
                                  f"{'; '.join(car.why)}", row.loc, {"clauses": causes(result)})
                for dp in session.points:
                    value = sc.points.get(dp.driver, Interval.exact(0))
                    ok = within(dp.points, value)
                    self.checks.append(Check("result-points", dp.driver, f"R{rnd.number} {session.name}",
                                             dp.points.text, str(value), ok, dp.loc, dp.src))
                    if not ok:
                        self.fail("AUDIT006", f"R{rnd.number} {session.name}: {dp.driver} stated to score "
                                  f"{dp.points.text} points, the rules and facts allow {value}", dp.loc)

    def _absent_points(self, rnd: int, session: str, car, clauses: list[str]) -> None:
        """A result without `points` in a complete classification that states points: it states zero."""
        row = car.result
        ok = 0 in car.points
        label = f"R{rnd} {session}"
        self.checks.append(Check("result-points", car.driver, label, "0 (no points given)", str(car.points), ok,
                                 row.loc, row.src))
        if not ok:
            self.fail("AUDIT015", f"{self.season.year} R{rnd} {session}: {car.driver} (pos {row.pos}) has no points "
                      f"in a complete classification (so 0), the rules give {car.points}: {'; '.join(car.why)}",
                      row.loc, {"clauses": clauses})

    # ------------------------------------------------------------ snapshot chains
    def chains(self) -> None:
        """A later published total must be reachable from an earlier one through the results in between."""
        from validator import components

        for name, result in self.results.items():
            additive = getattr(components.REGISTRY[result.rules.counting.use], "additive", False)
            if not additive:
                continue
            decided = {d.subject for d in self.season.decisions if d.classification == name}
            published: dict[str, list] = {}
            for snap in self.season.snapshots:
                if snap.classification != name or snap.after_round == "final" or not self.trusted(snap) \
                        or snap.after_round not in result.after or not result.sound_at(snap.after_round):
                    continue
                for row in snap.rows:
                    if row.points is not None and row.points.decimals is None:
                        published.setdefault(row.subject, []).append((snap.after_round, row))
            for subject, rows in published.items():
                if subject in decided:
                    continue
                rows.sort(key=lambda x: x[0])
                for (j1, r1), (j2, r2) in zip(rows, rows[1:]):
                    if j1 == j2 or (result.after[j1][subject].exact and result.after[j2][subject].exact):
                        continue  # exact totals are checked against each snapshot directly
                    gained = Interval(sum((result.scored_in(r, subject).lo for r in range(j1 + 1, j2 + 1)), Fraction(0)),
                                      sum((result.scored_in(r, subject).hi for r in range(j1 + 1, j2 + 1)), Fraction(0)))
                    delta = r2.points.value - r1.points.value
                    ok = delta in gained
                    self.checks.append(Check("chain", subject, f"{name} R{j1} -> R{j2}", str(delta), str(gained), ok,
                                             r2.loc, r2.src))
                    if not ok:
                        self.findings.append(Finding(
                            "AUDIT012", f"{subject}: published {r1.points.text} after R{j1} [{', '.join(r1.src)}] and "
                            f"{r2.points.text} after R{j2}, a gain of {delta}; the results of R{j1 + 1}..R{j2} allow "
                            f"{gained}", r2.loc, detail={"earlier": str(r1.loc)}))

    # ------------------------------------------------------------ declared outcome
    def lead(self, result: ClassificationResult, a: str, b: str, upto: int) -> tuple[str, Interval, str]:
        """Is a surely ahead of b after `upto`? -> ("ahead" | "behind" | "open" | "undecided" | "inconsistent",
        diff, basis); "undecided": level through the chain, placed by the governing body (authority-decides)."""
        ra, rb = result.after[upto].get(a), result.after[upto].get(b)
        if (ra is None or ra.total.is_exact) and (rb is None or rb.total.is_exact):
            bounds = difference(self.season, result, a, b, upto, lambda s: False)  # exact: no anchor can help
        else:
            bounds = difference(self.season, result, a, b, upto, self.trusted)
        diff, used = tightest(bounds)
        if diff.lo > diff.hi:
            return "inconsistent", diff, "; ".join(b.basis for b in used)
        lo_basis = next(b.basis for b in bounds if b.interval.lo == diff.lo)
        hi_basis = next(b.basis for b in bounds if b.interval.hi == diff.hi)
        chain = self._chain(result)
        ra, rb = result.after[upto].get(a), result.after[upto].get(b)
        if diff.lo == diff.hi == 0 and ra is not None and rb is not None and ra.exact and rb.exact:
            for step in chain:  # exact records level on points: the tie-break chain decides, or nothing does
                ka, kb = step.key(ra), step.key(rb)
                if ka != kb:
                    return ("ahead" if ka > kb else "behind"), diff, f"level on points; {step.name}"
            verdict, basis = level_verdict(chain)  # shared, placed by the governing body, or not said
            return verdict, diff, basis
        empty = Record("", Interval(0, 0), 0, 0, (), True)
        if diff.lo > 0 or (diff.lo == 0 and chain_ahead(ra or empty, rb or empty, chain)):
            return "ahead", diff, lo_basis
        if diff.hi < 0 or (diff.hi == 0 and chain_ahead(rb or empty, ra or empty, chain)):
            return "behind", diff, hi_basis
        return "open", diff, lo_basis

    def _published_final_order(self, result: ClassificationResult) -> list[str]:
        """Without a declared outcome, the published final table (top three) is the declaration."""
        return self.season.claimed_order(result.name)

    def _chain(self, result: ClassificationResult) -> list:
        from validator.engine.rank import _chain
        return _chain(result)

    def outcome(self) -> tuple[str, list[str]]:
        result = self.results.get("drivers")
        declared = self.season.declared
        reasoning: list[str] = []
        last = self.season.final_round
        if result is None or last not in result.after:
            return "consistent", ["no drivers' classification to check"]
        self.after_round = last
        first = "leader" if self.season.in_progress else "champion"
        final = result.after[last]
        rivals = [s for s, r in final.items() if r.total.hi > 0 and not r.excluded]
        proven = bool(declared.champion or declared.final_order)
        order = list(declared.final_order)
        if not declared.champion and not order:
            order = self._published_final_order(result)
            proven = bool(order)
        if declared.champion and (not order or order[0] != declared.champion):
            order = [declared.champion] + [d for d in order if d != declared.champion]
        for i, who in enumerate(order):
            label = first if i == 0 else f"P{i + 1}"
            loc = (declared.champion_loc if i == 0 and declared.champion else declared.final_order_loc) or next(
                (r.loc for s in self.season.snapshots if s.after_round == "final" for r in s.rows if r.subject == who),
                self.season.rules_loc)  # a published final table is the declaration: its row
            src = declared.champion_src if i == 0 and declared.champion else declared.final_order_src
            rec = final.get(who)
            shown = str(rec.total) if rec else "0"
            beaten, open_, reasons, closest, shared = [], [], [], None, []  # closest: (difference, rival)
            for other in rivals:
                if other in order[: i + 1]:
                    continue
                verdict, diff, basis = self.lead(result, who, other, last)
                if verdict != "inconsistent" and (closest is None or diff.lo < closest[0].lo):
                    closest = (diff, other)
                name = "an unnamed driver" if other == UNNAMED else other
                if verdict == "behind" and other not in order[i + 1:]:
                    beaten.append(f"{name} (difference {diff}; {basis})")
                elif verdict == "behind":
                    beaten.append(f"{name} (difference {diff}; {basis})")
                elif verdict == "inconsistent":
                    self.fail("AUDIT012", f"the published standings used to compare {who} and {other} are "
                              f"inconsistent with the results ({basis})", loc)
                    open_.append(name)
                elif verdict == "open":
                    open_.append(f"{name} (difference {diff})")
                elif verdict == "undecided":
                    open_.append(f"{name} (difference {diff}; {basis})")
                elif verdict == "level":
                    shared.append(name)
                elif basis != "independent totals":
                    reasons.append(f"{name} by {diff} ({basis})")
            ok = not beaten
            self.claims.append({"claim": label, "driver": who, "points": shown,
                                "status": "refuted" if beaten else ("open" if open_ else "proven"),
                                "anchored_on": reasons, "refuted_by": beaten, "open_against": open_, "shared_with": shared,
                                "margin": closest and str(closest[0]), "margin_over": closest and closest[1]})
            self.checks.append(Check("champion" if i == 0 else "final-order", who, f"declared {label}", who, shown,
                                     ok, loc, src))
            if beaten:
                code = "AUDIT007" if i == 0 else "AUDIT008"
                self.fail(code, f"declared {label} {who} ({shown} pts) is surely behind {'; '.join(beaten)}", loc)
                reasoning.append(f"{label} {who} refuted: surely behind {'; '.join(beaten)}")
            elif open_:
                proven = False
                reasoning.append(f"{label} {who} ({shown}) not proven: not surely ahead of {', '.join(open_[:6])}"
                                 + (f" and {len(open_) - 6} more" if len(open_) > 6 else ""))
            else:
                ahead = "ahead of or level with" if shared else "surely ahead of"
                reasoning.append(f"{label} {who} ({shown}) proven: {ahead} every driver not placed above "
                                 f"(independent totals{'; anchored: ' + '; '.join(reasons) if reasons else ''})"
                                 + (f"; shares the place with {', '.join(shared)}" if shared else ""))
        if any(f.severity == "failure" for f in self.findings):
            return "contradicted", reasoning
        return ("proven" if proven else "consistent"), reasoning


def audit(season: Season, ruleset: Ruleset, results: dict[str, ClassificationResult]) -> Audit:
    """Every check of one season, and its verdict: proven, in-progress (a season with rounds still to run: no
    champion yet; `standings_proven` says whether the standings so far are), consistent or contradicted."""
    auditor = _Auditor(season, ruleset, results)
    auditor.snapshots()
    auditor.findings += omitted(season, results, auditor.contradicted, auditor.used_errata)
    for e in season.errata:
        if id(e) not in auditor.used_errata:
            auditor.findings.append(Finding("AUDIT014", f"erratum for {e.subject} ({e.classification} after "
                                            f"{e.after_round}, {e.field}) matches no failing check", e.loc))
    auditor.chains()
    auditor.result_points()
    verdict, reasoning = auditor.outcome()
    team, found, lines, _ = team_champion(season, ruleset, results)  # a declared claim not proven: not "proven"
    auditor.findings, reasoning = auditor.findings + found, reasoning + lines
    verdict = "consistent" if verdict == "proven" and team not in (None, "proven") else verdict
    standings_proven = None
    if season.in_progress:
        standings_proven = verdict == "proven"
        verdict = "in-progress"
        so_far = (f"the standings after R{auditor.after_round} are {'proven' if standings_proven else 'not proven'}"
                  if auditor.after_round is not None else "no round has results yet")
        reasoning.insert(0, f"in progress: {rounds_left(season)} without results; {so_far}")
    failures = [f for f in auditor.findings if f.severity == "failure"]
    if failures:
        verdict = "contradicted"
        reasoning.insert(0, f"{len(failures)} published fact(s) contradict the rules and the recorded facts")
    final = season.final_round
    for result in results.values():
        if final is not None and not result.sound_at(final):
            checked = f" from R{result.unsound_from}" if result.unsound_from > season.rounds[0].number else ""
            reasoning.append(f"{result.name} classification not checked{checked}: {result.unsound_reason}")
    for cls in ruleset.classifications.values():
        for clause in cls.clauses():
            if clause.unsourced:
                auditor.findings.append(Finding("AUDIT010", f"{clause.describe()} is unsourced: {clause.reason}",
                                                clause.loc))
    return Audit(verdict, reasoning, auditor.claims, auditor.checks, auditor.findings, standings_proven,
                 auditor.after_round)
