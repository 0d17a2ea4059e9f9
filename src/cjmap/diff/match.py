"""Pairing the items of two maps: by id first, then by name; and finding moves."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from cjmap._record import Record

T = TypeVar("T")


@dataclass(frozen=True, eq=False, repr=False)
class Matching(Generic[T], Record):
    """How the items of an old and a new list correspond.

    Attributes:
        pairs: `(old, new)` for items found in both, in the new list's order.
        removed: old items with no counterpart, in the old order.
        added: new items with no counterpart, in the new order.
    """

    pairs: list[tuple[T, T]]
    removed: list[T]
    added: list[T]


def name_key(name: str) -> str:
    """Names compare case- and whitespace-insensitively: `Checks  out` == `checks out`."""
    return " ".join(name.casefold().split())


def match(
    old: Sequence[T],
    new: Sequence[T],
    id_of: Callable[[T], str | None],
    name_of: Callable[[T], str],
) -> Matching[T]:
    """Pair items by id; the rest by name (first come, first paired).

    Args:
        old: the old map's items.
        new: the new map's items.
        id_of: an item's id, or None when it has none.
        name_of: an item's name (or text), the fallback key.

    Returns:
        The pairs, the removed and the added items.
    """
    partner: dict[int, int] = {}  # new index -> old index
    old_by_id: dict[str, int] = {}
    for i, item in enumerate(old):
        ident = id_of(item)
        if ident is not None:
            old_by_id.setdefault(ident, i)
    for j, item in enumerate(new):
        ident = id_of(item)
        if ident is not None and ident in old_by_id:
            partner[j] = old_by_id.pop(ident)
    taken = set(partner.values())
    old_by_name: dict[str, list[int]] = {}
    for i, item in enumerate(old):
        if i not in taken:
            old_by_name.setdefault(name_key(name_of(item)), []).append(i)
    for j, item in enumerate(new):
        if j in partner:
            continue
        candidates = old_by_name.get(name_key(name_of(item)))
        if candidates:
            partner[j] = candidates.pop(0)
    taken = set(partner.values())
    return Matching(
        pairs=[(old[partner[j]], new[j]) for j in range(len(new)) if j in partner],
        removed=[item for i, item in enumerate(old) if i not in taken],
        added=[item for j, item in enumerate(new) if j not in partner],
    )


def moved(old_order: Sequence[Hashable], new_order: Sequence[Hashable]) -> set[Hashable]:
    """Keys whose relative order changed: those outside the longest common run-up.

    Both sequences hold the same keys. Moving one item to the front marks that
    item alone, not every item it jumped over.
    """
    matcher = difflib.SequenceMatcher(a=list(old_order), b=list(new_order), autojunk=False)
    kept: set[Hashable] = set()
    for block in matcher.get_matching_blocks():
        kept.update(new_order[block.b : block.b + block.size])
    return {key for key in new_order if key not in kept}
