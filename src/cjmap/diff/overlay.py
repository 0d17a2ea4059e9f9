"""`cjmap diff --render`: NEW's swimlane with OLD's emotion curve dashed behind it.

In: both maps and their `JourneyDiff`. Out: SVG bytes. The scene is NEW's
`JourneyLayout`, changed only through its frozen dataclasses:

- OLD's scores are placed in NEW's step columns (steps paired as the diff
  pairs them) and drawn with the layout's own `build_curve`, dashed and faint,
  as marks of the emotion lane, which the SVG backend draws before the curves;
- each card the diff touches gets a thick outline (green: added, amber:
  changed) and a `data-diff` attribute for styling and tests.

What no longer exists in NEW (removed steps, resolved pain points) cannot be
drawn in NEW's columns; OLD's curve still shows where emotions moved.
"""

from __future__ import annotations

from dataclasses import replace

from cjmap.diff.changes import Change, JourneyDiff
from cjmap.diff.compare import match_steps
from cjmap.layout import JourneyLayout, LayoutOptions, layout_journey
from cjmap.layout.emotion_curve import Series, build_curve
from cjmap.layout.geometry import Card, EmotionLane, Mark, r
from cjmap.model import Journey, Opportunity, PainPoint
from cjmap.text.measure import TextMeasurer

ADDED_COLOR = "#1a7f37"  # outline of a card new in NEW (green, 4.6:1 on white)
CHANGED_COLOR = "#9a6700"  # outline of a card changed since OLD (amber, 4.7:1 on white)
MARK_WIDTH = 3.0  # px; twice the heaviest card border, so a marked card stands out
OLD_CURVE_DASH = "7 5"  # px dash pattern of OLD's curve
OLD_CURVE_OPACITY = 0.55  # faint, so NEW's curve stays the one read first
OLD_POINT_RADIUS = 3.5  # px; smaller than NEW's 9 px faces, visible where runs have one point
LEGEND_KEY = 24  # px from the lane label's left edge to the legend text; the key fills the gap

# Which card kind shows a changed step field.
CARD_OF_FIELD = {
    "channel": "touchpoint",
    "touchpoint": "touchpoint",
    "actions": "action",
    "thoughts": "thought",
    "expectation": "expectation",
    "experience": "expectation",
    "intensity": "intensity",
    "backstage": "backstage",
    "support": "support",
    "owner": "owner",
    "evidence": "evidence",
}

CardKey = tuple[str, str, int | None]  # (card kind, step id, index among that step's cards)


def render_diff_svg(
    old: Journey, new: Journey, diff: JourneyDiff, theme: str | None = None
) -> bytes:
    """NEW's swimlane SVG with OLD's curve behind it and changed cards outlined.

    Args:
        old: the map before.
        new: the map after; its layout is the picture.
        diff: `diff_journeys(old, new)`.
        theme: `light`, `dark`, `print`, or None for NEW's own.

    Returns:
        SVG bytes, deterministic for the same input.
    """
    from cjmap.render.svg import render_svg
    from cjmap.text.measure import default_measurer

    layout = layout_journey(new, default_measurer(), LayoutOptions(theme=theme))
    layout = _with_old_curves(layout, old, new)
    layout = _with_legend(layout, default_measurer())
    layout = _with_marked_cards(layout, _card_marks(new, diff))
    summary = f"Changes from {diff.old_name} to {diff.new_name}. {layout.description}"
    return render_svg(replace(layout, description=summary)).encode("utf-8")


def _with_old_curves(layout: JourneyLayout, old: Journey, new: Journey) -> JourneyLayout:
    lane = layout.emotion
    if lane is None or not layout.columns:
        return layout
    old_of = {n.id: o for o, n in match_steps(old, new).pairs}
    ids = [c.step_id for c in layout.columns]
    centres = {c.step_id: c.box.x + c.box.width / 2 for c in layout.columns}
    xs = [centres[i] for i in ids]
    marks: list[Mark] = []
    for curve in lane.curves:
        scores = tuple(
            old_of[i].emotion_for(curve.persona_id) if i in old_of else None for i in ids
        )
        # NEW's curve may sit a little left or right of the column centre (one
        # offset per persona); OLD's curve for that persona sits where it does.
        offset = curve.points[0].x - centres[curve.points[0].step_id] if curve.points else 0.0
        series = Series(curve.persona_id, curve.name, curve.color, scores, ("map",) * len(ids))
        colors = {score: curve.color for score in range(-2, 3)}
        before = build_curve(series, ids, xs, lane.plot.y, lane.plot.height, offset, colors)
        label = f"{curve.name} before"
        for d in (*before.paths, *before.gaps):
            marks.append(_old_mark("path", curve.color, label, d=d))
        for p in before.points:
            marks.append(_old_mark("circle", curve.color, label, x=p.x, y=p.y))
    new_lane: EmotionLane = replace(lane, marks=(*lane.marks, *marks))
    return replace(layout, emotion=new_lane)


