"""Static checks, before any replay: things wrong with a season record or a ruleset that need no scoring.

* season: CONS006 a session marked `complete: true` with a gap in its classified places;
* rulesets: RULE003/RULE004 effective windows of a series' versions that overlap or leave a gap (across every
  file in rules/<series>/), RULE005 a tie-break chain that can leave two different records tied with no declared
  fallback, RULE010 a declared fallback (shared-position, authority-decides) that is not the chain's last step, RULE006 a file whose
  `ruleset`/`version` differ from its path; and the lock (validator/lock.py).

(The points table that increases with position is RULE002, checked by the points-by-position component itself.)
"""
from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from validator.findings import Finding, InputError
from validator.load import schema
from validator.load.yaml_loader import Document, load_file
from validator.model.rules import Ruleset
from validator.model.season import Season


# ---------------------------------------------------------------- season consistency

def season_findings(season: Season) -> list[Finding]:
    findings = []
    for rnd in season.rounds:
        for session in rnd.sessions:
            findings.extend(_twice(session))
            if session.complete:
                findings.extend(_gaps(session))
    return findings


_NOT_STARTED = {"DNS", "DNQ", "DNPQ", "DNP"}


def _twice(session) -> list[Finding]:
    """CONS002: one driver with two results in one session. A shared or second car (`shared: true`) is allowed,
    and so is a second entry that did not start (1976 Germany: Stommelen 6th in one car, DNS in another)."""
    out = []
    first: dict[str, object] = {}
    for r in session.results:
        if r.pos in _NOT_STARTED:
            continue
        prev = first.get(r.driver)
        if prev is None:
            first[r.driver] = r
        elif not (r.shared or prev.shared):
            out.append(Finding("CONS002", f"R{session.round} {session.name}: {r.driver} has a second result "
                               f"(first at line {prev.loc.line}); mark a shared or second car `shared: true`", r.loc))
    return out


def _gaps(session) -> list[Finding]:
    by_place: dict[int, object] = {}
    for r in session.results:
        if isinstance(r.pos, int) and not isinstance(r.pos, bool):
            by_place.setdefault(r.pos, r)
    claimed = {r.pos for c in session.conflicts for claim in c.claims if claim.facts
               for r in claim.facts.results if isinstance(r.pos, int)}
    if not by_place:
        return []
    present = set(by_place) | claimed
    missing = [p for p in range(1, max(present) + 1) if p not in present]
    # A disqualified or excluded car keeps no road position but may leave its place vacant (1983 Brazil: Rosberg
    # disqualified from 2nd, Lauda stays 3rd): as many gaps as such cars are explained.
    vacated = sum(1 for r in session.results if r.pos in ("DSQ", "EX"))
    if len(missing) <= vacated:
        return []
    first = missing[0]
    after = min((p for p in by_place if p > first), default=None)
    where = by_place[after].loc if after is not None else session.loc
    shown = ", ".join(map(str, missing[:8])) + (", ..." if len(missing) > 8 else "")
    return [Finding("CONS006", f"R{session.round} {session.name} is marked complete: true, but no car is "
                    f"classified in place{'s' if len(missing) > 1 else ''} {shown} (places run to {max(present)}); "
                    f"{f'only {vacated} disqualified car(s) can leave a place vacant; ' if vacated else ''}"
                    f"add the missing results, correct the position, or drop `complete`", where)]


# ---------------------------------------------------------------- rulesets

def ruleset_findings(root: Path | None, path: Path, ruleset: Ruleset) -> list[Finding]:
    """Every static finding about the ruleset version at `path` (rules/<series>/<version>.yaml)."""
    findings = _identity(path, ruleset)
    findings += _tie_break(ruleset)
    if root is not None:
        findings += [f for f in _windows(*_signature(root, path.parent.name)) if _concerns(f, ruleset)]
        from validator.lock import check_file
        findings += check_file(root, path)
    return findings


def _concerns(finding: Finding, ruleset: Ruleset) -> bool:
    return ruleset.file in finding.detail.get("files", ())


