"""Two replays of a season side by side, as plain data: verdicts, champion, and per classification every
competitor whose final points or position differ. The input is what the pipeline already produced
(`run_as_dict`, and the final standings rows every report shows); nothing is scored here."""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from validator.pipeline import SeasonRun, run_as_dict
from validator.report.text import standings_rows


def snapshot(run: SeasonRun) -> dict[str, Any]:
    """One side: the season's summary and, per classification, the final standings and each round's points."""
    classes: dict[str, Any] = {}
    for name, result in run.results.items():
        last = result.last_round
        classes[name] = {
            "subject": result.subject,
            "after_round": last,
            "rows": standings_rows(run, name, last) if last is not None else [],
            "by_round": _by_round(result),
        }
    return {"summary": run_as_dict(run), "classifications": classes}


def _by_round(result) -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = {}
    for rnd, scores in result.by_round.items():
        for subject, points in scores.items():
            out.setdefault(subject, {})[rnd] = str(points)
    return out


def _best(position: Any) -> int:
    return position if isinstance(position, int) else int(str(position).split("..")[0])


def leaders(side: dict[str, Any] | None) -> list[str]:
    """Competitors who can be first in the drivers' classification (the one the declared champion belongs to)."""
    if not side:
        return []
    classes = side["classifications"]
    # by subject first: a ruleset may call a team classification "drivers" (a replay must not crown a team)
    name = "drivers" if classes.get("drivers", {}).get("subject") == "driver" else \
        next((n for n, c in classes.items() if c["subject"] == "driver"), None)
    if name is None:
        return []
    return [r["competitor"] for r in classes[name]["rows"] if _best(r["position"]) == 1]


def champion(side: dict[str, Any] | None) -> list[str]:
    """The declared champion when the audit proves him, else who can be first by the standings."""
    if side and champion_claim(side) == "proven" and side["summary"]["champion"]:
        return [side["summary"]["champion"]]
    return leaders(side)


def champion_claim(side: dict[str, Any] | None) -> str | None:
    if not side:
        return None
    return next((c["status"] for c in side["summary"]["claims"] if c["claim"] == "champion"), None)


def _delta(before: dict | None, after: dict | None) -> str:
    if before is None or after is None:
        return ""
    lo = Fraction(after["points_lo"]) - Fraction(before["points_lo"])
    hi = Fraction(after["points_hi"]) - Fraction(before["points_hi"])
    if lo == hi:
        return "0" if lo == 0 else _signed(lo)
    return f"{_signed(lo)}..{_signed(hi)}" if lo <= hi else f"lo {_signed(lo)}, hi {_signed(hi)}"


def _signed(x: Fraction) -> str:
    return f"+{x}" if x > 0 else str(x)


def standings_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every competitor whose final points or position differ between two standings (either may be absent)."""
    old = {r["competitor"]: r for r in (before or {}).get("rows", [])}
    new = {r["competitor"]: r for r in (after or {}).get("rows", [])}
    order = [r["competitor"] for r in (after or {}).get("rows", [])]
    order += [c for c in old if c not in new]
    changes = []
    for who in order:
        a, b = old.get(who), new.get(who)
        if a is not None and b is not None and a["points"] == b["points"] and a["position"] == b["position"]:
            continue
        changes.append({
            "competitor": who,
            "points": {"before": a["points"] if a else None, "after": b["points"] if b else None,
                       "delta": _delta(a, b)},
            "position": {"before": a["position"] if a else None, "after": b["position"] if b else None},
            "wins": {"before": a["wins"] if a else None, "after": b["wins"] if b else None},
        })
    return changes


def rounds_differing(before: dict[str, Any] | None, after: dict[str, Any] | None, who: str) -> list[int]:
    """Rounds in which `who` scored differently on the two sides."""
    a = (before or {}).get("by_round", {}).get(who, {})
    b = (after or {}).get("by_round", {}).get(who, {})
    return sorted(r for r in set(a) | set(b) if a.get(r, "0") != b.get(r, "0"))


def finding_key(f: dict[str, Any]) -> tuple:
    return (f["code"], f["file"], f["message"])


def findings_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list]:
    """Findings that appear or disappear with the edit (info notes left out)."""
    old = [f for f in (before or {}).get("summary", {}).get("findings", []) if f["severity"] != "info"]
    new = [f for f in (after or {}).get("summary", {}).get("findings", []) if f["severity"] != "info"]
    old_keys, new_keys = {finding_key(f) for f in old}, {finding_key(f) for f in new}
    return {"new": [f for f in new if finding_key(f) not in old_keys],
            "resolved": [f for f in old if finding_key(f) not in new_keys]}
