"""The item part of a diff: pain points, opportunities, KPIs and metrics, personas.

Pain points and opportunities are paired across the whole map (by id, then by
text), so one that moved to another step is reported as moved, not as
resolved in one place and added in another.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cjmap.diff.changes import Change
from cjmap.diff.compare import plain
from cjmap.diff.match import Matching, match
from cjmap.model import Journey, Opportunity, PainPoint, Step

PAIN_POINT_FIELDS = ("text", "severity", "frequency", "owner", "evidence")
OPPORTUNITY_FIELDS = ("text", "impact", "effort", "owner", "addresses")
KPI_FIELDS = ("current", "target", "description", "step")
PERSONA_FIELDS = (
    "name",
    "role",
    "segment",
    "description",
    "goals",
    "needs",
    "frustrations",
    "behaviours",
    "quote",
    "demographics",
    "color",
)


def _located(journey: Journey, lane: str) -> list[tuple[Step, Any]]:
    return [(step, item) for step in journey.steps for item in getattr(step, lane)]


def _subject(item: PainPoint | Opportunity) -> str:
    return item.id or item.text


def _match_items(old: Journey, new: Journey, lane: str) -> Matching[tuple[Step, Any]]:
    return match(
        _located(old, lane),
        _located(new, lane),
        lambda pair: pair[1].id,
        lambda pair: pair[1].text,
    )


def _field_changes(
    kind: str, section: str, before: Any, after: Any, fields: Sequence[str], step: str
) -> list[Change]:
    out = []
    for name in fields:
        a, b = plain(getattr(before, name)), plain(getattr(after, name))
        if a != b:
            out.append(
                Change(kind, section, _subject(after), after.text, a, b, field=name, step=step)
            )
    return out


def _step_move(
    kind: str, section: str, item: Any, old_step: Step, new_step: Step, step_map: dict[str, str]
) -> list[Change]:
    if step_map.get(old_step.id) == new_step.id:
        return []
    return [
        Change(
            kind,
            section,
            _subject(item),
            item.text,
            old_step.id,
            new_step.id,
            field="step",
            step=new_step.id,
            detail=f"moved from step {old_step.name} to step {new_step.name}",
        )
    ]


def pain_point_changes(old: Journey, new: Journey, step_map: dict[str, str]) -> list[Change]:
    """Pain points added, resolved (gone from the new map) and changed.

    Args:
        old: the map before.
        new: the map after.
        step_map: old step id -> new step id of the paired steps.

    Returns:
        The changes, resolved first, then added, then changed.
    """
    found = _match_items(old, new, "pain_points")
    out = [
        Change("pain-point-resolved", "pain_points", _subject(p), p.text, old=p.severity, step=s.id)
        for s, p in found.removed
    ]
    for s, p in found.added:
        out.append(
            Change(
                "pain-point-added", "pain_points", _subject(p), p.text, new=p.severity, step=s.id
            )
        )
    for (old_step, before), (new_step, after) in found.pairs:
        kind = "pain-point-changed"
        out.extend(_step_move(kind, "pain_points", after, old_step, new_step, step_map))
        out.extend(
            _field_changes(kind, "pain_points", before, after, PAIN_POINT_FIELDS, new_step.id)
        )
    return out


def opportunity_changes(old: Journey, new: Journey, step_map: dict[str, str]) -> list[Change]:
    """Opportunities added, removed, changed status, and changed otherwise.

    Args:
        old: the map before.
        new: the map after.
        step_map: old step id -> new step id of the paired steps.

    Returns:
        The changes, removed first, then added, then changed.
    """
    found = _match_items(old, new, "opportunities")
    section = "opportunities"
    out = [
        Change("opportunity-removed", section, _subject(o), o.text, old=o.status, step=s.id)
        for s, o in found.removed
    ]
    for s, o in found.added:
        out.append(
            Change("opportunity-added", section, _subject(o), o.text, new=o.status, step=s.id)
        )
    for (old_step, before), (new_step, after) in found.pairs:
        if before.status != after.status:
            out.append(
                Change(
                    "opportunity-status-changed",
                    section,
                    _subject(after),
                    after.text,
                    before.status,
                    after.status,
                    field="status",
                    step=new_step.id,
                )
            )
        kind = "opportunity-changed"
        out.extend(_step_move(kind, section, after, old_step, new_step, step_map))
        out.extend(_field_changes(kind, section, before, after, OPPORTUNITY_FIELDS, new_step.id))
    return out


def kpi_changes(old: Journey, new: Journey, steps: Matching[Step]) -> list[Change]:
    """Map KPIs added, removed and changed (by name); step metrics changed (by key).

    Args:
        old: the map before.
        new: the map after.
        steps: the steps paired by `match_steps`.

    Returns:
        KPI changes, then `metric-changed` per step and key (old or new None when absent).
    """
    found = match(old.kpis, new.kpis, lambda k: None, lambda k: k.name)
    out = [
        Change("kpi-removed", "kpis", k.name, k.name, old=plain(k.current)) for k in found.removed
    ]
    for k in found.added:
        out.append(Change("kpi-added", "kpis", k.name, k.name, new=plain(k.current)))
    for before, after in found.pairs:
        for name in KPI_FIELDS:
            a, b = plain(getattr(before, name)), plain(getattr(after, name))
            if a != b:
                out.append(Change("kpi-changed", "kpis", after.name, after.name, a, b, field=name))
    for before_step, after_step in steps.pairs:
        keys = dict.fromkeys([*after_step.metrics, *before_step.metrics])
        for key in keys:
            a, b = before_step.metrics.get(key), after_step.metrics.get(key)
            if a != b:
                out.append(
                    Change(
                        "metric-changed",
                        "kpis",
                        f"{after_step.id}.{key}",
                        key,
                        a,
                        b,
                        field=key,
                        step=after_step.id,
                    )
                )
    return out


def persona_changes(old: Journey, new: Journey) -> list[Change]:
    """Personas added, removed, and each field that changed.

    Args:
        old: the map before.
        new: the map after.

    Returns:
        The changes, removed first, then added, then changed fields.
    """
    found = match(old.personas, new.personas, lambda p: p.id, lambda p: p.name)
    out = [Change("persona-removed", "personas", p.id, p.name) for p in found.removed]
    out.extend(Change("persona-added", "personas", p.id, p.name) for p in found.added)
    for before, after in found.pairs:
        for name in PERSONA_FIELDS:
            a, b = plain(getattr(before, name)), plain(getattr(after, name))
            if a != b:
                out.append(
                    Change("persona-changed", "personas", after.id, after.name, a, b, field=name)
                )
    return out
