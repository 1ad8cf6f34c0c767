"""Opening a data file: only ever a regular file, and never more than a bound of it.

A season or rules directory can hold any kind of path: a FIFO (opening it for reading waits for a writer,
reading it waits for data: a hang), a device (`/dev/zero` never ends: unbounded memory), a directory named
`*.yaml`, a symbolic link that dangles or loops. The type is checked before anything is opened (`stat`, which
follows links), the file is opened non-blocking and checked again on the open descriptor (the path may have
been swapped in between), and at most `limit + 1` bytes are read. Each refusal has a stable code:

* PATH001 not a regular file; PATH002 a symbolic link that leads nowhere (dangling, or a loop);
* YAML004 larger than the limit; YAML005 cannot be read (permissions, I/O error);
* PATH003 (`present`, for the files of a season): a symbolic link leading out of the season directory.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from validator.findings import Finding, Location

_CHUNK = 1 << 16


class PathError(Exception):
    """A path that is not read; `code` is its finding code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_regular(mode: int) -> PathError:
    return PathError("PATH001", f"{_kind(mode)}, not a regular file: nothing is read from it")


def _cannot_stat(path: Path, exc: OSError) -> PathError:
    if exc.errno == errno.ELOOP:
        return PathError("PATH002", "a symbolic link loop: it leads nowhere")
    if os.path.islink(path):
        return PathError("PATH002", "a dangling symbolic link: the file it names does not exist")
    return PathError("YAML005", f"cannot read: {exc.strerror or exc}")


def check_regular(path: Path) -> os.stat_result:
    """The status of `path` (links followed) when it is a regular file; PathError otherwise."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _cannot_stat(path, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(st.st_mode)
    return st


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; PathError for anything else."""
    st = check_regular(path)
    if st.st_size > limit:
        raise PathError("YAML004", f"file larger than {limit} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _cannot_stat(path, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped since the check above
            raise _not_regular(st.st_mode)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise PathError("YAML005", f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise PathError("YAML004", f"file larger than {limit} bytes")
    return b"".join(chunks)


def _as_named(path: Path) -> str:
    """`path` as the season names it (no link resolved), relative to the working directory when below it."""
    named = os.path.relpath(os.path.abspath(path))
    return str(path) if named.startswith("..") else named


def present(path: Path, root: str, findings: list[Finding]) -> bool:
    """Is there something at `path` for the season to read? Anything there counts, whatever its kind: a FIFO,
    a directory or a dangling link named `standings.yaml` is refused when loaded (PATH001/PATH002), never
    skipped as if absent. A link leading out of the season directory is refused here (PATH003): the record
    would rest on a file that is not part of it."""
    if not os.path.lexists(path):
        return False
    real = os.path.realpath(path)
    if os.path.exists(path) and not real.startswith(root.rstrip(os.sep) + os.sep):
        findings.append(Finding("PATH003", "a symbolic link to a file outside the season directory: copy the "
                                "file into the season instead", Location(_as_named(path))))
        return False  # reported, not read
    return True
