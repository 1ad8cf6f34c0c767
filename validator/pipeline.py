"""The pipeline, one season at a time: load -> schema -> model -> score -> rank -> audit.

Its output (`SeasonRun`) is plain data that every report format reads; nothing is computed twice.
"""
from __future__ import annotations

import datetime
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.audit.checks import Audit, audit
from validator.engine.score import ClassificationResult, score_classification
from validator.findings import Finding, Location, sort_key
from validator.load.static import ruleset_findings, season_findings, superseded_by
from validator.model.assumptions import rests_on
from validator.model.build import load_season
from validator.model.build_ruleset import load_ruleset
from validator.model.documents import display_path
from validator.model.references import cross_references
from validator.model.rules import Ruleset
from validator.model.season import Season


@dataclass
class SeasonRun:
    directory: str
    season: Season | None = None
    ruleset: Ruleset | None = None
    results: dict[str, ClassificationResult] = field(default_factory=dict)
    audit: Audit | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if any(f.code in INTERNAL for f in self.findings):
            return "internal"
        if any(f.severity == "error" for f in self.findings) or self.audit is None:
            return "invalid"
        return self.audit.verdict

    @property
    def key(self) -> str:
        return self.season.key if self.season else self.directory


def find_rules_root(start: Path) -> Path | None:
    for d in [start.resolve(), *start.resolve().parents]:
        if (d / "rules").is_dir():
            return d / "rules"
    return None


class RulesCache:
    def __init__(self, rules_dir: Path | None = None):
        self.rules_dir = rules_dir
        self.cache: dict[Path, tuple[Ruleset | None, list[Finding]]] = {}

    def get(self, season: Season, season_dir: Path) -> tuple[Ruleset | None, list[Finding]]:
        root = self.rules_dir or find_rules_root(season_dir)
        path = root / season.ruleset / f"{season.rules_version}.yaml" if root else None
        if path is None or not os.path.lexists(path):  # present but not a regular file: refused when loaded (PATH)
            return None, [Finding("REF005", f"ruleset {season.ruleset}@{season.rules_version} not found"
                                  f"{f' (looked for {path})' if path else ''}", season.rules_loc)]
        if path not in self.cache:
            findings: list[Finding] = []
            ruleset = load_ruleset(path, findings)
            if ruleset is not None:  # static checks and the lock (issue 4)
                findings.extend(ruleset_findings(root, path, ruleset))
                ruleset.superseded_by = superseded_by(root, path)
            self.cache[path] = (ruleset, findings)
        return self.cache[path]


def _in_effect(season: Season, ruleset: Ruleset) -> list[Finding]:
    dates = [r.date for r in season.rounds if r.date]
    start, end = ruleset.effective_from, ruleset.effective_to
    why = ""
    if ruleset.superseded_by:  # a later version replaces this one from its start (docs/RULES-WORKFLOW.md)
        version, since = ruleset.superseded_by
        last = (datetime.date.fromisoformat(since) - datetime.timedelta(days=1)).isoformat()
        end, why = min(end or last, last), f" (superseded by {ruleset.id}@{version} from {since})"
    outside = [d for d in dates if not start <= d <= (end or "9999-12-31")]
    if outside and end is not None and end < start:  # superseded from its first day: replaced wholly
        return [Finding("RULE001", f"{ruleset.key} is in effect on no day: it is replaced wholly by "
                        f"{ruleset.id}@{ruleset.superseded_by[0]} (from {start}), but the season cites it "
                        f"(rounds on {', '.join(outside[:3])}); cite {ruleset.id}@{ruleset.superseded_by[0]}",
                        season.rules_loc)]
    if outside:
        return [Finding("RULE001", f"{ruleset.key} is in effect {start}..{end or 'open'}{why}, but the "
                        f"season has rounds on {', '.join(outside[:3])}", season.rules_loc)]
    return []


INTERNAL = ("INT002", "INT003")  # a bug met while checking a season: its verdict is `internal`, the exit code 3


