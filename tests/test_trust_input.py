"""Issue 8 (trust), items 2 and 4: every number and every path ends in a located finding or a correct reading.

* One reading of every number (validator/load/numbers.py), shared by the schema's `exact-number` format and the
  model: what the schema accepts the engine reads, and reads as the schema said.
* Paths a season directory can hold that are not regular files (FIFO, directory, device, socket, dangling or
  looping symbolic link, link out of the season) are refused by code, never opened or waited on.
* An internal error in one season is that season's finding (INT002; a dead worker INT003), the others are still
  checked and the exit code is 3.

Bounded time is asserted structurally (bounds checked before converting, non-regular files never opened); the
subprocess `timeout=` below would only fire on a hang, never on a slow machine.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from tests.conftest import BASE, ROOT, copy_season, value_items
from validator import cli, pipeline
from validator.findings import InputError
from validator.load import numbers, schema
from validator.load.numbers import Dec, NumberError
from validator.load.yaml_loader import Document, load_text
from validator.model.documents import parse_number

HANG = 120  # seconds: fires only on a hang (the cases take milliseconds)


# ---------------------------------------------------------------- one reading of every number

@pytest.mark.parametrize("value, exact", [
    (12, 12), (-3, -3), ("0.14", Fraction(7, 50)), ("1/7", Fraction(1, 7)), ("1.5/2", Fraction(3, 4)),
    ("-0", 0), ("007", 7), (Dec("-0.0"), 0), (Dec("4.50"), Fraction(9, 2)), (Dec("1.5E+3"), 1500),
    ("999999999999999999", 999999999999999999), ("0.000000000000000001", Fraction(1, 10 ** 18)),
])
def test_numbers_read_exactly(value, exact):
    got = numbers.read(value)
    assert got == exact and type(got) is type(exact)  # whole numbers are ints (the engine's fast path)


@pytest.mark.parametrize("value, code", [
    ("1/0", "NUM002"), ("1.5/0", "NUM002"), ("0/000", "NUM002"),
    ("9" * 19, "NUM001"), ("1/" + "9" * 19, "NUM001"), ("0." + "1" * 19, "NUM001"), ("1" * 100_000, "NUM001"),
    (10 ** 18, "NUM001"), (-(10 ** 18), "NUM001"), (Dec("1E+18"), "NUM001"), (Dec("1E-19"), "NUM001"),
    ("ten", "SCHEMA001"), ("1e3", "SCHEMA001"), ("1/7\n", "SCHEMA001"), ("", "SCHEMA001"), ("\u0663", "SCHEMA001"),
    (True, "SCHEMA001"), (1.5, "SCHEMA001"),
])
def test_numbers_refused_with_their_code(value, code):
    with pytest.raises(NumberError) as info:
        numbers.read(value)
    assert info.value.code == code and len(info.value.message) < 200


def test_declared_text_keeps_the_printed_places():
    assert parse_number(Dec("4.50")).text == "4.50" and parse_number(Dec("4.50")).decimals == 2
    assert parse_number(Dec("1.5E+3")) == (1500, "1500")
    assert parse_number("1.5/2") == (Fraction(3, 4), "1.5/2")
    assert parse_number(Dec("-0.0")).value == 0


@pytest.mark.parametrize("text, expected", [
    ("v: 4.0", Dec("4.0")), ("v: 1.5", Dec("1.5")), ("v: -0.0", Dec("-0.0")), ("v: 1.5e+3", Dec("1.5e+3")),
    ("v: 999999999999999999", 999999999999999999), ("v: -0", 0),
])
def test_loader_reads_decimals_exactly_never_as_binary_floats(text, expected):
    value = load_text(text, "n.yaml").data["v"]
    assert value == expected and type(value) is type(expected)
    assert not isinstance(value, float)


@pytest.mark.parametrize("text, code", [
    ("v: 1.0e+999", "NUM001"), ("v: 1.0e-999", "NUM001"), ("v: 1000000000000000000", "NUM001"),
    ("v: 1.0e+99999999999999999999999", "NUM001"),          # past the exponents Decimal represents
    ("v: " + "9" * 100_000, "NUM001"),                      # past Python's int-string limit: no ValueError
    ("v: 0" + "7" * 6000, "YAML006"), ("v: 0x" + "f" * 6000, "YAML006"), ("v: 1_" + "0" * 6000, "YAML006"),
    ("v: " + ":".join(["59"] * 3000), "YAML006"), ("v: .inf", "YAML006"), ("v: -.inf", "YAML006"),
    ("v: .nan", "YAML006"),
])
def test_loader_refuses_numbers_beyond_the_bounds_located(text, code):
    with pytest.raises(InputError) as info:
        load_text(text, "n.yaml")
    (finding,) = info.value.findings
    assert (finding.code, finding.location.line, finding.location.col) == (code, 1, 4)
    assert len(finding.message) < 300


ROUND = """round: 1
sessions:
  - session: race
    results:
      - {{pos: {pos}, driver: ann, points: {points}}}
