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
