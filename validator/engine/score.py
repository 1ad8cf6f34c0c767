"""Score every session and aggregate the totals after every round, for one classification of a ruleset."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from validator import components
from validator.components.eligibility import eligibility_of
from validator.engine.interval import ZERO, Interval
from validator.engine.places import Car, Eligibility, session_cars
from validator.engine.record import EMPTY, Placings, Record
from validator.engine.seats import capped_teams, too_many_cars, unseated_car
from validator.findings import Finding
from validator.model.rules import ClassificationRules, Ruleset
from validator.model.season import Claim, Round, Season, Session

MAX_WORLDS = 256  # combinations of conflicting claims considered per session
UNNAMED = "?"  # any car no fact names: an upper bound for every driver the record does not know


@dataclass
class SessionContext:
    """What a points component sees: one session, its cars, and the ruleset."""

    season: Season
    round: Round
    session: Session
    cars: list[Car]
    ruleset: Ruleset
    classification: ClassificationRules


@dataclass
class SessionScore:
    round: int
    session: str
    points: dict[str, Interval]            # subject -> points in this session
    wins: dict[str, tuple[int, int]]       # subject -> (fewest, most) wins
    places: dict[str, list[int]]           # subject -> exact scoring places (when every world agrees)
    cars: list[Car]                        # cars of the first consistent world (for derivation traces)
    worlds: int
    rejected: list[tuple[list[Claim], str]] = field(default_factory=list)


@dataclass
class ClassificationResult:
    name: str
    subject: str
    rules: ClassificationRules
    sessions: list[SessionScore]
    after: dict[int, dict[str, Record]]     # round -> subject -> record
    unsound_from: int | None                # first round whose totals the data cannot bound soundly (None: none)
    unsound_reason: str = ""
    findings: list[Finding] = field(default_factory=list)
    by_round: dict[int, dict[str, Interval]] = field(default_factory=dict)  # points scored in each round

    @property
    def sound(self) -> bool:
        """Are the totals after every round sound bounds?"""
        return self.unsound_from is None

    def sound_at(self, rnd: int) -> bool:
        """Are the totals after round `rnd` sound bounds? (A season in progress: its complete rounds are.)"""
        return self.unsound_from is None or rnd < self.unsound_from

    def scored_in(self, rnd: int, subject: str) -> Interval:
        return self.by_round.get(rnd, {}).get(subject, ZERO)

    @property
    def last_round(self) -> int | None:
        return max(self.after, default=None)


def _worlds(session: Session) -> list[list[Claim]]:
    choices = [c.claims for c in session.conflicts if c.affects_scoring]
    combos = [list(c) for c in itertools.islice(itertools.product(*choices), MAX_WORLDS)]
    return combos or [[]]


def _inconsistent(session: Session) -> str | None:
    seen: dict[int, str] = {}
    driver_pos: dict[str, int] = {}
    for r in session.results:
        if not isinstance(r.pos, int):
            continue
        if r.pos in seen and seen[r.pos] != r.driver and not r.shared:
            return f"{seen[r.pos]} and {r.driver} both at road position {r.pos}"
        if r.driver in driver_pos and driver_pos[r.driver] != r.pos and not r.shared:
            return f"{r.driver} at road positions {driver_pos[r.driver]} and {r.pos}"
        seen[r.pos] = r.driver
        driver_pos.setdefault(r.driver, r.pos)
    for o in session.order:
        a, b = driver_pos.get(o.ahead), driver_pos.get(o.behind)
        if a is not None and b is not None and a > b:
            return f"{o.ahead} (road {a}) cannot be ahead of {o.behind} (road {b})"
    return None


def _dedupe(session: Session) -> Session:
    """A conflict claim may repeat a base fact; keep one row per (driver, position)."""
    seen, rows = set(), []
    for r in session.results:
        key = (r.driver, r.pos, r.team)
        if key not in seen:
            seen.add(key)
            rows.append(r)
    session.results = rows
    return session


def _apply_overrides(session: Session, cars: list[Car], cls_name: str) -> None:
    for ov in session.overrides:
        if ov.classification not in (None, cls_name):
            continue
        for car in cars:
            if ov.matches(car.driver, car.team, car.result):
                car.points = Interval.exact(ov.points.value)
                car.why.append(f"override: {ov.points.text} pts - {ov.reason} ({ov.loc})")
                break


def score_session(season: Season, rnd: Round, session: Session, ruleset: Ruleset, cls: ClassificationRules,
                  elig: Eligibility, points: list, findings: list[Finding]) -> SessionScore:
    subject_of = (lambda car: car.driver) if cls.subject == "driver" else (lambda car: car.team)
    result: SessionScore | None = None
    rejected = []
    for claims in _worlds(session):
        world = _dedupe(session.with_claims(claims)) if claims else session
        problem = _inconsistent(world) if claims else None
        if problem:
            rejected.append((claims, problem))
            continue
        cars = session_cars(season, world, elig, findings if result is None else [])
        if result is None and elig.cars_per_team is not None and cls.subject == "team":
            findings.extend(too_many_cars(cars, elig.cars_per_team, rnd, session))
        ctx = SessionContext(season, rnd, world, cars, ruleset, cls)
        for component in points:
            component.apply(ctx)
        _apply_overrides(world, cars, cls.name)
        pts: dict[str, Interval] = {}
        wins: dict[str, tuple[int, int]] = {}
        places: dict[str, list[int]] = {}
        unnamed_may_win = False
        seats = cls.subject == "team" and not session.complete and elig.cars_per_team is not None
        unseated = [car for car in cars if seats and unseated_car(car)]
        if unseated:
            def alone(car: Car) -> Interval:
                """What the points clauses give this car alone in the session (a copy at another best place)."""
                for component in points:
                    component.apply(SessionContext(season, rnd, world, [car], ruleset, cls))
                return car.points
            capped_teams(cars, unseated, season.teams, elig.cars_per_team, pts, wins, alone)
        for car in cars:
            subject = subject_of(car)
            if unseated and unseated_car(car):
                continue
            if subject is None:
                if cls.subject == "team" and not session.complete:
                    unnamed_may_win |= _any_team(car, season.teams, pts)
                continue
            pts[subject] = pts.get(subject, ZERO) + car.points
            lo, hi = wins.get(subject, (0, 0))
            can_win = car.eligible != "no" and car.best == 1 and car.points.hi > 0
            must_win = car.eligible == "yes" and car.worst == 1
            wins[subject] = (lo + must_win, hi + can_win)
            if car.eligible != "no" and car.exact_place is not None:
                places.setdefault(subject, []).append(car.exact_place)
        if unnamed_may_win:  # one car wins the session: the unnamed cars give each team one possible win at most
            for team in season.teams:
                lo, hi = wins.get(team, (0, 0))
                wins[team] = (lo, hi + 1)
        if result is None:
            result = SessionScore(rnd.number, session.name, pts, wins, places, cars, 1)
        else:
            result.worlds += 1
            for subject in set(result.points) | set(pts):
                result.points[subject] = result.points.get(subject, ZERO).hull(pts.get(subject, ZERO))
                a, b = result.wins.get(subject, (0, 0)), wins.get(subject, (0, 0))
                result.wins[subject] = (min(a[0], b[0]), max(a[1], b[1]))
                if result.places.get(subject) != places.get(subject):
                    result.places.pop(subject, None)
    if result is None:
        findings.append(Finding("CONS004", f"R{rnd.number} {session.name}: every side of the recorded source "
                                "conflicts contradicts the other facts", session.loc))
        result = SessionScore(rnd.number, session.name, {}, {}, {}, [], 0)
    result.rejected = rejected
    return result


def _any_team(car: Car, teams, pts: dict[str, Interval]) -> bool:
    """A car of an incomplete session whose team no fact gives (an unnamed car, a driver with no entry for the
    round: every car of a future round) may score for any team: each team's range widens by what the car may
    score, so that it still holds every completion (sound, if loose; no team gains a sure point or win).
    True when the car may win the session (the caller counts that once per session, not once per car)."""
    if car.eligible == "no":
        return False
    share = Interval(min(car.points.lo, 0), max(car.points.hi, 0))
    for team in teams:
        pts[team] = pts.get(team, ZERO) + share
    return car.best == 1 and car.points.hi > 0


def score_classification(season: Season, ruleset: Ruleset, name: str, memo: dict | None = None) -> ClassificationResult:
    """Score every session and aggregate. `memo` (id(session) -> (session, SessionScore)) lets a caller that
    replays many completions of one season reuse the scores of the sessions they share (validator/scenarios)."""
    cls = ruleset.classifications[name]
    elig = eligibility_of(cls)
    points = [components.build(c) for c in cls.points]
    counting = components.build(cls.counting)
    additive = getattr(counting, "additive", False)
    neutral = getattr(counting, "zero_round_neutral", False)
    running: dict[str, Interval] = {}
    counted: dict[str, Interval] = {}   # counting.total of each subject's rounds so far (before adjustments)
    negative: set[str] = set()          # subjects with a round below zero (a zero round may then count)
    adjustments = [components.build(c) for c in cls.adjustments]
    findings: list[Finding] = []
    sessions: list[SessionScore] = []
    unsound_from, reason = None, ""
    per_round: dict[str, list[Interval]] = {}
    wins: dict[str, list[int]] = {}
    session_wins: dict[str, dict[str, tuple[int, int]]] = {}
    places: dict[str, Placings] = {}
    inexact: set[str] = set()
    after: dict[int, dict[str, Record]] = {}
    by_round: dict[int, dict[str, Interval]] = {}
    subjects: set[str] = set(season.drivers) if cls.subject == "driver" else set(season.teams)
    for index, rnd in enumerate(season.rounds):
        round_points: dict[str, Interval] = {}
        # a session the calendar lists without results is fully unknown (a future race, or one no source
        # describes); so is every session of a round with no results whose calendar lists none
        for session in rnd.scored_sessions(ruleset.sessions):
            if session.name not in ruleset.sessions:
                findings.append(Finding("REF006", f"session {session.name!r} is not defined by {ruleset.key}",
                                        session.loc))
                continue
            if cls.subject == "team" and not session.complete and unsound_from is None:
                unsound_from = rnd.number
                reason = "team totals need complete classifications (unnamed cars' teams are unknown)"
            known = memo.get(id(session)) if memo is not None else None
            if known is not None and known[0] is session:
                sc = known[1]
            else:
                sc = score_session(season, rnd, session, ruleset, cls, elig, points, findings)
                if memo is not None:
                    memo[id(session)] = (session, sc)
            sessions.append(sc)
            for subject, value in sc.points.items():
                round_points[subject] = round_points.get(subject, ZERO) + value
                lo, hi = sc.wins.get(subject, (0, 0))
                w = wins.setdefault(subject, [0, 0])
                w[0] += lo
                w[1] += hi
                sw = dict(session_wins.get(subject, {}))  # copied on write: earlier records keep theirs
                old = sw.get(session.name, (0, 0))
                sw[session.name] = (old[0] + lo, old[1] + hi)
                session_wins[subject] = sw
                if not value.is_exact:
                    inexact.add(subject)
                if subject in sc.places:
                    places[subject] = places.get(subject, EMPTY) + tuple((session.name, p) for p in sc.places[subject])
                elif value.hi > 0:
                    inexact.add(subject)
        subjects |= set(round_points)
        by_round[rnd.number] = round_points
        records: dict[str, Record] = {}
        for subject in sorted(subjects):
            value = round_points.get(subject, ZERO)
            if additive:  # every result counts: keep a running total instead of re-adding every round
                total = running[subject] = running.get(subject, ZERO) + value
            else:
                history = per_round.setdefault(subject, [ZERO] * index)
                history.append(value)
                if value.lo < 0:
                    negative.add(subject)
                if value == ZERO and neutral and subject in counted and subject not in negative:
                    total = counted[subject]  # a round without points leaves the counted total as it was
                else:
                    total = counted[subject] = counting.total(history)
            w_lo, w_hi = wins.get(subject, (0, 0))
            records[subject] = Record(subject, total, w_lo, w_hi, places.get(subject, EMPTY), subject not in inexact,
                                      session_wins=session_wins.get(subject, {}))
        after[rnd.number] = records
        for component in adjustments:
            component.adjust(after[rnd.number], season, name, rnd.number)
    return ClassificationResult(name, cls.subject, cls, sessions, after, unsound_from, reason, findings, by_round)