"""


@pytest.mark.parametrize("points", [
    "10", "-3", "4.5", "4.50", "-0.0", "1.5e+3", "'0.14'", "'1/7'", "'1.5/2'", "'-0'", "'1/0'", "'ten'", "'1e3'",
    "'9999999999999999999'", "'1/99999999999999999999'", "'0.0000000000000000001'", "true", "[1]",
])
def test_schema_accepts_exactly_what_the_engine_reads(points):
    """The schema stage and the model read a number the same way: accepted <=> `numbers.read` succeeds, and the
    model's figure is `numbers.read`'s."""
    doc = load_text(ROUND.format(pos=1, points=points), "r.yaml")
    value = doc.data["sessions"][0]["results"][0]["points"]
    try:
        exact = numbers.read(value)
    except NumberError:
        exact = None
    findings = schema.check(doc, "round")
    assert (findings == []) == (exact is not None), findings
    assert schema.fast_check("round")(doc.data) == schema.validator_for("round").is_valid(doc.data)
    if exact is not None:
        assert parse_number(value).value == exact


def test_position_written_as_decimal_is_refused_with_how_to_write_it():
    """4.0 is a decimal (YAML 1.2 core schema: a float), never silently an integer place, nor a car with no place."""
    findings = schema.check(load_text(ROUND.format(pos="4.0", points=3), "r.yaml"), "round")
    (finding,) = findings
    assert finding.code == "SCHEMA001" and (finding.location.line, finding.location.col) == (5, 15)
    assert "write 4 where a whole number is required" in finding.message


def test_positions_rounds_and_counts_are_bounded_by_the_schema():
    """Work the engine does per position (prefix counts, countback tables) is bounded: 999 is the largest
    position, round or count the schemas accept."""
    assert schema.check(load_text(ROUND.format(pos=999, points=0), "r.yaml"), "round") == []
    (finding,) = schema.check(load_text(ROUND.format(pos=1000, points=0), "r.yaml"), "round")
    assert finding.code == "SCHEMA001" and "maximum of 999" in finding.message


def test_a_position_at_the_bound_is_checked_quickly(tmp_path):
    """A complete session whose last car is 999th: places, countback and static checks are sized by 999."""
    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    first = work / "seasons/tiny/2007/rounds/01-first.yaml"
    first.write_text(first.read_text().replace("{pos: 4, driver: dan", "{pos: 999, driver: dan"))
    proc = subprocess.run([sys.executable, "-m", "validator", "check", "seasons", "--format", "json"], cwd=work,
                          capture_output=True, text=True, timeout=HANG, env=_env())
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------- the compiled schema check agrees with jsonschema

def _schema_of(relative: str) -> str | None:
    parts = Path(relative).parts
    if "rules" in parts[:1] or (len(parts) >= 3 and parts[-3] == "rules"):
        return "ruleset"
    name = parts[-1]
    if parts[-2:-1] == ("rounds",):
        return "round"
    return {"season.yaml": "season", "standings.yaml": "standings", "exceptions.yaml": "exceptions"}.get(name)


def _committed() -> list[tuple[Path, str]]:
    files = sorted((ROOT / "seasons").rglob("*.yaml")) + sorted((ROOT / "rules").rglob("*.yaml")) \
        + sorted(p for p in BASE.rglob("*.yaml"))
    out = []
    for p in files:
        rel = p.relative_to(BASE if BASE in p.parents else ROOT).as_posix()
        name = _schema_of(rel)
        if name:
            out.append((p, name))
    return out


def _agree(data, name: str) -> None:
    fast = schema.fast_check(name)
    assert fast is not None
    assert fast(data) == schema.validator_for(name).is_valid(data), name


def _sampled(files: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Every committed file in the long profile (SCRUTINEER_FUZZ set: jsonschema takes ~20 s of CPU on the
    Formula One tree); otherwise every file except the Formula One seasons, of which every fourth year."""
    if os.environ.get("SCRUTINEER_FUZZ"):
        return files
    keep = []
    for path, name in files:
        parts = path.parts
        year = next((p for p in parts if p.isdigit() and len(p) == 4), None)
        if "formula-1" in parts and "seasons" in parts and year is not None and int(year) % 4:
            continue
        keep.append((path, name))
    return keep


