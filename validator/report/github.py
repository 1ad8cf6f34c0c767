"""`check --format github`: GitHub Actions workflow commands, one annotation per finding group.

`::error file=F,line=L,col=C,title=CODE::message` (a failure is an error annotation too; warnings are
`::warning`, notes `::notice`, both only with -v). A group of findings that share a cause is one annotation at
the clause, naming how many results it changes. Escaping follows the Actions toolkit: in the message `%`, CR and
LF are percent-encoded; in a property value also `:` and `,` — so no data can end a command or start another.
"""
from __future__ import annotations

from typing import Any

from validator.report.document import PROBLEMS, SEVERITIES_ALL, Group, groups, results_phrase
from validator.report.text import one_line

COMMAND = {"error": "error", "failure": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(severity: str, message: str, file: str | None, line: int | None, col: int | None, title: str) -> str:
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
        if line:
            props += [f"line={int(line)}", f"col={int(col or 1)}"]
    props.append(f"title={escape_property(title)}")
    return one_line(f"::{COMMAND[severity]} {','.join(props)}::{escape_data(message)}")  # other controls as \\xNN


def _lines(g: Group) -> list[str]:
    if g.causes:
        file, line, col = _split(g.causes[0])
        codes = sorted({i.finding["code"] for i in g.items})
        first = g.head
        message = (f"{'this clause' if len(g.causes) == 1 else 'these clauses'} ({', '.join(g.causes)}) "
                   f"{'changes' if len(g.causes) == 1 else 'change'} "
                   f"{results_phrase(g)}; first: {first['file']}:{first['line']}: {first['message']}")
        out = [command(g.severity, message, file, line, col, "/".join(codes))]
    else:
        f, seasons = g.head, g.items[0].seasons
        also = f" (in {len(seasons)} seasons: {', '.join(seasons)})" if len(seasons) > 1 else ""
        out = [command(f["severity"], f["message"] + also, f["file"], f["line"], f["col"], f["code"])]
    for sub in g.under:
        out += _lines(sub)
    return out


def _split(place: str) -> tuple[str, int | None, int | None]:
    parts = place.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], int(parts[1]), int(parts[2])
    return place, None, None


def render(document: dict[str, Any], verbose: bool = False) -> str:
    lines = []
    for g in groups(document, SEVERITIES_ALL if verbose else PROBLEMS):
        lines += _lines(g)
    t = document["summary"]
    lines.append(f"scrutineer: {t['seasons']} season(s): {t['proven']} proven, {t.get('in-progress', 0)} in-progress, "
                 f"{t['consistent']} consistent, "
                 f"{t['contradicted']} contradicted, {t['invalid']} invalid; {t['problems']} problem(s)")
    return "\n".join(lines)
