"""The header above the grid: title, state badge, owner and tags, description,
the persona colour key and map-level KPIs.

    Title of the journey (bold, wraps)
    [Future state]  Owner: Growth team · Tags: ecommerce, web
    Description, wrapped to a reading measure
    ● Maya — First-time buyer   ● Ben — Gift buyer
    KPIs  Conversion rate 2.1% → 3%   CSAT 3.9 → 4.4
"""

from __future__ import annotations

from collections.abc import Sequence

from cjmap.layout import constants as C
from cjmap.layout._textbox import Typesetter
from cjmap.layout.geometry import Mark, Text, r
from cjmap.layout.themes import Palette, readable_on
from cjmap.model import Journey, Phase, Step
from cjmap.text.words import counted


class _Flow:
    """Places single-line items left to right, wrapping to a new row."""

    def __init__(self, ts: Typesetter, x: float, y: float, width: float) -> None:
        self.ts = ts
        self.left = x
        self.x = x
        self.y = y
        self.width = width
        self.row_height = 0.0

    def place(self, item_width: float, height: float, gap: float = 16.0) -> tuple[float, float]:
        if self.x > self.left and self.x + item_width > self.left + self.width:
            self.newline()
        at = (self.x, self.y)
        self.x += item_width + gap
        self.row_height = max(self.row_height, height)
        return at

    def newline(self) -> None:
        self.y += self.row_height + 6
        self.x = self.left
        self.row_height = 0.0

    def bottom(self) -> float:
        return self.y + self.row_height


def drawn_counts(journey: Journey, drawn: Sequence[tuple[Phase, Step]]) -> str:
    """`4 of 5 phases · 11 of 13 steps`: what the diagram draws, out of the map's.

    A persona filter (or a phase without steps) draws less than the map
    holds; the header then says both numbers, so it never claims more
    than is on the page. When everything is drawn: `5 phases · 13 steps`.
    """
    phases = len({id(phase) for phase, _ in drawn})
    steps = len(drawn)

    def one(shown: int, total: int, word: str) -> str:
        if shown == total:
            return counted(shown, word)
        return f"{shown} of {counted(total, word)}"

    return (
        one(phases, len(journey.phases), "phase") + " · " + one(steps, len(journey.steps), "step")
    )


