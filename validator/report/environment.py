"""The Jinja2 environments of the report: HTML with autoescape on, Markdown with every value escaped by
`finalize`. Data is text, not markup: a note, a name or a reason from a data file cannot add a heading, break a
table, open a tag or a link in either format. Templates are files under `templates/`, shipped in the package."""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def printable(value: Any) -> Any:
    """Control characters of a value shown as `\\x..` (an escape sequence in a data file is text, too); line
    breaks and tabs are kept. Markup (the output of a macro or a filter) passes unchanged."""
    if isinstance(value, Markup) or value is None or isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in "\n\t" else f"\\x{ord(c):02x}" for c in text)


def md_escape(value: Any) -> str:
    """One line of Markdown text that renders as the value's text: whitespace runs (newlines too) become one
    space, Markdown punctuation is backslash-escaped (`|` cannot end a table cell, `#` cannot start a heading),
    `<` and `&` become entities (no HTML tag can open)."""
    if isinstance(value, Markup):
        return value
    text = " ".join(str(printable(value)).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value: Any) -> Markup:
    """Text for inside a `code span`: one line, no backtick, no pipe (a code span cannot escape them)."""
    return Markup(" ".join(str(value).split()).replace("`", "'").replace("|", "/"))


def md_links(sources: list[dict[str, Any]]) -> Markup:
    """Source references as Markdown links (only http(s) addresses; the address percent-encoded, the label
    escaped), or the escaped key when the source has no address."""
    out = []
    for s in sources:
        label = md_escape(s["key"])
        if s.get("url"):
            out.append(f"[{label}]({quote(s['url'], safe=':/?#@!$&*+,;=%~-._')})")
        else:
            out.append(label)
    return Markup(", ".join(out))


def md_linked(parts: list[dict[str, Any]]) -> Markup:
    """A message given as parts (text, and the source keys it cites): the text escaped, the keys as links."""
    return Markup("".join(md_links(p["sources"]) if "sources" in p else md_escape(p["text"]) for p in parts))


def html_environment() -> Environment:
    return Environment(loader=PackageLoader("validator.report", "templates"), autoescape=select_autoescape(["j2"]),
                       undefined=StrictUndefined, finalize=printable, keep_trailing_newline=True)


def markdown_environment() -> Environment:
    env = Environment(loader=PackageLoader("validator.report", "templates"), autoescape=False,
                      undefined=StrictUndefined, finalize=md_escape, keep_trailing_newline=True)
    env.filters["links"] = md_links
    env.filters["linked"] = md_linked
    env.filters["code"] = md_code
    return env


_SURROGATE = re.compile("[\ud800-\udfff]")


def receipt_json(receipt: dict[str, Any]) -> Markup:
    """The receipt as JSON for the Markdown report. A lone surrogate (a file name that is not UTF-8, kept by
    the os module as a surrogate escape) becomes a JSON `\\u` escape: UTF-8 cannot carry it, JSON can."""
    text = json.dumps(receipt, indent=2, ensure_ascii=False, sort_keys=True)
    return Markup(_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
