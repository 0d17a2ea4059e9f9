"""SVG backend. In: a `JourneyLayout`. Out: SVG text.

Only turns the positioned scene into markup: no measuring, no layout.
Styling uses presentation attributes (which CSS can still override), because
the PDF converter ignores most of `<style>`; the only CSS is the embedded
`@font-face` subset of Inter, so browsers draw the same glyphs the layout
measured. The attributes also carry the HTML report's dark mode (rules keyed
on `[fill="#…"]`). They are about 30 % of a 1,000-step SVG but only 8 % of it
gzipped, so class rules in `<style>` (which would outrank a user's own CSS)
were not worth the contract change.

The contract users restyle and test against:
- `<svg role="img">` with `<title>` and `<desc>` summarising the journey;
- each lane `<g class="cjm-lane" data-lane="NAME">`;
- each step column `<g class="cjm-column" data-step="ID">`;
- each card `<g class="cjm-card cjm-KIND" data-step="ID" data-lane="NAME">`
  holding its own `<rect>` and `<text>` (KIND: step, touchpoint, action,
  thought, expectation, intensity, pain-point, opportunity, backstage,
  support, owner, metric, evidence);
- each phase `<g class="cjm-phase" data-phase="ID">`; the curves
  `<g class="cjm-curve" data-persona="ID">` with `cjm-point` circles.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

try:  # CPython's own SHA-1: `hashlib` would load OpenSSL first (~4 ms of every render)
    from _sha1 import sha1  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import sha1

from cjmap.layout.geometry import Card, Curve, CurvePoint, JourneyLayout, Mark, Text
from cjmap.layout.themes import contrast_ratio, visible_on
from cjmap.render._icons import ICON_PATHS, MARKER_INNER, MARKER_PATHS
from cjmap.render._xml import attr, esc

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions
    from cjmap.text.outlines import LinePaths

FONT_STACK = "Inter, 'Helvetica Neue', Arial, sans-serif"
#: How each label line drawn as glyphs (`render_svg(glyphs=…)`) starts:
#: `<path transform="matrix(H 0 0 -H X Y)" fill="…" d="…"/>`, H being half
#: the scale from font units, (X, Y) the start of its baseline.
GLYPH_LINE_START = '<path transform="matrix('
#: half font units a glyph line's outlines stay within, above and below its
#: baseline: 3 em of Inter (2,048 units per em), where no glyph reaches 1.3.
GLYPH_LINE_REACH = 3 * 2 * 2048


def render_svg(
    layout: JourneyLayout, embed_font: bool = True, glyphs: LinePaths | None = None
) -> str:
    """The SVG document of a layout.

    Args:
        layout: the positioned diagram.
        embed_font: embed an Inter subset as `@font-face` (off only for tests
            that compare structure).
        glyphs: draw each text whose lines Inter covers as one `<path>` per
            line (its glyph outlines) instead of `<text>`. Only for the PNG
            renderer's SVG: such a document has no selectable text.

    Returns:
        SVG text; the same layout always gives the same bytes.
    """
    uid = (
        "cjm-"
        + sha1(
            (layout.title + "|" + ",".join(c.step_id for c in layout.columns)).encode("utf-8")
        ).hexdigest()[:8]
    )
    w, h = _num(layout.width), _num(layout.height)
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'class="cjm-journey" data-theme="{attr(layout.theme)}">',
        f'<title id="{uid}-title">{esc(layout.title)}</title>',
        f'<desc id="{uid}-desc">{esc(layout.description)}</desc>',
    ]
    if embed_font:
        out.append(f"<style>{_font_css(layout)}</style>")
    out.append(f'<g font-family="{FONT_STACK}">')
    out.append(
        _rect_tag(0, 0, layout.width, layout.height, layout.background, cls="cjm-background")
    )
    out.append('<g class="cjm-lane-backgrounds">')
    for lane in layout.lanes:
        b = lane.box
        out.append(_rect_tag(b.x, b.y, b.width, b.height, lane.fill, data_lane=lane.name))
    out.append("</g>")
    out.append('<g class="cjm-columns">')
    for col in layout.columns:
        b = col.box
        extra = ' data-moment-of-truth="true"' if col.moment_of_truth else ""
        out.append(f'<g class="cjm-column" data-step="{attr(col.step_id)}"{extra}>')
        out.append(_rect_tag(b.x, b.y, b.width, b.height, col.fill))
        out.append("</g>")
    out.append("</g>")
    out.append('<g class="cjm-grid">')
    out.extend(_mark(m) for m in layout.grid)
    out.append("</g>")
    out.append('<g class="cjm-header">')
    out.extend(_mark(m) for m in layout.header_marks)
    out.extend(_text(t, glyphs) for t in layout.header)
    out.append("</g>")
    out.append('<g class="cjm-phases">')
    for band in layout.phases:
        b = band.box
        out.append(f'<g class="cjm-phase" data-phase="{attr(band.phase_id)}">')
        out.append(_rect_tag(b.x, b.y, b.width, b.height, band.fill, rx=6))
        out.append(_text(band.text, glyphs))
        out.append("</g>")
    out.append("</g>")
    for lane in layout.lanes:
        out.append(f'<g class="cjm-lane" data-lane="{attr(lane.name)}">')
        out.extend(_mark(m) for m in lane.marks)
        out.append(_text(lane.label, glyphs))
        out.extend(_text(t, glyphs) for t in lane.notes)
        if layout.emotion is not None and lane.name == layout.emotion.lane:
            out.extend(_emotion(layout, glyphs))
        out.extend(_card(card, glyphs) for card in lane.cards)
        out.append("</g>")
    out.append("</g></svg>\n")
    return "\n".join(out)


def render_svg_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """Render a journey as an SVG swimlane (the registered `svg` format)."""
    from cjmap.layout import LayoutOptions, layout_journey
    from cjmap.text.measure import default_measurer

    layout = layout_journey(
        journey,
        default_measurer(),
        LayoutOptions(theme=options.theme, persona=options.persona, lanes=options.lanes),
    )
    return render_svg(layout).encode("utf-8")


def _font_css(layout: JourneyLayout) -> str:
    from cjmap.text.subset import distinct_characters, font_face_css

    regular: list[str] = []
    bold: list[str] = []
    for t in layout.texts():
        (bold if t.bold else regular).extend(t.lines)
    return font_face_css(
        "".join(sorted(distinct_characters("".join(regular)))),
        "".join(sorted(distinct_characters("".join(bold)))),
    )


# A diagram repeats few distinct numbers (column x, card widths, font sizes),
# and formatting is most of the serialiser's time: memoise it.
@functools.lru_cache(maxsize=1 << 16)
def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _rect_tag(
    x: float,
    y: float,
    w: float,
    h: float,
    fill: str,
    stroke: str = "none",
    stroke_width: float = 0.0,
    rx: float = 0.0,
    dash: str = "",
    cls: str = "",
    data_lane: str = "",
) -> str:
    corner = f' rx="{_num(rx)}"' if rx else ""
    outline = _stroke(stroke, stroke_width, dash)
    extra = (f' class="{cls}"' if cls else "") + (
        f' data-lane="{attr(data_lane)}"' if data_lane else ""
    )
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}"'
        f'{corner} fill="{fill}"{outline}{extra}/>'
    )


def _stroke(stroke: str, width: float, dash: str) -> str:
    if stroke == "none" or not width:
        return ""
    if dash:
        return f' stroke="{stroke}" stroke-width="{_num(width)}" stroke-dasharray="{dash}"'
    return f' stroke="{stroke}" stroke-width="{_num(width)}"'


def _text(t: Text, glyphs: LinePaths | None = None) -> str:
    lines = t.lines
    if not lines or lines == ("",):
        return ""
    if glyphs is not None and all(glyphs.drawable(line, t.bold) for line in lines):
        return _text_as_paths(t, glyphs)
    x = _num(t.x)
    head = (
        f'<text x="{x}" y="{_num(t.y)}" font-size="{_num(t.size)}" fill="{t.fill}"'
        + (' font-weight="700"' if t.bold else "")
        + (f' text-anchor="{t.anchor}"' if t.anchor != "start" else "")
        + (f' class="{t.cls}"' if t.cls else "")
        + ">"
    )
    if len(lines) == 1:
        return head + esc(lines[0]) + "</text>"
    y, lh = t.y, t.line_height
    spans = [
        f'<tspan x="{x}" y="{_num(y + i * lh)}">{esc(line)}</tspan>' for i, line in enumerate(lines)
    ]
    return head + "".join(spans) + "</text>"


def _text_as_paths(t: Text, glyphs: LinePaths) -> str:
    # One filled path per line, its outlines in half font units (y up),
    # scaled and flipped onto the baseline where `<text>` would start it.
    scale = t.size / glyphs.units_per_em
    half = repr(scale / 2)
    out = []
    for i, line in enumerate(t.lines):
        d, advance = glyphs.line(line, t.bold)
        if not d:
            continue
        x = t.x
        if t.anchor == "middle":
            x -= advance * scale / 2
        elif t.anchor == "end":
            x -= advance * scale
        y = t.y + i * t.line_height
        out.append(
            f'{GLYPH_LINE_START}{half} 0 0 -{half} {_num(x)} {_num(y)})" fill="{t.fill}" d="{d}"/>'
        )
    return "".join(out)


def _card(card: Card, glyphs: LinePaths | None = None) -> str:
    b = card.box
    data = "".join(f' data-{k}="{attr(v)}"' for k, v in card.data) if card.data else ""
    parts = [
        f'<g class="cjm-card cjm-{card.kind}" data-step="{attr(card.step_id)}" '
        f'data-lane="{attr(card.lane)}"{data}>',
        _rect_tag(
            b.x,
            b.y,
            b.width,
            b.height,
            card.fill,
            card.stroke,
            card.stroke_width,
            card.rx,
            card.dash,
        ),
    ]
    parts += [_mark(m) for m in card.marks]
    parts += [_text(t, glyphs) for t in card.texts]
    parts.append("</g>")
    return "".join(parts)


def _mark(m: Mark) -> str:
    cls = f' class="{m.cls}"' if m.cls else ""
    stroke = _stroke(m.stroke, m.stroke_width, m.dash)
    if m.opacity < 1:
        cls += f' opacity="{_num(m.opacity)}"'
    if m.kind == "rect":
        tag = (
            f'<rect x="{_num(m.x)}" y="{_num(m.y)}" width="{_num(m.width)}" '
            f'height="{_num(m.height)}"'
            + (f' rx="{_num(m.rx)}"' if m.rx else "")
            + f' fill="{m.fill}"{stroke}{cls}/>'
        )
    elif m.kind == "circle":
        tag = (
            f'<circle cx="{_num(m.x)}" cy="{_num(m.y)}" r="{_num(m.radius)}" '
            f'fill="{m.fill}"{stroke}{cls}/>'
        )
    elif m.kind == "line":
        tag = (
            f'<line x1="{_num(m.x)}" y1="{_num(m.y)}" x2="{_num(m.x2)}" y2="{_num(m.y2)}"'
            f"{stroke}{cls}/>"
        )
    elif m.kind == "path":
        tag = f'<path d="{m.d}" fill="{m.fill}"{stroke}{cls}/>'
    else:
        tag = _icon(m)
    if m.label and m.kind != "icon":
        # a tooltip for the swatches and keys; screen readers read the texts
        tag = tag[:-2] + f"><title>{esc(m.label)}</title></{_tag_name(m)}>"
    return tag


def _tag_name(m: Mark) -> str:
    return {"rect": "rect", "circle": "circle", "line": "line", "path": "path"}[m.kind]


def _icon(m: Mark) -> str:
    scale = m.width / 24
    head = (
        f'<g class="{m.cls or "cjm-icon"}" data-icon="{attr(m.name)}" '
        f'transform="translate({_num(m.x)} {_num(m.y)}) scale({_num(scale)})">'
    )
    if m.name in MARKER_PATHS:
        # the "!" / "+" inside: white while it stands out at 3:1, else dark
        inner_color = visible_on(m.fill, "#ffffff", ("#111111",))
        return (
            head + f'<path d="{MARKER_PATHS[m.name]}" fill="{m.fill}" stroke="{m.stroke}" '
            f'stroke-width="1.5" stroke-linejoin="round"/>'
            + f'<path d="{MARKER_INNER[m.name]}" fill="none" stroke="{inner_color}" '
            f'stroke-width="2.6" stroke-linecap="round"/>' + "</g>"
        )
    width = _num(m.stroke_width / scale if scale else m.stroke_width)
    paths = "".join(
        f'<path d="{d}" fill="none" stroke="{m.stroke}" stroke-width="{width}" '
        f'stroke-linecap="round" stroke-linejoin="round"/>'
        for d in ICON_PATHS.get(m.name, ICON_PATHS["generic"])
    )
    return head + paths + "</g>"


def _emotion(layout: JourneyLayout, glyphs: LinePaths | None = None) -> list[str]:
    lane = layout.emotion
    assert lane is not None
    out = [_mark(m) for m in lane.marks]
    out.extend(_text(t, glyphs) for t in lane.ticks)
    for curve in lane.curves:
        out.append(_curve(curve, layout.background))
    out.extend(_mark(m) for m in lane.label_marks)
    out.extend(_text(t, glyphs) for t in lane.labels)
    return out


def _curve(curve: Curve, background: str) -> str:
    persona = f' data-persona="{attr(curve.persona_id)}"' if curve.persona_id else ""
    parts = [f'<g class="cjm-curve"{persona}>']
    for gap in curve.gaps:
        parts.append(
            f'<path d="{gap}" fill="none" stroke="{curve.color}" stroke-width="1.5" '
            f'stroke-dasharray="2 4" stroke-linecap="round" class="cjm-curve-gap"/>'
        )
    for d in curve.paths:
        parts.append(
            f'<path d="{d}" fill="none" stroke="{curve.color}" stroke-width="2.5" '
            f'stroke-linecap="round" stroke-linejoin="round" class="cjm-curve-line"/>'
        )
    ring = curve.color if curve.persona_id else None
    for point in curve.points:
        parts.append(_point(point, ring, background, curve.name))
    parts.append("</g>")
    return "".join(parts)


_MOUTH = {
    "happy": "M-4 1.5C-2.5 4.8 2.5 4.8 4 1.5",
    "neutral": "M-3.8 3H3.8",
    "sad": "M-4 4.6C-2.5 1.4 2.5 1.4 4 4.6",
}


def _point(p: CurvePoint, ring: str | None, background: str, name: str) -> str:
    """A face in a valence-coloured disc: the face carries the meaning without colour."""
    hollow = p.source == "data"
    fill = background if hollow else p.fill
    # the face needs contrast with its disc; light discs (dark theme) get dark ink
    ink = p.fill if hollow else max(("#ffffff", "#111111"), key=lambda c: contrast_ratio(c, fill))
    stroke_color = ring or p.fill
    label = f"{name}: {p.score:+d}" if p.score else f"{name}: 0"
    return (
        f'<g class="cjm-point" data-step="{attr(p.step_id)}" data-score="{p.score}" '
        f'data-source="{p.source}" transform="translate({_num(p.x)} {_num(p.y)})">'
        f"<title>{esc(label)}</title>"
        f'<circle r="9" fill="{fill}" stroke="{stroke_color}" '
        f'stroke-width="{2 if ring or hollow else 0}"'
        + (' stroke-dasharray="3 2"' if hollow else "")
        + "/>"
        f'<circle cx="-3.2" cy="-2.6" r="1.4" fill="{ink}"/>'
        f'<circle cx="3.2" cy="-2.6" r="1.4" fill="{ink}"/>'
        f'<path d="{_MOUTH[p.face]}" fill="none" stroke="{ink}" stroke-width="1.6" '
        f'stroke-linecap="round"/></g>'
    )
