"""The declared team champion (`declared.team_champion`): checked against the ruleset's team classification, or
reported as not checked. A declared claim the audit does not check never leaves the verdict "proven".

* refuted (AUDIT007): another team is surely ahead after the final round;
* proven: the team is surely ahead of every other team (points, then the tie-break steps whose bounds decide);
* otherwise open; and AUDIT017 (warning) when the rules define no team classification, or its totals after the
  final round are not sound bounds (a classification that is not complete).
"""
from __future__ import annotations

from typing import Any

from validator.engine.rank import _chain, surely_ahead
from validator.engine.score import ClassificationResult
from validator.findings import Finding
from validator.model.rules import Ruleset
from validator.model.season import Season


def team_champion(season: Season, ruleset: Ruleset, results: dict[str, ClassificationResult]
                  ) -> tuple[str | None, list[Finding], list[str], dict[str, Any] | None]:
    """(status: proven | open | refuted | not-checked | None when nothing is declared, findings, reasoning,
    claim)."""
    team, loc = season.declared.team_champion, season.declared.team_champion_loc
    if team is None:
        return None, [], [], None
    result = next((r for r in results.values() if r.subject == "team"), None)
    final = season.final_round
    if result is None or final not in result.after or not result.sound_at(final):
        why = (f"{ruleset.key} defines no team classification" if result is None
               else f"the {result.name} classification is not checked: {result.unsound_reason}")
        return "not-checked", [Finding("AUDIT017", f"declared team champion {team} is not checked: {why}", loc)], \
            [f"team champion {team} not checked: {why}"], None
    records = result.after[final]
    chain = _chain(result, final)
    mine = records.get(team)
    ahead = sorted(o.subject for o in records.values()
                   if o.subject != team and not o.excluded and (mine is None or surely_ahead(o, mine, chain)))
    behind_all = mine is not None and all(surely_ahead(mine, o, chain) for o in records.values()
                                          if o.subject != team and not o.excluded)
    shown = str(mine.total) if mine else "0"
    claim = {"claim": "team champion", "team": team, "points": shown}
    if ahead:
        claim["status"] = "refuted"
        message = f"declared team champion {team} ({shown} pts) is surely behind {', '.join(ahead)}"
        return "refuted", [Finding("AUDIT007", message, loc)], [f"team champion {team} refuted: surely behind "
                                                                 f"{', '.join(ahead)}"], claim
    claim["status"] = "proven" if behind_all else "open"
    return claim["status"], [], [f"team champion {team} ({shown}) "
                                 f"{'proven: surely ahead of every other team' if behind_all else 'not proven'}"], claim
