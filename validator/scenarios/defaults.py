"""The work defaults of an infer run, in a module of their own: `scrutineer --help` and every command's parser
read them, and reading them from scenarios/neighbourhood.py loaded CP-SAT (and pandas) into every command, `check`
included (benchmarks/README.md: 0.5 s of a cold `check`)."""
from __future__ import annotations

DEFAULT_BUDGET = 60.0    # total deterministic work of an infer run (measured on 2007: docs/SCENARIOS.md)
LOCAL_LIMIT = 0.15       # deterministic work of one local proof: a forcing neighbourhood answers in presolve
                         # (measured on 2007: every local proof that succeeded took at most 0.098)
