"""Atomic writes: the one way synth puts a file on disk; and bounded reads of input files.

A temporary file in the same folder is renamed over the target, so a reader, a crash
or Ctrl-C never sees half a file. The file gets the permissions of any new file of the
user (``0o666`` less the umask): ``mkstemp`` makes ``0o600``, which ``os.replace``
would keep, and a record that only its writer can read cannot be committed and shared.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _new_file_mode() -> int:
    # Reading the umask means setting it; done once, at import, before any thread starts.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


NEW_FILE_MODE = _new_file_mode()


def atomic_write(path: Path, content: str | bytes, *, overwrite: bool = True) -> bool:
    """Write ``content`` to ``path`` atomically; False (and nothing written) when unchanged.

    Text is written as UTF-8. With ``overwrite=False`` an existing file is never replaced:
    ``FileExistsError`` is raised instead, even when another writer got there first.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if overwrite:
        try:
            if path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
    elif path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, NEW_FILE_MODE)
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_without_overwrite(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return True


def _link_without_overwrite(tmp: str, path: Path) -> None:
    """Put ``tmp`` at ``path`` unless something is there: a hard link refuses to replace."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems have no hard links: fall back to a checked replace.
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)


class TooLarge(OSError):
    """A file is larger than the most its reader accepts."""


class NotRegularFile(OSError):
    """A path is a folder, a device, a FIFO or a socket (``str()`` says which)."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in a user's words: 'a folder', 'a FIFO', ..."""
    if stat.S_ISREG(mode):
        return "a file"
    return next((name for test, name in _KINDS if test(mode)), "a device")


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, never reading more.

    Opened without blocking, so a FIFO cannot hang the reader; a device (``/dev/zero``)
    or folder is refused before any read, and a file growing past ``limit`` while it is
    read is refused after ``limit + 1`` bytes: memory stays bounded whatever ``path`` is.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFile(file_kind(mode))
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{path} is larger than {limit} bytes")
    return data
