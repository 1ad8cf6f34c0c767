"""`check --format json`: the check document as it is (validator/report/document.py)."""
from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    """JSON text, UTF-8 where it can be; a text that cannot be UTF-8 (a lone surrogate a YAML escape such as
    "\\ud800" can produce) makes the whole output ASCII with \\u escapes, which is still the same JSON."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, indent=2, ensure_ascii=True)
    return text


def render(document: dict[str, Any], verbose: bool = False) -> str:
    return dumps(document)
