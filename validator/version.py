"""The scrutineer version, from the installed package's metadata (`scrutineer --version`, SARIF, the cache)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def version() -> str:
    """The installed scrutineer version, or `0+unknown` when run from a source tree that is not installed."""
    from importlib.metadata import PackageNotFoundError, version as metadata_version

    try:
        return metadata_version("scrutineer")
    except PackageNotFoundError:
        return "0+unknown"
