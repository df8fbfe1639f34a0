"""Reading and writing files safely: bounded reads of regular files, atomic writes.

This is the one place newsread touches files it did not create itself (the
articles, ``sources.toml``, feed files) and writes files a person asked for
(reports) or keeps for later (the page cache). Both rules are about hostile or
unlucky input:

- ``read_regular`` opens without blocking, refuses anything that is not a
  regular file (a FIFO would block forever, ``/dev/zero`` never ends; ``stat``
  says 0 bytes for both) and never reads more than its limit, whatever the size
  the file claims.
- ``write_atomic`` writes a temporary file in the destination's folder, flushes
  it to disk and then renames or links it into place, so a reader never sees
  half a file. Without ``overwrite`` the destination is created exclusively (a
  hard link fails if the name exists), so of several processes writing one new
  file exactly one wins and none replaces another's.

Errors are plain ``OSError`` subclasses; callers turn them into their own
messages.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path


class NotRegularFileError(OSError):
    """The path names a FIFO, a device, a socket or a folder, not a regular file."""


class TooLargeError(OSError):
    """The file is larger than the limit the caller set."""


def file_kind(mode: int) -> str:
    """Name a file type for messages ("a FIFO", "a character device" …)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def read_regular(path: Path | str, limit: int) -> bytes:
    """Read a regular file of at most ``limit`` bytes.

    Args:
        path: The file.
        limit: Largest size accepted, in bytes.

    Returns:
        The file's bytes.

    Raises:
        NotRegularFileError: The path is a FIFO, device, socket or folder.
        TooLargeError: The file holds more than ``limit`` bytes (checked on the
            bytes read, not only on the size ``stat`` reports).
        OSError: It cannot be opened or read (missing, no permission …).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(errno.EINVAL, file_kind(info.st_mode), str(path))
        if info.st_size > limit:
            raise TooLargeError(errno.EFBIG, f"{info.st_size} bytes", str(path))
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise TooLargeError(errno.EFBIG, f"more than {limit} bytes", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes, overwrite: bool = False) -> None:
    """Write a file all at once: a temporary file in the same folder, then into place.

    Args:
        path: Destination.
        data: Text (written as UTF-8) or bytes.
        overwrite: Replace an existing file. Without it the destination is
            created exclusively: if it exists, or another process creates it
            first, nothing is written.

    Raises:
        FileExistsError: ``overwrite`` is false and the destination exists.
        OSError: The folder is missing or not writable, the disk is full …
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "already exists", str(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # O_EXCL with mode 0o666: a fresh name, and the usual permissions after the umask
    # (mkstemp would give 0600, and reading the umask means setting it, racing threads).
    tmp = str(folder / f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_exclusive(tmp, path, payload)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link_exclusive(tmp: str, path: Path, payload: bytes) -> None:
    """Put ``tmp`` at ``path`` unless ``path`` exists: a hard link is atomic and exclusive.

    On a file system without hard links, fall back to creating the destination
    with ``O_EXCL`` and writing it (still exclusive, not atomic for readers).
    """
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        with open(path, "xb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())


def remove_folder(path: Path) -> None:
    """Remove a folder and everything in it, all at once for anyone looking at its name.

    The folder is first renamed to a hidden name beside it (atomic), then deleted:
    its name never shows a half-deleted folder. A symbolic link or anything that is
    not a folder is refused, never followed (``shutil.rmtree`` then removes the
    tree without following links inside it).

    Args:
        path: The folder.

    Raises:
        NotADirectoryError: ``path`` is a link or not a folder.
        OSError: It cannot be renamed or deleted.
    """
    import shutil

    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, file_kind(info.st_mode), str(path))
    aside = path.parent / f".{path.name}.{secrets.token_hex(6)}.removing"
    os.rename(path, aside)
    shutil.rmtree(aside)
