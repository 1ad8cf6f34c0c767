"""Shared helpers: build small season directories (and a ruleset) on disk from Python data, or copy a stored
season into a scratch project."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "bad-inputs" / "_base"   # the corpus's valid project: one tiny season and its ruleset

SUPERCUP_LIKE_RULES = {
    "ruleset": "test-series",
    "version": "1",
    "effective": {"from": "2007-01-01", "to": "2007-12-31"},
    "sessions": ["race"],
    "classifications": {
        "drivers": {
            "subject": "driver",
            "eligibility": [
                {"use": "non-scoring-status", "statuses": ["guest"], "pass_down": True, "source": "https://example.org/guests"},
                {"use": "unclassified-score-nothing", "marks": ["DNF", "DNS", "DSQ", "NC"], "source": "https://example.org/dnf"},
            ],
            "points": [{"use": "points-by-position", "session": "race",
                        "table": [20, 18, 16, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1], "source": "https://example.org/points"}],
            "counting": {"use": "all-results", "source": "https://example.org/count"},
            "tie_break": [{"use": "most-wins", "session": "race", "source": "https://example.org/tie"},
                          {"use": "countback", "session": "race", "unsourced": True, "reason": "assumed"}],
        }
    },
}


class SeasonBuilder:
    """A tiny season on disk: `rounds` maps round number -> session dict (race)."""

    def __init__(self, root: Path):
        self.root = root
        self.rules = copy.deepcopy(SUPERCUP_LIKE_RULES)
        self.drivers = ["a", "b", "c", "d", "e", "f", "g", "h"]
        self.entries: list[dict] | None = None  # default: every driver a scoring entry
        self.calendar = [1, 2]
        self.rounds: dict[int, dict] = {}
        self.snapshots: list[dict] = []
        self.declared: dict = {}
        self.assumptions: list[dict] = []
        self.teams: list[str] = []
        self.names: dict[int, str] = {}       # round -> calendar name (default R<n>)
        self.exceptions: dict = {}            # written as exceptions.yaml when given

    @property
    def season_dir(self) -> Path:
        return self.root / "seasons" / "test-series" / "2007"

    def race(self, number: int, **session) -> None:
        self.rounds[number] = {"session": "race", "src": ["s"], **session}

    def write(self) -> Path:
        rules_file = self.root / "rules" / "test-series" / "1.yaml"
        rules_file.parent.mkdir(parents=True, exist_ok=True)
        rules_file.write_text(yaml.safe_dump(self.rules, sort_keys=False))
        d = self.season_dir
        (d / "rounds").mkdir(parents=True, exist_ok=True)
        season = {
            "series": "test-series", "season": 2007, "rules": {"ruleset": "test-series", "version": "1"},
            "sources": {"s": "https://example.org/source"},
            "calendar": [{"round": n, "name": self.names.get(n, f"R{n}"), "date": f"2007-{n:02d}-01", "src": ["s"]}
                         for n in self.calendar],
            "drivers": [{"id": x, "name": x.upper()} for x in self.drivers],
            "entries": self.entries if self.entries is not None else
            [{"driver": x, "status": "scoring", "src": ["s"]} for x in self.drivers],
        }
        if self.teams:
            season["teams"] = [{"id": x, "name": x.upper()} for x in self.teams]
        if self.assumptions:
            season["assumptions"] = self.assumptions
        if self.declared:
            season["declared"] = self.declared
        (d / "season.yaml").write_text(yaml.safe_dump(season, sort_keys=False))
        for n, session in self.rounds.items():
            (d / "rounds" / f"{n:02d}.yaml").write_text(yaml.safe_dump({"round": n, "sessions": [session]}, sort_keys=False))
        if self.exceptions:
            (d / "exceptions.yaml").write_text(yaml.safe_dump(self.exceptions, sort_keys=False))
        if self.snapshots:
            (d / "standings.yaml").write_text(yaml.safe_dump({"snapshots": self.snapshots}, sort_keys=False))
        return d

    def run(self):
        from validator.pipeline import RulesCache, run_season
        return run_season(self.write(), RulesCache(self.root / "rules"))


@pytest.fixture
def builder(tmp_path: Path) -> SeasonBuilder:
    return SeasonBuilder(tmp_path)


def res(pos, driver, **kw) -> dict:
    return {"pos": pos, "driver": driver, **kw}


def value_items(value, prefix=()):
    """Every (path, value) in a plain YAML value (paths of mapping keys and list indexes), the value itself first."""
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from value_items(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from value_items(v, prefix + (i,))


def value_paths(value, prefix=()):
    """Every path into a plain YAML value (mapping keys and list indexes), the value's own path first."""
    return (path for path, _ in value_items(value, prefix))


def copy_season(root: Path, key: str = "porsche-supercup/2007", *, name: str | None = None,
                source: Path = ROOT) -> Path:
    """A scratch copy of season `key` (series/year) of the project `source` (the repository, or BASE) at
    root/seasons/<name or key>, beside the ruleset version its season.yaml cites and the versions that one
    `supersedes:` (each copied unless root has it). Returns the season directory."""
    season = root / "seasons" / (name or key)
    shutil.copytree(source / "seasons" / key, season)
    cited = yaml.safe_load((season / "season.yaml").read_text("utf-8"))["rules"]
    version = cited["version"]
    while version is not None:
        rules = Path("rules", cited["ruleset"], f"{version}.yaml")
        if not (root / rules).exists():
            (root / rules).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source / rules, root / rules)
        version = yaml.safe_load((root / rules).read_text("utf-8")).get("supersedes")
    return season


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the 2007 Supercup season and its ruleset in a scratch project root (the current directory)."""
    copy_season(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def _own_check_cache(tmp_path_factory, monkeypatch):
    """Every test gets an empty check cache of its own (never the user's; no test sees another's entries)."""
    monkeypatch.setenv("SCRUTINEER_CACHE_DIR", str(tmp_path_factory.mktemp("check-cache")))


F1DB_ENV = "SCRUTINEER_F1DB"  # the extract's folder; else shared/data/f1db beside the repository or a folder above


def f1db_source(why: str) -> Path:
    """The F1DB CSV extract, or skip the calling test saying why it needs it."""
    import os

    candidates = [Path(os.environ[F1DB_ENV])] if os.environ.get(F1DB_ENV) else []
    candidates += [parent / "shared" / "data" / "f1db" for parent in ROOT.parents]
    for candidate in candidates:
        if (candidate / "results.csv").is_file():
            return candidate
    pytest.skip(f"F1DB CSV extract not found (set {F1DB_ENV}, or put it at ../shared/data/f1db beside the "
                f"repository); {why}")