def test_compiled_check_agrees_with_jsonschema_on_every_committed_file():
    """Season and rules files of the repository and the bad-input base (all valid, so: both accept)."""
    from validator.load.yaml_loader import load_file

    files = _committed()
    checked = 0
    for path, name in _sampled(files):
        _agree(load_file(path).data, name)
        checked += 1
    assert checked > len(files) // 5


def _corpus_documents():
    from tests.test_bad_inputs import CASES, directives

    for case in CASES:
        name = _schema_of(directives(case)["at"])
        if name is None:
            continue
        try:
            doc = load_text(case.read_bytes().decode("utf-8"), case.name)
        except (InputError, UnicodeDecodeError):
            continue  # refused by the loader: never reaches a schema
        yield case.name, doc.data, name


def test_compiled_check_agrees_with_jsonschema_on_every_bad_input_case():
    count = 0
    for _, data, name in _corpus_documents():
        _agree(data, name)
        count += 1
    assert count >= 40


def _number_forms():
    """Every form a number can take after loading (int, Dec, text), the forms the loader never makes (binary
    floats, NaN, infinities: jsonschema and the compiled check must still agree on them), and non-numbers."""
    ints = [0, 1, -1, 999, 1000, 2 ** 63, -(10 ** 18), 10 ** 18 - 1, 10 ** 18]
    decs = [Dec(t) for t in ("4.0", "4.5", "-0.0", "0.14", "1E+3", "1.5E+17", "1E+18", "1E-19", "999.0")]
    floats = [4.0, 4.5, -0.0, 1e300, float("inf"), float("-inf"), float("nan"), 1e18]
    texts = ["1/0", "1.5/2", "0.14", "-0", "", "ten", "1e3", "1/7\n", "9" * 19, "1/" + "9" * 19, "x" * 70]
    return ints + decs + floats + texts + [True, False, None, [], {}]


def _number_slots(data):
    """Paths of every int, decimal and number-like text in a document."""
    for path, value in value_items(data):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool) or (
                isinstance(value, str) and value[:1].isdigit()):
            yield path


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


EXCEPTIONS = {
    "overrides": [{"round": 1, "session": "race", "driver": "ann", "points": "1/2", "reason": "r", "src": ["s"],
                   "number": 7}],
    "decisions": [{"kind": "deduct", "classification": "drivers", "driver": "ann", "points": 5, "round": 2,
                   "reason": "r", "src": ["s"]}],
    "errata": [{"after_round": 1, "classification": "drivers", "driver": "ann", "field": "points",
                "published": "10", "reason": "r", "src": ["s"]}],
    "statuses": [{"round": 1, "session": "race", "driver": "ann", "status": "guest", "reason": "r", "src": ["s"]}],
}


def test_compiled_check_agrees_with_jsonschema_on_every_number_form_in_every_schema():
    """Exhaustive: every place a number can stand in a small document of each schema (the bad-input base, the
    Porsche Supercup 2007 rules, an exceptions document using every kind of row) set to each form of
    `_number_forms`."""
    import copy

    from validator.load.yaml_loader import load_file

    tiny = BASE / "seasons" / "tiny" / "2007"
    bases = [(load_file(tiny / "season.yaml").data, "season"),
             (load_file(tiny / "rounds" / "01-first.yaml").data, "round"),
             (load_file(tiny / "standings.yaml").data, "standings"),
             (load_file(ROOT / "rules" / "porsche-supercup" / "2007.yaml").data, "ruleset"),
             (EXCEPTIONS, "exceptions")]
    _agree(EXCEPTIONS, "exceptions")
    assert schema.fast_check("exceptions")(EXCEPTIONS)
    compared = 0
    for doc, name in bases:
        kinds = {}  # one slot per place in the schema: rows of a list are alike (list indexes read as 0)
        for slot in _number_slots(doc):
            kinds.setdefault(tuple(0 if isinstance(k, int) else k for k in slot), slot)
        for slot in kinds.values():
            for form in _number_forms():
                mutated = copy.deepcopy(doc)
                _set(mutated, slot, form)
                _agree(mutated, name)
                compared += 1
    assert compared > 1000


# ---------------------------------------------------------------- paths that are not regular files

