"""The audit report as one self-contained HTML page (inline SVG chart, inline CSS, no script runs, nothing is
fetched), rendered from the report model (`validator.report.model`)."""
from __future__ import annotations

from typing import Any

from validator.report.environment import html_environment


def render(report: dict[str, Any]) -> str:
    return html_environment().get_template("report.html.j2").render(**report)
