"""Finding map files, and the maps that include a shared file (writing outputs: `outputs`)."""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field

from cjmap.cli import console
from cjmap.errors import InvalidMap, UsageError
from cjmap.text.words import counted

# A top-level key (maybe quoted) at the start of a line of the file's head, and
# the start of its value. A map's first key is usually `cjmap:`; the fast path
# looks for exactly that, the slow one (no `cjmap` key) looks at every key.
_BOM = rb"(?:\xef\xbb\xbf)?"
_MAP_MARKER = re.compile(rb"^" + _BOM + rb"([\"']?)cjmap\1[ \t]*:", re.MULTILINE)
_TOP_LEVEL_KEY = re.compile(
    rb"^" + _BOM + rb"([\"']?)([A-Za-z][\w-]{0,31})\1[ \t]*:(?:[ \t]+([^\r\n]*))?\r?$", re.MULTILINE
)
# The value of a format version, as a mistyped `cjmap` key would carry: `1`, `"1"`, `v1`.
_VERSION_VALUE = re.compile(rb"[\"']?v?[0-9]")
_MARKER_HEAD_BYTES = 64 * 1024
MAP_SUFFIXES = (".yaml", ".yml")
# A note on a shared file names this many of the maps that include it.
_NAMES_IN_NOTE = 5
# `cjamp`, `Cjmap`, `cjmp`, `cj-map`, `cjmaps`: a mistyped version key, as close to `cjmap`
# as the loader's did-you-mean judges, and a letter longer or shorter at most. Keys of three
# letters or fewer (`map`) are too common in other YAML to count; longer ones (`cjmapper`)
# are other words.
_NEAR_MISS_LENGTHS = range(4, 7)


@dataclass
class FileSet:
    """The map files to process, and what a directory search skipped."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def expand_paths(paths: list[str]) -> FileSet:
    """Files as given; globs expanded; directories searched for map files.

    A directory is searched recursively for `.yaml`/`.yml` files that look
    like maps (`looks_like_map`); other YAML files there (shared personas,
    CI config) are skipped and counted.

    Raises:
        UsageError: a path that does not exist and matches nothing, or a
            directory that cannot be searched (named with the reason).
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
            # glob skips directories it cannot list without a word: say so, as for directories
            unlistable = _unlistable_for_glob(raw)
            if unlistable:
                raise UsageError(f"{raw}: {_cannot_search(unlistable, raw)}")
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
    # A directory that cannot be listed may hold maps: skipping it would let CI
    # pass having checked nothing, so it fails the run and says why.
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "node_modules"]
        for name in filenames:
            if name.endswith(MAP_SUFFIXES):
                found.append(os.path.join(dirpath, name))
    if unreadable:
        raise UsageError(_cannot_search(unreadable, root))
    return found


def _cannot_search(errors: list[OSError], root: str) -> str:
    where = "; ".join(
        f"{exc.filename or root} ({exc.strerror or exc})"
        for exc in sorted(errors, key=lambda e: str(e.filename))
    )
    return f"cannot search the directory {where}"


def _unlistable_for_glob(pattern: str) -> list[OSError]:
    """The directories `glob.glob(pattern, recursive=True)` would need to list but cannot.

    Followed the way glob goes: a directory is listed where the next part of
    the pattern has a wildcard, and `**` lists every directory below (but
    hidden ones, as glob does). Directories only passed through (a part
    without wildcards) need no listing, so they are not checked.
    """
    parts = re.split(r"[\\/]", pattern) if os.sep == "\\" else pattern.split("/")
    first = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    # where the pattern starts: its leading parts without wildcards (`/` for `/*`)
    current = [("/".join(parts[:first]) or "/") if first else os.curdir]
    errors: list[OSError] = []
    for index in range(first, len(parts)):
        part, last = parts[index], index == len(parts) - 1
        if part == "**":
            reached = []
            for directory in current:
                for dirpath, dirnames, _ in os.walk(directory, onerror=errors.append):
                    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                    reached.append(os.path.normpath(dirpath))
            current = reached
        elif glob.has_magic(part):
            for directory in current:
                try:
                    with os.scandir(directory):
                        pass
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    errors.append(exc)
            if not last:
                current = [
                    m
                    for d in current
                    for m in glob.glob(os.path.join(glob.escape(d), part))
                    if os.path.isdir(m)
                ]
        elif not last:
            current = [os.path.join(d, part) for d in current]
            current = [d for d in current if os.path.isdir(d)]
    for error in errors:  # `./maps/x` as the user would write it: `maps/x`
        if isinstance(error.filename, str):
            error.filename = os.path.normpath(error.filename)
    return errors


def looks_like_map(path: str) -> bool:
    """Whether a YAML file is a journey map, judged by its top-level keys (first 64 KB).

    A map is a file with a top-level `cjmap` key, or one that was meant to be
    and would otherwise be skipped without a word:

    - a key a typo or two away from `cjmap` (`cjamp`, `Cjmap`) holding a
      version (`1`);
    - no version key at all, but both `title` and `phases`.

    Files that `include:` merges into maps hold `personas`, `phases` and
    `kpis` but no `title` (the loader refuses one there), so they are not maps.
    The loader then reports the real problem of a near miss (`missing cjmap`,
    with its did-you-mean).

    A file that cannot be read counts as a map, so the loader reports why.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(_MARKER_HEAD_BYTES)
    except OSError:
        return True
    return _head_looks_like_map(head)


def _head_looks_like_map(raw: bytes) -> bool:
    """`looks_like_map` for a file's bytes (only the first 64 KB count)."""
    head = raw[:_MARKER_HEAD_BYTES]
    if _MAP_MARKER.search(head) is not None:
        return True
    keys = set()
    for match in _TOP_LEVEL_KEY.finditer(head):
        key, value = match.group(2).decode("ascii"), match.group(3) or b""
        if _near_cjmap(key) and _VERSION_VALUE.match(value):
            return True
        keys.add(key)
    return {"title", "phases"} <= keys


