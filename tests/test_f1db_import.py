"""F1DB importer: the committed seasons/formula-1 is exactly what the importer writes, and it fits the schemas."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from tests.conftest import f1db_source
from validator.importers import f1db, f1db_data, output

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "seasons" / "formula-1"
SCHEMAS = ROOT / "validator" / "schemas"


def _source() -> Path:
    return f1db_source("the full-import tests need it")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("f1") / "formula-1"
    f1db.import_f1db(_source(), out)
    return out


def _validators():
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {path.name.split(".")[0]: json.loads(path.read_text("utf-8")) for path in SCHEMAS.glob("*.schema.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return {name: Draft202012Validator(s, registry=registry) for name, s in schemas.items()}


HAND_MAINTAINED = "exceptions.yaml"  # <year>/exceptions.yaml: overrides and decisions, not written by the importer


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != HAND_MAINTAINED}


def test_committed_records_are_byte_for_byte_the_import(imported: Path) -> None:
    fresh, committed = _files(imported), _files(COMMITTED)
    assert sorted(fresh) == sorted(committed), "file sets differ: re-run scrutineer import f1db"
    differing = [name for name in fresh if fresh[name] != committed[name]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}: re-run scrutineer import f1db"


def test_import_is_deterministic(imported: Path, tmp_path: Path) -> None:
    again = tmp_path / "formula-1"
    f1db.import_f1db(_source(), again)
    assert _files(again) == _files(imported)


def test_every_season_is_written(imported: Path) -> None:
    for year in range(1950, 2027):
        assert (imported / str(year) / "season.yaml").is_file()
        assert (imported / str(year) / "standings.yaml").is_file()
        assert any((imported / str(year) / "rounds").glob("*.yaml"))
    notice = (imported / "NOTICE.md").read_text("utf-8")
    assert "https://github.com/f1db/f1db" in notice and "https://creativecommons.org/licenses/by/4.0/" in notice
    assert "6a5845b" in notice and "Modified" in notice


SAMPLE_YEARS = (1950, 1954, 1961, 1984, 1997, 2007, 2014, 2018, 2021, 2026)


@pytest.mark.parametrize("year", SAMPLE_YEARS)
def test_sample_seasons_fit_the_schemas(imported: Path, year: int) -> None:
    validators = _validators()
    season_dir = imported / str(year)
    files = [(season_dir / "season.yaml", "season", 3), (season_dir / "standings.yaml", "standings", 3)]
    files += [(p, "round", 4) for p in sorted((season_dir / "rounds").glob("*.yaml"))]
    for path, schema, depth in files:
        text = path.read_text("utf-8")
        assert text.splitlines()[0] == f"# yaml-language-server: $schema={'../' * depth}validator/schemas/{schema}.schema.json"
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validators[schema].iter_errors(data)]
        assert not errors, f"{path}: {errors[:3]}"


def test_exceptions_fit_the_schema_and_name_known_rounds() -> None:
    validators = _validators()
    found = sorted(COMMITTED.glob(f"*/{HAND_MAINTAINED}"))
    assert found, "expected hand-maintained exceptions.yaml files under seasons/formula-1"
    for path in found:
        text = path.read_text("utf-8")
        assert text.splitlines()[0] == "# yaml-language-server: $schema=../../../validator/schemas/exceptions.schema.json"
        data = yaml.safe_load(text)
        errors = [e.message for e in validators["exceptions"].iter_errors(data)]
        assert not errors, f"{path}: {errors[:3]}"
        rounds = {int(p.name[:2]) for p in (path.parent / "rounds").glob("*.yaml")}
        assert all(o["round"] in rounds for o in data.get("overrides", [])), path


def test_import_keeps_hand_maintained_exceptions(tmp_path: Path) -> None:
    out = tmp_path / "formula-1"
    (out / "1963").mkdir(parents=True)
    (out / "1963" / HAND_MAINTAINED).write_text("overrides: []\n", encoding="utf-8")
    f1db.import_f1db(_source(), out)
    assert (out / "1963" / HAND_MAINTAINED).read_text("utf-8") == "overrides: []\n"


def test_2018_force_india_entrants_are_separate_teams(imported: Path) -> None:
    standings = yaml.safe_load((imported / "2018" / "standings.yaml").read_text("utf-8"))
    final = next(s for s in standings["snapshots"]
                 if s["after_round"] == "final" and s["classification"] == "constructors")
    rows = {r["team"]: r for r in final["rows"]}
    assert rows["racing-point-force-india-f1-team"]["points"] == 52
    assert rows["sahara-force-india-f1-team"]["position"] == "EX"
    belgium = yaml.safe_load(next((imported / "2018" / "rounds").glob("13-*.yaml")).read_text("utf-8"))
    teams = {r["team"] for r in belgium["sessions"][0]["results"] if r["driver"] in ("sergio-perez", "esteban-ocon")}
    assert teams == {"racing-point-force-india-f1-team"}


# ---------------------------------------------------------------- no data needed: a tiny hand-made extract

TINY = {
    "races.csv": "year,round,slug,date,grand_prix_id,official_name,laps,scheduled_laps,distance_km,"
                 "scheduled_distance_km,sprint_laps,has_sprint\n"
                 "1950,1,great-britain,1950-05-13,great-britain,1950 RAC British Grand Prix,70,,325.43,,,\n"
                 "1950,2,monaco,1950-05-21,monaco,\"Grand Prix de Monaco, 1950\",60,100,318.0,,,\n"
                 "1950,3,later,1950-06-21,later,Not yet run,50,,1.0,,10,\n",
    "results.csv": "year,round,session,position,driver_number,driver_id,constructor_id,engine_id,shared_car,laps,"
                   "time,time_penalty,reason_retired,points\n"
                   "1950,1,race,1,2,nino-farina,alfa-romeo,alfa-romeo,,70,2:13:23.600,,,9\n"
                   "1950,1,race,2,3,luigi-fagioli,alfa-romeo,alfa-romeo,,70,,,,4.5\n"
                   "1950,1,race,2,3,reg-parnell,alfa-romeo,alfa-romeo,1,,,,,0.14\n"
                   "1950,1,race,DNF,14,yves-giraud-cabantous,talbot-lago,talbot-lago,,8,,,Engine,\n"
                   "1950,2,race,1,2,nino-farina,alfa-romeo,alfa-romeo,,60,,,,8\n",
    "fastest_laps.csv": "year,round,rank,driver_id,constructor_id,lap,time\n"
                        "1950,1,1,nino-farina,alfa-romeo,2,1:50.600\n",
    "driver_standings.csv": "year,after_round,position,driver_id,points\n"
                            "1950,1,1,nino-farina,9\n1950,1,2,luigi-fagioli,4.5\n"
                            "1950,final,1,nino-farina,17\n1950,final,2,luigi-fagioli,4.5\n",
    "constructor_standings.csv": "year,after_round,position,constructor_id,engine_id,points\n",
    "entrants.csv": "year,entrant_id,constructor_id,engine_id,driver_id,rounds,test_driver\n"
                    "1950,alfa-romeo-spa,alfa-romeo,alfa-romeo,nino-farina,1-3,\n"
                    "1950,alfa-romeo-spa,alfa-romeo,alfa-romeo,luigi-fagioli,1,\n",
}


def tiny_extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TINY written as an extract folder (tmp_path/src), the importer's last year set to its one season."""
    monkeypatch.setattr(f1db_data, "LAST_YEAR", 1950)
    source = tmp_path / "src"
    source.mkdir()
    for name, text in TINY.items():
        (source / name).write_text(text, encoding="utf-8")
    return source


