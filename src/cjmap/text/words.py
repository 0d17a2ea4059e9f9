"""Counting and shortening words in messages: `1 phase`, `3 opportunities`, `Enters…`.

One place for the wording every stage uses in diagnostics, summaries and the
diagram's header and description.
"""

from __future__ import annotations

from cjmap.text.wrap import ELLIPSIS

_VOWELS = frozenset("aeiou")


def counted(n: int, one: str, many: str | None = None) -> str:
    """`1 phase`, `2 phases`, `2 opportunities`; `many` for other irregular plurals."""
    if n == 1:
        return f"{n} {one}"
    if many is None:
        y_plural = one.endswith("y") and one[-2:-1] not in _VOWELS
        many = one[:-1] + "ies" if y_plural else one + "s"
    return f"{n} {many}"


def shortened(text: str, limit: int) -> str:
    """`text`, or its first `limit - 1` characters and `…` (a title in a one-line summary)."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
