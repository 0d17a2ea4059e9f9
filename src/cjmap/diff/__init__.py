"""Semantic diff of two maps: what changed for the customer, not which lines.

In: two valid `Journey`s (read from files or git revisions by `revisions`).
Out: a `JourneyDiff`, a flat list of `Change`s grouped by section: phases and
steps added, removed, renamed and moved; emotions per step and persona with
direction and size; pain points added and resolved; opportunities added and
changed status; KPIs, metrics and personas. Items pair by id, then by name.
`report` turns a diff into terminal text, Markdown (a pull-request comment)
or JSON.
"""

from __future__ import annotations

from cjmap.diff.changes import SECTIONS, Change, JourneyDiff
from cjmap.diff.compare import (
    emotion_changes,
    map_changes,
    match_steps,
    phase_changes,
    step_changes,
)
from cjmap.diff.items import kpi_changes, opportunity_changes, pain_point_changes, persona_changes
from cjmap.model import Journey

__all__ = ["SECTIONS", "Change", "JourneyDiff", "diff_journeys"]


def diff_journeys(
    old: Journey, new: Journey, old_name: str = "old", new_name: str = "new"
) -> JourneyDiff:
    """Compare two maps.

    Args:
        old: the map before (or the current-state map).
        new: the map after (or the future-state map).
        old_name: how to name the old map in output (a file or `REV:path`).
        new_name: the same for the new map.

    Returns:
        Every change, sections in `SECTIONS` order; empty when the maps say the same.

    Example:
        >>> diff = diff_journeys(before, after)  # doctest: +SKIP
        >>> [c.kind for c in diff.section("emotions")]  # doctest: +SKIP
        ['emotion-changed']
    """
    steps = match_steps(old, new)
    step_map = {o.id: n.id for o, n in steps.pairs}
    phases, phase_map = phase_changes(old, new)
    changes = [
        *map_changes(old, new),
        *phases,
        *step_changes(old, new, steps, phase_map),
        *emotion_changes(old, new, steps),
        *pain_point_changes(old, new, step_map),
        *opportunity_changes(old, new, step_map),
        *kpi_changes(old, new, steps),
        *persona_changes(old, new),
    ]
    order = {name: k for k, name in enumerate(SECTIONS)}
    changes.sort(key=lambda c: order[c.section])  # stable: keeps each section's own order
    return JourneyDiff(old_name, new_name, old.title, new.title, tuple(changes))
