"""`scrutineer import f1db` never destroys: it replaces or removes only files it wrote (recognised by their
generated-file header and content hash), refuses anything else without --force, offers --dry-run, and reports bad
input as exit 2 with file:line. Runs on the hand-made tiny extract of test_f1db_import (no data needed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_f1db_import import TINY, tiny_extract
from validator import cli
from validator.importers import output


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return tiny_extract(tmp_path, monkeypatch)


def _import(source: Path, out: Path, *flags: str) -> int:
    return cli.main(["import", "f1db", "--source", str(source), "--out", str(out), *flags])


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


WRITTEN = {"NOTICE.md", "1950/season.yaml", "1950/standings.yaml", "1950/rounds/01-great-britain.yaml",
           "1950/rounds/02-monaco.yaml"}


def test_a_fresh_folder_gets_every_file_with_its_header(source: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "formula-1"
    assert _import(source, out) == 0
    assert set(_tree(out)) == WRITTEN
    assert all(output.origin(p.read_text("utf-8")) == "generated" for p in out.rglob("*") if p.is_file())
    assert "added 5, replaced 0, removed 0, unchanged 0" in capsys.readouterr().out


def test_a_rerun_changes_nothing_and_says_so(source: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "formula-1"
    _import(source, out)
    before = _tree(out)
    capsys.readouterr()
    assert _import(source, out) == 0
    assert _tree(out) == before
    assert "added 0, replaced 0, removed 0, unchanged 5" in capsys.readouterr().out


def test_a_folder_holding_other_files_is_refused_and_untouched(source: Path, tmp_path: Path, capsys) -> None:
    """The one-word slip: --out seasons/porsche-supercup would have destroyed the hand-transcribed record."""
    out = tmp_path / "porsche-supercup"
    (out / "2007" / "rounds").mkdir(parents=True)
    (out / "2007" / "season.yaml").write_text("series: porsche-supercup\n", encoding="utf-8")
    (out / "2007" / "rounds" / "05-magny-cours.yaml").write_text("round: 5\n", encoding="utf-8")
    (out / "1950").mkdir()
    (out / "1950" / "season.yaml").write_text("hand-written\n", encoding="utf-8")
    before = _tree(out)
    assert _import(source, out) == 2
    err = capsys.readouterr().err
    assert "IMP005" in err and "3 file(s) the importer did not write" in err
    for name in ("1950/season.yaml", "2007/season.yaml", "2007/rounds/05-magny-cours.yaml"):
        assert name in err
    assert _tree(out) == before


def test_force_overwrites_only_where_it_writes_and_removes_nothing_foreign(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "formula-1"
    (out / "1950").mkdir(parents=True)
    (out / "1950" / "season.yaml").write_text("hand-written\n", encoding="utf-8")
    (out / "1950" / "rounds").mkdir()
    (out / "1950" / "rounds" / "09-mine.yaml").write_text("mine\n", encoding="utf-8")
    assert _import(source, out, "--force") == 0
    assert output.origin((out / "1950" / "season.yaml").read_text("utf-8")) == "generated"
    assert (out / "1950" / "rounds" / "09-mine.yaml").read_text("utf-8") == "mine\n"


def test_a_hand_edited_generated_file_is_refused_then_replaced_with_force(source: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "formula-1"
    _import(source, out)
    season = out / "1950" / "season.yaml"
    edited = season.read_text("utf-8").replace("Nino Farina", "Giuseppe Farina")
    season.write_text(edited, encoding="utf-8")
    assert output.origin(edited) == "edited"
    capsys.readouterr()
    assert _import(source, out) == 2
    err = capsys.readouterr().err
    assert "IMP006" in err and "1950/season.yaml" in err
    assert season.read_text("utf-8") == edited
    assert _import(source, out, "--force") == 0
    assert "Giuseppe" not in season.read_text("utf-8")


def test_its_own_stale_files_are_removed_others_kept(source: Path, tmp_path: Path, capsys) -> None:
    """A round file of an earlier run whose slug changed is the importer's own: it goes; exceptions.yaml stays."""
    out = tmp_path / "formula-1"
    _import(source, out)
    stale = out / "1950" / "rounds" / "02-monte-carlo.yaml"
    (out / "1950" / "rounds" / "02-monaco.yaml").rename(stale)
    (out / "1950" / "exceptions.yaml").write_text("overrides: []\n", encoding="utf-8")
    capsys.readouterr()
    assert _import(source, out) == 0
    assert not stale.exists() and (out / "1950" / "rounds" / "02-monaco.yaml").is_file()
    assert (out / "1950" / "exceptions.yaml").read_text("utf-8") == "overrides: []\n"
    assert "added 1, replaced 0, removed 1, unchanged 4" in capsys.readouterr().out


