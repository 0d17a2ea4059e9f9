"""Consoles for stdout and stderr; rich decides colour (NO_COLOR, terminals).

`emoji=False`: rich would turn `:x:` or `:warning:` in a quoted map line or
message into emoji, misquoting the file and moving the caret under it.
"""

from __future__ import annotations

from functools import cache

from rich.console import Console


@cache
def stdout() -> Console:
    return Console(highlight=False, soft_wrap=True, emoji=False)


@cache
def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
