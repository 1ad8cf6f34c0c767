"""Cross-references of a season record against its calendar, its entries and its ruleset, and facts that cannot
all be true together. Checked once the ruleset is known, before anything is scored: a reference that resolves to
nothing would otherwise be skipped in silence, and the verdict would rest on less than the record says.

* REF010 a round file's session that the calendar row of its round does not list;
* REF011 a snapshot, override, decision or erratum naming a classification the ruleset does not define;
* REF012 a standings row, decision or erratum naming a driver in a team classification (or a team in a driver
  one); REF004 a decision from a round that is not on the calendar;
* REF013 an override that matches no result of its session (driver, team, car number);
* REF014 an entry covering a round that is not on the calendar;
* CONS004 an order fact contradicting the road positions of both its cars; CONS013 order facts forming a cycle;
* CONS009 (warning) a session the calendar lists with no results in the round's file: it is scored as unknown;
* CONS010 (warning, one per driver) results in rounds that every entry of their driver, each listing its rounds,
  leaves out: the entries' rounds are contradicted, so the engine does not use them to leave the driver out of a
  round;
* CONS011 two rows of one competitor in a snapshot giving different points or positions; CONS012 two snapshots
  of one classification after one round;
* CONS014 a road position beyond the session's stated finishers, or more cars than its starters; CONS015 two
  overrides of one result; CONS016 a driver twice in the declared final order.
"""
from __future__ import annotations

from validator.findings import Finding
from validator.model.rules import Ruleset
from validator.model.season import NOT_RACED, Round, Season, Session


def cross_references(season: Season, ruleset: Ruleset) -> list[Finding]:
    """Every finding of this module for one season (located; all at once)."""
    out: list[Finding] = []
    for rnd in season.rounds:
        out += _calendar_sessions(rnd)
        for session in rnd.sessions:
            out += _order(session)
            out += _counts(session)
    out += _entered(season)
    out += _classifications(season, ruleset)
    out += _exception_subjects(season, ruleset)
    out += _snapshots(season, ruleset)
    out += _overrides(season)
    return out + _declared_and_entries(season)


def _declared_and_entries(season: Season) -> list[Finding]:
    out = []
    order = season.declared.final_order
    twice = sorted({d for d in order if order.count(d) > 1})
    if twice:
        out.append(Finding("CONS016", f"declared final order names {', '.join(twice)} more than once",
                           season.declared.final_order_loc))
    calendar = set(season.round_numbers())
    for entry in season.entries:
        outside = sorted(r for r in entry.rounds or () if r not in calendar)
        if outside:
            out.append(Finding("REF014", f"entry of {entry.driver} covers round(s) {', '.join(map(str, outside))}, "
                               f"not on the calendar", entry.loc))
    return out


def _calendar_sessions(rnd: Round) -> list[Finding]:
    if rnd.planned is None or not rnd.sessions:
        return []
    out = []
    recorded = {s.name for s in rnd.sessions}
    for session in rnd.sessions:
        if session.name not in rnd.planned:
            out.append(Finding("REF010", f"round {rnd.number} has a {session.name!r} session, but its calendar row "
                               f"lists {list(rnd.planned)} ({rnd.loc})", session.loc))
    for name in rnd.planned:
        if name not in recorded:
            out.append(Finding("CONS009", f"round {rnd.number}: the calendar lists a {name!r} session, but "
                               f"{rnd.file} has no results for it; it is scored as unknown", rnd.loc))
    return out


def _order(session: Session) -> list[Finding]:
    """Order facts against the known road positions, and against each other (a cycle)."""
    out = []
    road = {}
    for r in session.results:
        if isinstance(r.pos, int) and not r.shared:
            road.setdefault(r.driver, r.pos)
    behind: dict[str, list[str]] = {}
    for o in session.order:
        a, b = road.get(o.ahead), road.get(o.behind)
        if a is not None and b is not None and a >= b:
            out.append(Finding("CONS004", f"R{session.round} {session.name}: order fact puts {o.ahead} (road {a}) "
                               f"ahead of {o.behind} (road {b})", o.loc))
        behind.setdefault(o.ahead, []).append(o.behind)
    cycle = _cycle(behind)
    if cycle:
        first = next(o for o in session.order if o.ahead == cycle[0] and o.behind == cycle[1])
        out.append(Finding("CONS013", f"R{session.round} {session.name}: the order facts form a cycle "
                           f"({' ahead of '.join(cycle)})", first.loc))
    return out


def _counts(session: Session) -> list[Finding]:
    """CONS014: road positions beyond the stated number of finishers, more cars that started than starters."""
    out = []
    where = f"R{session.round} {session.name}"
    if session.finishers is not None:
        beyond = [r for r in session.results if isinstance(r.pos, int) and r.pos > session.finishers]
        if beyond:
            out.append(Finding("CONS014", f"{where}: {beyond[0].driver} at road position {beyond[0].pos}, but the "
                               f"session states {session.finishers} finishers", beyond[0].loc))
    if session.starters is not None:
        started = [r for r in session.results if r.pos not in NOT_RACED and not r.shared]
        if len(started) > session.starters:
            out.append(Finding("CONS014", f"{where}: {len(started)} cars took part by the results, but the session "
                               f"states {session.starters} starters", started[session.starters].loc))
    return out


def _cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """A cycle in the 'ahead of' graph, as the list of drivers around it (first repeated at the end)."""
    state: dict[str, int] = {}
    for start in sorted(edges):
        if state.get(start):
            continue
        stack, path = [(start, iter(edges.get(start, ())))], [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(edges.get(child, ()))))
                path.append(child)
    return None


