"""The component base class and the registry that maps a clause's `use:` name to its component."""
from __future__ import annotations

from typing import Any, ClassVar

from validator.findings import Finding
from validator.model.rules import Clause, Ruleset

REGISTRY: dict[str, type["Component"]] = {}


class Component:
    name: ClassVar[str]
    stage: ClassVar[str]

    def __init__(self, clause: Clause):
        self.clause = clause
        self.params: dict[str, Any] = clause.params
        self.at = str(clause.loc)  # where the clause is, as derivations cite it (formatted once, cited per car)

    def static_findings(self) -> list[Finding]:
        """Checks that need no season (e.g. a points table that increases)."""
        return []

    def singles_out(self, session) -> list[str]:
        """Drivers this clause treats differently from the others of a session (e.g. fastest-lap holders): the
        worlds engine gives them a total of their own, since its unnamed rival cannot stand in for them."""
        return []

    def cite(self) -> str:
        return f"{self.clause.use} ({self.at})"


def register(cls: type[Component]) -> type[Component]:
    REGISTRY[cls.name] = cls
    return cls


def build(clause: Clause) -> Component:
    return REGISTRY[clause.use](clause)


def check_clauses(ruleset: Ruleset) -> list[Finding]:
    findings = []
    for cls in ruleset.classifications.values():
        for clause in cls.clauses():
            component = REGISTRY.get(clause.use)
            if component is None:
                findings.append(Finding("SCHEMA001", f"no component named {clause.use!r}", clause.loc))
            elif component.stage != clause.stage:
                findings.append(Finding("SCHEMA001", f"{clause.use!r} is a {component.stage} component, "
                                        f"not a {clause.stage} one", clause.loc))
            else:
                findings.extend(component(clause).static_findings())
            if isinstance(clause.params.get("session"), str) and clause.params["session"] not in ruleset.sessions:
                findings.append(Finding("REF006", f"session {clause.params['session']!r} is not in the ruleset's "
                                        f"`sessions` {ruleset.sessions}", clause.loc))
    return findings
