"""`scrutineer clinch`: the round after which a finished championship could no longer be lost."""
from __future__ import annotations

import sys
from pathlib import Path

from validator.commands.common import EXIT_INVALID, EXIT_OK, add_output_arguments, emit, on_season, places


def register(sub) -> None:
    cl = sub.add_parser("clinch", help="the round after which the champion could no longer be caught")
    cl.add_argument("season", type=Path, nargs="?", help="a finished season directory")
    cl.add_argument("--all", nargs="*", type=Path, metavar="PATH", default=None,
                    help="every finished season under each PATH (default seasons/formula-1)")
    cl.add_argument("--workers", type=places, default=None,
                    help="worker processes for --all, 1 or more (default: CPUs, at most 8)")
    cl.add_argument("--classification", default="drivers")
    cl.add_argument("--verbose", "-v", action="store_true", help="every driver's chance and witness per round")
    add_output_arguments(cl)


def run(args) -> int:
    if args.all is not None:
        return _run_all(args)
    if args.season is None:
        print("scrutineer: clinch needs a SEASON_DIR or --all", file=sys.stderr)
        return EXIT_INVALID
    return on_season(args, lambda season_run, _: _answer(args, season_run), classification=args.classification)


def _answer(args, season_run) -> int:
    from validator.scenarios.clinch import NotFinished, clinch

    try:
        out = clinch(season_run.season, season_run.ruleset, args.classification, verbose=args.verbose)
    except NotFinished as exc:
        from validator.findings import Finding

        print(f"scrutineer: {Finding('SCEN001', f'{exc} (use `scrutineer scenarios`)', season_run.season.rules_loc)}",
              file=sys.stderr)
        return EXIT_INVALID
    emit(out, args.format, clinch_text)
    return EXIT_OK


def _run_all(args) -> int:
    import os

    from validator.affected import in_project
    from validator.pipeline import discover
    from validator.scenarios.clinch import clinch_all

    paths = args.all or [Path("seasons/formula-1")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"scrutineer: no such path: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_INVALID
    outside = [p for p in paths if p.is_dir() and not in_project(p)]
    if outside:  # as `check`: a walk of a whole file system would never end
        print(f"scrutineer: {', '.join(map(str, outside))}: not in a project (no seasons/ or rules/ directory in it "
              "or above it): not searched for seasons (CI004)", file=sys.stderr)
        return EXIT_INVALID
    seasons = discover(paths)
    if not seasons:  # as `check` (CI002): nothing to do is said, not left silent
        print(f"scrutineer: no season.yaml under {', '.join(map(str, paths))}: no season to check", file=sys.stderr)
    workers = args.workers if args.workers is not None else min(os.cpu_count() or 1, 8)
    results = clinch_all(seasons, workers)
    emit({"seasons": results}, args.format, lambda data: "\n".join(clinch_line(out) for out in data["seasons"]))
    return EXIT_INVALID if any("error" in r for r in results) else EXIT_OK


def clinch_line(out: dict) -> str:
    if "error" in out or "skipped" in out:
        return f"{out['season']}: {out.get('error') or 'skipped: ' + out['skipped']}"
    k, n = out["clinched_after_round"], out["rounds_in_season"]
    if out["champion"] is None:
        return f"{out['season']}: no sole champion in the final table"
    when = "at the last round" if k == n else f"after round {k} of {n}"
    before = next((r["contenders"] for r in reversed(out["rounds"]) if r["round"] < (k or 0)), [])
    among = f" (still open among {', '.join(before)} before it)" if before else ""
    return f"{out['season']}: {out['champion']} clinched {when}{among}"


def clinch_text(out: dict) -> str:
    lines = [clinch_line(out)]
    for r in out["rounds"]:
        c = r["contenders"]
        shown = ", ".join(c[:8]) + (f", ... ({len(c)} drivers)" if len(c) > 8 else "")
        lines.append(f"  after R{r['round']:<2} can still win: {shown}")
    return "\n".join(lines)
