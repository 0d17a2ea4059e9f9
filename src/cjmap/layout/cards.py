"""Cards: what each lane shows for one step, stacked from the top of its cell.

Each builder takes the step and the cell's top-left corner and returns
positioned cards; the lane row then grows to its tallest cell.

    ┌──────────────────────────┐  ◄ cell x + CELL_PAD_X
    │ ▲ HIGH ■■■□              │  pain point: sharp corners, red bar, triangle
    │ Shipping cost appears …  │
    └──────────────────────────┘
         CARD_GAP
    ╭──────────────────────────╮  opportunity: round corners, green, diamond
    │ ◆ Impact high · Effort low│
    ╰──────────────────────────╯
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cjmap._record import Record
from cjmap.layout import constants as C
from cjmap.layout._textbox import Typesetter
from cjmap.layout.geometry import Box, Card, Mark, Text, r
from cjmap.layout.icons import channel_icon
from cjmap.layout.themes import Palette, readable_on, visible_on
from cjmap.model import Journey, Step
from cjmap.model.lanes import LEVEL_RANK, SEVERITY_RANK, Lane


@dataclass(frozen=True, eq=False, repr=False)
class CardContext(Record):
    """What card builders need besides the step."""

    journey: Journey
    ts: Typesetter
    palette: Palette
    persona_colors: dict[str, str]
    step_name: dict[str, str]
    default_next: dict[str, str | None]


CardBuilder = Callable[[CardContext, Step, float, float, float], list[Card]]


def build_cards(
    lane: Lane, ctx: CardContext, step: Step, x: float, y: float, width: float
) -> list[Card]:
    """The cards of `lane` for `step`, stacked down from (x, y), `width` wide."""
    builder = CARD_BUILDER_BY_LANE.get(lane)
    return builder(ctx, step, x, y, width) if builder is not None else []


def lane_has_content(lane: Lane, step: Step, journey: Journey) -> bool:
    """Whether `lane` would draw anything for `step`."""
    if lane is Lane.steps:
        return True
    if lane is Lane.touchpoints:
        return bool(step.channel or step.touchpoint)
    if lane is Lane.expectations:
        return bool(step.expectation or step.experience)
    if lane is Lane.emotions:
        return step.emotion is not None
    if lane is Lane.owners:
        return step.owner is not None
    if lane is Lane.metrics:
        return bool(step.metrics) or any(k.step == step.id for k in journey.kpis)
    if lane is Lane.intensity:
        return step.intensity is not None
    value = getattr(step, lane.value, None)
    return bool(value)


class _Stack:
    """Accumulates texts and marks of one card from its top down."""

    def __init__(self, ctx: CardContext, x: float, y: float, width: float, fill: str) -> None:
        self.ctx = ctx
        self.x = x + C.CARD_PAD
        self.top = y
        self.y = y + C.CARD_PAD
        self.width = width - 2 * C.CARD_PAD
        self.fill = fill
        self.texts: list[Text] = []
        self.marks: list[Mark] = []

    def text(
        self,
        value: str,
        size: float = C.BODY_SIZE,
        color: str | None = None,
        bold: bool = False,
        indent: float = 0.0,
        cls: str = "",
        max_lines: int | None = None,
        gap: float = 4.0,
    ) -> Text:
        if self.texts:
            self.y += gap
        fill = readable_on(self.fill, color or self.ctx.palette.text)
        t = self.ctx.ts.block(
            value,
            self.x + indent,
            self.y,
            self.width - indent,
            size,
            fill,
            self.fill,
            bold=bold,
            cls=cls,
            max_lines=max_lines,
        )
        self.texts.append(t)
        self.y = t.box.bottom
        return t

    def icon(
        self,
        name: str,
        beside: Text,
        color: str,
        cls: str,
        label: str,
        fill: str = "none",
        stroke_width: float = 1.5,
    ) -> None:
        """An icon at the card's left edge, centred on the first line of `beside`."""
        self.marks.append(
            Mark(
                "icon",
                x=r(self.x),
                y=r(beside.box.y + beside.line_height / 2 - C.ICON_SIZE / 2),
                width=C.ICON_SIZE,
                height=C.ICON_SIZE,
                name=name,
                stroke=color,
                fill=fill,
                stroke_width=stroke_width,
                cls=cls,
                label=label,
            )
        )

    def bottom(self) -> float:
        return self.y + C.CARD_PAD