def _identity(path: Path, ruleset: Ruleset) -> list[Finding]:
    out = []
    start, end = _date(ruleset.effective_from), _date(ruleset.effective_to) if ruleset.effective_to else None
    bad = [d for d, parsed in ((ruleset.effective_from, start), (ruleset.effective_to, end)) if d and parsed is None]
    if bad:
        out.append(Finding("RULE007", f"effective window: {', '.join(bad)} is not a calendar date", ruleset.loc))
    elif end is not None and end < start:
        out.append(Finding("RULE007", f"effective window ends ({end}) before it starts ({start})", ruleset.loc))
    if ruleset.id != path.parent.name:
        out.append(Finding("RULE006", f"this file says `ruleset: {ruleset.id}` but lies in rules/{path.parent.name}/",
                           ruleset.loc))
    if ruleset.version != path.stem:
        out.append(Finding("RULE006", f"this file says `version: {ruleset.version}` but is named {path.name}",
                           ruleset.loc))
    return out


def _tie_break(ruleset: Ruleset) -> list[Finding]:
    from validator.components import REGISTRY

    out = []
    for cls in ruleset.classifications.values():
        chain = cls.tie_break
        out += _fallback_not_last(cls.name, chain, REGISTRY)
        if any(_separates_all(clause, REGISTRY.get(clause.use)) for clause in chain):
            continue
        if chain:
            last = chain[-1]
            what = ", then ".join(_describe(c) for c in chain)
            message = (f"{cls.name}: the tie-break chain ({what}) can leave two competitors with different records "
                       f"level (e.g. equal points and {_example(chain)}) and declares no fallback; add one (countback "
                       f"without `places`, `shared-position` last when the rules share the place, or "
                       f"`authority-decides` last when the governing body places them)")
            loc = last.loc
        else:
            message = (f"{cls.name}: no tie-break at all: any two competitors level on points stay tied and no "
                       f"fallback is declared")
            loc = ruleset.loc
        out.append(Finding("RULE005", message, loc))
    return out


def _fallback_not_last(name: str, chain: list, registry: dict) -> list[Finding]:
    """RULE010: a step that declares what a tie through the chain means (`level_outcome`, e.g. shared-position)
    orders nobody, so a step after it would order competitors the rules have already declared level."""
    out = []
    for i, clause in enumerate(chain[:-1]):
        if getattr(registry.get(clause.use), "level_outcome", None):
            later = ", ".join(c.use for c in chain[i + 1:])
            out.append(Finding("RULE010", f"{name}: {clause.use} declares what competitors level through the "
                               f"tie-break chain get, but {later} follows it: it must be the chain's last step",
                               clause.loc))
    return out


def _separates_all(clause, component) -> bool:
    """Whether a tie-break step tells any two different records apart, or itself declares what a tie does."""
    if component is None:
        return False
    for attribute in ("separates_all", "declares_fallback", "total"):
        value = getattr(component, attribute, None)
        if isinstance(value, bool):
            return value
    if clause.use == "countback":
        return clause.params.get("places") is None
    return False


def _describe(clause) -> str:
    extra = f" (places 1-{clause.params['places']})" if clause.use == "countback" and "places" in clause.params else ""
    return f"{clause.use}{extra}"


def _example(chain) -> str:
    uses = {c.use for c in chain}
    places = max((c.params.get("places", 0) for c in chain if c.use == "countback"), default=0)
    if places:
        return f"the same number of each of places 1-{places}, but different places below"
    if "most-wins" in uses:
        return "the same number of wins, but different second places"
    return "different places"


def _signature(root: Path, series: str) -> tuple[str, str, tuple]:
    """Cache key of a series directory: its files with their sizes and modification times."""
    files = []
    for path in sorted((root / series).glob("*.yaml")):
        try:
            st = path.stat()
        except OSError:
            continue
        files.append((path.name, st.st_size, st.st_mtime_ns))
    return str(root), series, tuple(files)


class _Version(NamedTuple):
    start: datetime.date
    end: datetime.date | None  # as written (None: open-ended)
    doc: Document

    @property
    def version(self) -> str:
        return str(self.doc.data["version"])


class SeriesWindows(NamedTuple):
    findings: tuple[Finding, ...]
    superseded: dict[str, tuple[str, str]]  # version -> (the version superseding it, from date)


def superseded_by(root: Path, path: Path) -> tuple[str, str] | None:
    """(version, date) when a later version of the series declares `supersedes:` this one from that date on."""
    windows = _series(*_signature(root, path.parent.name))
    return windows.superseded.get(path.stem)


def _windows(root: str, series: str, files: tuple) -> tuple[Finding, ...]:
    return _series(root, series, files).findings


