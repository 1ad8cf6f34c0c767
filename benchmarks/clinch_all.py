"""Benchmark: `scrutineer clinch --all` -- the contenders after every round of every finished Formula One season
(each round's exact answer replayed through the engine). Target: the whole run in at most 60 s on a 2-CPU machine.
Prints wall and CPU time per run, the number of seasons and rounds, and the machine.
Run: python benchmarks/clinch_all.py [--repeat N] [--workers W] [PATH]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from check_all import machine  # noqa: E402

TARGET_SECONDS = 60.0


def once(path: str, workers: int | None) -> tuple[float, float, dict]:
    cmd = [sys.executable, "-m", "validator", "clinch", "--all", path, "--format", "json"]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"clinch --all failed (exit {proc.returncode}): {proc.stderr.strip()[:300]}")
    return wall, 0.0, json.loads(proc.stdout)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default="seasons/formula-1")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    walls = []
    data: dict = {}
    for _ in range(args.repeat):
        wall, _, data = once(args.path, args.workers)
        walls.append(wall)
    seasons = [s for s in data["seasons"] if "rounds" in s]
    rounds = sum(len(s["rounds"]) for s in seasons)
    print(f"machine: {machine()}")
    print(f"clinch --all {args.path}: {len(seasons)} finished seasons, {rounds} rounds "
          f"({len(data['seasons']) - len(seasons)} skipped)")
    print(f"wall seconds over {args.repeat} run(s): median {statistics.median(walls):.1f}, "
          f"min {min(walls):.1f}, max {max(walls):.1f} (target <= {TARGET_SECONDS:.0f})")
    return 0 if statistics.median(walls) <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