def test_tiny_extract_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tiny_extract(tmp_path, monkeypatch)
    out = tmp_path / "formula-1"
    f1db.import_f1db(source, out)
    stamped = (out / "1950" / "rounds" / "01-great-britain.yaml").read_text("utf-8")
    header = stamped.splitlines()[1]
    assert header.startswith("# generated by scrutineer import f1db from F1DB commit 6a5845b840e68d53400f3e8db97b55c3ad2fab52 ")
    assert output.origin(stamped) == "generated"
    round1 = stamped.replace(header + "\n", "", 1)
    assert round1 == (
        "# yaml-language-server: $schema=../../../../validator/schemas/round.schema.json\n"
        "round: 1\n"
        "src: [f1db]\n"
        "sessions:\n"
        "  - session: race\n"
        "    laps: {run: 70, scheduled: 70, src: [f1db]}\n"
        "    complete: true\n"
        "    results:\n"
        "      - {pos: 1, driver: nino-farina, team: alfa-romeo-alfa-romeo, number: 2, laps: 70, points: 9}\n"
        "      - {pos: 2, driver: luigi-fagioli, team: alfa-romeo-alfa-romeo, number: 3, laps: 70, points: \"4.5\"}\n"
        "      - {pos: 2, driver: reg-parnell, team: alfa-romeo-alfa-romeo, number: 3, shared: true, points: \"0.14\"}\n"
        "      - {pos: DNF, driver: yves-giraud-cabantous, team: talbot-lago-talbot-lago, number: 14, laps: 8}\n"
        "    fastest_lap:\n"
        "      - {driver: nino-farina, team: alfa-romeo-alfa-romeo, time: \"1:50.600\"}\n")
    round2 = yaml.safe_load((out / "1950" / "rounds" / "02-monaco.yaml").read_text("utf-8"))
    assert round2["sessions"][0]["laps"] == {"run": 60, "scheduled": 100, "src": ["f1db"]}
    assert not (out / "1950" / "rounds" / "03-later.yaml").exists()  # no results yet: calendar only
    season = yaml.safe_load((out / "1950" / "season.yaml").read_text("utf-8"))
    assert season["calendar"][1]["name"] == "Grand Prix de Monaco, 1950"
    assert season["calendar"][2]["sessions"] == ["sprint", "race"]
    assert season["calendar"][0]["date"] == "1950-05-13"
    entries = {e["driver"]: e for e in season["entries"]}
    assert "rounds" not in entries["nino-farina"]  # every calendar round
    assert entries["luigi-fagioli"]["rounds"] == [1]
    standings = yaml.safe_load((out / "1950" / "standings.yaml").read_text("utf-8"))
    assert [(s["after_round"], s["classification"]) for s in standings["snapshots"]] == [(1, "drivers"), ("final", "drivers")]
    assert standings["snapshots"][0]["rows"][1] == {"position": 2, "driver": "luigi-fagioli", "points": "4.5"}
    validators = _validators()
    for path in sorted(out.rglob("*.yaml")):
        schema = "round" if path.parent.name == "rounds" else path.stem
        assert not list(validators[schema].iter_errors(yaml.safe_load(path.read_text("utf-8")))), path


def test_scalars_read_back_as_written() -> None:
    for text in ("nino-farina", "1950-05-13", "1:50.600", "yes", "no", "on", "null", "Grand Prix: 1950",
                 "a, b", "Moët & Chandon", "x #y", "- dash", "'quoted'", "4.5", "12"):
        assert yaml.safe_load(f"v: {f1db.scalar(text)}")["v"] == text
    assert f1db.number("9") == 9 and f1db.number("0.14") == "0.14"
    assert f1db.parse_rounds("1-2,4-7") == [1, 2, 4, 5, 6, 7]
    assert f1db.parse_rounds("") == []
    assert f1db.name_from_slug("nino-farina") == "Nino Farina"


def test_main_reports_a_missing_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert f1db.main(["--source", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "IMP001" in err and "not found" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
