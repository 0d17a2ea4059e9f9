"""Flow view: the journey as a directed graph, laid out by Graphviz `dot`.

This backend reads the `Journey`, not the `JourneyLayout`: it hands the graph
of steps to Graphviz, the way d2 hands graphs to dagre or ELK, and lets `dot`
place them. The graph itself (links, main path, exits) comes from
`cjmap.model.flow`, which validation reads too.

    Journey -> model.flow.journey_flow -> graphviz.Digraph (DOT) --dot--> SVG -> PNG / PDF

What the DOT says: one cluster per phase, left to right; steps as rounded
boxes filled by emotion (the swimlane's palette), with the channel and a
pain-point count; moments of truth with a bold double border; exits (nothing
follows them) as right-pointing boxes; the main path drawn heavy and solid,
other branches light and dashed, each link with its label. A link spanning
more than `JUMP_SPAN` steps becomes two small connectors, "→ target" beside
its source and "source →" beside its target, like a flowchart's off-page
connectors.

The DOT is byte-identical on every machine: labels are tables of fixed-size
cells measured here (`_flow_labels`), so `dot`'s own font lookup decides
nothing. No paths, versions or dates go into the DOT, and the SVG loses
Graphviz's comments. `render_dot_bytes` needs no Graphviz binary; the other
formats run `dot`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from hashlib import sha256
from typing import TYPE_CHECKING

import graphviz

from cjmap._record import Record
from cjmap.errors import UsageError
from cjmap.layout.themes import map_colors
from cjmap.model.flow import Flow, FlowLink, journey_flow
from cjmap.render._flow_labels import Row, cell_width, lines, row_height, table, text_width
from cjmap.render._flow_svg import INSTALL_HINT, run_dot
from cjmap.render.themes import Palette, readable_on

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey, Step
    from cjmap.pipeline import RenderOptions

__all__ = [
    "INSTALL_HINT",
    "flow_digraph",
    "render_dot_bytes",
    "render_flow_bytes",
    "render_flow_svg",
]

FONT = "Inter"
# Font sizes are whole points: Graphviz 2.43 writes `font-size` rounded down.
TITLE_SIZE = 16  # pt; the map's title above the graph
SUBTITLE_SIZE = 10  # pt; the legend line under it
PHASE_SIZE = 12  # pt; cluster labels, bold
NAME_SIZE = 12  # pt; step names, bold
META_SIZE = 10  # pt; channel, pain points, moment of truth
LINK_SIZE = 10  # pt; branch labels
NAME_WIDTH = 136  # pt; step names wrap here; every step box is this wide plus slack and padding
LINK_WIDTH = 110  # pt; branch labels and jump connectors wrap here
PHASE_WIDTH = 220  # pt; phase names wrap here
TITLE_WIDTH = 680  # pt; the title and legend wrap here
NODE_PAD_X = 10  # pt; left of the text inside a step box, and right of its cell
NODE_PAD_Y = 7  # pt; above and below it
JUMP_PAD = 5  # pt; around the text of a jump connector
PHASE_INDENT = 4  # pt; keeps a phase name off its cluster's rounded corner
META_GAP = 3  # pt; between a step's name and its details
TITLE_GAP = 8  # pt; between the legend and the first phase
EXIT_TIP = 14  # pt; extra width for the point of an exit's box
MAX_NAME_LINES = 3
MAX_META_LINES = 2
MAX_LINK_LINES = 2
EMOTION_TINT = 0.2  # share of the emotion colour in a step's fill; the rest is background
PHASE_TINT = 0.45  # share of the phase colour in a cluster's fill
MAIN_PEN, SIDE_PEN = "2.2", "1.2"  # pt; link widths
# Steps (in written order) a link may span before it is drawn as a pair of
# connectors instead. Graphviz 2.43 (Debian 12) spends time in its spline
# router that grows steeply with an edge's length (profiled: the box clipping
# in libgvc): a generated 300-step map with 100 branches took over 100 s with
# every link drawn, 0.3 s with links over 60 steps as connectors. A curve
# that long is unreadable anyway.
JUMP_SPAN = 60
LEGEND = (
    "solid arrows: main path, dashed: other branches, "
    "double border: moment of truth, pointed box: exit"
)

_SAFE_ID = re.compile(r"[^\W][\w.-]*")


@dataclass(frozen=True, eq=False, repr=False)
class _Style(Record):
    palette: Palette
    persona: str | None


def flow_digraph(journey: Journey, options: RenderOptions) -> graphviz.Digraph:
    """Build the flow graph of a journey as a `graphviz.Digraph` (no Graphviz needed).

    Args:
        journey: the validated map.
        options: `theme` picks the colours; `persona` (else the map's
            `view.persona`) keeps that persona's steps only.

    Returns:
        The graph; its `.source` is the DOT text.

    Raises:
        UsageError: the persona is not declared in the map.
    """
    persona = _persona(journey, options.persona or journey.view.persona)
    colors = map_colors(journey, options.theme)
    palette = colors.palette
    style = _Style(palette, persona)
    flow = journey_flow(journey, persona)
    graph = graphviz.Digraph("flow")
    graph.attr(
        "graph",
        rankdir="LR",
        bgcolor=palette.background,
        fontname=FONT,
        fontcolor=palette.text,
        label=_title_label(journey, style),
        labelloc="t",
        labeljust="l",
        nodesep="0.3",
        ranksep="0.4",
        pad="0.3",
        newrank="true",
        outputorder="edgesfirst",
    )
    graph.attr("node", shape="box", style="rounded,filled", fontname=FONT, fixedsize="true")
    graph.attr("edge", fontname=FONT, arrowsize="0.8")
    unreachable = set(flow.unreachable())
    for index, phase in enumerate(journey.phases):
        steps = [s for s in phase.steps if persona is None or s.takes_part(persona)]
        if not steps:
            continue
        fill = colors.phase_fill(index, phase.color)  # as the swimlane's bands
        with graph.subgraph(name=f"cluster_{index}") as cluster:
            cluster.attr(
                label=_phase_label(phase.name, palette),
                style="rounded,filled",
                fillcolor=_mix(fill, palette.background, PHASE_TINT),
                color=_mix(fill, palette.text, 0.7),
                penwidth="1",
                labeljust="l",
                margin="12",
            )
            for step in steps:
                _add_step(cluster, journey, flow, step, step.id in unreachable, style)
    _add_links(graph, journey, flow, palette)
    return graph


def render_dot_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """Render the flow graph as DOT source; needs no Graphviz binary.

    Args:
        journey: the validated map.
        options: theme and persona (see `flow_digraph`).

    Returns:
        UTF-8 DOT text, byte-identical for the same input.

    Raises:
        UsageError: the persona is not declared in the map.
    """
    source: str = flow_digraph(journey, options).source
    return source.encode("utf-8")


def render_flow_svg(journey: Journey, options: RenderOptions) -> str:
    """Lay the flow graph out with Graphviz `dot` and return the SVG.

    Graphviz's comments (its version, the graph name) are removed and an
    Inter subset is embedded for browsers, so the SVG is stable and renders
    with the font the labels were measured in.

    Args:
        journey: the validated map.
        options: theme and persona (see `flow_digraph`).

    Returns:
        The SVG document.

    Raises:
        ToolMissing: Graphviz `dot` is not installed (exit 2).
        CjmapError: `dot` failed.
        UsageError: the persona is not declared in the map.
    """
    return run_dot(flow_digraph(journey, options), journey.title)


def render_flow_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """Render the flow graph in `options.flow_format`: svg, png, pdf or dot.

    PNG and PDF are converted from the SVG with cjmap's own converters (resvg,
    fpdf2 with the bundled Inter), like the swimlane, so they never depend on
    the fonts installed for Graphviz.

    Args:
        journey: the validated map.
        options: `flow_format`, `scale` (PNG), theme and persona.

    Returns:
        The file's bytes.

    Raises:
        ToolMissing: Graphviz `dot` is not installed (only for svg, png, pdf).
        UsageError: unknown flow format or persona.
        OutputError: the SVG could not be converted.
    """
    fmt = options.flow_format
    if fmt == "dot":
        return render_dot_bytes(journey, options)
    if fmt not in ("svg", "png", "pdf"):
        raise UsageError(f"unknown flow format `{fmt}`; choose one of svg, png, pdf, dot")
    svg = render_flow_svg(journey, options)
    if fmt == "png":
        from cjmap.render.png import render_png

        return render_png(svg, options.scale)
    if fmt == "pdf":
        from cjmap.render.pdf import render_pdf

        return render_pdf(svg)
    return svg.encode("utf-8")


def _persona(journey: Journey, persona: str | None) -> str | None:
    if persona is None or persona in journey.persona_by_id:
        return persona
    from cjmap.model.references import did_you_mean

    known = [p.id for p in journey.personas]
    hint = did_you_mean(persona, known)
    listed = ", ".join(known) if known else "none"
    raise UsageError(
        f"unknown persona `{persona}`" + (f"; {hint}" if hint else "") + f" (personas: {listed})"
    )


def _add_step(
    graph: graphviz.Digraph, journey: Journey, flow: Flow, step: Step, lost: bool, style: _Style
) -> None:
    palette = style.palette
    score = _emotion(step, style.persona)
    edge = palette.step_border if score is None else palette.emotion(score)
    fill = palette.step_card if score is None else _mix(edge, palette.background, EMOTION_TINT)
    exit_ = step.id in flow.exits
    text, muted = readable_on(fill, palette.text), readable_on(fill, palette.muted)
    rows: list[Row] = [
        (line, NAME_SIZE, text, True)
        for line in lines(step.name, NAME_WIDTH, NAME_SIZE, True, MAX_NAME_LINES)
    ]
    details = " · ".join(_details(journey, step, lost, style.persona))
    meta = lines(details, NAME_WIDTH, META_SIZE, False, MAX_META_LINES)
    if meta:
        rows.append(("", META_GAP, text, False))
        rows += [(line, META_SIZE, muted, False) for line in meta]
    # Every step box is as wide: the widest name's cell, padding, and an exit's tip.
    cell = cell_width(NAME_WIDTH) + (EXIT_TIP if exit_ else 0)
    attrs = {
        "label": table(rows, cell),
        "width": _inches(cell + 2 * NODE_PAD_X),
        "height": _inches(sum(map(row_height, rows)) + 2 * NODE_PAD_Y),
        "fillcolor": fill,
        "color": edge,
        "penwidth": "1.2",
    }
    if exit_:
        # A box pointing right, the flowchart sign for "leaves the page".
        attrs["shape"] = "cds"
    if step.moment_of_truth:
        attrs |= {"peripheries": "2", "penwidth": "2"}
    if lost:
        attrs["style"] = "rounded,filled,dashed"
    graph.node(_node_id(step.id), **attrs)


def _add_links(graph: graphviz.Digraph, journey: Journey, flow: Flow, palette: Palette) -> None:
    order = {step.id: n for n, step in enumerate(flow.steps)}
    jumps = 0
    for link in flow.links:
        colour = palette.text if link.main else palette.muted
        attrs = {
            "color": colour,
            "penwidth": MAIN_PEN if link.main else SIDE_PEN,
            "weight": "8" if link.main else "1",
        }
        if not link.main:
            attrs |= {"style": "dashed", "arrowsize": "0.65"}
        if link.label:
            rows: list[Row] = [
                (line, LINK_SIZE, colour, False)
                for line in lines(link.label, LINK_WIDTH, LINK_SIZE, False, MAX_LINK_LINES)
            ]
            attrs["label"] = table(rows, cell_width(text_width(rows)))
        span = order[link.target] - order[link.source]
        if abs(span) > JUMP_SPAN:
            jumps += 1
            _add_jump(graph, journey, link, jumps, attrs, palette)
            continue
        if span <= 0:
            attrs["constraint"] = "false"  # a loop back: keep the written order left to right
        graph.edge(_node_id(link.source), _node_id(link.target), **attrs)


def _add_jump(
    graph: graphviz.Digraph,
    journey: Journey,
    link: FlowLink,
    number: int,
    attrs: dict[str, str],
    palette: Palette,
) -> None:
    """A long link as two connectors: `source -> [→ target]` … `[source →] -> target`.

    Connector ids start with `#`, which no step id used as-is can (see `_node_id`).
    """
    colour = attrs["color"]
    names = journey.step_by_id
    ends = (
        (f"#jump-{number}-from", f"→ {names[link.target].name}"),
        (f"#jump-{number}-to", f"{names[link.source].name} →"),
    )
    for node_id, words in ends:
        rows: list[Row] = [
            (line, LINK_SIZE, colour, False)
            for line in lines(words, LINK_WIDTH, LINK_SIZE, False, MAX_LINK_LINES)
        ]
        cell = cell_width(text_width(rows))
        graph.node(
            node_id,
            label=table(rows, cell),
            width=_inches(cell + 2 * JUMP_PAD),
            height=_inches(sum(map(row_height, rows)) + 2 * JUMP_PAD),
            style="rounded,filled" + ("" if link.main else ",dashed"),
            fillcolor=palette.background,
            color=colour,
            penwidth="1",
        )
    graph.edge(_node_id(link.source), ends[0][0], **attrs)
    attrs = {k: v for k, v in attrs.items() if k != "label"}
    graph.edge(ends[1][0], _node_id(link.target), **attrs)


def _details(journey: Journey, step: Step, lost: bool, persona: str | None) -> list[str]:
    # No-break spaces keep each detail whole when the line wraps.
    parts = [step.channel] if step.channel else []
    if step.pain_points:
        count = len(step.pain_points)
        parts.append(f"{count}\u00a0pain\u00a0point{'s' if count > 1 else ''}")
    if step.moment_of_truth:
        parts.append("moment\u00a0of\u00a0truth")
    if persona is None and step.personas is not None and len(journey.personas) > 1:
        names = [journey.persona_by_id[p].name for p in step.personas if p in journey.persona_by_id]
        parts.append(", ".join(names) + "\u00a0only")
    if lost:
        parts.append("unreachable")
    return parts


def _emotion(step: Step, persona: str | None) -> int | None:
    if persona is not None or not isinstance(step.emotion, dict):
        return step.emotion_for(persona)
    if not step.emotion:
        return None
    # Several personas, no persona chosen: their mean, rounded half away from zero.
    mean = sum(step.emotion.values()) / len(step.emotion)
    return int(math.copysign(math.floor(abs(mean) + 0.5), mean))


def _title_label(journey: Journey, style: _Style) -> str:
    palette = style.palette
    rows: list[Row] = [
        (line, TITLE_SIZE, palette.text, True)
        for line in lines(journey.title, TITLE_WIDTH, TITLE_SIZE, True, 2)
    ]
    words = ["Flow"]
    if style.persona is not None:
        words.append(f"{journey.persona_by_id[style.persona].name}'s journey")
    if journey.state == "future":
        words.append("future state")
    words.append(LEGEND)
    subtitle = lines(" · ".join(words), TITLE_WIDTH, SUBTITLE_SIZE, False, 3)
    rows += [(line, SUBTITLE_SIZE, palette.muted, False) for line in subtitle]
    rows.append(("", TITLE_GAP, palette.text, False))
    return table(rows, cell_width(text_width(rows)))


def _phase_label(name: str, palette: Palette) -> str:
    rows: list[Row] = [
        (line, PHASE_SIZE, palette.text, True)
        for line in lines(name, PHASE_WIDTH, PHASE_SIZE, True, 2)
    ]
    return table(rows, cell_width(text_width(rows)), indent=PHASE_INDENT)


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"


def _node_id(step_id: str) -> str:
    """The DOT id of a step: the step id itself when DOT can carry it as-is.

    The graphviz package can't quote every string (a trailing backslash, or a
    `<…>` string it takes for HTML), so other ids get a stable hash instead.
    """
    if _SAFE_ID.fullmatch(step_id):
        return step_id
    return "step-" + sha256(step_id.encode("utf-8")).hexdigest()[:16]


def _mix(colour: str, other: str, share: float) -> str:
    """`share` of `colour` and the rest `other`, both `#rrggbb` (or `#rgb`)."""
    a, b = _rgb(colour), _rgb(other)
    mixed = (round(x * share + y * (1 - share)) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
