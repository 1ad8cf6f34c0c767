"""The strict loader and the schema stage: located values, refusals, limits, and the compiled schema check."""
from __future__ import annotations

import copy
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.findings import InputError
from validator.load import fastschema, scalars, schema, yaml_loader
from validator.load.fastschema import compile_schema
from validator.load.yaml_loader import MAX_DEPTH, load_file, load_text
from tests.conftest import value_paths

ROOT = Path(__file__).resolve().parent.parent


def refused(text: str) -> list[tuple[str, int, int]]:
    with pytest.raises(InputError) as info:
        load_text(text, "f.yaml")
    return [(f.code, f.location.line, f.location.col) for f in info.value.findings]


# ---------------------------------------------------------------- located values

ROUND = """\
round: 4
sessions:
  - session: race
    results:
      - {pos: 1, driver: jeroen, src: [mm1]}
      - pos: DNF
        driver: "jiri"
        src:
          - mm2
"""


def at(text: str, line: int, token: str, nth: int = 0) -> str:
    """file:line:col of the nth occurrence of `token` on a line of `text` (columns counted, not guessed)."""
    row = text.splitlines()[line - 1]
    col = -1
    for _ in range(nth + 1):
        col = row.index(token, col + 1)
    return f"r.yaml:{line}:{col + 1}"


def test_every_value_is_located():
    doc = load_text(ROUND, "r.yaml")
    assert doc.data["sessions"][0]["results"][1]["driver"] == "jiri"
    assert str(doc.loc(())) == at(ROUND, 1, "round")
    assert str(doc.loc(("round",))) == at(ROUND, 1, "4")
    assert str(doc.loc(("sessions",))) == at(ROUND, 3, "-")
    assert str(doc.loc(("sessions", 0))) == at(ROUND, 3, "session")
    assert str(doc.loc(("sessions", 0, "results", 0))) == at(ROUND, 5, "{")
    assert str(doc.loc(("sessions", 0, "results", 0, "driver"))) == at(ROUND, 5, "jeroen")
    assert str(doc.loc(("sessions", 0, "results", 0, "src", 0))) == at(ROUND, 5, "mm1")
    assert str(doc.loc(("sessions", 0, "results", 1))) == at(ROUND, 6, "pos")
    assert str(doc.loc(("sessions", 0, "results", 1, "driver"))) == at(ROUND, 7, '"jiri"')
    assert str(doc.loc(("sessions", 0, "results", 1, "src", 0))) == at(ROUND, 9, "mm2")
    assert str(doc.loc_key(("sessions", 0, "results", 1), "driver")) == at(ROUND, 7, "driver")


def test_missing_path_falls_back_to_nearest_ancestor():
    doc = load_text(ROUND, "r.yaml")
    assert str(doc.loc(("sessions", 0, "results", 1, "team"))) == at(ROUND, 6, "pos")
    assert str(doc.loc(("sessions", 7))) == at(ROUND, 3, "-")


def test_columns_count_characters_not_bytes():
    doc = load_text("name: Österreich\nx: {a: Ü, b: ß}\n", "u.yaml")
    assert str(doc.loc(("x", "b"))) == "u.yaml:2:14"  # ß is the 14th character (15th byte)


def test_merge_keys_work_and_explicit_keys_win():
    doc = load_text("base: &b {src: [s], pos: 1}\nrow: {<<: *b, pos: 2}\nrows: [{<<: [*b, {team: t}], driver: a}]\n",
                    "m.yaml")
    assert doc.data["row"] == {"pos": 2, "src": ["s"]}
    assert doc.data["rows"][0] == {"driver": "a", "src": ["s"], "pos": 1, "team": "t"}
    assert str(doc.loc(("row", "src"))) == "m.yaml:1:16"  # a merged value is located at its anchor


def test_empty_document():
    doc = load_text("# only a comment\n", "e.yaml")
    assert doc.data is None
    assert str(doc.loc(())) == "e.yaml:1:1"


# ---------------------------------------------------------------- refusals

def test_duplicate_key_shows_both_places():
    with pytest.raises(InputError) as info:
        load_text("a: 1\nb: {x: 1, x: 2}\na: 3\n", "d.yaml")
    found = [(f.code, str(f.location), f.message) for f in info.value.findings]
    assert found[0][:2] == ("YAML002", "d.yaml:2:11") and "first at line 2, col 5" in found[0][2]
    assert found[1][:2] == ("YAML002", "d.yaml:3:1") and "first at line 1, col 1" in found[1][2]


def test_all_refusals_of_a_file_at_once():
    text = "a: yes\nb: 1:30\nc: !!binary aGk=\nd: 1\nd: 2\n1: x\n"
    assert [c for c, _, _ in refused(text)] == ["YAML006", "YAML006", "YAML003", "YAML002", "YAML007"]


