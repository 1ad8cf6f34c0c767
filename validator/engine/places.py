"""Where each car can have finished among the *eligible* finishers of one session, given the known facts.

Road positions include non-scoring cars. A car's scoring place is its road position minus the non-scoring
cars ahead of it (when points pass down). With incomplete facts, every road position nobody is known to
hold may be any car, scoring or not, so a car's scoring place is a range. The range is sound: it holds in
every completion of the facts (constraints that link two unknown cars are ignored, which only widens it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from validator.engine.interval import ZERO, Interval
from validator.findings import Finding
from validator.model.season import Result, Season, Session


@dataclass
class Eligibility:
    """What the ruleset's eligibility clauses say, in the form the place computation needs."""

    non_scoring: frozenset[str] = frozenset()
    pass_down: bool = True
    unclassified_marks: frozenset[str] = frozenset()
    governed: bool = False  # True when some clause decides eligibility by championship status
    unstated: str = "unknown"  # what an entry with no stated status is: unknown, or scoring
    cars_per_team: int | None = None  # the most cars one team has in a session (cars-per-team), None: no limit

    def of(self, status: str | None) -> str:
        if not self.governed:
            return "yes"
        if status is None:
            return "yes" if self.unstated == "scoring" else "maybe"
        return "no" if status in self.non_scoring else "yes"


@dataclass(slots=True)
class Car:
    driver: str
    team: str | None
    result: Result | None
    eligible: str                 # yes | no | maybe
    status: str | None
    status_src: tuple[str, ...]
    best: int | None              # best possible scoring place; None = cannot score a place
    worst: int | None             # worst possible scoring place; None = may end unplaced (0 points)
    road: tuple[int, int | None] | None
    points: Interval = ZERO
    wins: Interval = ZERO
    why: list[str] = field(default_factory=list)

    @property
    def exact_place(self) -> int | None:
        return self.best if self.best is not None and self.best == self.worst else None


def status_of(season: Season, session: Session, driver: str) -> tuple[str | None, tuple[str, ...]]:
    """A driver's championship status in a session: stated for the session, else by the entries covering the
    round; unknown (None) when nothing or two different statuses are stated."""
    return _statuses(season, session, [driver])[driver]


def _statuses(season: Season, session: Session, drivers) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    stated: dict[str, dict[str, tuple[str, ...]]] = {}
    for s in session.statuses:
        stated.setdefault(s.driver, {})[s.status] = s.src
    out = {}
    for driver in drivers:
        found = stated.get(driver)
        if found is None:
            out[driver] = season.entry_status(driver, session.round)
        else:
            out[driver] = next(iter(found.items())) if len(found) == 1 else (None, ())
    return out


def not_entered(season: Season, driver: str, round_number: int) -> bool:
    """An entry that lists its rounds says the driver was entered for those rounds only."""
    entries = season.entries_of(driver)
    return bool(entries) and all(e.rounds is not None for e in entries) \
        and not any(e.covers(round_number) for e in entries) and driver not in season.contradicted_entries


