"""Finding map files, and writing outputs atomically."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cjmap.errors import OutputError, UsageError

# A top-level `cjmap:` key (maybe quoted) at the start of a line of the file's head.
_MAP_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?([\"']?)cjmap\1[ \t]*:", re.MULTILINE)
_MARKER_HEAD_BYTES = 64 * 1024
MAP_SUFFIXES = (".yaml", ".yml")


@dataclass
class FileSet:
    """The map files to process, and what a directory search skipped."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def expand_paths(paths: list[str]) -> FileSet:
    """Files as given; globs expanded; directories searched for map files.

    A directory is searched recursively for `.yaml`/`.yml` files whose top
    level has a `cjmap` key; other YAML files there (shared personas, CI
    config) are skipped and counted.

    Raises:
        UsageError: a path that does not exist and matches nothing.
    """
    out = FileSet()
    seen: set[str] = set()

    def add(name: str) -> None:
        if name not in seen:
            seen.add(name)
            out.files.append(name)

    for raw in paths:
        if os.path.isdir(raw):
            for found in sorted(_walk(raw)):
                if looks_like_map(found):
                    add(found)
                else:
                    out.skipped.append(found)
        elif os.path.exists(raw):
            add(raw)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise UsageError(f"{raw}: no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    continue
                add(match)
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return out


def _walk(root: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "node_modules"]
        for name in filenames:
            if name.endswith(MAP_SUFFIXES):
                found.append(os.path.join(dirpath, name))
    return found


def looks_like_map(path: str) -> bool:
    """Whether a YAML file has a top-level `cjmap` key (read from its first 64 KB).

    A file that cannot be read counts as a map, so the loader reports why.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(_MARKER_HEAD_BYTES)
    except OSError:
        return True
    return _MAP_MARKER.search(head) is not None


Stamp = tuple[int, int, int] | None  # (mtime ns, size, inode), None when unreadable


def file_stamp(name: str) -> Stamp:
    """What changes when a file is saved (also through an editor's rename)."""
    try:
        st = os.stat(name)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def write_atomic(path: Path, data: bytes, inputs: list[str]) -> None:
    """Write `data` to `path` via a temporary file and a rename.

    The old file (if any) stays untouched until the new one is complete; a
    failure leaves no partial file behind.

    Raises:
        OutputError: the output would overwrite an input, or cannot be written.
    """
    target = path.resolve()
    for source in inputs:
        try:
            if target == Path(source).resolve() or (
                target.exists() and os.path.samefile(target, source)
            ):
                raise OutputError(f"{path}: refusing to overwrite the input file {source}")
        except OSError:
            continue
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(f"{path}: the output directory {directory} does not exist")
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
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
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"{path}: cannot write the output ({reason})") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
