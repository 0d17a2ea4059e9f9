"""The positioned scene: frozen dataclasses a renderer turns into markup.

Every box is positioned in px (origin top-left, y down), every label is
already wrapped into lines (with each line's measured width), and every
colour is resolved. Nothing here measures text or knows about YAML.
`JourneyLayout.to_json()` is the most readable golden of a geometry change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from cjmap._record import Record

DECIMALS = 2  # every coordinate is rounded to this many places, so output is stable


def r(value: float) -> float:
    """Round a coordinate for output (and turn -0.0 into 0.0)."""
    return round(value, DECIMALS) or 0.0  # -0.0 and 0 are falsy


@dataclass(frozen=True, eq=False, repr=False)
class Box(Record):
    """An axis-aligned rectangle."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box) -> bool:
        """True if the interiors intersect (touching edges do not count)."""
        return (
            self.x < other.right - 1e-6
            and other.x < self.right - 1e-6
            and self.y < other.bottom - 1e-6
            and other.y < self.bottom - 1e-6
        )

    def contains(self, other: Box, tolerance: float = 1e-6) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )


@dataclass(frozen=True, eq=False, repr=False)
class Text(Record):
    """Wrapped text. `y` is the first baseline; lines are `line_height` apart.

    `box` is the area the text must stay inside (its card's content box):
    every `widths[i]` fits `box.width`, and the last line's box fits its height.
    `background` is the fill the text is drawn on (for contrast checks).
    """

    lines: tuple[str, ...]
    widths: tuple[float, ...]
    x: float
    y: float
    size: float
    line_height: float
    weight: int
    fill: str
    background: str
    box: Box
    anchor: Literal["start", "middle", "end"] = "start"
    cls: str = ""

    @property
    def bold(self) -> bool:
        return self.weight >= 600


@dataclass(frozen=True, eq=False, repr=False)
class Mark(Record):
    """A decoration: `rect`, `circle`, `line`, `path` or `icon` (named channel glyph).

    `rect`: x, y, width, height, rx. `circle`: x, y (centre), radius.
    `line`: x, y -> x2, y2. `path`: d. `icon`: name at x, y with size.
    """

    kind: Literal["rect", "circle", "line", "path", "icon"]
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    radius: float = 0.0
    rx: float = 0.0
    d: str = ""
    name: str = ""
    fill: str = "none"
    stroke: str = "none"
    stroke_width: float = 0.0
    dash: str = ""
    opacity: float = 1.0
    cls: str = ""
    label: str = ""  # tooltip / accessible name


@dataclass(frozen=True, eq=False, repr=False)
class Card(Record):
    """One card of a lane cell: its own box, texts and decorations."""

    kind: str  # "step", "pain-point", "opportunity", … (CSS class cjm-<kind>)
    lane: str
    step_id: str
    box: Box
    fill: str
    stroke: str
    stroke_width: float
    rx: float
    texts: tuple[Text, ...]
    marks: tuple[Mark, ...] = ()
    dash: str = ""
    data: tuple[tuple[str, str], ...] = ()  # extra data-* attributes


@dataclass(frozen=True, eq=False, repr=False)
class LaneRow(Record):
    """A horizontal lane: label at the left, cards in the step columns."""

    name: str
    label: Text
    box: Box  # the whole row, label column included
    fill: str
    cards: tuple[Card, ...]
    marks: tuple[Mark, ...] = ()
    notes: tuple[Text, ...] = ()  # e.g. the "Line of visibility" caption


@dataclass(frozen=True, eq=False, repr=False)
class Column(Record):
    """A step's column across all lanes."""

    step_id: str
    phase_id: str
    index: int
    box: Box
    moment_of_truth: bool
    fill: str  # tint, or "none"


@dataclass(frozen=True, eq=False, repr=False)
class PhaseBand(Record):
    """A phase's coloured header band spanning its step columns."""

    phase_id: str
    box: Box
    fill: str
    text: Text


@dataclass(frozen=True, eq=False, repr=False)
class CurvePoint(Record):
    """An emotion point: where, which score, drawn in which colour and face."""

    step_id: str
    x: float
    y: float
    score: int
    fill: str
    face: Literal["happy", "neutral", "sad"]
    source: Literal["map", "data"] = "map"


@dataclass(frozen=True, eq=False, repr=False)
class Curve(Record):
    """One persona's emotion curve (or the shared one when `persona_id` is None)."""

    persona_id: str | None
    name: str
    color: str
    paths: tuple[str, ...]  # smooth segments (SVG path data); gaps split segments
    gaps: tuple[str, ...]  # dotted connectors across steps the persona skips
    points: tuple[CurvePoint, ...]


@dataclass(frozen=True, eq=False, repr=False)
class EmotionLane(Record):
    """The emotion lane's plot: scale, zero line, curves, feeling labels."""

    lane: str
    plot: Box  # where scores -2 … +2 map to y (bottom … top)
    zero_y: float
    ticks: tuple[Text, ...]
    curves: tuple[Curve, ...]
    labels: tuple[Text, ...]
    marks: tuple[Mark, ...] = ()
    label_marks: tuple[Mark, ...] = ()  # backgrounds behind feeling labels, above curves


@dataclass(frozen=True, eq=False, repr=False)
class JourneyLayout(Record):
    """The whole positioned diagram."""

    width: float
    height: float
    theme: str
    background: str
    font_family: str
    title: str
    description: str  # text alternative summarising the journey
    header: tuple[Text, ...]
    header_marks: tuple[Mark, ...]
    phases: tuple[PhaseBand, ...]
    columns: tuple[Column, ...]
    lanes: tuple[LaneRow, ...]
    emotion: EmotionLane | None
    grid: tuple[Mark, ...]
    legend: tuple[Text, ...] = ()
    legend_marks: tuple[Mark, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def texts(self) -> list[Text]:
        """Every text item in drawing order (for tests and font subsetting)."""
        out = list(self.header) + list(self.legend)
        out += [band.text for band in self.phases]
        for lane in self.lanes:
            out.append(lane.label)
            out.extend(lane.notes)
            for card in lane.cards:
                out.extend(card.texts)
        if self.emotion is not None:
            out += list(self.emotion.ticks) + list(self.emotion.labels)
        return out

    def cards(self) -> list[Card]:
        return [card for lane in self.lanes for card in lane.cards]

    def to_json(self) -> str:
        """Stable, readable JSON of the whole scene."""
        import json  # for tests and debugging only: not on a render's path

        return json.dumps(asdict(self), indent=1, ensure_ascii=False, sort_keys=False) + "\n"