def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _season(work: Path, name: str) -> Path:
    """A copy of the valid tiny season as seasons/tiny/<name> (and its ruleset)."""
    return copy_season(work, "tiny/2007", name=f"tiny/{name}", source=BASE)


PATH_CASES = {
    # season name: (how to break it, expected (code, file relative to the season))
    "fifo-round": (lambda s: os.mkfifo(s / "rounds" / "03-third.yaml"), ("PATH001", "rounds/03-third.yaml")),
    "fifo-standings": (lambda s: (s / "standings.yaml").unlink() or os.mkfifo(s / "standings.yaml"),
                       ("PATH001", "standings.yaml")),
    "fifo-season": (lambda s: (s / "season.yaml").unlink() or os.mkfifo(s / "season.yaml"),
                    ("PATH001", "season.yaml")),
    "directory-round": (lambda s: (s / "rounds" / "03-third.yaml").mkdir(), ("PATH001", "rounds/03-third.yaml")),
    "directory-exceptions": (lambda s: (s / "exceptions.yaml").mkdir(), ("PATH001", "exceptions.yaml")),
    "dangling-round": (lambda s: (s / "rounds" / "03-third.yaml").symlink_to("nowhere.yaml"),
                       ("PATH002", "rounds/03-third.yaml")),
    "dangling-standings": (lambda s: (s / "standings.yaml").unlink() or (s / "standings.yaml").symlink_to("gone"),
                           ("PATH002", "standings.yaml")),
    "loop-round": (lambda s: (s / "rounds" / "03-third.yaml").symlink_to("03-third.yaml"),
                   ("PATH002", "rounds/03-third.yaml")),
    "loop-pair": (lambda s: ((s / "rounds" / "03-a.yaml").symlink_to("03-b.yaml"),
                             (s / "rounds" / "03-b.yaml").symlink_to("03-a.yaml")), ("PATH002", "rounds/03-a.yaml")),
    "outside-round": (lambda s: (s / "rounds" / "03-third.yaml").symlink_to(s.parent.parent.parent / "outside.yaml"),
                      ("PATH003", "rounds/03-third.yaml")),
    "outside-rounds-dir": (lambda s: shutil.rmtree(s / "rounds") or (s / "rounds").symlink_to(
        s.parent.parent.parent / "elsewhere"), ("PATH003", "rounds/01-first.yaml")),
    "device-round": (lambda s: (s / "rounds" / "03-third.yaml").symlink_to("/dev/zero"),
                     ("PATH003", "rounds/03-third.yaml")),
    "device-node-round": (lambda s: _device(s / "rounds" / "03-third.yaml"), ("PATH001", "rounds/03-third.yaml")),
    "socket-round": (lambda s: _socket(s / "rounds" / "03-third.yaml"), ("PATH001", "rounds/03-third.yaml")),
    "dangling-rounds-dir": (lambda s: shutil.rmtree(s / "rounds") or (s / "rounds").symlink_to("gone"),
                            ("PATH002", "rounds")),
    "fifo-rounds-dir": (lambda s: shutil.rmtree(s / "rounds") or os.mkfifo(s / "rounds"), ("PATH001", "rounds")),
    "huge-round": (lambda s: os.truncate(_touch(s / "rounds" / "03-third.yaml"), 5 * 1024 * 1024),
                   ("YAML004", "rounds/03-third.yaml")),
}


def test_every_path_code_has_a_case():
    from validator.findings import CATALOGUE

    assert {c for c in CATALOGUE if c.startswith("PATH")} <= {code for _, (code, _) in PATH_CASES.values()}


def _touch(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _device(path: Path) -> None:
    """A character device node like /dev/zero (it never ends: reading it would fill memory)."""
    import stat

    os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 5))


def _can_make_devices() -> bool:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        try:
            _device(Path(tmp) / "zero")
        except (OSError, AttributeError):
            return False
    return True


if not _can_make_devices():  # no CAP_MKNOD here: the device case goes through a link only
    del PATH_CASES["device-node-round"]


_SOCKETS: list[socket.socket] = []