@pytest.mark.parametrize("text, message", [
    ("v: NO", "boolean false"),
    ("v: on", "boolean true"),
    ("v: 1:30", "sexagesimal (base 60) number 90"),
    ("v: 1:37.591", "sexagesimal (base 60) number 97.591"),
    ("v: 010", "octal number 8"),
    ("v: 0x1F", "the number 31"),
    ("v: 1_000", "the number 1000"),
    ("v: 2007-05-06", "as a date"),
    ("v: .inf", "finite"),
    ("v: 1e3", "YAML 1.2 reads '1e3' as a number"),
])
def test_yaml11_surprises(text, message):
    with pytest.raises(InputError) as info:
        load_text(text, "s.yaml")
    (finding,) = info.value.findings
    assert finding.code == "YAML006" and message in finding.message and "quote" in finding.message
    assert (finding.location.line, finding.location.col) == (1, 4)


@pytest.mark.parametrize("text, value", [
    ("v: '1:30'", "1:30"), ('v: "NO"', "NO"), ("v: true", True), ("v: False", False), ("v: 12", 12),
    ("v: -3", -3), ("v: 0", 0), ("v: 1.5", 1.5), ("v: ~", None), ("v:", None), ("v: =", "="),
    ("v: !!str 010", "010"), ("v: '2007-05-06'", "2007-05-06"),
])
def test_plain_values(text, value):
    assert load_text(text, "p.yaml").data == {"v": value}


def test_python_tag_is_refused_without_running_anything(tmp_path):
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system [\"touch {marker}\"]\nb: !!python/object/new:os.system [x]\n"
    assert [c for c, _, _ in refused(text)] == ["YAML003", "YAML003"]
    assert not marker.exists()


def test_recursive_alias():
    assert refused("&a [*a]") == [("YAML004", 1, 1)]


def test_billion_laughs_fails_fast_in_process():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    codes = refused("\n".join(lines))
    assert codes[0][0] == "YAML004"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 200_000])
def test_deep_nesting_is_refused_without_crashing(depth):
    assert refused("[" * depth + "]" * depth)[0][0] == "YAML004"
    assert refused("{a: " * depth + "}" * depth)[0][0] == "YAML004"


