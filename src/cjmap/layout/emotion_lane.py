"""The emotion lane's row: the plot, its −2…+2 scale, the curves, `feeling` labels, legend.

The curve geometry itself (points, monotone splines) is `emotion_curve`.
"""

from __future__ import annotations

from collections.abc import Sequence

from cjmap.layout import constants as C
from cjmap.layout._textbox import Typesetter
from cjmap.layout.emotion_curve import build_curve, emotion_series, score_y
from cjmap.layout.geometry import Box, EmotionLane, LaneRow, Mark, Text, r
from cjmap.layout.themes import Palette, readable_on
from cjmap.model import Journey, Step
from cjmap.model.lanes import Lane


def emotion_row(
    journey: Journey,
    steps: Sequence[Step],
    ts: Typesetter,
    palette: Palette,
    persona_colors: dict[str, str],
    persona: str | None,
    label: Text,
    grid_x: float,
    y: float,
    col_w: float,
    width: float,
    fill: str,
) -> tuple[LaneRow, EmotionLane]:
    """The emotion lane's row: the plot with its scale, curves, feelings and legend.

    Args:
        journey: the map (for the series of scores).
        steps: the drawn steps, one column each.
        ts: the typesetter.
        palette: the resolved colours.
        persona_colors: each persona's curve colour.
        persona: draw this persona's curve only, or None for all.
        label: the lane's label (left column).
        grid_x: x of the first step column.
        y: top of the row.
        col_w: width of a step column.
        width: the whole diagram's width.
        fill: the row's background.

    Returns:
        The row (box, label) and the lane's drawing.
    """
    plot_top = y + C.EMOTION_PAD_Y
    plot = Box(r(grid_x), r(plot_top), r(len(steps) * col_w), C.EMOTION_PLOT_HEIGHT)
    series = emotion_series(journey, steps, persona_colors, persona, palette.curve)
    xs = [grid_x + (i + 0.5) * col_w for i in range(len(steps))]
    ids = [s.id for s in steps]
    colors = {score: palette.emotion(score) for score in range(-2, 3)}
    curves = []
    for k, one in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * C.PERSONA_OFFSET if len(series) > 1 else 0.0
        curves.append(build_curve(one, ids, xs, plot_top, C.EMOTION_PLOT_HEIGHT, offset, colors))
    ticks = []
    marks = []
    for score in range(2, -3, -1):
        ty = score_y(score, plot_top, C.EMOTION_PLOT_HEIGHT)
        tick = "0" if score == 0 else f"{score:+d}".replace("-", "−")
        line_h = ts.line_height(C.SMALL_SIZE)
        ticks.append(
            ts.block(
                tick,
                grid_x - 40,
                ty - line_h / 2,
                32,
                C.SMALL_SIZE,
                readable_on(fill, palette.muted),
                fill,
                anchor="end",
                cls="cjm-emotion-tick",
            )
        )
        marks.append(
            Mark(
                "line",
                x=r(grid_x),
                y=r(ty),
                x2=r(grid_x + len(steps) * col_w),
                y2=r(ty),
                stroke=palette.muted if score == 0 else palette.grid,
                stroke_width=1.25 if score == 0 else 0.75,
                dash="6 4" if score == 0 else "",
                cls="cjm-zero-line" if score == 0 else "cjm-emotion-grid",
            )
        )
    labels = _feeling_labels(steps, curves, ts, palette, xs, col_w, fill, plot_top)
    label_marks = tuple(
        Mark(
            "rect",
            x=r(t.x - max(t.widths) / 2 - 5),
            y=r(t.box.y - 1),
            width=r(max(t.widths) + 10),
            height=r(t.box.height + 2),
            rx=4,
            fill=fill,
            opacity=0.92,
            cls="cjm-feeling-chip",
        )
        for t in labels
    )
    legend_y = label.box.bottom + 6
    legend_texts: list[Text] = []

    def legend_text(text: str, top: float) -> Text:
        # a legend entry in the lane-label column, right of its 36 px key
        key_width = 36
        width = C.LANE_LABEL_WIDTH - 48 - key_width
        colour = readable_on(fill, palette.text)
        return ts.block(
            text,
            C.MARGIN + key_width,
            top,
            width,
            C.SMALL_SIZE,
            colour,
            fill,
            cls="cjm-curve-legend",
        )

    if len(curves) > 1 or (curves and curves[0].persona_id is not None):
        for curve in curves:
            t = legend_text(curve.name, legend_y)
            mid = t.box.y + t.line_height / 2
            marks.append(
                Mark(
                    "line",
                    x=C.MARGIN + 12,
                    y=r(mid),
                    x2=C.MARGIN + 30,
                    y2=r(mid),
                    stroke=curve.color,
                    stroke_width=2.5,
                    cls="cjm-curve-key",
                    label=curve.name,
                )
            )
            legend_texts.append(t)
            legend_y = t.box.bottom + 4
    if any(p.source == "data" for c in curves for p in c.points):
        # hollow, dashed points are emotions filled in from research data (`emotion_from`)
        t = legend_text("from data", legend_y)
        marks.append(
            Mark(
                "circle",
                x=C.MARGIN + 21,
                y=r(t.box.y + t.line_height / 2),
                radius=6,
                fill=fill,
                stroke=palette.muted,
                stroke_width=1.5,
                dash="3 2",
                cls="cjm-data-key",
                label="Emotion from research data",
            )
        )
        legend_texts.append(t)
        legend_y = t.box.bottom + 4
    bottom = max(plot_top + C.EMOTION_PLOT_HEIGHT + C.EMOTION_PAD_Y, legend_y + C.ROW_PAD_Y)
    box = Box(r(C.MARGIN), r(y), r(width - 2 * C.MARGIN), r(bottom - y))
    lane = EmotionLane(
        lane=Lane.emotions.value,
        plot=plot,
        zero_y=r(score_y(0, plot_top, C.EMOTION_PLOT_HEIGHT)),
        ticks=tuple(ticks) + tuple(legend_texts),
        curves=tuple(curves),
        labels=tuple(labels),
        marks=tuple(marks),
        label_marks=label_marks,
    )
    return LaneRow(Lane.emotions.value, label, box, fill, ()), lane


