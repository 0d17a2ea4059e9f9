"""Consoles for stdout and stderr; rich decides colour (NO_COLOR, terminals).

`emoji=False`: rich would turn `:x:` or `:warning:` in a quoted map line or
message into emoji, misquoting the file and moving the caret under it.

The rich `Console` is made on first use. Plain lines (`console.file.write`,
what a successful render or validate prints) need no rich at all, and
importing it is ~20 ms of a ~270 ms render of a small map.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import IO, TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console


class _LazyConsole:
    """Stands in for a rich `Console`; makes the real one when anything but `file` is used."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def file(self) -> IO[str]:
        if self._console is not None:
            return self._console.file
        # read at each use, as rich does: tests and pipelines swap the streams
        return sys.stderr if self._stderr else sys.stdout

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                stderr=self._stderr, highlight=False, soft_wrap=True, emoji=False
            )
        return getattr(self._console, name)


@cache
def stdout() -> Console:
    return cast("Console", _LazyConsole(stderr=False))


@cache
def stderr() -> Console:
    return cast("Console", _LazyConsole(stderr=True))