def test_dry_run_lists_changes_and_writes_nothing(source: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "formula-1"
    _import(source, out)
    (out / "1950" / "standings.yaml").write_text(
        output.stamp("snapshots: []\n", "scrutineer import f1db", "an older extract"), encoding="utf-8")
    (out / "1950" / "rounds" / "01-great-britain.yaml").unlink()
    (out / "1950" / "rounds" / "07-gone.yaml").write_text(
        output.stamp("round: 7\n", "scrutineer import f1db", "an older extract"), encoding="utf-8")
    before = _tree(out)
    capsys.readouterr()
    assert _import(source, out, "--dry-run") == 0
    text = capsys.readouterr().out
    assert "would change: added 1, replaced 1, removed 1, unchanged 3" in text
    assert "added: 1950/rounds/01-great-britain.yaml" in text
    assert "replaced: 1950/standings.yaml" in text
    assert "removed: 1950/rounds/07-gone.yaml" in text
    assert _tree(out) == before


def test_dry_run_of_a_refused_folder_exits_2_and_lists_it(source: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "porsche-supercup"
    (out / "2007").mkdir(parents=True)
    (out / "2007" / "season.yaml").write_text("x: 1\n", encoding="utf-8")
    assert _import(source, out, "--dry-run") == 2
    captured = capsys.readouterr()
    assert "not written by the importer (left in place): 2007/season.yaml" in captured.out
    assert "IMP005" in captured.err
    assert _tree(out) == {"2007/season.yaml": b"x: 1\n"}


def test_header_is_a_function_of_the_content() -> None:
    one = output.stamp("# yaml-language-server: $schema=x\nround: 1\n", "scrutineer import f1db", "F1DB commit abc")
    assert one == output.stamp("# yaml-language-server: $schema=x\nround: 1\n", "scrutineer import f1db",
                               "F1DB commit abc")
    assert one.splitlines()[0] == "# yaml-language-server: $schema=x" and output.origin(one) == "generated"
    assert output.origin(one.replace("round: 1", "round: 2")) == "edited"
    assert output.origin("round: 1\n") == "foreign"
    assert output.origin(output.stamp("# T\n", "scrutineer import f1db", "s", markdown=True)) == "generated"


# ---------------------------------------------------------------- bad input: exit 2 with file:line, never 3

def _fails_with(source: Path, tmp_path: Path, capsys, code: str, where: str) -> str:
    out = tmp_path / "out"
    assert _import(source, out) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert f"{code}" in err and where in err, err
    assert not out.exists()
    return err


def test_missing_source_argument_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["import", "f1db", "--out", str(tmp_path / "out")])
    assert stop.value.code == 2


def test_a_source_folder_without_the_csvs(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    _fails_with(tmp_path / "empty", tmp_path, capsys, "IMP001", "lacks races.csv, results.csv")


def test_a_truncated_csv_row_is_located(source: Path, tmp_path: Path, capsys) -> None:
    text = TINY["results.csv"]
    cut = text[:text.index("Engine,")]  # the DNF row (line 5) ends mid-row, like a copy that stopped early
    (source / "results.csv").write_text(cut, encoding="utf-8")
    _fails_with(source, tmp_path, capsys, "IMP004", f"{source / 'results.csv'}:5:1")


def test_bad_utf8_is_located(source: Path, tmp_path: Path, capsys) -> None:
    raw = TINY["races.csv"].encode("utf-8").replace(b"Grand Prix de Monaco", b"Grand Prix de Monac\xe9")
    (source / "races.csv").write_bytes(raw)
    _fails_with(source, tmp_path, capsys, "IMP002", f"{source / 'races.csv'}:3:")


def test_a_missing_column_is_named(source: Path, tmp_path: Path, capsys) -> None:
    lines = TINY["driver_standings.csv"].splitlines()
    (source / "driver_standings.csv").write_text(
        "\n".join(",".join(line.split(",")[:-1]) for line in lines) + "\n", encoding="utf-8")
    err = _fails_with(source, tmp_path, capsys, "IMP003", f"{source / 'driver_standings.csv'}:1:1")
    assert "missing column points" in err


def test_a_value_of_the_wrong_form_is_located(source: Path, tmp_path: Path, capsys) -> None:
    (source / "results.csv").write_text(TINY["results.csv"].replace(",70,2:13:23.600", ",seventy,2:13:23.600"),
                                        encoding="utf-8")
    err = _fails_with(source, tmp_path, capsys, "IMP004", f"{source / 'results.csv'}:2:1")
    assert "laps 'seventy'" in err


def test_every_bad_file_is_reported_at_once(source: Path, tmp_path: Path, capsys) -> None:
    (source / "races.csv").write_bytes(b"\xff" + TINY["races.csv"].encode())
    (source / "entrants.csv").write_text("year,entrant_id\n1950,x\n", encoding="utf-8")
    err = _fails_with(source, tmp_path, capsys, "IMP002", "races.csv:1:1")
    assert "IMP003" in err and "entrants.csv:1:1" in err


def test_a_season_outside_the_range_is_located(source: Path, tmp_path: Path, capsys) -> None:
    (source / "driver_standings.csv").write_text(TINY["driver_standings.csv"] + "1949,1,1,nino-farina,9\n",
                                                 encoding="utf-8")
    _fails_with(source, tmp_path, capsys, "IMP004", "driver_standings.csv:6:1")


def test_results_for_a_round_not_in_races_csv(source: Path, tmp_path: Path, capsys) -> None:
    (source / "results.csv").write_text(TINY["results.csv"] + "1950,9,race,1,2,nino-farina,alfa-romeo,alfa-romeo,,60,,,,8\n",
                                        encoding="utf-8")
    _fails_with(source, tmp_path, capsys, "IMP007", "missing from races.csv")


def test_an_output_that_cannot_be_written_is_exit_2(source: Path, tmp_path: Path, capsys) -> None:
    """A file where a folder must go: a clear message (IMP008), not an internal error."""
    blocker = tmp_path / "formula-1"
    blocker.write_text("not a folder\n", encoding="utf-8")
    assert _import(source, tmp_path / "formula-1" / "sub") == 2
    err = capsys.readouterr().err
    assert "IMP008" in err and "internal error" not in err
    assert blocker.read_text("utf-8") == "not a folder\n"


def test_out_naming_a_file_is_refused(source: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    assert _import(source, target) == 2
    # IMP008, the catalogue's "a file where a folder must go" (it said IMP005, a folder with files of others)
    assert "IMP008" in capsys.readouterr().err and target.read_text("utf-8") == "mine\n"


def test_a_symlink_in_the_output_is_never_written_through(source: Path, tmp_path: Path, capsys) -> None:
    """A link at a path the import writes is someone else's: refused; forced, the link is replaced, and the file
    it pointed to is left as it was."""
    outside = tmp_path / "precious.md"
    outside.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "formula-1"
    out.mkdir()
    (out / "NOTICE.md").symlink_to(outside)
    assert _import(source, out) == 2
    assert "IMP005" in capsys.readouterr().err
    assert _import(source, out, "--force") == 0
    assert outside.read_text("utf-8") == "precious\n"
    assert not (out / "NOTICE.md").is_symlink()
    assert not list(out.rglob(".*scrutineer-tmp"))


def test_rows_after_a_quoted_line_break_keep_their_line(source: Path, tmp_path: Path, capsys) -> None:
    """A quoted field may hold a line break: the next row's location is still its first physical line (5)."""
    text = TINY["races.csv"].replace('"Grand Prix de Monaco, 1950"', '"Grand Prix de Monaco,\n1950"')
    text = text.replace("1950,3,later,1950-06-21,later,Not yet run,50,", "1950,3,later,1950-06-21,later,Not yet run,fifty,")
    (source / "races.csv").write_text(text, encoding="utf-8")
    err = _fails_with(source, tmp_path, capsys, "IMP004", f"{source / 'races.csv'}:5:1")
    assert "laps 'fifty'" in err
