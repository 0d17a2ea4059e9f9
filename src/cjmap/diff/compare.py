"""The structural part of a diff: map fields, phases, steps and emotions."""

from __future__ import annotations

from typing import Any

from cjmap.diff.changes import Change, Value
from cjmap.diff.match import Matching, match, moved
from cjmap.diff.scores import change_mark
from cjmap.model import Journey, Step

MAP_FIELDS = ("title", "description", "state", "owner", "tags")
# Step fields compared one by one (name, emotion and the lanes with their own
# sections are handled apart).
STEP_FIELDS = (
    "description",
    "personas",
    "channel",
    "touchpoint",
    "actions",
    "thoughts",
    "expectation",
    "experience",
    "feeling",
    "intensity",
    "moment_of_truth",
    "backstage",
    "support",
    "owner",
    "evidence",
    "duration",
    "next",
)


def plain(value: Any) -> Value:
    """A model value as JSON-ready data: tuples of text become lists, models their text."""
    if isinstance(value, tuple):
        return [_item_text(v) for v in value]
    if isinstance(value, dict):
        return dict(value)
    return value  # type: ignore[no-any-return]


def _item_text(item: Any) -> str:
    kind = getattr(item, "kind", None)  # evidence
    if kind is not None:
        source = getattr(item, "source", None)
        return f"{kind} ({source})" if source else str(kind)
    target = getattr(item, "to", None)  # next links
    if target is not None:
        label = getattr(item, "label", None)
        return f"{target} ({label})" if label else str(target)
    return str(item)


def match_steps(old: Journey, new: Journey) -> Matching[Step]:
    """Steps paired by id, then by name.

    Args:
        old: the map before.
        new: the map after.

    Returns:
        The pairs, the removed and the added steps.
    """
    return match(old.steps, new.steps, lambda s: s.id, lambda s: s.name)


def map_changes(old: Journey, new: Journey) -> list[Change]:
    """Changes of the map's own fields (`MAP_FIELDS`).

    Args:
        old: the map before.
        new: the map after.

    Returns:
        One `map-changed` per field that differs.
    """
    out = []
    for name in MAP_FIELDS:
        before, after = plain(getattr(old, name)), plain(getattr(new, name))
        if before != after:
            out.append(Change("map-changed", "map", name, name, before, after, field=name))
    return out


def phase_changes(old: Journey, new: Journey) -> tuple[list[Change], dict[str, str]]:
    """Phases added, removed, renamed and moved.

    Args:
        old: the map before.
        new: the map after.

    Returns:
        The changes, and old phase id -> new phase id for the phases paired.
    """
    found = match(old.phases, new.phases, lambda p: p.id, lambda p: p.name)
    old_rank = {p.id: k for k, p in enumerate(old.phases)}
    new_rank = {p.id: k for k, p in enumerate(new.phases)}
    out = [Change("phase-removed", "phases", p.id, p.name) for p in found.removed]
    for p in found.added:
        out.append(
            Change("phase-added", "phases", p.id, p.name, detail=f"position {new_rank[p.id] + 1}")
        )
    by_old = sorted(found.pairs, key=lambda pair: old_rank[pair[0].id])
    shift = moved([n.id for _o, n in by_old], [n.id for _o, n in found.pairs])
    for before, after in found.pairs:
        if before.name != after.name:
            out.append(
                Change("phase-renamed", "phases", after.id, after.name, before.name, after.name)
            )
        if after.id in shift:
            a, b = old_rank[before.id] + 1, new_rank[after.id] + 1
            detail = f"position {a} → {b}"
            out.append(Change("phase-moved", "phases", after.id, after.name, a, b, detail=detail))
    return out, {o.id: n.id for o, n in found.pairs}