def build_header(
    journey: Journey,
    ts: Typesetter,
    p: Palette,
    persona_colors: dict[str, str],
    persona: str | None,
    drawn: Sequence[tuple[Phase, Step]],
    x: float,
    y: float,
    width: float,
) -> tuple[list[Text], list[Mark], float]:
    """Texts and marks of the header, and the y where it ends.

    Args:
        journey: the map.
        ts: typesets and wraps the header's text.
        p: the palette of this render.
        persona_colors: each persona's key colour.
        persona: the persona the diagram is filtered to, if any.
        drawn: the (phase, step) pairs the diagram draws, for its counts.
        x: left of the header.
        y: top of the header.
        width: the width it may use.

    Returns:
        The header's texts, its marks, and the y where it ends.
    """
    texts: list[Text] = []
    marks: list[Mark] = []
    bg = p.background
    title = ts.block(
        journey.title, x, y, width, C.TITLE_SIZE, p.text, bg, bold=True, cls="cjm-title"
    )
    texts.append(title)
    y = title.box.bottom + 8

    # state badge, then owner and tags on the same line
    future = journey.state == "future"
    badge_label = "Future state" if future else "Current state"
    badge_fill = p.future if future else p.background
    badge_text_color = readable_on(badge_fill, p.future_text if future else p.muted)
    label_w = ts.width(badge_label, C.META_SIZE, True)
    badge_w = label_w + 2 * C.BADGE_PAD_X
    marks.append(
        Mark(
            "rect",
            x=r(x),
            y=r(y),
            width=r(badge_w),
            height=C.BADGE_HEIGHT,
            rx=C.BADGE_HEIGHT / 2,
            fill=badge_fill,
            stroke=p.future if future else p.muted,
            stroke_width=1.25,
            cls="cjm-state-badge",
            label=badge_label,
        )
    )
    lh = ts.line_height(C.META_SIZE)
    texts.append(
        ts.lines(
            [badge_label],
            x + C.BADGE_PAD_X,
            y + (C.BADGE_HEIGHT - lh) / 2,
            label_w,
            C.META_SIZE,
            badge_text_color,
            badge_fill,
            bold=True,
            cls="cjm-state",
        )
    )
    meta = []
    if journey.owner:
        meta.append(f"Owner: {journey.owner}")
    if journey.tags:
        meta.append("Tags: " + ", ".join(journey.tags))
    meta.append(drawn_counts(journey, drawn))
    meta_x = x + badge_w + 12
    meta_text = ts.block(
        "  ·  ".join(meta),
        meta_x,
        y + (C.BADGE_HEIGHT - lh) / 2,
        width - (meta_x - x),
        C.META_SIZE,
        p.muted,
        bg,
        cls="cjm-meta",
    )
    texts.append(meta_text)
    y = max(y + C.BADGE_HEIGHT, meta_text.box.bottom) + 10

    if journey.description:
        desc = ts.block(
            journey.description,
            x,
            y,
            min(width, C.DESCRIPTION_MAX_WIDTH),
            C.DESCRIPTION_SIZE,
            p.muted,
            bg,
            cls="cjm-description",
        )
        texts.append(desc)
        y = desc.box.bottom + 10

    shown = [pp for pp in journey.personas if persona is None or pp.id == persona]
    if shown:
        flow = _Flow(ts, x, y, width)
        lh = ts.line_height(C.META_SIZE)
        max_item = width - 20
        for pp in shown:
            label = pp.name + (f" — {pp.role}" if pp.role else "")
            w = min(ts.width(label, C.META_SIZE), max_item)
            px, py = flow.place(w + 18, lh)
            t = ts.block(
                label,
                px + 18,
                py,
                max_item,
                C.META_SIZE,
                p.text,
                bg,
                cls="cjm-persona-key",
                max_lines=1,
            )
            texts.append(t)
            marks.append(
                Mark(
                    "circle",
                    x=r(px + 6),
                    y=r(py + lh / 2),
                    radius=6,
                    fill=persona_colors[pp.id],
                    cls="cjm-persona-swatch",
                    label=pp.name,
                )
            )
        if persona is not None:
            note = f"Showing {shown[0].name}'s journey only"
            w = ts.width(note, C.META_SIZE)
            px, py = flow.place(min(w, width), lh)
            texts.append(
                ts.block(
                    note,
                    px,
                    py,
                    width,
                    C.META_SIZE,
                    p.muted,
                    bg,
                    max_lines=1,
                    cls="cjm-persona-filter",
                )
            )
        y = flow.bottom() + 8

    map_kpis = [k for k in journey.kpis if k.step is None]
    if map_kpis:
        flow = _Flow(ts, x, y, width)
        lh = ts.line_height(C.META_SIZE)
        w = ts.width("KPIs", C.META_SIZE, True)
        px, py = flow.place(w, lh, gap=12)
        texts.append(ts.lines(["KPIs"], px, py, w, C.META_SIZE, p.text, bg, bold=True))
        for kpi in map_kpis:
            value = str(kpi.current) if kpi.current is not None else "–"
            if kpi.target is not None:
                value += f" → {kpi.target}"
            label = f"{kpi.name} {value}"
            w = min(ts.width(label, C.META_SIZE), width)
            px, py = flow.place(w, lh, gap=20)
            texts.append(
                ts.block(label, px, py, width, C.META_SIZE, p.muted, bg, max_lines=1, cls="cjm-kpi")
            )
        y = flow.bottom() + 4
    return texts, marks, y
