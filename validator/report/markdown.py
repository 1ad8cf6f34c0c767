"""The audit report in Markdown, rendered from the report model (`validator.report.model`): the same content as
the HTML page, the chart as a table of totals, long parts folded in `<details>`."""
from __future__ import annotations

from typing import Any

from validator.report.environment import markdown_environment, receipt_json


def render(report: dict[str, Any]) -> str:
    return markdown_environment().get_template("report.md.j2").render(receipt_json=receipt_json(report["receipt"]),
                                                                      **report)
