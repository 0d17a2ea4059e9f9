"""Pausing Python's cyclic garbage collector while a map is rendered.

A layout allocates tens of objects per step (boxes, texts, marks, cards:
frozen dataclasses and tuples) and creates no reference cycles, so reference
counting frees all of it. The cyclic collector still runs every few hundred
allocations and, as the objects pile up, walks the whole heap (the model of
the map included) again and again: about a fifth of a 3,000-step layout.
The serialisers make no cycles either, and pausing only the layout would
make them pay for collecting its objects, so `render()` pauses around both.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore its state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
