"""`scrutineer report`: the audit report of one season, in HTML or Markdown (one report model, two renderings)."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, limit, on_season, output_clash


def register(sub) -> None:
    rep = sub.add_parser("report", help="audit report of one season (HTML or Markdown) with a receipt of its inputs")
    rep.add_argument("season", type=Path)
    rep.add_argument("--format", choices=["markdown", "html"], default="markdown")
    rep.add_argument("-o", "--output", type=Path, help="write the report to this file (default: standard output)")
    rep.add_argument("--rules", type=Path)
    rep.add_argument("--claims", action="store_true",
                     help="also check the season's claims.yaml and add the verdicts (CP-SAT; slower)")
    rep.add_argument("--infer", action="store_true",
                     help="also add what the evidence forces (CP-SAT; slow: see `scrutineer infer`)")
    rep.add_argument("--work-limit", type=limit, default=60.0, help="CP-SAT deterministic time per solve")


def command_line(args) -> list[str]:
    """The command as the receipt records it (canonical form: the same report comes from the same line)."""
    line = ["scrutineer", "report", args.season.as_posix(), "--format", args.format]
    if args.rules:
        line += ["--rules", args.rules.as_posix()]
    if args.output:
        line += ["-o", args.output.as_posix()]
    for flag in ("claims", "infer"):
        if getattr(args, flag, False):
            line += [f"--{flag}", "--work-limit", f"{args.work_limit:g}"]
    return line


def run(args) -> int:
    return on_season(args, lambda season_run, code: _answer(args, season_run, code))


def _answer(args, season_run, code: int) -> int:
    from validator.findings import Finding, Location
    from validator.report import html, markdown
    from validator.report.model import build
    from validator.report.receipt import body_sha256

    model = build(season_run, command_line(args), args.rules)
    model["sections"] += _scenario_sections(season_run, args)
    render = (html if args.format == "html" else markdown).render
    # the receipt also records the sha256 of the report around it, so that `verify` sees an edited report
    model["receipt"]["report_sha256"] = body_sha256(render(model))
    text = render(model)
    if args.output is None:
        sys.stdout.write(text)
        return code
    clash = output_clash(args.output, [season_run.directory, Path(season_run.ruleset.file).parent.parent])
    if clash:
        print(Finding("USE005", clash, Location(str(args.output))), file=sys.stderr)
        return EXIT_INVALID
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(Finding("REPORT003", f"cannot write the report: {exc.strerror or exc}", Location(str(args.output))),
              file=sys.stderr)
        return EXIT_INVALID
    return code


def _scenario_sections(season_run, args) -> list[dict]:
    """Claims and forced values (validator/scenarios), when asked for: plain data in the report's section shape."""
    if not (getattr(args, "claims", False) or getattr(args, "infer", False)):
        return []
    from validator.scenarios.sections import claims_section, infer_section
    from validator.worlds import Settings, Unsupported

    settings = Settings(work_limit=args.work_limit, minimize=False)
    out = []
    try:
        if args.claims and season_run.season.claims:
            from validator.scenarios.claims import check_claims

            out.append(claims_section(check_claims(season_run.season, season_run.ruleset, settings)))
        if args.infer:
            from validator.scenarios.infer import infer

            out.append(infer_section(infer(season_run.season, season_run.ruleset, settings)))
    except Unsupported as exc:
        out.append({"id": "scenarios", "title": "Claims and forced values", "items": [], "paragraphs": [str(exc)]})
    return out
