"""Issue 9.2 (rule edits, first half): which seasons the paths given to `scrutineer check` concern."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from validator.affected import seasons_for_paths

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "bad-inputs" / "_base"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """Two series: tiny@1 cited by 2007 and 2008, tiny@2 cited by 2009; other@1 by other/2007."""
    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    monkeypatch.chdir(work)
    season = work / "seasons" / "tiny" / "2007"
    text = (season / "season.yaml").read_text()
    for year, version in (("2008", "1"), ("2009", "2")):
        shutil.copytree(season, work / "seasons" / "tiny" / year)
        (work / "seasons" / "tiny" / year / "season.yaml").write_text(
            text.replace('version: "1"', f'version: "{version}"'))
    shutil.copy(work / "rules" / "tiny" / "1.yaml", work / "rules" / "tiny" / "2.yaml")
    shutil.copytree(season, work / "seasons" / "other" / "2007")
    (work / "seasons" / "other" / "2007" / "season.yaml").write_text(text.replace("ruleset: tiny", "ruleset: other"))
    (work / "rules" / "other").mkdir()
    shutil.copy(work / "rules" / "tiny" / "1.yaml", work / "rules" / "other" / "1.yaml")
    return work


def names(paths: list[Path]) -> list[str]:
    return [p.as_posix() for p in paths]


def test_fixture_cites_what_it_says(repo):
    assert 'version: "1"' in (repo / "seasons" / "tiny" / "2008" / "season.yaml").read_text()
    assert "ruleset: other" in (repo / "seasons" / "other" / "2007" / "season.yaml").read_text()


def test_rules_version_file_selects_every_season_citing_that_version(repo):
    seasons, findings = seasons_for_paths([Path("rules/tiny/1.yaml")])
    assert names(seasons) == ["seasons/tiny/2007", "seasons/tiny/2008"] and findings == []
    assert names(seasons_for_paths([Path("rules/tiny/2.yaml")])[0]) == ["seasons/tiny/2009"]


def test_rules_series_directory_and_lock_select_wider(repo):
    assert names(seasons_for_paths([Path("rules/tiny")])[0]) == \
        ["seasons/tiny/2007", "seasons/tiny/2008", "seasons/tiny/2009"]
    everything = ["seasons/other/2007", "seasons/tiny/2007", "seasons/tiny/2008", "seasons/tiny/2009"]
    assert names(seasons_for_paths([Path("rules/LOCK")])[0]) == everything
    assert names(seasons_for_paths([Path("rules")])[0]) == everything


def test_file_inside_a_season_selects_that_season_once(repo):
    seasons, findings = seasons_for_paths([Path("seasons/tiny/2008/rounds/01-first.yaml"),
                                           Path("seasons/tiny/2008/season.yaml"), repo / "seasons" / "tiny" / "2008",
                                           Path("seasons/tiny/2008/rounds")])
    assert names(seasons) == ["seasons/tiny/2008"] and findings == []


def test_deleted_files_are_placed_by_where_they_were(repo):
    seasons, findings = seasons_for_paths([Path("seasons/tiny/2009/rounds/07-gone.yaml"), Path("rules/other/9.yaml")])
    assert names(seasons) == ["seasons/tiny/2009"] and findings == []


def test_directory_above_seasons_selects_all_below(repo):
    assert names(seasons_for_paths([Path("seasons/tiny")])[0]) == \
        ["seasons/tiny/2007", "seasons/tiny/2008", "seasons/tiny/2009"]


def test_paths_concerning_no_season_are_findings_not_errors_of_the_run(repo):
    (repo / "README.md").write_text("x")
    (repo / "rules" / "tiny" / "3.yaml").write_text("x")
    seasons, findings = seasons_for_paths([Path("nowhere/x.yaml"), Path("README.md"), Path("rules/tiny/3.yaml")])
    assert seasons == []
    assert [(f.code, f.location.file, f.location.line) for f in findings] == [
        ("CI001", "nowhere/x.yaml", 1), ("CI002", "README.md", 1), ("CI003", "rules/tiny/3.yaml", 1)]


def test_unreadable_season_yaml_is_kept_not_silently_dropped(repo):
    (repo / "seasons" / "tiny" / "2009" / "season.yaml").write_text("rules: {ruleset: [unclosed\n")
    assert "seasons/tiny/2009" in names(seasons_for_paths([Path("rules/tiny/1.yaml")])[0])


def test_explicit_rules_directory(repo, tmp_path):
    shutil.copytree(repo / "rules", tmp_path / "scratch")
    seasons, _ = seasons_for_paths([tmp_path / "scratch" / "tiny" / "2.yaml"], tmp_path / "scratch")
    assert names(seasons) == ["seasons/tiny/2009"]


def test_repository_formula_1_2010_rules_cover_2010_to_2013(monkeypatch):
    """Done-when of issue 9: `check rules/formula-1/2010.2.yaml` checks 2010-2013 (the 2014 version follows);
    2010.2 replaced the locked 2010 wholly (docs/RULES-WORKFLOW.md), which no season cites any more."""
    monkeypatch.chdir(ROOT)
    seasons, findings = seasons_for_paths([Path("rules/formula-1/2010.2.yaml")])
    assert names(seasons) == [f"seasons/formula-1/{y}" for y in range(2010, 2014)] and findings == []
    seasons, _ = seasons_for_paths([Path("rules/formula-1/2010.yaml")])
    assert names(seasons) == []


def test_a_checkout_below_an_unrelated_folder_named_rules(tmp_path, monkeypatch):
    work = tmp_path / "rules" / "project"
    shutil.copytree(BASE, work)
    monkeypatch.chdir(work)
    seasons, findings = seasons_for_paths([Path(".")])
    assert names(seasons) == ["seasons/tiny/2007"] and findings == []
