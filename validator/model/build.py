"""Model stage: validated season documents -> a typed, located `Season`, with reference checks (rulesets:
model/build_ruleset.py; reading one file: model/documents.py)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from validator.findings import Finding, Location
from validator.load import numbers
from validator.load.files import present
from validator.load.yaml_loader import Document
from validator.model.assumptions import assumptions
from validator.model import directory as season_dir, published as pub, season as m
from validator.model.claims import build_claims
from validator.model.documents import display_path, load_checked, parse_number

Where = Location | Callable[[], Location]  # a place, or how to find it (scalars are located only when needed)


def _located(where: Where) -> Location:
    return where() if callable(where) else where


class _Refs:
    """Collects reference findings while the model is built."""

    def __init__(self, sources: dict, drivers: set, teams: set, findings: list[Finding]):
        self.sources, self.drivers, self.teams, self.findings = sources, drivers, teams, findings

    def src(self, items: Any, default: tuple[str, ...], loc: Where) -> tuple[str, ...]:
        if not items:
            return default
        for key in items:
            if "://" not in key and key not in self.sources:
                self.findings.append(Finding("REF003", f"source key {key!r} is not in season.yaml `sources`", _located(loc)))
        return tuple(items)

    def driver(self, driver_id: str, loc: Where) -> str:
        if driver_id not in self.drivers:
            self.findings.append(Finding("REF001", f"driver {driver_id!r} is not declared in season.yaml `drivers`", _located(loc)))
        return driver_id

    def competitor(self, ident: str, loc: Where) -> str:
        """A driver or a team (gaps and ties name either, by the classification they belong to)."""
        if ident not in self.drivers and ident not in self.teams:
            self.findings.append(Finding("REF001", f"{ident!r} is neither a declared driver nor a declared team", _located(loc)))
        return ident

    def team(self, team_id: str | None, loc: Where) -> str | None:
        if team_id is not None and team_id not in self.teams:
            self.findings.append(Finding("REF002", f"team {team_id!r} is not declared in season.yaml `teams`", _located(loc)))
        return team_id


def _result(doc: Document, refs: _Refs, row: dict, path: tuple, default: tuple) -> m.Result:
    loc = doc.loc_of(row, path)
    return m.Result(
        driver=refs.driver(row["driver"], doc.at(path + ("driver",))), pos=row["pos"],
        src=refs.src(row.get("src"), default, doc.at(path + ("src",))), loc=loc,
        team=refs.team(row.get("team"), doc.at(path + ("team",))), shared=bool(row.get("shared", False)),
        points=parse_number(row["points"]) if "points" in row else None, laps=row.get("laps"),
        number=row.get("number"))


def _order(doc, refs, row, path, default) -> m.Order:
    loc = doc.loc(path)
    return m.Order(refs.driver(row["ahead"], doc.at(path + ("ahead",))),
                   refs.driver(row["behind"], doc.at(path + ("behind",))),
                   src=refs.src(row["src"], default, doc.at(path + ("src",))), loc=loc)


def _status(doc, refs, row, path, default) -> m.Status:
    loc = doc.loc(path)
    return m.Status(refs.driver(row["driver"], doc.at(path + ("driver",))), row["status"],
                    src=refs.src(row["src"], default, doc.at(path + ("src",))), loc=loc)


def _conflicts(doc: Document, refs: _Refs, items: list, path: tuple, default: tuple) -> list[m.Conflict]:
    out = []
    for i, c in enumerate(items):
        claims = []
        for j, claim in enumerate(c["claims"]):
            cpath = path + (i, "claims", j)
            csrc = refs.src(claim["src"], default, doc.loc(cpath))
            facts = None
            if "facts" in claim:
                f = claim["facts"]
                fpath = cpath + ("facts",)
                facts = m.ClaimFacts(
                    results=[_result(doc, refs, r, fpath + ("results", k), csrc) for k, r in enumerate(f.get("results", []))],
                    order=[_order(doc, refs, {**r, "src": r.get("src", csrc)}, fpath + ("order", k), csrc)
                           for k, r in enumerate(f.get("order", []))],
                    statuses=[_status(doc, refs, {**r, "src": r.get("src", csrc)}, fpath + ("statuses", k), csrc)
                              for k, r in enumerate(f.get("statuses", []))],
                    laps_run=f.get("laps", {}).get("run"), laps_scheduled=f.get("laps", {}).get("scheduled"))
            claims.append(m.Claim(claim["text"], csrc, doc.loc(cpath), facts))
        out.append(m.Conflict(c["topic"], claims, doc.loc(path + (i,))))
    return out


def _session(doc: Document, refs: _Refs, data: dict, path: tuple, round_no: int, default: tuple) -> m.Session:
    default = refs.src(data.get("src"), default, doc.at(path + ("src",)))
    s = m.Session(round_no, data["session"], doc.loc(path), complete=bool(data.get("complete", False)))
    s.results = [_result(doc, refs, r, path + ("results", i), default) for i, r in enumerate(data.get("results", []))]
    s.order = [_order(doc, refs, r, path + ("order", i), default) for i, r in enumerate(data.get("order", []))]
    s.statuses = [_status(doc, refs, r, path + ("statuses", i), default) for i, r in enumerate(data.get("statuses", []))]
    for i, r in enumerate(data.get("points", [])):
        loc = doc.loc_of(r, path + ("points", i))
        s.points.append(m.DeclaredPoints(refs.driver(r["driver"], loc), parse_number(r["points"]),
                                         src=refs.src(r["src"], default, loc), loc=loc))
    for i, r in enumerate(data.get("fastest_lap", [])):
        loc = doc.loc_of(r, path + ("fastest_lap", i))
        s.fastest_lap.append(m.FastestLap(refs.driver(r["driver"], loc), refs.team(r.get("team"), loc), loc))
    s.conflicts = _conflicts(doc, refs, data.get("conflicts", []), path + ("conflicts",), default)
    if "laps" in data:
        s.laps_run, s.laps_scheduled = data["laps"].get("run"), data["laps"].get("scheduled")
    for count in ("finishers", "starters"):
        if count in data and isinstance(data[count]["value"], int):
            setattr(s, count, data[count]["value"])
    return s


def _consistency(session: m.Session, findings: list[Finding]) -> None:
    seen: dict[int, m.Result] = {}
    for r in session.results:
        if isinstance(r.pos, int):
            if r.pos in seen and not (r.shared or seen[r.pos].shared):
                findings.append(Finding("CONS001", f"R{session.round} {session.name}: {r.driver} and "
                                        f"{seen[r.pos].driver} both at road position {r.pos}", r.loc))
            else:
                seen[r.pos] = r


def _snapshots(doc: Document, refs: _Refs, rounds: set[int], findings: list[Finding]) -> list[pub.Snapshot]:
    out = []
    for i, s in enumerate(doc.data["snapshots"]):
        path = ("snapshots", i)
        loc = doc.loc(path)
        src = refs.src(s["src"], (), loc)
        after = s["after_round"]
        if after != "final" and after not in rounds:
            findings.append(Finding("CONS005", f"snapshot after round {after}, which is not on the calendar",
                                    doc.loc(path + ("after_round",))))
        snap = pub.Snapshot(after, s.get("classification", "drivers"), src, loc, bool(s.get("complete", False)))

        def subject(row: dict, rpath: tuple) -> str:
            if "driver" in row:
                return refs.driver(row["driver"], doc.at(rpath + ("driver",)))
            return refs.team(row["team"], doc.at(rpath + ("team",))) or ""

        for j, row in enumerate(s.get("rows", [])):
            rloc = doc.loc_of(row, path + ("rows", j))
            snap.rows.append(pub.SnapshotRow(subject(row, path + ("rows", j)), row.get("position"),
                                             parse_number(row["points"]) if "points" in row else None,
                                             src=refs.src(row.get("src"), src, rloc), loc=rloc))
        for j, g in enumerate(s.get("gaps", [])):
            gloc = doc.loc_of(g, path + ("gaps", j))
            gpath = path + ("gaps", j)
            snap.gaps.append(pub.Gap(refs.competitor(g["ahead"], doc.at(gpath + ("ahead",))),
                                     refs.competitor(g["behind"], doc.at(gpath + ("behind",))),
                                     parse_number(g["points"]), src=refs.src(g.get("src"), src, gloc), loc=gloc))
        for j, lv in enumerate(s.get("level", [])):
            lloc = doc.loc(path + ("level", j))
            members = [refs.competitor(x, doc.at(path + ("level", j, "members", k))) for k, x in enumerate(lv["members"])]
            snap.level.append(pub.Level(members, src=refs.src(lv.get("src"), src, lloc), loc=lloc))
        if "leader" in s:
            lloc = doc.loc(path + ("leader",))
            snap.leader = pub.SnapshotRow(subject(s["leader"], path + ("leader",)), 1, None,
                                          src=refs.src(s["leader"]["src"], src, lloc), loc=lloc)
        snap.claims = [c["text"] for c in s.get("claims", [])]
        out.append(snap)
    return out


def _session_of(rounds: dict[int, m.Round], row: dict, what: str, loc: Location,
                findings: list[Finding]) -> m.Session | None:
    """The session an exceptions row refers to, or a located finding when the season has no such session."""
    rnd = rounds.get(row["round"])
    session = next((s for s in rnd.sessions if s.name == row["session"]), None) if rnd else None
    if session is None:
        findings.append(Finding("REF004", f"{what} for round {row['round']} {row['session']}, which has no results",
                                loc))
    return session


def _exceptions(doc: Document, refs: _Refs, rounds: dict[int, m.Round], findings: list[Finding]):
    """Overrides are attached to their session (and kept in a list for reports); decisions are returned."""
    overrides = []
    for i, o in enumerate(doc.data.get("overrides", [])):
        loc = doc.loc(("overrides", i))
        ov = m.Override(refs.driver(o["driver"], loc), refs.team(o.get("team"), loc), o.get("classification"),
                        parse_number(o["points"]), o["reason"], refs.src(o["src"], (), loc), loc, o.get("number"))
        session = _session_of(rounds, o, "override", loc, findings)
        if session is None:
            continue
        session.overrides.append(ov)
        overrides.append(ov)
    for i, st in enumerate(doc.data.get("statuses", [])):
        loc = doc.loc(("statuses", i))
        session = _session_of(rounds, st, "status", loc, findings)
        if session is None:
            continue
        session.statuses.append(m.Status(refs.driver(st["driver"], loc), st["status"], src=refs.src(st["src"], (), loc),
                                         loc=loc))
    decisions = []
    for i, d in enumerate(doc.data.get("decisions", [])):
        loc = doc.loc(("decisions", i))
        subject = refs.driver(d["driver"], loc) if "driver" in d else refs.team(d["team"], loc)
        decisions.append(pub.Decision(d["kind"], d["classification"], subject,
                                    parse_number(d["points"]) if "points" in d else None, d.get("round"),
                                    bool(d.get("keep_points", False)), d["reason"], refs.src(d["src"], (), loc), loc))
    errata = []
    for i, e in enumerate(doc.data.get("errata", [])):
        loc = doc.loc(("errata", i))
        subject = refs.driver(e["driver"], loc) if "driver" in e else refs.team(e["team"], loc)
        errata.append(pub.Erratum(e["after_round"], e["classification"], subject, e["field"], numbers.text_of(e["published"]),
                                e["reason"], refs.src(e["src"], (), loc), loc))
    return overrides, decisions, errata


def load_season(directory: Path) -> tuple[m.Season | None, list[Finding]]:
    """Load, schema-check and model a season directory; (None, findings) when season.yaml cannot be modelled."""
    findings: list[Finding] = []
    root = os.path.realpath(directory)
    season_file = directory / "season.yaml"
    if not present(season_file, root, findings):
        return None, [Finding("REF007", "season.yaml not found", Location(display_path(directory)))]
    sdoc = load_checked(season_file, "season", findings)
    rounds_dir = directory / "rounds"
    if os.path.lexists(rounds_dir) and not rounds_dir.is_dir():  # a dangling link, a file: never "no rounds"
        why = "a symbolic link that leads nowhere" if not rounds_dir.exists() else "not a directory"
        findings.append(Finding("PATH002" if not rounds_dir.exists() else "PATH001",
                                f"`rounds` is {why}: the round files cannot be read", Location(display_path(rounds_dir))))
    round_files = sorted(rounds_dir.glob("*.yaml")) if rounds_dir.is_dir() else []
    round_files = [p for p in round_files if present(p, root, findings)]
    rdocs = [load_checked(p, "round", findings) for p in round_files]
    standings_file = directory / "standings.yaml"
    stdoc = load_checked(standings_file, "standings", findings) if present(standings_file, root, findings) else None
    exceptions_file, claims_file = directory / "exceptions.yaml", directory / "claims.yaml"
    exdoc = load_checked(exceptions_file, "exceptions", findings) if present(exceptions_file, root, findings) else None
    cldoc = load_checked(claims_file, "claims", findings) if present(claims_file, root, findings) else None
    read = {season_file, *round_files, *(f for f in (standings_file, exceptions_file, claims_file) if f.is_file())}
    findings.extend(season_dir.unread_files(directory, read, display_path))
    if sdoc is None:
        return None, findings
    # a file that did not load is left out, the rest modelled: its errors show too (scoring waits: pipeline.py)
    round_files, rdocs = [p for p, d in zip(round_files, rdocs) if d], [d for d in rdocs if d]
    findings.extend(season_dir.identity_findings(directory, sdoc, round_files, rdocs))

    data = sdoc.data
    refs = _Refs(data["sources"], {d["id"] for d in data["drivers"]}, {t["id"] for t in data.get("teams", [])}, findings)
    calendar: dict[int, dict] = {}
    for i, c in enumerate(data["calendar"]):
        if c["round"] in calendar:
            findings.append(Finding("CONS003", f"round {c['round']} listed twice in the calendar", sdoc.loc(("calendar", i))))
        calendar[c["round"]] = {**c, "_loc": sdoc.loc(("calendar", i))}
        refs.src(c["src"], (), sdoc.loc(("calendar", i)))
    rounds: dict[int, m.Round] = {
        n: m.Round(n, c["name"], c.get("date"), [], c["_loc"],
                   planned=tuple(c["sessions"]) if "sessions" in c else None) for n, c in sorted(calendar.items())
    }
    for path, doc in zip(round_files, rdocs):
        n = doc.data["round"]
        if n not in rounds:
            findings.append(Finding("REF004", f"round {n} is not on the calendar in season.yaml", doc.loc(("round",))))
            continue
        if rounds[n].file is not None:
            findings.append(Finding("CONS003", f"round {n} has two files ({rounds[n].file})", doc.loc(("round",))))
            continue
        rounds[n].file = doc.file
        default = refs.src(doc.data.get("src"), (), doc.loc(("src",)))
        for i, sdata in enumerate(doc.data["sessions"]):
            session = _session(doc, refs, sdata, ("sessions", i), n, default)
            _consistency(session, findings)
            rounds[n].sessions.append(session)
        # qualifying and notes are kept in the files for readers; the engine does not use them

    entries = []
    for i, e in enumerate(data.get("entries", [])):
        loc = sdoc.loc(("entries", i))
        at = ("entries", i)
        entries.append(m.Entry(refs.driver(e["driver"], sdoc.at(at + ("driver",))),
                               refs.team(e.get("team"), sdoc.at(at + ("team",))), e.get("status"),
                               frozenset(e["rounds"]) if "rounds" in e else None,
                               refs.src(e["src"], (), sdoc.at(at + ("src",))), loc))
    declared = pub.DeclaredOutcome()
    d = data.get("declared", {})
    if "champion" in d:
        declared.champion = refs.driver(d["champion"]["driver"], sdoc.loc(("declared", "champion")))
        declared.champion_src = tuple(d["champion"]["src"])
        declared.champion_loc = sdoc.loc(("declared", "champion"))
    if "final_order" in d:
        loc = sdoc.loc(("declared", "final_order"))
        declared.final_order = [refs.driver(x, loc) for x in d["final_order"]["drivers"]]
        declared.final_order_src = tuple(d["final_order"]["src"])
        declared.final_order_loc = loc
    if "team_champion" in d:
        declared.team_champion = refs.team(d["team_champion"]["team"], sdoc.loc(("declared", "team_champion")))
        declared.team_champion_loc = sdoc.loc(("declared", "team_champion"))
    snapshots = _snapshots(stdoc, refs, set(rounds), findings) if stdoc else []
    overrides, decisions, errata = _exceptions(exdoc, refs, rounds, findings) if exdoc else ([], [], [])
    season = m.Season(
        series=data["series"], year=data["season"], key=f"{data['series']}/{data['season']}",
        directory=display_path(directory), ruleset=data["rules"]["ruleset"], rules_version=data["rules"]["version"],
        rules_loc=sdoc.loc(("rules",)), sources=dict(data["sources"]), rounds=list(rounds.values()),
        drivers={d["id"]: d["name"] for d in data["drivers"]}, teams={t["id"]: t["name"] for t in data.get("teams", [])},
        entries=entries, snapshots=snapshots, declared=declared, decisions=decisions, overrides=overrides, errata=errata,
        conflicts=_conflicts(sdoc, refs, data.get("conflicts", []), ("conflicts",), ()),
        assumptions=assumptions(sdoc, refs, data.get("assumptions", []), findings),
        files=[sdoc.file, *(d.file for d in rdocs), *(d.file for d in (stdoc, exdoc, cldoc) if d)],
        claims=build_claims(cldoc, refs, set(rounds), findings) if cldoc else [])
    return season, findings

