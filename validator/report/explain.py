"""A driver's derivation as terminal text (`scrutineer explain`), from the report model's derivation data.

Data is text: control characters in names, reasons or sources (an ANSI escape sequence in a data file) are
shown as `\\x..`, so a data file cannot move the cursor, recolour or clear the reader's terminal."""
from __future__ import annotations

from typing import Any


def plain(value: Any) -> str:
    """One line of printable text: line breaks and tabs become spaces, other control characters `\\x..`."""
    return "".join(c if c.isprintable() else " " if c in "\n\r\t" else f"\\x{ord(c):02x}" for c in str(value))


def _sources(sources: list[dict[str, Any]]) -> str:
    return ", ".join(f"{s['key']} <{s['url']}>" if s.get("url") else s["key"] for s in sources) or "no source"


# what a range of positions level through the whole tie-break chain means, in words (rank.level_outcome)
LEVEL_WORDS = {"shared": "level on every tie-break step: the place is shared",
               "undecided": "level on every tie-break step: the governing body decides the order (no decision recorded)"}


def render(season: str, rules: str, d: dict[str, Any], standing: dict[str, Any] | None, only_round: int | None) -> str:
    lines = [f"{d['name']} ({d['subject']}), {season} under {rules}"]
    if standing:
        decided = LEVEL_WORDS.get(standing["decided_by"], f"decided by {standing['decided_by']}")
        lines.append(f"final position {standing['position']}, {standing['points']} points"
                     f" ({standing['status']}; {decided})")
    counting = d["counting"]
    params = " ".join(f"{k}={v}" for k, v in counting["params"].items())
    lines.append(f"scored {d['gross']}, counted {d['counted']} under {counting['use']} {params} "
                 f"({counting['where']}), total {d['total']}"
                 + (f"; dropped: R{', R'.join(map(str, d['dropped']))}" if d["dropped"] else ""))
    lines += [f"  {n}" for n in d["notes"]]
    rows = [r for r in d["rows"] if only_round is None or r["round"] == only_round]
    if not rows:
        lines.append(f"no result or points recorded{f' in round {only_round}' if only_round else ''}")
    for r in rows:
        lines.append("")
        lines.append(f"R{r['round']} {r['round_name']} ({r['session']}): {r['session_points']} pts — {r['counting']}")
        lines.append(f"  result:  {r['result']}" + (f"   [{r['where']}]" if r["where"] else ""))
        lines.append(f"  status:  {r['status']}")
        lines += [f"  rule:    {why}" for why in r["why"]]
        if r["worlds"] > 1:
            lines.append(f"  ({r['worlds']} source versions considered: the points are the range over them)")
        lines.append(f"  source:  {_sources(r['sources'])}")
    return "\n".join(plain(line) if line else "" for line in lines)