def _near_cjmap(key: str) -> bool:
    if len(key) not in _NEAR_MISS_LENGTHS:
        return False
    # The loader's own judgement, so a file taken for a map gets its `did you mean `cjmap`?`.
    # Imported here: only a file without a `cjmap` key gets this far.
    from cjmap.model.references import did_you_mean

    return did_you_mean(key, ("cjmap",)) is not None


@dataclass
class MapSelection:
    """The files a run checks, and the ones it skips.

    Attributes:
        files: the maps to check, in order: as named, then the maps reached
            through a skipped file that they include.
        skipped: YAML files without a top-level `cjmap` key.
        includers: for each skipped file named explicitly, the maps (not
            named) that include it and are checked in its stead.
        skip_non_maps: files named explicitly were skipped too (the
            pre-commit hooks), so finding no map is no failure.
    """

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    includers: dict[str, list[str]] = field(default_factory=dict)
    skip_non_maps: bool = False

    def nothing_found(self, paths: list[str]) -> str:
        """What to say when the paths hold no map at all."""
        others = f" ({counted(len(self.skipped), 'YAML file')} skipped)"
        return (
            f"no journey maps found in {', '.join(paths)}{others if self.skipped else ''}; "
            "a map has a top-level `cjmap: 1` key"
        )

    def print_notes(self) -> None:
        """Say why maps that were not named are checked (text output)."""
        for fragment, maps in self.includers.items():
            which = (
                "the map that includes" if len(maps) == 1 else f"the {len(maps)} maps that include"
            )
            names = ", ".join(maps[:_NAMES_IN_NOTE])
            if len(maps) > _NAMES_IN_NOTE:
                names += f" and {len(maps) - _NAMES_IN_NOTE} more"
            console.stdout().file.write(
                f"{fragment}: no `cjmap` key; checked through {which} it: {names}\n"
            )


def select_maps(paths: list[str], skip_non_maps: bool) -> MapSelection:
    """The maps `paths` name (see `expand_paths`), for validate and lint.

    With `skip_non_maps` (the pre-commit hooks), files named explicitly that
    have no `cjmap` key are skipped. Such a file is often a shared one
    (personas, phases) that maps `include:`: a commit touching only it must
    still be checked, so the maps under the current directory that include
    it are added.

    Raises:
        UsageError: a path that does not exist and matches nothing.
    """
    fileset = expand_paths(paths)
    out = MapSelection(skipped=list(fileset.skipped), skip_non_maps=skip_non_maps)
    fragments = []
    for name in fileset.files:
        if skip_non_maps and not looks_like_map(name):
            fragments.append(name)
        else:
            out.files.append(name)
    out.skipped += fragments
    if fragments:
        named = {os.path.realpath(f) for f in out.files}
        for fragment, maps in maps_including(fragments).items():
            maps = [m for m in maps if os.path.realpath(m) not in named]
            named.update(os.path.realpath(m) for m in maps)
            out.files += maps
            if maps:
                out.includers[fragment] = maps
    return out


def maps_including(fragments: list[str], root: str = ".") -> dict[str, list[str]]:
    """The maps under `root` that include each fragment, directly or through other files.

    Each YAML file is read once; only those that mention a target's file name
    are parsed (an `include:` entry that resolves to it must name it; a symlink
    under another name is not followed).

    Args:
        fragments: YAML files, as named.
        root: where to look for maps.

    Returns:
        Each fragment's including maps, sorted (paths as a directory search
        finds them, normalised); fragments that no map includes are left out.

    Raises:
        UsageError: `root` cannot be searched.
    """
    maps: set[str] = set()
    sources: dict[str, bytes] = {}
    for name in sorted(_walk(root)):  # each file read once, whole
        try:
            with open(name, "rb") as fh:
                raw = fh.read()
        except OSError:
            continue
        name = os.path.normpath(name)
        if _head_looks_like_map(raw):
            maps.add(name)
        if b"include" in raw:
            sources[name] = raw
    includes: dict[str, set[str]] = {}

    def includes_of(name: str) -> set[str]:
        from cjmap.load import included_paths  # only once a file names a target

        if name not in includes:
            try:
                found = included_paths(name, raw=sources[name])
                includes[name] = {os.path.realpath(p) for p in found}
            except (InvalidMap, UsageError):
                includes[name] = set()  # a broken file is reported when it is checked
        return includes[name]

    out: dict[str, list[str]] = {}
    for fragment in fragments:
        reached = {os.path.realpath(fragment)}
        pending = [(os.path.realpath(fragment), fragment)]
        including = []
        while pending:
            real, name = pending.pop()
            needles = {os.path.basename(real).encode(), os.path.basename(name).encode()}
            for source, raw in sources.items():
                if any(n in raw for n in needles) and real in includes_of(source):
                    source_real = os.path.realpath(source)
                    if source_real not in reached:
                        reached.add(source_real)
                        pending.append((source_real, source))
                        if source in maps:
                            including.append(source)
        if including:
            out[fragment] = sorted(including)
    return out