def _entered(season: Season) -> list[Finding]:
    """CONS010, one per driver: the entries' rounds are set aside for the driver as a whole (`Season.
    contradicted_entries`), so one finding says so, at his first result outside them, naming every such round."""
    outside: dict[str, list] = {}  # driver -> [(round, session, result)] in calendar order
    for rnd in season.rounds:
        for session in rnd.sessions:
            for r in session.results:
                if r.pos in NOT_RACED:
                    continue
                entries = season.entries_of(r.driver)
                if entries and all(e.rounds is not None for e in entries) and not any(e.covers(rnd.number)
                                                                                      for e in entries):
                    outside.setdefault(r.driver, []).append((rnd.number, session.name, r))
    out = []
    for driver, rows in outside.items():
        entries = season.entries_of(driver)
        listed = sorted({n for e in entries for n in e.rounds})
        sessions: dict[str, list[str]] = {}
        for n, name, _ in rows:
            sessions.setdefault(name, []).append(f"R{n}")
        results = "; ".join(f"{', '.join(rounds)} ({name})" for name, rounds in sessions.items())
        out.append(Finding("CONS010", f"{driver} has {'a result' if len(rows) == 1 else 'results'} in {results}, "
                           f"but every entry of {driver} lists its "
                           f"rounds and none lists {'that round' if len(rows) == 1 else 'those rounds'} (entries: "
                           f"rounds {', '.join(map(str, listed))}; {entries[0].loc}); the entries' rounds are not "
                           "used to leave him out of any round", rows[0][2].loc,
                           detail={"results": [str(r.loc) for _, _, r in rows]}))
    return out


def _classifications(season: Season, ruleset: Ruleset) -> list[Finding]:
    defined = set(ruleset.classifications)
    rows = [("snapshot", s.classification, s.loc) for s in season.snapshots]
    rows += [("override", o.classification, o.loc) for o in season.overrides if o.classification is not None]
    rows += [("decision", d.classification, d.loc) for d in season.decisions]
    rows += [("erratum", e.classification, e.loc) for e in season.errata]
    return [Finding("REF011", f"{what} for classification {name!r}, which {ruleset.key} does not define "
                    f"(it defines {', '.join(sorted(defined))})", loc)
            for what, name, loc in rows if name not in defined]


def _exception_subjects(season: Season, ruleset: Ruleset) -> list[Finding]:
    """A decision or erratum must name a competitor of its classification's kind (REF012), and a decision's
    round must be on the calendar (REF004): either would otherwise apply to nothing, in silence."""
    out = []
    calendar = set(season.round_numbers())
    rows = [("decision", d.classification, d.subject, d.loc) for d in season.decisions]
    rows += [("erratum", e.classification, e.subject, e.loc) for e in season.errata]
    for what, name, subject, loc in rows:
        cls = ruleset.classifications.get(name)
        if cls is not None and subject not in (season.drivers if cls.subject == "driver" else season.teams):
            out.append(Finding("REF012", f"{what} for {subject!r} in the {name} classification, which ranks "
                               f"{cls.subject}s", loc))
    for d in season.decisions:
        if d.round is not None and d.round not in calendar:
            out.append(Finding("REF004", f"decision for {d.subject} from round {d.round}, which is not on the "
                               f"calendar", d.loc))
    return out


def _snapshots(season: Season, ruleset: Ruleset) -> list[Finding]:
    out = []
    seen: dict[tuple, object] = {}
    for snap in season.snapshots:
        key = (snap.after_round, snap.classification)
        if key in seen:
            out.append(Finding("CONS012", f"two {snap.label()} tables (the first at line {seen[key].line}): "
                               f"merge them", snap.loc))
        seen.setdefault(key, snap.loc)
        cls = ruleset.classifications.get(snap.classification)
        stated: dict[tuple[str, str], object] = {}
        for row in snap.rows:  # rows from several sources may each give one figure of a competitor
            for name, value in (("points", row.points.value if row.points else None), ("position", row.position)):
                first = stated.setdefault((row.subject, name), row) if value is not None else None
                if first is not None and first is not row and _value(first, name) != value:
                    out.append(Finding("CONS011", f"{snap.label()}: {row.subject} given {name} {_value(first, name)} "
                                       f"(line {first.loc.line}) and {value}", row.loc))
        if cls is None:
            continue
        named = [*snap.rows, *([snap.leader] if snap.leader else [])]
        for row in named:
            wrong = row.subject in season.teams if cls.subject == "driver" else row.subject in season.drivers
            right = row.subject in season.drivers if cls.subject == "driver" else row.subject in season.teams
            if wrong and not right:
                out.append(Finding("REF012", f"{snap.label()} ranks {cls.subject}s, but this row names "
                                   f"{row.subject!r}, a {'team' if cls.subject == 'driver' else 'driver'}", row.loc))
    return out


def _value(row, name: str):
    return (row.points.value if row.points else None) if name == "points" else row.position


def _overrides(season: Season) -> list[Finding]:
    """REF013 an override that matches no result; CONS015 two overrides of one result (the last would win)."""
    out = []
    for rnd in season.rounds:
        for session in rnd.sessions:
            first: dict[tuple, object] = {}
            for ov in session.overrides:
                key = (ov.driver, ov.team, ov.number, ov.classification)
                if key in first:
                    out.append(Finding("CONS015", f"two overrides for {ov.driver} in R{rnd.number} {session.name} "
                                       f"(the first at line {first[key].line})", ov.loc))
                first.setdefault(key, ov.loc)
                if not any(r.driver == ov.driver and (ov.number is None or r.number == ov.number)
                           and (ov.team is None or r.team in (None, ov.team)) for r in session.results):
                    out.append(Finding("REF013", f"override for {ov.driver} in R{rnd.number} {session.name} "
                                       f"matches no result of that session: it would change nothing", ov.loc))
    return out