def run_season(directory: Path, rules: RulesCache) -> SeasonRun:
    """Check one season. A bug met on the way (any exception) becomes this season's INT002 finding, with the
    exception's type, message and the place in scrutineer it came from: the other seasons are still checked
    and reported, and the run exits 3 (validator/commands/common.py)."""
    try:
        run = _run_season(directory, rules)
    except Exception as exc:  # noqa: BLE001 - a bug, reported as data; KeyboardInterrupt still stops the run
        return internal_error(directory, "INT002", f"internal error while checking this season: "
                                                   f"{type(exc).__name__}: {_one_line(exc)}", _origin(exc))
    if run.audit is None:  # stopped by its errors: say what was not checked (never a silent pass)
        run.findings.append(skipped(run))
    return run


def skipped(run: SeasonRun) -> Finding:
    """CI005: the stages a season's errors stopped, so that its other findings are read as all there is so far."""
    if run.season is None:
        stages = "the season's other files, the rules, scoring, ranking and the audit"
    elif not run.results:
        stages = "scoring, ranking and the audit (points, standings, champion)"
    else:
        stages = "the audit (points, standings, champion)"
    errors = sum(f.severity == "error" for f in run.findings)
    return Finding("CI005", f"later checks skipped for this season: {stages} need a season without errors "
                            f"({errors} error(s) found; fix them and check again for the rest)")


def internal_error(directory: Path, code: str, message: str, where: str = "") -> SeasonRun:
    """The run of a season whose check failed inside scrutineer: one INT finding, located at the directory."""
    detail = {"origin": where} if where else {}
    run = SeasonRun(str(directory))
    run.findings.append(Finding(code, message, Location(display_path(directory)), detail=detail))
    return run


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _origin(exc: BaseException) -> str:
    """The innermost frame inside the validator package, as `validator/.../x.py:LINE in FUNCTION` (no absolute
    path of this machine)."""
    import traceback

    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        parts = Path(frame.filename).parts
        if "validator" in parts:
            rel = "/".join(parts[len(parts) - 1 - parts[::-1].index("validator"):])
            found = f"{rel}:{frame.lineno} in {frame.name}"
    return found


def _run_season(directory: Path, rules: RulesCache) -> SeasonRun:
    run = SeasonRun(str(directory))
    season, findings = load_season(directory)
    run.findings.extend(findings)
    if season is None:
        return run
    run.season = season
    run.findings.extend(season_findings(season))  # static consistency (issue 4)
    ruleset, rule_findings = rules.get(season, directory)
    run.findings.extend(rule_findings)
    if ruleset is None or any(f.severity == "error" for f in rule_findings):
        return run
    run.ruleset = ruleset
    run.findings.extend(_in_effect(season, ruleset))
    run.findings.extend(cross_references(season, ruleset))  # every reference resolves (issue 8)
    if any(f.severity == "error" for f in run.findings):
        return run
    for name in ruleset.classifications:
        result = score_classification(season, ruleset, name)
        run.results[name] = result
        run.findings.extend(result.findings)
    if any(f.severity == "error" for f in run.findings):
        return run
    run.audit = audit(season, ruleset, run.results)
    run.findings.extend(run.audit.findings)
    run.findings.extend(rests_on(season))
    run.findings.sort(key=sort_key)
    return run


def run_as_dict(run: SeasonRun) -> dict[str, Any]:
    """Everything `check` reports about one season, as plain data (JSON, text and CI formats read this)."""
    checks = run.audit.checks if run.audit else []
    claims = run.audit.claims if run.audit else []
    season = run.season
    in_progress = bool(season and season.in_progress)
    champion = season.declared.champion if season else None
    if champion is None and claims and not in_progress:
        champion = claims[0]["driver"]
    return {
        "season": run.key,
        "directory": run.directory,
        "rules": run.ruleset.key if run.ruleset else None,
        "rules_sha256": run.ruleset.sha256 if run.ruleset else None,
        "verdict": run.verdict,
        "champion": champion,
        "in_progress": {"after_round": run.audit.after_round, "standings_proven": run.audit.standings_proven,
                        "leader": claims[0]["driver"] if claims else None}
        if in_progress and run.audit else None,
        "reasoning": run.audit.reasoning if run.audit else [],
        "claims": claims,
        "checks": {"total": len(checks), "passed": sum(c.ok for c in checks),
                   "failed": sum(not c.ok and not c.erratum for c in checks),
                   "errata": sum(c.erratum for c in checks)},
        "overrides": [{"driver": o.driver, "points": o.points.text, "reason": o.reason, "src": list(o.src),
                       "file": o.loc.file, "line": o.loc.line} for o in (season.overrides if season else [])],
        "assumptions": [a.as_dict() for a in (season.assumptions if season else [])],
        "decisions": [{"kind": d.kind, "classification": d.classification, "subject": d.subject,
                       "reason": d.reason, "src": list(d.src)} for d in (season.decisions if season else [])],
        "findings": [_located(f.as_dict(), run) for f in run.findings],
    }


