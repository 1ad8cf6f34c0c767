"""Ctrl-C during a CP-SAT solve.

CP-SAT catches SIGINT itself while it solves (`catch_sigint_signal`, on by default): it stops the search at once and
returns as if its work had run out. Left alone, a command goes on and reports UNKNOWN (or a bound that is not the
optimum) as though that were the answer, and the handler CP-SAT leaves behind swallows every later Ctrl-C. Turning
the catching off instead would make Ctrl-C wait until the solve ends (minutes at the default work limits).

So `solve` lets CP-SAT stop promptly, gives Python its SIGINT handler back, and turns a search that stopped before
an answer and before either limit into the KeyboardInterrupt the user asked for (the command line says so in one
line, exit 130). No other limit is set on a solve, so nothing else stops one that early.
"""
from __future__ import annotations

import signal
import threading

from ortools.sat.python import cp_model

# answers that are final whatever stopped the search (FEASIBLE only when there is no objective to improve)
FINAL = (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID)


def solve(solver: cp_model.CpSolver, model: cp_model.CpModel, work_limit: float, time_limit: float | None) -> int:
    """`solver.Solve(model)`, raising KeyboardInterrupt when Ctrl-C stopped it."""
    status = solver.Solve(model)
    _python_handles_sigint()
    if stopped_by_interrupt(status, model.has_objective(), solver.ResponseProto().deterministic_time,
                            solver.WallTime(), work_limit, time_limit):
        raise KeyboardInterrupt
    return status


def stopped_by_interrupt(status: int, has_objective: bool, work: float, seconds: float, work_limit: float,
                         time_limit: float | None) -> bool:
    """True when a solve ended without a final answer although it used less than its work limit and its
    wall-clock limit (when it has one): only SIGINT stops CP-SAT so."""
    if status in FINAL or (status == cp_model.FEASIBLE and not has_objective):
        return False
    if work >= work_limit:
        return False
    # the wall clock is read apart from the solver's own: a stop in the last tenth of the cap is taken for the cap
    return time_limit is None or seconds < 0.9 * time_limit


def _python_handles_sigint() -> None:
    """Install Python's SIGINT handler again at the C level (CP-SAT's stays installed after a solve)."""
    handler = signal.getsignal(signal.SIGINT)
    if handler is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, handler)
