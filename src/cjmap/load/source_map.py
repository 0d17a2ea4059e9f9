"""Where each value of a loaded document came from.

A path is a tuple of mapping keys and sequence indexes, e.g.
`("phases", 0, "steps", 2, "emotion")`. Every value has a position; every
mapping key has one too, so an unknown key is reported at the key itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in one file."""

    file: str
    line: int
    column: int


@dataclass
class SourceMap:
    """Positions of values (`values`) and of mapping keys (`keys`) by path."""

    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def value(self, path: Sequence[str | int]) -> Position | None:
        """The position of the value at `path`, or of its nearest ancestor."""
        return _nearest(self.values, tuple(path))

    def key(self, path: Sequence[str | int]) -> Position | None:
        """The position of the mapping key that ends `path`, else of its value."""
        found = self.keys.get(tuple(path))
        return found if found is not None else self.value(path)

    def rebased(self, old: Path, new: Path) -> SourceMap:
        """Copy entries under `old` so that they live under `new` instead."""
        out = SourceMap()
        n = len(old)
        for src, dst in ((self.values, out.values), (self.keys, out.keys)):
            for path, pos in src.items():
                if path[:n] == old:
                    dst[new + path[n:]] = pos
        return out

    def update(self, other: SourceMap) -> None:
        self.values.update(other.values)
        self.keys.update(other.keys)


def format_path(path: Sequence[str | int]) -> str:
    """`("phases", 0, "steps", 2, "emotion")` -> `phases[0].steps[2].emotion`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _nearest(table: dict[Path, Position], path: Path) -> Position | None:
    while True:
        found = table.get(path)
        if found is not None or not path:
            return found
        path = path[:-1]