class _Field:
    """Prefix counts over road positions: how many non-scoring (sure / possible) cars are ahead of a position."""

    def __init__(self, taken: dict[int, str], eligible: dict[str, str], open_end: bool, last: int | None):
        self.taken, self.open_end, self.last = taken, open_end, last
        top = max([*taken, last or 0]) + 2
        self.sure = [0] * (top + 1)
        self.maybe = [0] * (top + 1)
        for p in range(1, top + 1):
            s, mb = self.sure[p - 1], self.maybe[p - 1]
            if p - 1 >= 1:
                holder = taken.get(p - 1)
                if holder is None:
                    mb += 1 if self.is_open(p - 1) else 0
                elif eligible.get(holder) == "no":
                    s += 1
                elif eligible.get(holder) == "maybe":
                    mb += 1
            self.sure[p], self.maybe[p] = s, mb
        self.top = top
        # nearest open position at or after / at or before each p <= top: open_slots is O(1) per car, not a scan
        # over every taken position (thousands of cars in a classification with hundreds of places stay fast)
        self.next_open: list[int | None] = [None] * (top + 2)
        self.prev_open: list[int | None] = [None] * (top + 1)
        for p in range(top, 0, -1):
            self.next_open[p] = p if self.is_open(p) else self.next_open[p + 1]
        for p in range(1, top + 1):
            self.prev_open[p] = p if self.is_open(p) else self.prev_open[p - 1]

    def is_open(self, p: int) -> bool:
        """Can an unknown car (or a car whose place is unknown) hold road position p? Never in a complete
        classification: a vacant place there (e.g. after a disqualification) stays vacant."""
        if p in self.taken or not self.open_end:
            return False
        return self.last is None or p <= self.last

    def ahead(self, p: int) -> tuple[int, int]:
        """(fewest, most) non-scoring cars ahead of road position p."""
        if p <= self.top:
            return self.sure[p], self.sure[p] + self.maybe[p]
        extra = (p - self.top) if self.open_end and self.last is None else 0
        return self.sure[self.top], self.sure[self.top] + self.maybe[self.top] + extra

    def open_slots(self, lo: int, hi: int | None) -> tuple[int | None, int | None]:
        """First and last open road position in [lo, hi]; last is None when unbounded."""
        limit = hi if hi is not None else self.last
        if not 1 <= lo <= self.top or (limit is not None and limit > self.top):
            return self._scan(lo, hi)
        if limit is None:  # then self.last is None too: every position past `top` is open iff open_end
            first = self.next_open[lo]
            if first is None and self.open_end:
                first = self.top + 1
            return first, None
        first = self.next_open[lo]
        if first is None or first > limit:
            return None, None
        return first, self.prev_open[limit]

    def _scan(self, lo: int, hi: int | None) -> tuple[int | None, int | None]:
        """open_slots by walking the positions (for bounds outside 1..top, which the facts never give)."""
        first = None
        limit = hi if hi is not None else (self.last if self.last is not None else None)
        p = lo
        while limit is None or p <= limit:
            if self.is_open(p):
                first = p
                break
            if limit is None and p > self.top:
                first = p if self.open_end else None
                break
            p += 1
        if first is None:
            return None, None
        if limit is None:
            return first, None
        last = next((q for q in range(limit, first - 1, -1) if self.is_open(q)), None)
        return first, last


def session_cars(season: Season, session: Session, elig: Eligibility, findings: list[Finding]) -> list[Car]:
    """Every car that may have taken part in the session, with its possible scoring places."""
    drivers = dict.fromkeys([r.driver for r in session.results] + [o.ahead for o in session.order]
                            + [o.behind for o in session.order]
                            + ([] if session.complete else list(season.drivers)))
    statuses = _statuses(season, session, drivers)
    eligible = {d: elig.of(statuses[d][0]) for d in drivers}
    taken = {r.pos: r.driver for r in session.results if isinstance(r.pos, int)}
    last = max(taken, default=0) if session.complete else session.finishers
    marked = {r.driver for r in session.results if not isinstance(r.pos, int) and r.pos != "unknown"}
    orders_of = _orders_of(session)
    forced = _forced_positions(session, taken, marked, last, orders_of)
    taken.update({p: d for d, p in forced.items()})
    index = (orders_of, _positions(taken))
    fld = _Field(taken, eligible, open_end=not session.complete, last=last)

    def place_range(road_lo: int, road_hi: int | None, must_place: bool) -> tuple[int | None, int | None]:
        g_lo = fld.ahead(road_lo)[1]
        best = road_lo - g_lo if elig.pass_down else road_lo
        if road_hi is None or not must_place:
            return best, None
        worst = road_hi - fld.ahead(road_hi)[0] if elig.pass_down else road_hi
        return best, worst

    cars: list[Car] = []
    placed = set()
    for d, p in forced.items():
        status, src = statuses[d]
        car = Car(d, team_of(season, d, session.round), None, eligible[d], status, src, None, None, (p, p))
        car.best, car.worst = place_range(p, p, True)
        car.why.append(f"road {p}: the only free place the order facts allow")
        cars.append(car)
        placed.add(d)
    for r in session.results:
        if r.driver in forced:
            continue
        status, src = statuses[r.driver]
        car = Car(r.driver, r.team or team_of(season, r.driver, session.round), r, eligible[r.driver], status, src,
                  None, None, None)
        if isinstance(r.pos, int):
            car.road = (r.pos, r.pos)
            car.best, car.worst = place_range(r.pos, r.pos, True)
            placed.add(r.driver)
        elif r.pos == "unknown":
            car.road, car.best, car.worst = _unknown_place(r.driver, session, taken, fld, place_range, findings,
                                                           must_start=True, index=index)
            placed.add(r.driver)
        else:
            placed.add(r.driver)  # a mark: did not finish / start / qualify -> no place
        cars.append(car)
    if not session.complete:
        for d in drivers:
            if d in placed or (not_entered(season, d, session.round) and not season.is_future(session.round)):
                continue
            status, src = statuses[d]
            car = Car(d, team_of(season, d, session.round), None, eligible[d], status, src, None, None, None)
            car.road, car.best, car.worst = _unknown_place(d, session, taken, fld, place_range, findings,
                                                           must_start=False, index=index)
            cars.append(car)
        unnamed = Car("?", None, None, "maybe" if elig.governed else "yes", None, (), None, None, None)
        unnamed.road, unnamed.best, unnamed.worst = _unknown_place("?", session, taken, fld, place_range, findings,
                                                                   must_start=False, index=index)
        cars.append(unnamed)
    return cars


