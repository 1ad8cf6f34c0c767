"""Claims and what the evidence forces, as report sections (the report model's generic section shape,
validator/report/model.py; "items" is always present: the templates would otherwise read a dict's own
`items` method): plain data built from the answers of claims.py and infer.py, nothing recomputed."""
from __future__ import annotations

from typing import Any


def _figure(f: dict[str, Any]) -> str:
    after = f["after_round"] if f["after_round"] == "final" else f"R{f['after_round']}"
    return f"after {after}: {f['subject']} {f['kind']} {f['published']} ({f['file']}:{f['line']})"


def claims_section(results: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for r in results:
        basis = []
        for p in r["parts"]:
            text = f"{p['status']}: {p['question']}"
            if p.get("rests_on"):
                text += " — rests on " + "; ".join(_figure(f) for f in p["rests_on"])
            elif p.get("counterexample"):
                final = ", ".join(f"{x['driver']} {x['points']}" for x in p["counterexample"]["final_standings"][:3])
                text += f" — counterexample, final standings {final}"
            basis.append(text)
        rows.append([r["id"], r["text"], ", ".join(r["src"]), f"{r['file']}:{r['line']}", r["verdict"],
                     " | ".join(basis)])
    return {"id": "claims", "title": "Claims from sources", "items": [],
            "paragraphs": ["Statements the sources make about the title (claims.yaml), checked over every world "
                           "consistent with the facts and the standings published up to the claim's round "
                           "(`scrutineer claims`). TRUE names the published figures the proof rests on; FALSE gives "
                           "a counterexample; UNKNOWN: not decided within the deterministic work limit."],
            "table": {"headers": ["claim", "statement", "sources", "where", "verdict", "basis"], "rows": rows}}


def infer_section(report: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for f in report.get("forced", []):
        where = f"R{f['round']}" + (f" {f['session']}" if f["session"] else "")
        by = "; ".join(_figure(g) for g in f["forced_by"]) if f["forced_by"] else "the recorded results alone"
        rows.append([f["driver"], f["kind"], where, str(f["value"]), f.get("how", ""), by])
    stated = sum(1 for f in report.get("forced", []) if f.get("basis") == "stated")
    return {"id": "forced", "title": "What the evidence forces", "items": [],
            "paragraphs": [f"Unknowns of the record that take one value in every world consistent with the facts and "
                           f"the {report.get('published_figures', 0)} published figures (`scrutineer infer`), each "
                           f"with the figures that force it ({stated} of them totals a published figure states). "
                           f"{len(report.get('free', []))} unknowns are not forced; "
                           f"{len(report.get('undecided', []))} were not decided within the work budget "
                           f"({report.get('work_budget')} units, {report.get('work_limit_per_solve')} per solve; "
                           f"{report.get('work_used')} used)."],
            "table": {"headers": ["driver", "unknown", "where", "forced value", "how", "forced by"], "rows": rows}}