def step_changes(
    old: Journey, new: Journey, steps: Matching[Step], phase_map: dict[str, str]
) -> list[Change]:
    """Steps added, removed, renamed, moved, and each other field that changed.

    Args:
        old: the map before.
        new: the map after.
        steps: the steps paired by `match_steps`.
        phase_map: old phase id -> new phase id, from `phase_changes`.

    Returns:
        The changes, removed and added steps first.
    """
    out = [
        Change(
            "step-removed", "steps", s.id, s.name, detail=f"from phase {old.phase_of[s.id].name}"
        )
        for s in steps.removed
    ]
    for s in steps.added:
        detail = f"in phase {new.phase_of[s.id].name}"
        out.append(Change("step-added", "steps", s.id, s.name, detail=detail))
    old_place, new_place = _places(old), _places(new)
    # Moves within a phase: per phase, compare the order of the steps that stayed
    # in it (a phase moving as a whole moves none of its steps).
    stayed: dict[str, list[tuple[Step, Step]]] = {}
    for o, n in steps.pairs:
        if phase_map.get(old.phase_of[o.id].id) == new.phase_of[n.id].id:
            stayed.setdefault(new.phase_of[n.id].id, []).append((o, n))
    shift: set[object] = set()
    for group in stayed.values():
        by_old = sorted(group, key=lambda pair: old_place[pair[0].id])
        shift |= moved([n.id for _o, n in by_old], [n.id for _o, n in group])
    for before, after in steps.pairs:
        if before.name != after.name:
            out.append(
                Change("step-renamed", "steps", after.id, after.name, before.name, after.name)
            )
        old_phase, new_phase = old.phase_of[before.id], new.phase_of[after.id]
        if phase_map.get(old_phase.id) != new_phase.id:
            detail = f"from phase {old_phase.name} to phase {new_phase.name}"
            out.append(
                Change(
                    "step-moved",
                    "steps",
                    after.id,
                    after.name,
                    old_phase.id,
                    new_phase.id,
                    detail=detail,
                )
            )
        elif after.id in shift:
            a, b = old_place[before.id][1] + 1, new_place[after.id][1] + 1
            detail = f"within phase {new_phase.name}, position {a} → {b}"
            out.append(Change("step-moved", "steps", after.id, after.name, a, b, detail=detail))
        out.extend(_field_changes(before, after))
    return out


def _places(journey: Journey) -> dict[str, tuple[int, int]]:
    """Step id -> (phase index, index within the phase)."""
    return {
        step.id: (i, j)
        for i, phase in enumerate(journey.phases)
        for j, step in enumerate(phase.steps)
    }


def _field_changes(before: Step, after: Step) -> list[Change]:
    out = []
    for name in STEP_FIELDS:
        a, b = plain(getattr(before, name)), plain(getattr(after, name))
        if a != b:
            out.append(
                Change(
                    "step-changed", "steps", after.id, after.name, a, b, field=name, step=after.id
                )
            )
    return out


def emotion_changes(old: Journey, new: Journey, steps: Matching[Step]) -> list[Change]:
    """Emotion changes per step and persona, with direction and size in `detail`.

    Args:
        old: the map before.
        new: the map after.
        steps: the steps paired by `match_steps`.

    Returns:
        One `emotion-changed` per step and persona whose score differs.
    """
    out = []
    for before, after in steps.pairs:
        if not isinstance(before.emotion, dict) and not isinstance(after.emotion, dict):
            who: list[str | None] = [None]
        else:
            who = list(_personas(old, new, before, after))
        for persona in who:
            a, b = before.emotion_for(persona), after.emotion_for(persona)
            if a == b:
                continue
            detail = change_mark(a, b) or None
            out.append(
                Change(
                    "emotion-changed",
                    "emotions",
                    after.id,
                    after.name,
                    a,
                    b,
                    step=after.id,
                    persona=persona,
                    detail=detail,
                )
            )
    return out


def _personas(old: Journey, new: Journey, before: Step, after: Step) -> dict[str, None]:
    # Ordered set: the new map's persona order, then the old one's, then any key
    # only an emotion mapping names.
    ordered: dict[str, None] = {}
    for source in (new.personas, old.personas):
        for persona in source:
            ordered.setdefault(persona.id)
    for emotion in (after.emotion, before.emotion):
        if isinstance(emotion, dict):
            for key in emotion:
                ordered.setdefault(key)
    return ordered
