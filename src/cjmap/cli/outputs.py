"""Writing outputs atomically, and telling files apart (an output is never an input).

`write_atomic` writes beside the target and renames, so a reader (or a crash)
never sees half a file; `file_keys` and `same_file` tell when two paths name
one file (resolved paths, hard links); `file_stamp` tells when a file changed.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from cjmap.errors import OutputError


class OverwritesInput(OutputError):
    """The output path is one of the files being read: the tool was called wrong (exit 2).

    An `OutputError`, so commands that treat every output problem alike still
    catch it; `render` tells it apart, as the usage error it is.
    """


Stamp = tuple[int, int, int] | None  # (mtime ns, size, inode), None when unreadable


def file_stamp(name: str) -> Stamp:
    """What changes when a file is saved (also through an editor's rename)."""
    try:
        st = os.stat(name)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


FileKey = Path | tuple[int, int]  # a resolved path, or (device, inode)


def file_keys(path: str | os.PathLike[str]) -> tuple[FileKey, ...]:
    """What identifies a file: its resolved path, then (device, inode) if it exists.

    Two paths name one file when they share a key (`same_file`); keying a dict
    by them finds an input among many without comparing every pair.

    Args:
        path: a file, which may not exist yet (an output about to be written).

    Returns:
        The keys; none for a path that cannot be resolved (a symlink loop).
    """
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return ()
    try:
        st = os.stat(path)
    except OSError:
        return (resolved,)
    return (resolved, (st.st_dev, st.st_ino))  # hard links share the inode


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file: the same path once resolved, or hard links.

    Either may not exist yet (an output about to be written).
    """
    return not set(file_keys(a)).isdisjoint(file_keys(b))


def write_atomic(path: Path, data: bytes, inputs: list[str]) -> None:
    """Write `data` to `path` via a temporary file and a rename.

    Missing parent directories are created first (and removed again if the
    write fails). The old file (if any) stays untouched until the new one is
    complete; a failure leaves no partial file behind.

    Raises:
        OverwritesInput: `path` is one of `inputs`.
        OutputError: the output (or its directory) cannot be written.
    """
    target = path.resolve()
    for source in inputs:
        if same_file(target, source):
            raise OverwritesInput(f"{path}: refusing to overwrite the input file {source}")
    directory = target.parent
    created = _make_directories(path, directory)
    fd = -1
    tmp = ""
    try:
        fd, tmp = temporary_file(directory, target.name)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
        tmp = ""
        created = []
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"{path}: cannot write the output ({reason})") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for made in reversed(created):  # a failed write leaves no empty directories either
            with contextlib.suppress(OSError):
                made.rmdir()


def temporary_file(directory: Path, name: str) -> tuple[int, str]:
    """Create `.NAME.<8 hex>.tmp` in `directory`, new and readable by its owner only.

    `tempfile.mkstemp` does the same, but importing `tempfile` (with `shutil`
    and `random`) costs ~5 ms of every render.

    Returns:
        The open file descriptor (for writing) and the file's path.

    Raises:
        OSError: the file cannot be created.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = os.path.join(directory, f".{name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(directory))


def _make_directories(path: Path, directory: Path) -> list[Path]:
    """Create `directory` and its missing parents, as `-o out/` does; return those made."""
    missing = []
    parent = directory
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    made: list[Path] = []
    try:
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except FileExistsError:  # made meanwhile by someone else: theirs to keep
                continue
            made.append(folder)
    except OSError as exc:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"{path}: cannot create the output directory {path.parent} ({reason})"
        ) from None
    if not directory.is_dir():
        raise OutputError(
            f"{path}: cannot create the output directory {path.parent} (a file is there)"
        )
    return made
