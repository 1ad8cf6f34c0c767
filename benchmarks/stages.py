"""Benchmark: where the time of `scrutineer check` goes, stage by stage, and how the two workers share it.

    python benchmarks/stages.py [--repeat N] [PATH]

Prints the machine; then, for one process checking every season (best of N runs), the time spent in each
pipeline stage (YAML, schema, model, score, audit) and its share; then one parallel run as `scrutineer check`
does it, with each worker's busy time and when the last one finished. Complements check_all.py, which times the
whole command cold beside check-jsonschema.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from check_all import machine  # noqa: E402

import validator.model.documents as documents  # noqa: E402
import validator.pipeline as pipeline  # noqa: E402

STAGES = [(documents, "load_file", "YAML (strict loader)"), (documents.schema, "check", "schema"),
          (pipeline, "load_season", "load_season"), (pipeline, "score_classification", "score"),
          (pipeline, "audit", "audit")]


def _timed(spent: dict[str, float], module, name: str, label: str) -> None:
    inner = getattr(module, name)

    def wrapper(*args, **kwargs):
        start, nested = time.perf_counter(), spent["YAML (strict loader)"] + spent["schema"]
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start
            if label == "load_season":  # the model stage proper: load_season less the loading it calls
                spent["model"] += time.perf_counter() - start - (spent["YAML (strict loader)"] + spent["schema"]
                                                                 - nested)

    setattr(module, name, wrapper)


def stages(seasons: list[Path], repeat: int) -> tuple[float, dict[str, float]]:
    spent: dict[str, float] = defaultdict(float)
    originals = [(m, n, getattr(m, n)) for m, n, _ in STAGES]
    for module, name, label in STAGES:
        _timed(spent, module, name, label)
    best: tuple[float, dict[str, float]] | None = None
    try:
        for _ in range(repeat):
            spent.clear()
            start = time.perf_counter()
            pipeline.check_all(seasons, workers=1)
            total = time.perf_counter() - start
            if best is None or total < best[0]:
                best = (total, dict(spent))
    finally:
        for module, name, inner in originals:
            setattr(module, name, inner)
    assert best is not None
    return best


_ORIGINAL_CHECK_ONE = pipeline._check_one


def _busy_check_one(job):
    """pipeline._check_one, also reporting which worker ran it and for how long (module level: the pool pickles
    it by name)."""
    start = time.perf_counter()
    out = _ORIGINAL_CHECK_ONE(job)
    out["_busy"] = (os.getpid(), time.perf_counter() - start)
    return out


def workers(seasons: list[Path]) -> tuple[float, dict[int, float]]:
    origin = time.perf_counter()
    pipeline._check_one = _busy_check_one
    try:
        results = pipeline.check_all(seasons)
    finally:
        pipeline._check_one = _ORIGINAL_CHECK_ONE
    busy: dict[int, float] = defaultdict(float)
    for r in results:
        pid, seconds = r.pop("_busy")
        busy[pid] += seconds
    return time.perf_counter() - origin, dict(busy)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(ROOT / "seasons"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    seasons = pipeline.discover([Path(args.path)])
    print(f"machine: {machine()}")
    print(f"input: {args.path} ({len(seasons)} seasons)")
    total, spent = stages(seasons, args.repeat)
    print(f"one process, best of {args.repeat}: {total:.2f} s")
    if not seasons:
        return 2
    rows = [(STAGES[0][2], spent.get(STAGES[0][2], 0.0)), (STAGES[1][2], spent.get(STAGES[1][2], 0.0)),
            ("model (typed facts, references)", spent.get("model", 0.0)),
            *((label, spent.get(label, 0.0)) for _, _, label in STAGES[3:])]
    rows.append(("rest (rules, static checks, ...)", total - sum(v for _, v in rows)))
    for label, seconds in rows:
        print(f"  {label:34} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    wall, busy = workers(seasons)
    print(f"parallel ({len(busy)} workers, modules already imported): {wall:.2f} s; busy per worker: "
          + ", ".join(f"{b:.2f} s" for b in sorted(busy.values())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