def _card(
    kind: str,
    lane: Lane,
    step: Step,
    stack: _Stack,
    x: float,
    width: float,
    stroke: str,
    rx: float,
    stroke_width: float = 1.0,
    dash: str = "",
    data: tuple[tuple[str, str], ...] = (),
    extra_marks: tuple[Mark, ...] = (),
) -> Card:
    box = Box(r(x), r(stack.top), r(width), r(stack.bottom() - stack.top))
    return Card(
        kind=kind,
        lane=lane.value,
        step_id=step.id,
        box=box,
        fill=stack.fill,
        stroke=stroke,
        stroke_width=stroke_width,
        rx=rx,
        texts=tuple(stack.texts),
        marks=extra_marks + tuple(stack.marks),
        dash=dash,
        data=data,
    )


def _step_card(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    moment = step.moment_of_truth
    s = _Stack(ctx, x, y, width, p.step_card)
    if moment:
        s.text("★ Moment of truth", C.SMALL_SIZE, p.moment_border, bold=True, cls="cjm-moment")
    s.text(step.name, C.STEP_TITLE_SIZE, bold=True, cls="cjm-step-title")
    if step.description:
        s.text(step.description, C.SMALL_SIZE + 0.5, p.muted, max_lines=C.DESCRIPTION_MAX_LINES)
    if step.personas is not None and ctx.journey.personas:
        names = [ctx.journey.persona_by_id[pid].name for pid in step.personas]
        t = s.text("Only " + ", ".join(names), C.SMALL_SIZE, p.muted, indent=12)
        for k, pid in enumerate(step.personas[:1]):
            s.marks.append(
                Mark(
                    "circle",
                    x=r(s.x + 4),
                    y=r(t.box.y + t.line_height / 2),
                    radius=4,
                    fill=ctx.persona_colors.get(pid, p.accent),
                    cls="cjm-persona-dot",
                    label=names[k],
                )
            )
    if step.duration:
        s.text(f"Duration: {step.duration}", C.SMALL_SIZE, p.muted)
    for line in _branch_lines(ctx, step):
        s.text(line, C.SMALL_SIZE, p.muted, cls="cjm-next", gap=2)
    stroke = p.moment_border if moment else p.step_border
    return [
        _card(
            "step",
            Lane.steps,
            step,
            s,
            x,
            width,
            stroke,
            rx=6,
            stroke_width=2 if moment else 1,
            data=(("moment-of-truth", "true"),) if moment else (),
        )
    ]


def _branch_lines(ctx: CardContext, step: Step) -> list[str]:
    """'→ Abandons the cart (card declined)' for steps whose flow is not the default."""
    if step.next is None:
        return []
    if not step.next:
        return ["■ Journey ends here"]
    links = [(link.to, link.label) for link in step.next]
    if len(links) == 1 and links[0][0] == ctx.default_next.get(step.id) and not links[0][1]:
        return []
    out = []
    for target, label in links:
        name = ctx.step_name.get(target, target)
        out.append(f"→ {name}" + (f" ({label})" if label else ""))
    return out


def _touchpoint_card(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    s = _Stack(ctx, x, y, width, p.card)
    indent = C.ICON_SIZE + C.ICON_GAP
    icon_name, known = channel_icon(step.channel)
    channel_label = step.channel or "touchpoint"
    t = s.text(channel_label, C.SMALL_SIZE, p.muted, bold=True, indent=indent, cls="cjm-channel")
    accent = readable_on(p.card, p.accent)
    s.icon(icon_name, t, accent, "cjm-channel-icon", channel_label, stroke_width=1.75)
    if step.touchpoint:
        s.text(step.touchpoint, C.BODY_SIZE, cls="cjm-touchpoint-text")
    data = (("channel", step.channel or ""), ("channel-known", "true" if known else "false"))
    return [_card("touchpoint", Lane.touchpoints, step, s, x, width, p.card_border, 6, data=data)]


def _list_card(kind: str, lane: Lane, fill: str, stroke: str, rx: float, dash: str) -> CardBuilder:
    """One card per item of a text list (backstage, support), in one style."""

    def build(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
        cards = []
        top = y
        for item in items_of(step):
            s = _Stack(ctx, x, top, width, getattr(ctx.palette, fill))
            s.text(item)
            cards.append(
                _card(kind, lane, step, s, x, width, getattr(ctx.palette, stroke), rx, dash=dash)
            )
            top = cards[-1].box.bottom + C.CARD_GAP
        return cards

    def items_of(step: Step) -> tuple[str, ...]:
        return tuple(getattr(step, lane.value))

    return build


def _actions_card(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    s = _Stack(ctx, x, y, width, p.card)
    for action in step.actions:
        t = s.text(action, indent=12, gap=6)
        s.marks.append(
            Mark(
                "circle",
                x=r(s.x + 3.5),
                y=r(t.box.y + t.line_height / 2),
                radius=2.5,
                fill=p.muted,
                cls="cjm-bullet",
            )
        )
    return [_card("action", Lane.actions, step, s, x, width, p.card_border, 6)]


def _thought_cards(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    cards = []
    top = y
    for thought in step.thoughts:
        s = _Stack(ctx, x, top, width, p.thought)
        quoted = thought if thought[:1] in "\"“'‘«„「" else f"“{thought}”"
        s.text(quoted)
        cards.append(_card("thought", Lane.thoughts, step, s, x, width, p.thought_border, 12))
        top = cards[-1].box.bottom + C.CARD_GAP
    return cards


def _expectation_card(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    s = _Stack(ctx, x, y, width, p.card)
    if step.expectation:
        s.text("Expected", C.SMALL_SIZE, p.muted, bold=True)
        s.text(step.expectation, gap=2)
    if step.experience:
        s.text("Experienced", C.SMALL_SIZE, p.muted, bold=True, gap=8)
        s.text(step.experience, gap=2)
    return [_card("expectation", Lane.expectations, step, s, x, width, p.card_border, 6)]


def _intensity_card(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    level = step.intensity or 0
    s = _Stack(ctx, x, y, width, p.card)
    t = s.text(f"Intensity {level}/5", C.SMALL_SIZE, p.muted, bold=True)
    bar_w, gap = 14.0, 4.0
    bars_x = s.x + s.width - 5 * bar_w - 4 * gap
    for k in range(5):
        height = 4 + 3 * k
        s.marks.append(
            Mark(
                "rect",
                x=r(bars_x + k * (bar_w + gap)),
                y=r(t.box.bottom - height),
                width=bar_w,
                height=height,
                rx=1,
                fill=p.accent if k < level else p.grid,
                cls="cjm-intensity-bar",
            )
        )
    return [_card("intensity", Lane.intensity, step, s, x, width, p.card_border, 6)]


def _pain_cards(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    cards = []
    top = y
    for pain in step.pain_points:
        s = _Stack(ctx, x + C.ACCENT_BAR, top, width - C.ACCENT_BAR, p.pain)
        indent = C.ICON_SIZE + C.ICON_GAP
        head = s.text(pain.severity.upper(), C.SMALL_SIZE, p.pain_text, bold=True, indent=indent)
        marker = visible_on(p.pain, p.pain_border)  # a map's own card colour may hide it
        s.icon("pain", head, marker, "cjm-pain-icon", "Pain point", fill=marker)
        rank = SEVERITY_RANK[pain.severity]
        dot_x = s.x + indent + head.widths[0] + 8
        for k in range(4):
            s.marks.append(
                Mark(
                    "rect",
                    x=r(dot_x + k * 9),
                    y=r(head.box.y + head.line_height / 2 - 3.5),
                    width=7,
                    height=7,
                    fill=marker if k <= rank else "none",
                    stroke=marker,
                    stroke_width=1,
                    cls="cjm-severity-dot",
                )
            )
        s.text(pain.text, color=p.pain_text)
        if pain.frequency or pain.owner:
            extra = " · ".join(
                x
                for x in (
                    pain.frequency and f"Frequency: {pain.frequency}",
                    pain.owner and f"Owner: {pain.owner}",
                )
                if x
            )
            s.text(extra, C.SMALL_SIZE, p.pain_text)
        bar = Mark(
            "rect",
            x=r(x),
            y=r(top),
            width=C.ACCENT_BAR + 2,
            height=r(s.bottom() - top),
            fill=p.pain_border,
            cls="cjm-pain-bar",
        )
        card = _card(
            "pain-point",
            Lane.pain_points,
            step,
            s,
            x,
            width,
            p.pain_border,
            rx=2,
            data=(("severity", pain.severity),),
            extra_marks=(bar,),
        )
        cards.append(card)
        top = card.box.bottom + C.CARD_GAP
    return cards


def _opportunity_cards(
    ctx: CardContext, step: Step, x: float, y: float, width: float
) -> list[Card]:
    p = ctx.palette
    cards = []
    top = y
    for opp in step.opportunities:
        s = _Stack(ctx, x, top, width, p.opportunity)
        indent = C.ICON_SIZE + C.ICON_GAP
        t = s.text(opp.text, color=p.opportunity_text, indent=indent)
        marker = visible_on(p.opportunity, p.opportunity_border)
        s.icon("opportunity", t, marker, "cjm-opportunity-icon", "Opportunity", fill=marker)
        facts = []
        if opp.impact:
            facts.append(f"Impact {opp.impact}")
        if opp.effort:
            facts.append(f"Effort {opp.effort}")
        facts.append(opp.status)
        s.text(" · ".join(facts), C.SMALL_SIZE, p.opportunity_text, bold=True)
        if opp.owner:
            s.text(f"Owner: {opp.owner}", C.SMALL_SIZE, p.opportunity_text, gap=2)
        data = (
            ("impact", opp.impact or ""),
            ("effort", opp.effort or ""),
            ("status", opp.status),
            ("priority", str(_priority(opp.impact, opp.effort))),
        )
        card = _card(
            "opportunity",
            Lane.opportunities,
            step,
            s,
            x,
            width,
            p.opportunity_border,
            rx=12,
            data=data,
        )
        cards.append(card)
        top = card.box.bottom + C.CARD_GAP
    return cards


def _priority(impact: str | None, effort: str | None) -> int:
    """Quick wins first: high impact and low effort score highest (0 … 4)."""
    if impact is None or effort is None:
        return 0
    return LEVEL_RANK[impact] + (2 - LEVEL_RANK[effort])


def _owner_card(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    s = _Stack(ctx, x, y, width, p.card)
    s.text(step.owner or "", bold=True)
    return [_card("owner", Lane.owners, step, s, x, width, p.card_border, 10)]


def _metrics_card(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    s = _Stack(ctx, x, y, width, p.card)
    for key, value in step.metrics.items():
        s.text(f"{key}: {format_metric(value)}", gap=2)
    for kpi in ctx.journey.kpis:
        if kpi.step == step.id:
            value = format_metric(kpi.current) if kpi.current is not None else "–"
            if kpi.target is not None:
                value += f" → {format_metric(kpi.target)}"
            s.text(f"{kpi.name}: {value}", bold=True, gap=2)
    return [_card("metric", Lane.metrics, step, s, x, width, p.card_border, 6)]


def format_metric(value: object) -> str:
    """A metric as the diagram and the report write it.

    Whole numbers of five digits and more get thousands separators
    (`412,000`), whole floats lose their `.0`, shorter numbers and text stay
    as written (`4120`, `3.9`, `1.8%`); a missing value is empty.

    Args:
        value: A metric, KPI or demographic value from the model.

    Returns:
        The value as text.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def _evidence_cards(ctx: CardContext, step: Step, x: float, y: float, width: float) -> list[Card]:
    p = ctx.palette
    cards = []
    top = y
    for ev in step.evidence:
        assumption = ev.kind.strip().lower() == "assumption"
        fill = p.assumption if assumption else p.card
        s = _Stack(ctx, x, top, width, fill)
        label = ev.kind + (f": {ev.source}" if ev.source else "")
        s.text(label, C.SMALL_SIZE + 0.5, p.assumption_text if assumption else p.text, bold=True)
        if ev.note:
            s.text(ev.note, C.SMALL_SIZE, p.muted, gap=2)
        card = _card(
            "evidence",
            Lane.evidence,
            step,
            s,
            x,
            width,
            p.assumption_text if assumption else p.card_border,
            rx=10,
            dash="4 3" if assumption else "",
            data=(("evidence", ev.kind),),
        )
        cards.append(card)
        top = card.box.bottom + C.CARD_GAP
    return cards


CARD_BUILDER_BY_LANE: dict[Lane, CardBuilder] = {
    Lane.steps: _step_card,
    Lane.touchpoints: _touchpoint_card,
    Lane.actions: _actions_card,
    Lane.thoughts: _thought_cards,
    Lane.expectations: _expectation_card,
    Lane.intensity: _intensity_card,
    Lane.pain_points: _pain_cards,
    Lane.opportunities: _opportunity_cards,
    Lane.backstage: _list_card(
        "backstage", Lane.backstage, "backstage", "backstage_border", 4, "5 3"
    ),
    Lane.support: _list_card("support", Lane.support, "backstage", "backstage_border", 4, "2 3"),
    Lane.owners: _owner_card,
    Lane.metrics: _metrics_card,
    Lane.evidence: _evidence_cards,
}
