"""Reading a map from a file or from a git revision (`HEAD~3:maps/checkout.yaml`).

A revision is read with `git show REV:path` into a temporary folder, together
with the files it includes (from the same revision), and loaded from there
like any file; diagnostics then name `REV:path`, never the temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from cjmap._record import Record
from cjmap.errors import Diagnostic, InvalidMap, ToolMissing, UsageError
from cjmap.load import load_document, load_text
from cjmap.model import Journey, build_journey

# Files fetched from git for one map (itself and its includes, transitively): a
# bound, so that a revision with an include loop or thousands of includes cannot
# make `cjmap diff` run git without end. The loader reports what is missing.
MAX_REVISION_FILES = 256


@dataclass(frozen=True, eq=False, repr=False)
class MapSource(Record):
    """A map that was read, and how to name it in output.

    Attributes:
        name: the file as given, or `REV:path`.
        journey: the valid map.
        lines_by_file: source lines by (display) file name, for reporters.
    """

    name: str
    journey: Journey
    lines_by_file: dict[str, list[str]]


def is_revision(spec: str) -> bool:
    """`REV:path` rather than a file: it has a colon and no such file exists."""
    if os.path.exists(spec) or ":" not in spec:
        return False
    # `C:\maps\x.yaml` is a Windows path, not a revision named `C`.
    return not (len(spec) > 2 and spec[1] == ":" and spec[0].isalpha() and spec[2] in "\\/")


def read_map(spec: str) -> MapSource:
    """Load a map from a file, or from `REV:path` in the git repository of the working folder.

    Args:
        spec: a file path, or `REV:path` (path relative to the repository root,
            or to the working folder when it starts with `./` or `../`, as in git).

    Returns:
        The loaded map.

    Raises:
        UsageError: no such file, not a git repository, unknown revision or path.
        ToolMissing: git is not installed.
        InvalidMap: the map (at that revision) is invalid; diagnostics name `REV:path`.
    """
    if not is_revision(spec):
        doc = load_document(spec)
        return MapSource(spec, build_journey(doc).journey, doc.lines_by_file)
    rev, _, path = spec.partition(":")
    top = _git(os.getcwd(), "rev-parse", "--show-toplevel", what=spec).strip()
    if path.startswith(("./", "../")):
        prefix = _git(os.getcwd(), "rev-parse", "--show-prefix", what=spec).strip()
        path = os.path.normpath(prefix + path).replace(os.sep, "/")
    return read_revision(top, rev, path)


def read_at_revision(path: str, rev: str) -> MapSource:
    """The map at `path` (a file in a working tree) as it is at revision `rev`.

    The repository is the one holding `path`, wherever the command runs.

    Raises:
        UsageError: the file is not inside a git repository, or not in `rev`.
        ToolMissing: git is not installed.
        InvalidMap: the map is invalid at that revision.
    """
    folder = os.path.dirname(os.path.abspath(path))
    top = _git(folder, "rev-parse", "--show-toplevel", what=path).strip()
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
    if rel.startswith(".."):
        raise UsageError(f"{path}: is not inside the git repository at {top}")
    return read_revision(top, rev, str(PurePosixPath(*rel.split(os.sep))))


def read_revision(top: str, rev: str, path: str) -> MapSource:
    """Load `path` (relative to the repository root `top`) as it is at `rev`.

    Raises:
        UsageError: unknown revision, or no such file at that revision.
        InvalidMap: the map is invalid at that revision.
    """
    name = f"{rev}:{path}"
    kind = _git(top, "cat-file", "-t", name, what=name).strip()
    if kind != "blob":
        raise UsageError(f"{name}: is a {kind}, not a file")
    tmp = tempfile.mkdtemp(prefix="cjmap-diff-")
    try:
        _extract(top, rev, path, tmp, set())
        local = os.path.join(tmp, *path.split("/"))
        try:
            doc = load_document(local)
            journey = build_journey(doc).journey
        except InvalidMap as exc:
            raise InvalidMap([_rename(d, tmp, rev) for d in exc.diagnostics]) from None
        lines = {_display(f, tmp, rev): v for f, v in doc.lines_by_file.items()}
        return MapSource(name, journey, lines)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _extract(top: str, rev: str, path: str, tmp: str, seen: set[str]) -> None:
    """Write `rev:path` and (recursively) the files it includes under `tmp`."""
    if path in seen or len(seen) >= MAX_REVISION_FILES:
        return
    seen.add(path)
    try:
        raw = _git_bytes(top, "show", f"{rev}:{path}")
    except UsageError:
        return  # a missing include: the loader reports it, positioned at `include:`
    local = os.path.join(tmp, *path.split("/"))
    os.makedirs(os.path.dirname(local), exist_ok=True)
    with open(local, "wb") as fh:
        fh.write(raw)
    try:
        data = load_text(raw.decode("utf-8-sig", errors="replace"), local).data
    except InvalidMap:
        return  # the loader reports it
    includes = data.get("include")
    for entry in [includes] if isinstance(includes, str) else includes or []:
        if not isinstance(entry, str):
            continue
        target = os.path.normpath(os.path.join(os.path.dirname(path), entry)).replace(os.sep, "/")
        if not target.startswith("../"):
            _extract(top, rev, target, tmp, seen)


def _display(file: str, tmp: str, rev: str) -> str:
    if file.startswith(tmp + os.sep):
        return f"{rev}:{PurePosixPath(*os.path.relpath(file, tmp).split(os.sep))}"
    return file


def _rename(d: Diagnostic, tmp: str, rev: str) -> Diagnostic:
    message = d.message.replace(tmp + os.sep, f"{rev}:")
    return replace(d, file=_display(d.file, tmp, rev), message=message)


def _git(cwd: str, *args: str, what: str | None = None) -> str:
    return _git_bytes(cwd, *args, what=what).decode("utf-8", errors="replace")


def _git_bytes(cwd: str, *args: str, what: str | None = None) -> bytes:
    if shutil.which("git") is None:
        raise ToolMissing("git is not installed; it is needed to read revisions (REV:path)")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    proc = subprocess.run(["git", "-C", cwd, *args], capture_output=True, env=env, check=False)
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        text = reason[-1] if reason else f"git {args[0]} failed"
        text = text.removeprefix("fatal: ")
        raise UsageError(f"{what}: {text}" if what else text)
    return proc.stdout