def _feeling_labels(
    steps: Sequence[Step],
    curves: Sequence[object],
    ts: Typesetter,
    palette: Palette,
    xs: Sequence[float],
    col_w: float,
    fill: str,
    plot_top: float,
) -> list[Text]:
    """The `feeling` word under a point (above it when the point is low)."""
    from cjmap.layout.geometry import Curve

    # Index the points once: scanning every curve for every step was quadratic
    # (3.3 s of a 3,000-step render).
    ys_by_step: dict[str, list[float]] = {}
    for c in curves:
        if isinstance(c, Curve):
            for p in c.points:
                ys_by_step.setdefault(p.step_id, []).append(p.y)
    out = []
    for index, step in enumerate(steps):
        if not step.feeling:
            continue
        ys = ys_by_step.get(step.id, [])
        width = col_w - 2 * C.CELL_PAD_X - 8
        x = xs[index] - width / 2
        lh = ts.line_height(C.SMALL_SIZE)
        if ys:
            low = max(ys) > score_y(-1, plot_top, C.EMOTION_PLOT_HEIGHT) - 1
            if low:
                y = min(ys) - C.POINT_RADIUS - 4 - lh * C.FEELING_MAX_LINES
            else:
                y = max(ys) + C.POINT_RADIUS + 4
        else:
            y = score_y(0, plot_top, C.EMOTION_PLOT_HEIGHT) + 4
        text = ts.block(
            step.feeling,
            x,
            y,
            width,
            C.SMALL_SIZE,
            readable_on(fill, palette.muted),
            fill,
            bold=True,
            cls="cjm-feeling",
            max_lines=C.FEELING_MAX_LINES,
            anchor="middle",
        )
        if ys and len(text.lines) < C.FEELING_MAX_LINES and y < min(ys):
            # sit right above the point when the label has fewer lines than reserved
            shift = (C.FEELING_MAX_LINES - len(text.lines)) * lh
            text = ts.block(
                step.feeling,
                x,
                y + shift,
                width,
                C.SMALL_SIZE,
                text.fill,
                fill,
                bold=True,
                cls="cjm-feeling",
                max_lines=C.FEELING_MAX_LINES,
                anchor="middle",
            )
        out.append(text)
    return out