def team_of(season: Season, driver: str, round_number: int) -> str | None:
    teams = {e.team for e in season.entry_for(driver, round_number) if e.team}
    return teams.pop() if len(teams) == 1 else None


def _unknown_place(driver, session, taken, fld, place_range, findings, must_start, index):
    """Range of places for a car whose road position is not known, bounded by the order facts."""
    orders_of, pos_of = index
    lo, hi, must_place = 1, None, False
    for o in orders_of.get(driver, ()):
        if o.behind == driver:
            must_place = True
            q = pos_of.get(o.ahead)
            if q is not None:
                lo = max(lo, q + 1)
        if o.ahead == driver:
            must_place = True
            q = pos_of.get(o.behind)
            if q is not None:
                hi = q - 1 if hi is None else min(hi, q - 1)
    first, last = fld.open_slots(lo, hi)
    if first is None:
        if must_place:
            findings.append(Finding("CONS004", f"R{session.round} {session.name}: no free road position fits the "
                                    f"order facts for {driver}", session.loc))
        return None, None, None
    best, worst = place_range(first, last, must_place and last is not None)
    return (first, last), best, worst


def _orders_of(session: Session) -> dict[str, list]:
    """The order facts naming each driver, in file order: every lookup by driver is then linear in that
    driver's facts, not in the session's (thousands of order facts stay fast)."""
    out: dict[str, list] = {}
    for o in session.order:
        out.setdefault(o.ahead, []).append(o)
        if o.behind != o.ahead:
            out.setdefault(o.behind, []).append(o)
    return out


def _positions(taken: dict[int, str]) -> dict[str, int]:
    """driver -> known road position (the first, as a scan of `taken` in order would find it)."""
    out: dict[str, int] = {}
    for p, d in taken.items():
        out.setdefault(d, p)
    return out


def _forced_positions(session: Session, taken: dict[int, str], marked: set[str], last: int | None,
                      orders_of: dict[str, list]) -> dict[str, int]:
    """Drivers whose order facts leave exactly one free road position (e.g. ahead of the 10th-placed car with
    places 1-8 known: 9th). Repeated until nothing changes, since one forced place can force another."""
    forced: dict[str, int] = {}
    occupied = dict(taken)
    pos_of = _positions(occupied)
    changed = True
    while changed:
        changed = False
        for d in orders_of:  # every driver an order fact names, in the order the facts name them
            if d in forced or d in marked or d in pos_of:
                continue
            lo, hi = 1, None
            for o in orders_of[d]:
                if o.behind == d and (q := pos_of.get(o.ahead)) is not None:
                    lo = max(lo, q + 1)
                if o.ahead == d and (q := pos_of.get(o.behind)) is not None:
                    hi = q - 1 if hi is None else min(hi, q - 1)
            if hi is None and last is not None:
                hi = last
            if hi is None:
                continue
            free = [p for p in range(lo, hi + 1) if p not in occupied]
            if len(free) == 1:
                forced[d] = free[0]
                occupied[free[0]] = d
                pos_of.setdefault(d, free[0])
                changed = True
    return forced