def test_file_too_large(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("- x\n" * (yaml_loader.MAX_BYTES // 4 + 1))
    with pytest.raises(InputError) as info:
        load_file(big)
    assert info.value.findings[0].code == "YAML004"


def test_unreadable_files(tmp_path):
    p = tmp_path / "latin1.yaml"
    p.write_bytes(b"a: 1\nname: D\xe4n\n")
    with pytest.raises(InputError) as info:
        load_file(p, "latin1.yaml")
    assert (info.value.findings[0].code, info.value.findings[0].location.line) == ("YAML005", 2)
    with pytest.raises(InputError) as info:
        load_file(tmp_path / "absent.yaml")
    assert info.value.findings[0].code == "YAML005"
    assert refused("a: 1\nb: \x07\n") == [("YAML005", 2, 4)]


def test_syntax_error_is_located():
    assert refused("a: 1\nb: [1, 2\nc: 3\n")[0][0] == "YAML001"
    assert refused("a: 1\n---\nb: 2\n") == [("YAML001", 2, 1)]


def test_pure_python_composer_gives_the_same_values_and_places(monkeypatch):
    text = (ROOT / "tests" / "bad-inputs" / "_base" / "seasons" / "tiny" / "2007" / "season.yaml").read_text()
    fast = load_text(text + ROUND.replace("round: 4", "extra: 4"), "x.yaml")
    monkeypatch.setattr(scalars, "_StrictLoader", scalars._make_loader(yaml.SafeLoader))
    slow = load_text(text + ROUND.replace("round: 4", "extra: 4"), "x.yaml")
    assert fast.data == slow.data
    for path in [("drivers", 2, "id"), ("sessions", 0, "results", 1, "src", 0), ("calendar", 1)]:
        assert fast.loc(path) == slow.loc(path)
    with pytest.raises(InputError):
        load_text("a: yes", "y.yaml")
    assert refused("[" * 3000 + "]" * 3000)[0][0] == "YAML004"


def test_loader_matches_pyyaml_on_every_season_file():
    """Where PyYAML's own safe loader accepts a file, the strict loader reads the same values."""
    files = sorted((ROOT / "seasons").rglob("*.yaml"))[:: max(1, len(list((ROOT / "seasons").rglob("*.yaml"))) // 150)]
    files += sorted((ROOT / "rules").rglob("*.yaml"))
    for path in files:
        assert load_file(path).data == yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader), path


# ---------------------------------------------------------------- schema stage

def _schema_findings(text: str, name: str, verbose: bool = False):
    return schema.check(load_text(text, "s.yaml"), name, verbose=verbose)


def test_schema_error_located_at_value_and_key():
    text = "round: 1\nsessions:\n  - session: race\n    results:\n      - {pos: DNX, driver: a, taem: t}\n"
    found = {f"r.yaml:{f.location.line}:{f.location.col}": f.message for f in _schema_findings(text, "round")}
    assert "fits none of the allowed forms" in found[at(text, 5, "DNX")]
    assert "'taem' was unexpected" in found[at(text, 5, "taem")]


def test_schema_hint_to_quote():
    text = ("series: x\nseason: 2007\nrules: {ruleset: x, version: 2007}\nsources: {s: u}\n"
            "calendar: [{round: 1, name: R, src: [s]}]\ndrivers: []\n")
    (finding,) = _schema_findings(text, "season")
    assert (finding.location.line, finding.location.col) == (3, 30)
    assert "quote it" in finding.message and "'2007'" in finding.message


def test_schema_alternatives_under_verbose():
    text = "round: 1\nsessions:\n  - session: race\n    results:\n      - {pos: 0, driver: a}\n"
    (short,) = _schema_findings(text, "round")
    (long,) = _schema_findings(text, "round", verbose=True)
    assert "alternatives" not in short.detail and "alternatives" in long.detail
    assert len(long.detail["alternatives"]) >= 2 and "[alternatives:" in long.message


def test_all_schema_errors_at_once():
    text = "round: 0\nsessions:\n  - session: Race\n    results:\n      - {pos: 1}\n      - {driver: b}\n"
    assert len(_schema_findings(text, "round")) == 4


# ---------------------------------------------------------------- the compiled schema check

def _documents():
    docs = []
    base = ROOT / "tests" / "bad-inputs" / "_base"
    for path, name in [(base / "seasons/tiny/2007/season.yaml", "season"),
                       (base / "seasons/tiny/2007/rounds/01-first.yaml", "round"),
                       (base / "seasons/tiny/2007/standings.yaml", "standings"),
                       (ROOT / "rules/porsche-supercup/2007.yaml", "ruleset"),
                       *[(p, "ruleset") for p in sorted((ROOT / "rules").glob("*/*.yaml"))[:8]],
                       *[(p, "round") for p in sorted((ROOT / "seasons/porsche-supercup/2007/rounds").glob("*.yaml"))]]:
        docs.append((load_file(path).data, name))
    return docs


DOCS = _documents()
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 30), st.sampled_from(
    ["", "race", "DNF", "unknown", "a", "A", "2007-01-01", "final", "x-1", "guest", "1/7", "0.5"]),
    st.lists(st.sampled_from(["s", "race", 1]), max_size=3), st.dictionaries(st.sampled_from(["src", "x"]),
                                                                             st.just("s"), max_size=2))


@settings(max_examples=int(os.environ.get("SCRUTINEER_FUZZ", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(DOCS) - 1), st.data())
def test_compiled_check_agrees_with_jsonschema(index, data):
    doc, name = DOCS[index]
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = list(value_paths(doc))
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["set", "delete", "add"]))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if not path:
            continue
        if action == "set":
            parent[path[-1]] = data.draw(VALUES)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["note", "extra", "src", "pos"]))] = data.draw(VALUES)
    fast = schema.fast_check(name)
    assert fast is not None
    assert fast(doc) == schema.validator_for(name).is_valid(doc)


def test_unknown_asserting_keyword_falls_back_to_jsonschema():
    registry, _ = schema._registry()
    assert compile_schema({"type": "object", "unevaluatedProperties": False}, registry) is None
    assert compile_schema({"type": "object", "x-note": "ignored annotation"}, registry) is not None


def test_compiled_check_knows_the_same_assertion_keywords_as_jsonschema():
    from jsonschema import Draft202012Validator

    assert fastschema.ASSERTED == set(Draft202012Validator.VALIDATORS) - {"format"}


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-2, 2) | st.sampled_from([0.0, 1.0, 1.5]) | st.text(max_size=2),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
                     max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(_JSON, _JSON)
def test_const_and_enum_equality_is_jsonschemas(one, two):
    from jsonschema._utils import equal

    assert fastschema.equal(one, two) == equal(one, two)
    assert fastschema.equal(one, one)


# ---------------------------------------------------------------- the command line

def test_billion_laughs_file_exits_2_within_a_second(tmp_path):
    season = tmp_path / "seasons" / "x" / "2007"
    season.mkdir(parents=True)
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    (season / "season.yaml").write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "validator", "check", str(season)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert proc.returncode == 2, proc.stderr
    assert "YAML004" in proc.stdout and "Traceback" not in proc.stdout + proc.stderr
    assert elapsed < 30  # generous: interpreter start-up included; the refusal itself takes milliseconds