def _socket(path: Path) -> None:
    """A Unix socket at `path`, bound by a relative name (a socket's path is limited to ~100 bytes)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        sock.bind(path.name)
    finally:
        os.chdir(cwd)
    _SOCKETS.append(sock)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs POSIX paths")
def test_non_regular_paths_are_refused_never_opened_and_never_cost_the_other_seasons(tmp_path):
    """One tree, one run (in worker processes: more than 8 seasons), a season per kind of path: each is invalid
    with its PATH finding, the untouched season beside them is still proven, and nothing blocks."""
    work = tmp_path / "w"
    shutil.copytree(BASE / "rules", work / "rules")
    (work / "outside.yaml").write_text("round: 3\nsessions: [{session: race}]\n")
    shutil.copytree(BASE / "seasons" / "tiny" / "2007" / "rounds", work / "elsewhere")
    _season(work, "0-untouched")
    for name, (breaking, _) in PATH_CASES.items():
        breaking(_season(work, name))
    try:
        proc = subprocess.run([sys.executable, "-m", "validator", "check", "seasons", "--format", "json"],
                              cwd=work, capture_output=True, text=True, timeout=HANG, env=_env())
    finally:
        for sock in _SOCKETS:
            sock.close()
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    seasons = {Path(s["directory"]).name: s for s in json.loads(proc.stdout)["seasons"]}
    assert seasons["0-untouched"]["verdict"] == "proven"
    for name, (_, (code, file)) in PATH_CASES.items():
        season = seasons[name]
        assert season["verdict"] == "invalid", name
        where = [(f["code"], f["file"]) for f in season["findings"]]
        assert (code, f"seasons/tiny/{name}/{file}") in where, (name, where)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_a_located_finding(tmp_path, monkeypatch, capsys):
    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    standings = work / "seasons/tiny/2007/standings.yaml"
    standings.chmod(0)
    monkeypatch.chdir(work)
    try:
        assert cli.main(["check", "seasons", "--format", "json"]) == 2
    finally:
        standings.chmod(0o644)
    findings = json.loads(capsys.readouterr().out)["seasons"][0]["findings"]
    assert ("YAML005", "seasons/tiny/2007/standings.yaml") in [(f["code"], f["file"]) for f in findings]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX paths")
def test_ruleset_that_is_not_a_regular_file_is_refused(tmp_path, monkeypatch, capsys):
    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    rules = work / "rules" / "tiny" / "1.yaml"
    rules.unlink()
    os.mkfifo(rules)
    monkeypatch.chdir(work)
    assert cli.main(["check", "seasons", "--format", "json"]) == 2
    findings = json.loads(capsys.readouterr().out)["seasons"][0]["findings"]
    assert ("PATH001", "rules/tiny/1.yaml") in [(f["code"], f["file"]) for f in findings]


def test_a_link_inside_the_season_is_read(tmp_path, monkeypatch, capsys):
    """A symbolic link to a file of the same season is not refused: it is read like the file."""
    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    rounds = work / "seasons/tiny/2007/rounds"
    (rounds / "02-second.yaml").rename(rounds / "second.txt")
    (rounds / "02-second.yaml").symlink_to("second.txt")
    monkeypatch.chdir(work)
    assert cli.main(["check", "seasons", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["seasons"][0]["verdict"] == "proven"


# ---------------------------------------------------------------- internal errors are one season's finding

def _two_seasons(work: Path, count: int = 2) -> list[str]:
    # named copy-2007, copy-2008, ...: a folder named like a year must hold that season (REF008)
    return [_season(work, f"copy-{2007 + i}").name for i in range(count)]


def _failing_in(name: str, how):
    original = pipeline.score_classification

    def score(season, ruleset, classification):
        if season.directory.endswith(name):
            how()
        return original(season, ruleset, classification)
    return score


def _zero_division():
    return 1 // 0


def test_internal_error_in_one_season_is_its_finding_and_exit_3(tmp_path, monkeypatch, capsys):
    work = tmp_path / "w"
    _two_seasons(work)
    monkeypatch.setattr(pipeline, "score_classification", _failing_in("2008", _zero_division))
    monkeypatch.chdir(work)
    assert cli.main(["check", "seasons", "--format", "json"]) == 3
    out, err = capsys.readouterr()
    seasons = {Path(s["directory"]).name: s for s in json.loads(out)["seasons"]}
    assert seasons["copy-2007"]["verdict"] == "proven"
    (finding,) = seasons["copy-2008"]["findings"]
    assert seasons["copy-2008"]["verdict"] == "internal" and finding["code"] == "INT002"
    assert "ZeroDivisionError" in finding["message"] and finding["file"] == "seasons/tiny/copy-2008"
    assert finding["detail"]["origin"].startswith("tests/") or "in " in finding["detail"]["origin"]
    assert "internal error in 1 season(s)" in err and "Traceback" not in err


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
@pytest.mark.parametrize("how, code", [(_zero_division, "INT002"), (lambda: os._exit(9), "INT003")])
def test_internal_error_inside_a_worker_process_is_that_seasons_finding(tmp_path, monkeypatch, how, code):
    """In worker processes (8 seasons or more): an exception, or the worker dying outright, costs only the season
    it happened in."""
    work = tmp_path / "w"
    names = _two_seasons(work, 9)
    monkeypatch.setattr(pipeline, "score_classification", _failing_in("2011", how))
    results = pipeline.check_all([work / "seasons" / "tiny" / n for n in names], work / "rules", workers=2)
    verdicts = {Path(r["directory"]).name: r["verdict"] for r in results}
    assert verdicts == {n: ("internal" if n == "copy-2011" else "proven") for n in names}
    (broken,) = [r for r in results if r["verdict"] == "internal"]
    assert [f["code"] for f in broken["findings"]] == [code]


def test_a_shared_fastest_lap_point_stays_exact():
    """1954 British GP: one point shared by seven drivers is 1/7 each, not a binary float (a rule's integer figure
    read by the one number reader is an int; the share divides a Fraction)."""
    from validator.components.bonus import _fraction

    share = _fraction(1) / 7
    assert share == Fraction(1, 7) and isinstance(share, Fraction)
    assert _fraction("1/2") / 2 == Fraction(1, 4)


def test_open_slots_lookup_equals_the_walk_over_positions():
    """The O(1) lookup of the first/last open road position (thousands of cars stay fast) answers exactly as
    walking the positions does, on every small field."""
    import random

    from validator.engine.places import _Field

    rng = random.Random(8)
    for _ in range(600):
        taken = {p: f"d{p}" for p in range(1, rng.randint(0, 12) + 1) if rng.random() < 0.5}
        eligible = {d: rng.choice(["yes", "no", "maybe"]) for d in taken.values()}
        field = _Field(taken, eligible, open_end=rng.random() < 0.7, last=rng.choice([None, rng.randint(0, 14)]))
        for lo in range(-1, field.top + 4):
            for hi in [None, *range(-1, field.top + 3)]:
                assert field.open_slots(lo, hi) == field._scan(lo, hi)


def test_thousands_of_drivers_and_order_facts_are_checked_quickly(tmp_path):
    """Work per session is linear in its facts (order facts indexed by driver, open positions looked up): 3000
    drivers chained by 2999 order facts, and a second round with 999 places taken."""
    import yaml

    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    season_dir = work / "seasons" / "tiny" / "2007"
    n = 3000
    season = yaml.safe_load((season_dir / "season.yaml").read_text())
    season["drivers"] = [{"id": f"d{i}", "name": f"D{i}"} for i in range(n)]
    season["entries"] = [{"driver": f"d{i}", "status": "scoring", "src": ["s"]} for i in range(n)]
    season["teams"], season["declared"] = [], {}
    (season_dir / "season.yaml").write_text(yaml.safe_dump(season))
    order = [{"ahead": f"d{i}", "behind": f"d{i + 1}", "src": ["s"]} for i in range(n - 1)]
    rounds = {1: {"session": "race", "order": order, "results": [{"pos": 999, "driver": f"d{n - 1}"}]},
              2: {"session": "race", "results": [{"pos": i + 1, "driver": f"d{i}"} for i in range(999)]}}
    for number, session in rounds.items():
        path = season_dir / "rounds" / f"0{number}-{'first' if number == 1 else 'second'}.yaml"
        path.write_text(yaml.safe_dump({"round": number, "src": ["s"], "sessions": [session]}))
    (season_dir / "standings.yaml").unlink()
    proc = subprocess.run([sys.executable, "-m", "validator", "check", "seasons", "--format", "json"], cwd=work,
                          capture_output=True, text=True, timeout=HANG, env=_env())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["seasons"][0]["verdict"] == "consistent"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX paths")
def test_the_cache_never_opens_a_fifo_named_lock(tmp_path):
    """`check` with its cache on: a FIFO rules/LOCK is never opened (it would block); its findings are reported."""
    from validator import cache
    from validator.load import yaml_loader

    assert cache.MAX_BYTES == yaml_loader.MAX_BYTES
    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    os.mkfifo(work / "rules" / "LOCK")
    env = {**_env(), "SCRUTINEER_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the second run reads the cache
        proc = subprocess.run([sys.executable, "-m", "validator", "check", "seasons"], cwd=work, capture_output=True,
                              text=True, timeout=HANG, env=env)
        assert proc.returncode == 2 and "LOCK004" in proc.stderr + proc.stdout, proc.stderr
        assert "Traceback" not in proc.stderr
