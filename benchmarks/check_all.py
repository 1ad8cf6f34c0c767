"""Benchmark: a cold `scrutineer check` of every season, side by side with check-jsonschema validating the same
YAML files against the same schemas (schema validation only, no replay). Prints both figures, the ratio, and
the machine. Run: python benchmarks/check_all.py [--repeat N] [PATH]

check-jsonschema is installed with `pip install -e ".[bench]"`.

Measured (whole process, CPU = user + system, median of 7 runs taken in turn with the version before, 2 shared
cores, AMD EPYC, Python 3.11, no bytecode cache): `scrutineer check --no-cache` of the 78 seasons 4.11 -> 3.47 s
CPU, peak memory of the largest process 98 -> 29 MiB, when `scrutineer infer`'s defaults moved out of the module
that loads CP-SAT (validator/scenarios/defaults.py): every command had loaded ortools, pandas and numpy to build
its parser. A warm `scrutineer check` (every result from the cache): 0.78 -> 0.26 s CPU. Where the rest of a cold
check goes: benchmarks/stages.py (one process, 3.05 s: YAML 1.15, model 0.49, score 0.59, audit 0.33, schema
0.27, the rest 0.23).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "validator" / "schemas"


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cpu(s), "
            f"Python {platform.python_version()}")


def timed(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def files_by_schema(path: Path) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {"season": [], "round": [], "standings": [], "exceptions": []}
    for f in sorted(path.rglob("*.yaml")):
        if f.parent.name == "rounds":
            groups["round"].append(str(f))
        elif f.name in ("season.yaml", "standings.yaml", "exceptions.yaml"):
            groups[f.stem].append(str(f))
    return {k: v for k, v in groups.items() if v}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default="seasons")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    target = ROOT / args.path
    scrutineer = [sys.executable, "-m", "validator", "check", "--no-cache", str(target)]  # cold: no cache
    groups = files_by_schema(target)
    n_files = sum(len(v) for v in groups.values())
    cjs = shutil.which("check-jsonschema")

    ours, theirs = [], []
    for _ in range(args.repeat):
        t, code = timed(scrutineer)
        ours.append(t)
        if cjs:
            total = 0.0
            for schema, files in groups.items():
                schemafile = SCHEMAS / f"{schema}.schema.json"
                t2, _ = timed([cjs, "--schemafile", str(schemafile), "--base-uri", schemafile.as_uri(), *files])
                total += t2
            theirs.append(total)
    print(f"machine: {machine()}")
    print(f"input: {args.path} ({n_files} YAML files)")
    print(f"scrutineer check (load + schema + replay + audit), cold process, median of {args.repeat}: "
          f"{statistics.median(ours):.2f} s (exit {code})")
    if theirs:
        print(f"check-jsonschema (schema validation only), same files, median of {args.repeat}: "
              f"{statistics.median(theirs):.2f} s")
        print(f"ratio check-jsonschema / scrutineer: {statistics.median(theirs) / statistics.median(ours):.2f}x")
    else:
        print("check-jsonschema not installed: pip install -e '.[bench]'")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
