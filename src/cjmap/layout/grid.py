"""The swimlane grid: header, phase bands, step columns and lane rows.

`layout_journey` is a pure function: the same journey, options and measurer
give the same `JourneyLayout`. Vertical flow, top to bottom:

    y = MARGIN
    header (title, badges, description, personas, KPIs)   -> header.py
    HEADER_GAP
    phase bands (height: tallest wrapped phase name)
    lane rows, each as tall as its tallest cell            -> cards.py
      (the emotion lane has a fixed plot)                  -> emotion_lane.py
    MARGIN
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap._record import Record
from cjmap.layout import constants as C
from cjmap.layout._textbox import Typesetter
from cjmap.layout.cards import CardContext, build_cards, lane_has_content
from cjmap.layout.emotion_lane import emotion_row
from cjmap.layout.geometry import (
    Box,
    Column,
    EmotionLane,
    JourneyLayout,
    LaneRow,
    Mark,
    PhaseBand,
    Text,
    r,
)
from cjmap.layout.header import build_header
from cjmap.layout.themes import MapColors, Palette, map_colors, readable_on
from cjmap.model import Journey, Phase, Step
from cjmap.model.lanes import DEFAULT_LANES, Lane
from cjmap.model.references import parse_lanes, require_persona
from cjmap.text.measure import TextMeasurer
from cjmap.text.words import counted

LANE_TITLE: dict[Lane, str] = {
    Lane.steps: "Steps",
    Lane.touchpoints: "Touchpoints",
    Lane.actions: "Actions",
    Lane.thoughts: "Thoughts",
    Lane.expectations: "Expectation vs experience",
    Lane.emotions: "Emotions",
    Lane.intensity: "Intensity",
    Lane.pain_points: "Pain points",
    Lane.opportunities: "Opportunities",
    Lane.backstage: "Backstage",
    Lane.support: "Support processes",
    Lane.owners: "Owners",
    Lane.metrics: "Metrics",
    Lane.evidence: "Evidence",
}
# Service-blueprint lines drawn above these lanes.
LINE_ABOVE: dict[Lane, str] = {
    Lane.backstage: "Line of visibility",
    Lane.support: "Line of internal interaction",
}


@dataclass(frozen=True, eq=False, repr=False)
class LayoutOptions(Record):
    """What the caller may choose about the drawing."""

    theme: str | None = None
    persona: str | None = None
    lanes: tuple[str, ...] | None = None


def layout_journey(
    journey: Journey, measurer: TextMeasurer, options: LayoutOptions | None = None
) -> JourneyLayout:
    """Position every element of the swimlane diagram.

    Args:
        journey: a validated map.
        measurer: measures text in the font the renderer draws with.
        options: theme, persona filter and lane selection.

    Returns:
        The positioned scene.

    Raises:
        UsageError: an unknown persona or lane was asked for.
    """
    options = options or LayoutOptions()
    theme = journey.theme
    colors = map_colors(journey, options.theme)
    palette = colors.palette
    theme_name = options.theme or (theme.base if theme else "light")
    persona = options.persona or journey.view.persona
    require_persona(journey, persona)
    phases = _visible_phases(journey, persona)
    steps = [s for _, s in phases]
    lanes = _lanes(journey, steps, options.lanes)
    ts = Typesetter(measurer)
    persona_colors = colors.persona_colors(journey)
    n = max(len(steps), 1)
    col_w = max(float(C.COLUMN_WIDTH), (C.MIN_CONTENT_WIDTH - C.LANE_LABEL_WIDTH) / n)
    grid_x = C.MARGIN + C.LANE_LABEL_WIDTH
    width = grid_x + n * col_w + C.MARGIN
    header, header_marks, header_bottom = build_header(
        journey,
        ts,
        palette,
        persona_colors,
        persona,
        phases,
        C.MARGIN,
        C.MARGIN,
        width - 2 * C.MARGIN,
    )
    band_top = header_bottom + C.HEADER_GAP
    bands, band_bottom = _phase_bands(journey, phases, colors, ts, grid_x, band_top, col_w)
    ctx = CardContext(
        journey=journey,
        ts=ts,
        palette=palette,
        persona_colors=persona_colors,
        step_name={s.id: s.name for s in journey.steps},
        default_next=_default_next(journey),
    )
    y = band_bottom
    rows: list[LaneRow] = []
    emotion: EmotionLane | None = None
    grid: list[Mark] = []
    for k, lane in enumerate(lanes):
        fill = palette.surface_alt if k % 2 == 0 else palette.surface
        if lane is Lane.emotions:
            label = _lane_label(Lane.emotions, ts, palette, y, fill)
            row, emotion = emotion_row(
                journey,
                steps,
                ts,
                palette,
                persona_colors,
                persona,
                label,
                grid_x,
                y,
                col_w,
                width,
                fill,
            )
        else:
            row = _lane_row(lane, steps, ctx, ts, palette, grid_x, y, col_w, width, fill)
        if lane in LINE_ABOVE:
            row = _with_line_above(row, LINE_ABOVE[lane], ts, palette, grid_x, width)
        rows.append(row)
        y = row.box.bottom
    bottom = y
    columns = _columns(phases, palette, grid_x, band_top, bottom, col_w)
    grid.extend(_grid_lines(columns, phases, palette, band_bottom, bottom, grid_x))
    height = bottom + C.MARGIN
    return JourneyLayout(
        width=r(width),
        height=r(height),
        theme=theme_name,
        background=palette.background,
        font_family="Inter",
        title=journey.title,
        description=_summary(journey, steps, persona),
        header=tuple(header),
        header_marks=tuple(header_marks),
        phases=tuple(bands),
        columns=tuple(columns),
        lanes=tuple(rows),
        emotion=emotion,
        grid=tuple(grid),
        meta={"steps": len(steps), "lanes": [lane.value for lane in lanes], "persona": persona},
    )


def _visible_phases(journey: Journey, persona: str | None) -> list[tuple[Phase, Step]]:
    return [
        (phase, step)
        for phase in journey.phases
        for step in phase.steps
        if persona is None or step.takes_part(persona)
    ]


def _lanes(journey: Journey, steps: Sequence[Step], chosen: tuple[str, ...] | None) -> list[Lane]:
    if chosen is not None:
        order = parse_lanes(chosen)
    else:
        order = journey.view.lanes if journey.view.lanes is not None else DEFAULT_LANES
    return [lane for lane in order if any(lane_has_content(lane, s, journey) for s in steps)]


def _default_next(journey: Journey) -> dict[str, str | None]:
    """The step written after each step (the flow when `next` is absent)."""
    ids = [s.id for s in journey.steps]
    return {sid: (ids[k + 1] if k + 1 < len(ids) else None) for k, sid in enumerate(ids)}


def _phase_bands(
    journey: Journey,
    phases: list[tuple[Phase, Step]],
    colors: MapColors,
    ts: Typesetter,
    grid_x: float,
    top: float,
    col_w: float,
) -> tuple[list[PhaseBand], float]:
    palette = colors.palette
    spans: list[tuple[Phase, int, int]] = []
    for index, (phase, _) in enumerate(phases):
        if spans and spans[-1][0] is phase:
            spans[-1] = (phase, spans[-1][1], index + 1)
        else:
            spans.append((phase, index, index + 1))
    phase_index = {p.id: i for i, p in enumerate(journey.phases)}
    texts: list[tuple[Phase, int, int, Text, str]] = []
    tallest = 0.0
    for phase, start, end in spans:
        fill = colors.phase_fill(phase_index[phase.id], phase.color)
        x = grid_x + start * col_w + C.PHASE_GAP / 2 + C.PHASE_PAD
        w = (end - start) * col_w - C.PHASE_GAP - 2 * C.PHASE_PAD
        color = readable_on(fill, palette.text)
        text = ts.block(
            phase.name,
            x,
            top + C.PHASE_PAD,
            w,
            C.PHASE_SIZE,
            color,
            fill,
            bold=True,
            cls="cjm-phase-title",
        )
        texts.append((phase, start, end, text, fill))
        tallest = max(tallest, text.box.height)
    height = tallest + 2 * C.PHASE_PAD
    bands = [
        PhaseBand(
            phase_id=phase.id,
            box=Box(
                r(grid_x + start * col_w + C.PHASE_GAP / 2),
                r(top),
                r((end - start) * col_w - C.PHASE_GAP),
                r(height),
            ),
            fill=fill,
            text=text,
        )
        for phase, start, end, text, fill in texts
    ]
    return bands, top + height + C.PHASE_GAP


def _lane_label(lane: Lane, ts: Typesetter, palette: Palette, y: float, fill: str) -> Text:
    return ts.block(
        LANE_TITLE[lane],
        C.MARGIN + 12,
        y + C.ROW_PAD_Y,
        C.LANE_LABEL_WIDTH - 24,
        C.LANE_LABEL_SIZE,
        readable_on(fill, palette.text),
        fill,
        bold=True,
        cls="cjm-lane-label",
    )


def _lane_row(
    lane: Lane,
    steps: Sequence[Step],
    ctx: CardContext,
    ts: Typesetter,
    palette: Palette,
    grid_x: float,
    y: float,
    col_w: float,
    width: float,
    fill: str,
) -> LaneRow:
    label = _lane_label(lane, ts, palette, y, fill)
    cards = []
    bottom = label.box.bottom
    for index, step in enumerate(steps):
        x = grid_x + index * col_w + C.CELL_PAD_X
        if not lane_has_content(lane, step, ctx.journey):
            continue
        built = build_cards(lane, ctx, step, x, y + C.ROW_PAD_Y, col_w - 2 * C.CELL_PAD_X)
        cards.extend(built)
        if built:
            bottom = max(bottom, built[-1].box.bottom)
    height = bottom + C.ROW_PAD_Y - y
    box = Box(r(C.MARGIN), r(y), r(width - 2 * C.MARGIN), r(height))
    return LaneRow(lane.value, label, box, fill, tuple(cards))


def _with_line_above(
    row: LaneRow, label: str, ts: Typesetter, palette: Palette, grid_x: float, width: float
) -> LaneRow:
    y = row.box.y
    line = Mark(
        "line",
        x=C.MARGIN,
        y=r(y),
        x2=r(width - C.MARGIN),
        y2=r(y),
        stroke=palette.muted,
        stroke_width=1.5,
        dash="8 5",
        cls="cjm-blueprint-line",
        label=label,
    )
    size = C.SMALL_SIZE
    text_w = ts.width(label, size, True) + 1
    lh = ts.line_height(size)
    # caption sits on the line, right-aligned, on a chip of the page colour
    caption = ts.lines(
        [label],
        width - C.MARGIN - 28 - text_w,
        y - lh / 2,
        text_w,
        size,
        readable_on(palette.background, palette.muted),
        palette.background,
        bold=True,
        cls="cjm-blueprint-caption",
    )
    chip = Mark(
        "rect",
        x=r(caption.box.x - 6),
        y=r(y - lh / 2),
        width=r(text_w + 12),
        height=r(lh),
        rx=r(lh / 2),
        fill=palette.background,
        stroke=palette.muted,
        stroke_width=1,
        cls="cjm-blueprint-chip",
    )
    return LaneRow(
        row.name,
        row.label,
        row.box,
        row.fill,
        row.cards,
        (*row.marks, line, chip),
        (*row.notes, caption),
    )


def _columns(
    phases: list[tuple[Phase, Step]],
    palette: Palette,
    grid_x: float,
    top: float,
    bottom: float,
    col_w: float,
) -> list[Column]:
    out = []
    for index, (phase, step) in enumerate(phases):
        out.append(
            Column(
                step_id=step.id,
                phase_id=phase.id,
                index=index,
                box=Box(r(grid_x + index * col_w), r(top), r(col_w), r(bottom - top)),
                moment_of_truth=step.moment_of_truth,
                fill=palette.moment if step.moment_of_truth else "none",
            )
        )
    return out


def _grid_lines(
    columns: Sequence[Column],
    phases: list[tuple[Phase, Step]],
    palette: Palette,
    top: float,
    bottom: float,
    grid_x: float,
) -> list[Mark]:
    marks = []
    for k, column in enumerate(columns[1:], start=1):
        boundary = phases[k][0] is not phases[k - 1][0]
        marks.append(
            Mark(
                "line",
                x=column.box.x,
                y=r(top),
                x2=column.box.x,
                y2=r(bottom),
                stroke=palette.muted if boundary else palette.grid,
                stroke_width=1.25 if boundary else 0.75,
                dash="" if boundary else "3 4",
                cls="cjm-phase-divider" if boundary else "cjm-column-divider",
            )
        )
    marks.append(
        Mark(
            "line",
            x=r(grid_x),
            y=r(top),
            x2=r(grid_x),
            y2=r(bottom),
            stroke=palette.grid,
            stroke_width=1,
            cls="cjm-label-divider",
        )
    )
    return marks


def _summary(journey: Journey, steps: Sequence[Step], persona: str | None) -> str:
    """A text alternative: the journey in a few sentences."""
    phases = []
    shown = {id(s) for s in steps}
    for phase in journey.phases:
        names = [s.name for s in phase.steps if id(s) in shown]
        if names:
            phases.append(f"{phase.name}: {', '.join(names)}")
    pains = sum(len(s.pain_points) for s in steps)
    opps = sum(len(s.opportunities) for s in steps)
    who = ""
    if persona is not None:
        who = f" for {journey.persona_by_id[persona].name}"
    elif journey.personas:
        who = " for " + ", ".join(p.name for p in journey.personas)
    low = [s for s in steps if isinstance(s.emotion, int) and s.emotion <= -2]
    text = (
        f"Customer journey map{who} in {counted(len(phases), 'phase')} and "
        f"{counted(len(steps), 'step')}. "
        + ". ".join(phases)
        + f". {counted(pains, 'pain point')}, {counted(opps, 'opportunity')}."
    )
    if low:
        text += " Lowest moments: " + ", ".join(s.name for s in low) + "."
    return text