def _with_legend(layout: JourneyLayout, measurer: TextMeasurer) -> JourneyLayout:
    """A dashed key and `Before` under the persona keys in the emotion lane's label
    column, like the persona legend; left out when the lane has no room for it."""
    from cjmap.layout._textbox import Typesetter  # the layout's own way to set a label

    lane = layout.emotion
    row = next((x for x in layout.lanes if lane is not None and x.name == lane.lane), None)
    if lane is None or row is None or not any(m.cls == "cjm-diff-old-curve" for m in lane.marks):
        return layout
    legend = [t for t in lane.ticks if t.cls == "cjm-curve-legend"]
    above = legend[-1] if legend else row.label
    size = legend[0].size if legend else row.label.size * 0.85
    x = row.label.box.x + LEGEND_KEY
    text = Typesetter(measurer).block(
        "Before",
        x,
        above.box.bottom + 4,
        max(row.label.box.right - x, 1.0),
        size,
        above.fill,
        row.fill,
        cls="cjm-diff-legend",
    )
    if text.box.bottom > row.box.bottom - 4:
        return layout
    mid = text.box.y + text.line_height / 2
    key = Mark(
        "line",
        x=r(row.label.box.x),
        y=r(mid),
        x2=r(x - 6),
        y2=r(mid),
        stroke=above.fill,
        stroke_width=2.0,
        dash="4 3",
        cls="cjm-diff-legend-key",
        label="Emotion curve before the change (dashed)",
    )
    new_lane = replace(lane, ticks=(*lane.ticks, text), marks=(*lane.marks, key))
    return replace(layout, emotion=new_lane)


def _old_mark(kind: str, color: str, label: str, d: str = "", x: float = 0, y: float = 0) -> Mark:
    if kind == "path":
        return Mark(
            "path",
            d=d,
            stroke=color,
            stroke_width=2.0,
            dash=OLD_CURVE_DASH,
            opacity=OLD_CURVE_OPACITY,
            cls="cjm-diff-old-curve",
            label=label,
        )
    return Mark(
        "circle",
        x=r(x),
        y=r(y),
        radius=OLD_POINT_RADIUS,
        fill=color,
        opacity=OLD_CURVE_OPACITY,
        cls="cjm-diff-old-point",
    )


def _card_marks(new: Journey, diff: JourneyDiff) -> dict[CardKey, str]:
    """`added` or `changed` for each card the diff touches (index None: every such card)."""
    marks: dict[CardKey, str] = {}

    def mark(key: CardKey, how: str) -> None:
        if marks.get(key) != "added":  # a new card stays "added" whatever else changed
            marks[key] = how

    for c in diff.changes:
        step = c.step or c.subject
        if step not in new.step_by_id:
            continue
        if c.kind == "step-added":
            mark(("step", step, 0), "added")
        elif c.kind in ("step-renamed", "step-moved", "emotion-changed"):
            mark(("step", step, 0), "changed")
        elif c.kind == "step-changed":
            mark((CARD_OF_FIELD.get(c.field or "", "step"), step, _single(c.field)), "changed")
        elif c.kind == "metric-changed":
            mark(("metric", step, 0), "changed")
        elif c.section in ("pain_points", "opportunities"):
            kind = "pain-point" if c.section == "pain_points" else "opportunity"
            index = _item_index(new, c)
            if index is not None:
                mark((kind, step, index), "added" if c.kind.endswith("-added") else "changed")
    return marks


def _single(field: str | None) -> int | None:
    # Thoughts and evidence draw one card per item: mark them all.
    return None if field in ("thoughts", "evidence") else 0


def _item_index(new: Journey, c: Change) -> int | None:
    step = new.step_by_id[c.step or ""]
    items: tuple[PainPoint | Opportunity, ...] = (
        step.pain_points if c.section == "pain_points" else step.opportunities
    )
    for k, item in enumerate(items):
        if (item.id or item.text) == c.subject:
            return k
    return None


def _with_marked_cards(layout: JourneyLayout, marks: dict[CardKey, str]) -> JourneyLayout:
    if not marks:
        return layout
    seen: dict[tuple[str, str], int] = {}
    lanes = []
    for lane in layout.lanes:
        cards = []
        for card in lane.cards:
            index = seen.get((card.kind, card.step_id), 0)
            seen[(card.kind, card.step_id)] = index + 1
            how = marks.get((card.kind, card.step_id, index)) or marks.get(
                (card.kind, card.step_id, None)
            )
            cards.append(_marked(card, how) if how else card)
        lanes.append(replace(lane, cards=tuple(cards)))
    return replace(layout, lanes=tuple(lanes))


def _marked(card: Card, how: str) -> Card:
    return replace(
        card,
        stroke=ADDED_COLOR if how == "added" else CHANGED_COLOR,
        stroke_width=MARK_WIDTH,
        dash="",
        data=(*card.data, ("diff", how)),
    )
