"""Small shared terms of the worlds engine."""
from __future__ import annotations

UNNAMED = "?"  # the unnamed rival: any car no fact names


def _e(v):
    return v
