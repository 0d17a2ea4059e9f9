"""What a semantic diff holds: a flat, ordered list of `Change`s."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from cjmap._record import Record

# Sections in the order every output format prints them.
SECTIONS = (
    "map",
    "phases",
    "steps",
    "emotions",
    "pain_points",
    "opportunities",
    "kpis",
    "personas",
)
SECTION_TITLES = {
    "map": "Map",
    "phases": "Phases",
    "steps": "Steps",
    "emotions": "Emotions",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "kpis": "KPIs and metrics",
    "personas": "Personas",
}

Value = str | int | float | bool | list[str] | dict[str, Any] | None


@dataclass(frozen=True, eq=False, repr=False)
class Change(Record):
    """One difference between two maps.

    Attributes:
        kind: stable code, e.g. `step-added`, `emotion-changed`, `pain-point-resolved`.
        section: one of `SECTIONS`.
        subject: what changed: a step, phase or persona id, a KPI name, a pain
            point's or opportunity's id (else its text).
        label: the subject's human name (step name, pain point text …).
        old: the value before (None when added or unknown).
        new: the value after (None when removed or unknown).
        field: for `*-changed`, which field changed.
        step: the step a pain point, opportunity, metric or emotion belongs to.
        persona: for emotions given per persona, whose.
        detail: a short explanation, e.g. `from phase Buy to phase Receive`.
    """

    kind: str
    section: str
    subject: str
    label: str
    old: Value = None
    new: Value = None
    field: str | None = None
    step: str | None = None
    persona: str | None = None
    detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, eq=False, repr=False)
class JourneyDiff(Record):
    """Every change from an old map to a new one, grouped by section in `SECTIONS` order.

    Attributes:
        old_name: how the old map was named on the command line (a file or `REV:path`).
        new_name: the same for the new map.
        old_title: the old map's title.
        new_title: the new map's title.
        changes: the changes, in print order.
    """

    old_name: str
    new_name: str
    old_title: str
    new_title: str
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def section(self, name: str) -> list[Change]:
        """The changes of one section, in order."""
        return [c for c in self.changes if c.section == name]

    def counts(self) -> dict[str, int]:
        """How many changes of each kind, in first-seen order."""
        return dict(Counter(c.kind for c in self.changes))

    def to_json(self) -> dict[str, Any]:
        """Stable keys for machines: `old`, `new`, `changed`, `counts`, `changes`."""
        return {
            "old": {"file": self.old_name, "title": self.old_title},
            "new": {"file": self.new_name, "title": self.new_title},
            "changed": bool(self.changes),
            "counts": self.counts(),
            "changes": [c.to_json() for c in self.changes],
        }
