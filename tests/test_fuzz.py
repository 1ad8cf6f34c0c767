"""Fuzzing: mutate valid season and rule files and check that scrutineer never raises, never prints a traceback
and always exits 0, 1 or 2.

Quick profile (normal suite): 200 examples per test. The long run, e.g. 10,000 examples:

    SCRUTINEER_FUZZ=10000 pytest tests/test_fuzz.py

Two mutators: text mutations of the YAML (lines deleted, duplicated, swapped, re-indented, truncated; tokens
replaced by YAML 1.1 surprises, tags, aliases, brackets, control characters, huge numbers and every number form
of issue 8: zero denominators, exponents, 5000-digit literals) reach the loader;
value mutations (a value anywhere in the document replaced, deleted, added, nudged (numbers) or swapped with
another value of its type, the file written back as YAML)
reach the schema, model, rule and engine stages. Each runs on the tiny season of tests/bad-inputs/_base and on
the Porsche Supercup 2007 season with its ruleset.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import cli
from tests.conftest import value_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("SCRUTINEER_FUZZ", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 200, database=None,
                    suppress_health_check=list(HealthCheck))


def _tiny(work: Path) -> None:
    shutil.copytree(ROOT / "tests" / "bad-inputs" / "_base", work, dirs_exist_ok=True)


def _supercup(work: Path) -> None:
    shutil.copytree(ROOT / "seasons" / "porsche-supercup" / "2007", work / "seasons" / "porsche-supercup" / "2007",
                    dirs_exist_ok=True)
    shutil.copytree(ROOT / "rules" / "porsche-supercup", work / "rules" / "porsche-supercup", dirs_exist_ok=True)


SEEDS = {"tiny": _tiny, "supercup": _supercup}


def _files(work: Path) -> list[Path]:
    return sorted(p for p in work.rglob("*.yaml"))


def _run(work: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(work)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["check", "seasons", "--format", "json"])
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def _assert_sane(code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2), f"exit {code}: {err}"
    assert "Traceback" not in out + err and "internal error" not in err, err
    document = json.loads(out)
    for season in document["seasons"]:
        for f in season["findings"]:
            assert f["code"] and f["message"] and f["file"], f
            assert isinstance(f["line"], int) and f["line"] >= 1, f
    if code == 2:
        assert any(s["verdict"] == "invalid" for s in document["seasons"]) or err


# ---------------------------------------------------------------- text mutations

NUMBER_FORMS = ["4.0", "-0.0", "1.5e+3", "1.0e+999", "1.0e-999", "0.0000000000000000001", "1000000000000000000",
                "999", "1000", "'1/0'", "'1.5/2'", "'0/0'", "'-0'", "'1/99999999999999999999'", "9" * 5000,
                "'" + "9" * 5000 + "'", "0" + "7" * 5000, "1_" + "0" * 5000, ":".join(["59"] * 500)]

TOKENS = ["NO", "yes", "on", "1:30", "1:37.591", "010", "0x1F", "1_000", ".nan", "-.inf", "2007-05-06", "~", "null",
          "''", '""', "!!python/object/apply:os.system [\"touch PWNED\"]", "!!binary aGk=", "!local x", "&a", "*a",
          "*undefined", "<<: *a", "<<: 5", "[", "]", "{", "}", ",", ":", "- ", "? ", "|", ">", "#", "\t", "'",
          '"', "\\", "%YAML 1.1", "---", "...", "\x00", "\x07", "\ufeff", "é", "-1", "0", "99999999999999999999999",
          "1e309", "true", "false", "unknown", "DNF", "final", "guest", "race", "a" * 300,
          # number forms (issue 8): each is read exactly or refused with a located finding
          *NUMBER_FORMS]


@st.composite
def text_mutation(draw, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["token", "token", "token", "delete", "duplicate", "swap", "indent", "dedent",
                                     "truncate", "chars"]))
        line = lines[i]
        if kind == "token":
            token = draw(st.sampled_from(TOKENS))
            if line and draw(st.booleans()):
                words = [w for w in line.replace(",", " ").replace("{", " ").replace("}", " ").split() if w]
                word = draw(st.sampled_from(words)) if words else ""
                lines[i] = line.replace(word, token, 1) if word else line + token
            else:
                pos = draw(st.integers(0, len(line)))
                lines[i] = line[:pos] + token + line[pos:]
        elif kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = "  " + line
        elif kind == "dedent":
            lines[i] = line[2:] if line.startswith("  ") else line.lstrip()
        elif kind == "truncate":
            lines = lines[:i] + [line[: draw(st.integers(0, len(line)))]]
        else:
            pos = draw(st.integers(0, len(line)))
            lines[i] = line[:pos] + draw(st.text(max_size=4)) + line[pos:]
    return "\n".join(lines)


@contextlib.contextmanager
def _seeded(seed: str):
    """A scratch project holding seed `seed`: (its root, its YAML files)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        SEEDS[seed](work)
        yield work, _files(work)


@SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_text_mutations(seed, data):
    with _seeded(seed) as (work, files):
        for _ in range(data.draw(st.integers(1, 2))):
            target = data.draw(st.sampled_from(files))
            text = target.read_text("utf-8")
            target.write_bytes(data.draw(text_mutation(text)).encode("utf-8", "surrogatepass"))
        _assert_sane(*_run(work))


# ---------------------------------------------------------------- value mutations

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 40), st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(["", "race", "DNF", "DSQ", "unknown", "final", "guest", "scoring", "s", "ann",
                                     "richard-westbrook", "points-by-position", "most-wins", "countback",
                                     "2007-01-01", "2007-02-30", "1/7", "0.14", "-3", "drivers", "teams", "x" * 70,
                                     "1/0", "1.5/2", "-0", "9" * 30, "1/" + "9" * 30, "0." + "1" * 30]),
                    st.integers(-(10 ** 20), 10 ** 20), st.sampled_from([999, 1000, 10 ** 18, -(10 ** 18)]),
                    st.floats(), st.decimals(allow_nan=False, allow_infinity=False).map(float),
                    st.text(max_size=8))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["pos", "driver", "team", "src", "points", "round", "session", "use", "table", "after_round", "rows",
         "status", "complete", "shared", "laps", "extra"]), inner, max_size=4)), max_leaves=8)


def _field(path):
    """The name a value goes by: its key, or for a list item the key of its list."""
    names = [k for k in path if isinstance(k, str)]
    return names[-1] if names else None


def _get(data, path):
    for key in path:
        data = data[key]
    return data


@st.composite
def value_mutation(draw, data):
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        paths = [p for p in value_paths(data) if p]
        if not paths:
            return draw(VALUES)
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        kind = draw(st.sampled_from(["set", "delete", "add", "copy"] + ["nudge"] * 3 + ["swap"] * 5))
        current = parent[path[-1]]
        if kind == "nudge" and isinstance(current, int) and not isinstance(current, bool):
            parent[path[-1]] = max(0, current + draw(st.sampled_from([-2, -1, 1, 2, 5])))
        elif kind == "swap" and isinstance(current, (str, int)):  # another value of the same type: plausible
            field = _field(path)
            alike = [p for p in paths if _field(p) == field and type(_get(data, p)) is type(current)]
            other = draw(st.sampled_from(alike))
            *head, last = other
            holder = _get(data, tuple(head))
            holder[last], parent[path[-1]] = current, holder[last]
        elif kind in ("set", "nudge", "swap"):
            parent[path[-1]] = draw(VALUES)
        elif kind == "delete":
            del parent[path[-1]]
        elif kind == "copy":  # a sibling's value: plausible but wrong in place
            other = draw(st.sampled_from(paths))
            source = data
            for key in other:
                source = source[key] if isinstance(source, (dict, list)) else source
            parent[path[-1]] = yaml.safe_load(yaml.safe_dump(source))
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["note", "extra", "src", "pos", "driver", "team", "complete"]))] = draw(VALUES)
        else:
            parent.append(draw(VALUES))
    return data


@SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_value_mutations(seed, data):
    with _seeded(seed) as (work, files):
        target = data.draw(st.sampled_from(files))
        loaded = yaml.safe_load(target.read_text("utf-8"))
        mutated = data.draw(value_mutation(loaded))
        style = data.draw(st.sampled_from([None, True, False]))
        target.write_text(yaml.safe_dump(mutated, default_flow_style=style, allow_unicode=True, sort_keys=False))
        _assert_sane(*_run(work))
