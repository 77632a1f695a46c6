"""Writing files so that a failure never destroys the previous good file.

Every file the library writes goes through :func:`write_atomic` (or :func:`open_atomic`):
the new content is written to a temporary file beside the target, flushed to disk, and
only then renamed over the target (``os.replace``, atomic on POSIX and Windows). A full
disk, an exception or a Ctrl-C while writing leaves the old file as it was and no partial
file under the final name; the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal, overload

__all__ = ["check_writable", "open_atomic", "write_atomic"]


def check_writable(path: str | Path, suffixes: tuple[str, ...] = ()) -> Path:
    """Check, before any work is done, that ``path`` can be written: its folder exists and
    is a folder, the path is not a folder, and (when ``suffixes`` are given) its suffix is
    one of them. Returns the path; raises ValueError saying what is wrong."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a file")
    folder = path.parent
    if not folder.is_dir():
        raise ValueError(f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"the folder {folder} cannot be written to")
    if suffixes and path.suffix.lower() not in suffixes:
        raise ValueError(f"{path.name}: expected a file ending in {' or '.join(suffixes)}")
    return path


@overload
@contextlib.contextmanager
def open_atomic(
    path: str | Path, mode: Literal["w"] = "w", *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]: ...
@overload
@contextlib.contextmanager
def open_atomic(
    path: str | Path, mode: Literal["wb"], *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[bytes]]: ...
@contextlib.contextmanager
def open_atomic(
    path: str | Path, mode: str = "w", *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]] | Iterator[IO[bytes]]:
    """A file opened for writing that replaces ``path`` only when the block ends without
    an exception (BaseException included: Ctrl-C keeps the old file)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        text = "b" not in mode
        with os.fdopen(
            handle, "w" if text else "wb", encoding=encoding if text else None, newline=newline if text else None
        ) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600): give it the old file's mode, or the usual one.
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomic(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically (see the module's docstring). Returns the path."""
    path = Path(path)
    if isinstance(data, str):
        with open_atomic(path, "w", encoding=encoding, newline="") as out:
            out.write(data)
    else:
        with open_atomic(path, "wb") as out:
            out.write(data)
    return path