def _located(finding: dict[str, Any], run: SeasonRun) -> dict[str, Any]:
    """Every finding has a place: one the engine could not pin is placed at the start of the season's
    season.yaml (so CI annotations and SARIF results always have a file and a line)."""
    if finding["file"] is None:
        where = run.season.rules_loc if run.season else None
        finding.update(file=where.file if where else f"{run.directory}/season.yaml", line=where.line if where else 1,
                       col=where.col if where else 1)
    return finding


def discover(paths: list[Path]) -> list[Path]:
    """Season directories under the given paths (a directory holding season.yaml is a season)."""
    found: set[Path] = set()
    for p in paths:
        if (p / "season.yaml").is_file():
            found.add(p)
        elif p.is_dir():
            found.update(s.parent for s in p.rglob("season.yaml"))
    return sorted(found)


def _check_one(args: tuple[Path, Path | None]) -> dict:
    directory, rules_dir = args
    try:
        return run_as_dict(run_season(directory, _worker_cache(rules_dir)))
    except Exception as exc:  # noqa: BLE001 - run_season reports its own; this is a bug in reporting it
        return run_as_dict(internal_error(directory, "INT002", f"internal error while reporting this season: "
                                                               f"{type(exc).__name__}: {_one_line(exc)}", _origin(exc)))


_CACHES: dict = {}


def _worker_cache(rules_dir: Path | None) -> RulesCache:
    if rules_dir not in _CACHES:
        _CACHES[rules_dir] = RulesCache(rules_dir)
    return _CACHES[rules_dir]


def check_all(seasons: list[Path], rules_dir: Path | None = None, workers: int | None = None) -> list[dict]:
    """Check every season; on several CPUs, seasons are spread over worker processes. The result is plain
    data in the order of `seasons`, so the output does not depend on scheduling."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    _CACHES.clear()  # rules are read afresh on every check (a ruleset edited since the last call is seen)
    jobs = [(d, rules_dir) for d in seasons]
    if workers <= 1 or len(seasons) < 8:
        return [_check_one(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    # Largest seasons first, one at a time: the workers finish together instead of one waiting on the last chunk.
    order = sorted(range(len(jobs)), key=lambda i: -_size(jobs[i][0]))
    results: list[dict | None] = [None] * len(jobs)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init) as pool:
            for i, result in zip(order, pool.map(_check_one, [jobs[i] for i in order])):
                results[i] = result
    except BrokenProcessPool:  # a worker died (killed, out of memory, a crash in native code)
        pass
    # Whatever the broken pool left unchecked is checked again, each season in a worker of its own: the season
    # that kills its worker is found and reported (INT003), every other one is checked as usual.
    return [result if result is not None else _isolated(jobs[i], context) for i, result in enumerate(results)]


def _isolated(job: tuple[Path, Path | None], context) -> dict:
    """Check one season in a worker process of its own; its death is that season's INT003 finding."""
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_worker_init) as pool:
            return pool.submit(_check_one, job).result()
    except BrokenProcessPool:
        return run_as_dict(internal_error(job[0], "INT003", "the worker process checking this season died "
                                          "(killed, out of memory, or a crash in native code)"))


def _worker_init() -> None:
    """A worker allocates millions of short-lived objects and few cycles: collect the young generation rarely,
    and never walk what the parent built before the fork (measured: ~6% of a worker's time goes to the cyclic
    collector at the default thresholds)."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _size(directory: Path) -> int:
    """Bytes of YAML in a season directory: a cheap estimate of the work it takes (links are not followed: a
    dangling one or a loop is the season's finding, not a reason to stop here)."""
    return sum(_bytes(p) for p in directory.rglob("*.yaml"))


def _bytes(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0
