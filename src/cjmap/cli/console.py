"""Consoles for stdout and stderr; rich decides colour (NO_COLOR, terminals)."""

from __future__ import annotations

from functools import cache

from rich.console import Console


@cache
def stdout() -> Console:
    return Console(highlight=False, soft_wrap=True)


@cache
def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)
