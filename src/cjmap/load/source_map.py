"""Where each value of a loaded document came from.

A path is a tuple of mapping keys and sequence indexes, e.g.
`("phases", 0, "steps", 2, "emotion")`. Every value has a position; every
mapping key has one too, so an unknown key is reported at the key itself.

The parser stores libyaml's own start marks (0-based `.line` and `.column`,
no file), which it gets for every event anyway, to keep loading cheap;
`value()` and `key()` turn them into `Position`s of the map's own file.
Entries merged in from an included file are stored as `Position`s already,
so they keep naming that file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

Path = tuple[str | int, ...]


class Position(NamedTuple):
    """A 1-based line and column in one file."""

    file: str
    line: int
    column: int


class SourceMap:
    """Positions of values (`values`) and of mapping keys (`keys`) by path.

    Attributes:
        file: the file whose marks this map holds.
        values: path -> position (or raw mark) of the value.
        keys: path -> position (or raw mark) of the key that ends the path.
    """

    __slots__ = ("file", "keys", "values")

    def __init__(self, file: str = "") -> None:
        self.file = file
        self.values: dict[Path, Any] = {}
        self.keys: dict[Path, Any] = {}

    def value(self, path: Sequence[str | int]) -> Position | None:
        """The position of the value at `path`, or of its nearest ancestor."""
        return self.position(_nearest(self.values, tuple(path)))

    def key(self, path: Sequence[str | int]) -> Position | None:
        """The position of the mapping key that ends `path`, else of its value."""
        found = self.keys.get(tuple(path))
        return self.position(found) if found is not None else self.value(path)

    def position(self, entry: Any) -> Position | None:
        """A stored entry (a `Position`, or a raw 0-based libyaml mark) as a `Position`."""
        if entry is None or isinstance(entry, Position):
            return entry
        return Position(self.file, entry.line + 1, entry.column + 1)

    def rebased(self, old: Path, new: Path) -> SourceMap:
        """Copy entries under `old` so that they live under `new` instead.

        The copies are `Position`s naming this map's file, so they stay right
        when merged into another file's map (includes).
        """
        out = SourceMap(self.file)
        n = len(old)
        for src, dst in ((self.values, out.values), (self.keys, out.keys)):
            for path, entry in src.items():
                if path[:n] == old:
                    dst[new + path[n:]] = self.position(entry)
        return out

    def update(self, other: SourceMap) -> None:
        """Add every entry of `other` (as `Position`s), replacing those at the same path."""
        for src, dst in ((other.values, self.values), (other.keys, self.keys)):
            for path, entry in src.items():
                dst[path] = other.position(entry)


def format_path(path: Sequence[str | int]) -> str:
    """`("phases", 0, "steps", 2, "emotion")` -> `phases[0].steps[2].emotion`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _nearest(table: dict[Path, Any], path: Path) -> Any:
    while True:
        found = table.get(path)
        if found is not None or not path:
            return found
        path = path[:-1]