@lru_cache(maxsize=64)
def _series(root: str, series: str, files: tuple) -> SeriesWindows:
    """Overlaps and gaps between the effective windows of every version in rules/<series>/, after supersession:
    a version that declares `supersedes: V` ends V's window the day before its own start (the old, locked file
    is never edited), and exactly that overlap is accepted. A version superseded from its own first day is
    replaced wholly: its window is empty and it takes no part in the overlap and gap checks."""
    versions = []
    for name, _, _ in files:
        path = Path(root, series, name)
        doc = _load(path)
        if doc is None:
            continue
        effective = doc.data["effective"]
        start = _date(effective["from"])
        end = _date(effective["to"]) if "to" in effective else None
        if start is None or ("to" in effective and end is None):
            continue  # not a calendar date: the version's own schema/RULE findings say so when it is used
        versions.append(_Version(start, end, doc))
    versions.sort(key=lambda v: (v.start, v.end or datetime.date.max, v.doc.file))
    out, ends, superseded = _supersession(series, versions)
    live = [(v, end) for v, end in zip(versions, ends) if end is None or end >= v.start]  # not wholly replaced
    versions, ends = [v for v, _ in live], [end for _, end in live]
    for i, (start, _, doc) in enumerate(versions):
        end = ends[i]
        for j in range(i + 1, len(versions)):
            start2, _, doc2 = versions[j]
            end2 = ends[j]
            if end is None or start2 <= end:
                overlap_end = min(x for x in (end, end2) if x is not None) if (end or end2) else None
                out.append(Finding(
                    "RULE003", f"effective {start2}..{end2 or 'open'} overlaps {doc.file} (effective "
                    f"{start}..{end or 'open'}) from {start2} to {overlap_end or 'open'}: a date would have two "
                    f"versions of {series} (a new version that replaces {doc.file} from {start2} on says "
                    f"`supersedes: \"{versions[i].version}\"`)", doc2.loc(("effective",)),
                    detail={"files": [doc.file, doc2.file]}))
        if i + 1 < len(versions):
            start2, _, doc2 = versions[i + 1]
            if end is not None and start2 > end + datetime.timedelta(days=1):
                out.append(Finding(
                    "RULE004", f"no version of {series} is in effect from {end + datetime.timedelta(days=1)} to "
                    f"{start2 - datetime.timedelta(days=1)} (between {doc.file} and {doc2.file})",
                    doc2.loc(("effective", "from")), detail={"files": [doc.file, doc2.file]}))
    return SeriesWindows(tuple(out), superseded)


def _supersession(series: str, versions: list[_Version]) -> tuple[list[Finding], list, dict[str, tuple[str, str]]]:
    """Each version's end after supersession, and the findings about `supersedes:` itself (RULE008, RULE009).

    Versions are taken in order of their start, so a version superseded once is no longer in effect where a
    second version would supersede it (RULE009). A wrong `supersedes:` concerns every file of the series: the
    windows of all of them depend on it."""
    out: list[Finding] = []
    ends: list = [v.end for v in versions]
    index = {v.version: i for i, v in enumerate(versions)}
    superseded: dict[str, tuple[str, str]] = {}
    files = [v.doc.file for v in versions]
    for new in versions:
        old_version = new.doc.data.get("supersedes")
        if old_version is None:
            continue
        where = new.doc.loc(("supersedes",))
        i = index.get(str(old_version))
        if i is None or versions[i] is new:
            others = sorted(v for v in index if v != new.version)
            out.append(Finding("RULE008", f"supersedes {old_version!r}, but rules/{series}/ has no other version "
                               f"{old_version!r} (versions: {', '.join(others) or 'none'})", where,
                               detail={"files": files}))
            continue
        old, old_end = versions[i], ends[i]
        if not (old.start <= new.start and (old_end is None or new.start <= old_end)):
            why = f" (already superseded by version {superseded[old.version][0]!r})" if old.version in superseded else ""
            out.append(Finding("RULE009", f"supersedes {old.doc.file} (effective {old.start}..{old_end or 'open'}"
                               f"{why}) from {new.start}, but nothing of that window is left to supersede: only a "
                               f"version that starts on or before {new.start} and is still in effect on "
                               f"{new.start} can be superseded", where, detail={"files": files}))
            continue
        superseded[old.version] = (new.version, str(new.start))
        ends[i] = new.start - datetime.timedelta(days=1)
    return out, ends, superseded


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _load(path: Path) -> Document | None:
    from validator.model.documents import display_path

    try:
        doc = load_file(path, display_path(path))
    except InputError:
        return None
    if schema.check(doc, "ruleset"):
        return None
    return doc
