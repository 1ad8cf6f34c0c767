"""Every registered rule component has a parameter schema and a row in docs/COMPONENTS.md, and nothing else does."""
from __future__ import annotations

import json
import re

from tests.conftest import ROOT
from validator.components import REGISTRY


def test_every_component_has_a_schema_and_only_components_do():
    schema = json.loads((ROOT / "validator" / "schemas" / "ruleset.schema.json").read_text())
    in_schema = {k[2:] for k in schema["$defs"] if k.startswith("c-")}
    assert in_schema == set(REGISTRY)
    assert set(schema["$defs"]["unknown-component"]["properties"]["use"]["enum"]) == set(REGISTRY)


def test_every_component_is_documented():
    doc = (ROOT / "docs" / "COMPONENTS.md").read_text()
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", doc, re.M))
    assert documented == set(REGISTRY)


# components whose clause tests are named after what the clause does rather than the component's name
CLAUSE_WORDS = {"non-scoring-status": "guest", "unclassified-score-nothing": "unclassified"}


def test_every_component_has_clause_tests():
    """Each component has at least one unit test named after its clause in the component test files."""
    names = set()
    for path in [ROOT / "tests" / "test_rule_components.py", *sorted((ROOT / "tests").glob("test_components_*.py"))]:
        names.update(re.findall(r"^def (test_\w+)", path.read_text("utf-8"), re.M))
    untested = [c for c in sorted(REGISTRY)
                if not any(CLAUSE_WORDS.get(c, c.replace("-", "_")) in n for n in names)]
    assert not untested, f"components without clause tests: {untested}"
