"""SVG -> PDF with fpdf2: vector shapes and real, selectable Inter text.

fpdf2 is pure Python and embeds a subset of the same Inter TTFs we measure
with. The PDF is deterministic: fixed creation date, no file id.

Page size: 96 dpi, as CSS defines the px (1 px = 0.75 pt), so printing at
100 % gives text its intended size (a 14 px label prints at 10.5 pt) and a
typical 3,000 px wide map is a 2,250 pt (≈ 79 cm) page - print it "fit to
page" on A3 (1,191 × 842 pt). Pages are capped at 14,400 pt per side
(Acrobat's limit) by shrinking the scale further.

What fpdf2 2.8.9 does NOT draw like resvg (found by rendering test SVGs and
reading the content streams); the SVG renderer must avoid the ✗ items, the
pre-pass in `_svg_for_pdf` fixes the ✓ ones:

✗ `dominant-baseline` / `alignment-baseline`: ignored; put `y` on the baseline
  (use `TextMeasurer.ascent()`).
✗ kerning: text is drawn unkerned, so runs are up to ~1-2 px wider or narrower
  than measured; `text-anchor` middle/end positions by the unkerned width.
✗ `<marker>` (marker-start/mid/end): not drawn; draw the dots as circles.
✗ text filled with a gradient (`fill="url(#g)"` on `<text>`): invisible.
✗ `letter-spacing`, `word-spacing`, `textLength`, `<textPath>`, the `font`
  shorthand (use `font-size`/`font-weight`), filters, masks, patterns: ignored.
✗ `opacity` on a `<g>` is applied per child (no group compositing), so
  overlapping children show through each other.
✗ characters Inter lacks (CJK, emoji, Arabic ...): no font fallback; the
  pre-pass draws `□` (the PNG shows Inter's "no glyph" box).
✓ `<style>` only works for single `.class` selectors (type, `#id`,
  descendant selectors are ignored): inlined by the pre-pass.
✓ `<title>`, `<desc>`, `<metadata>`, `<a>`: skipped with a logged warning.
✓ `display="none"` and `visibility="hidden"`: drawn anyway!
✓ `font-family` other than a registered one falls back to Helvetica;
  `font-style: italic` with only upright Inter raises KeyError.
✓ `px` units: `font-size="14px"` / `stroke-width:2px` become 0.75× smaller
  than unitless values; use unitless numbers (the pre-pass strips `px`).
✓ `transparent`, `rgba()`, `hsl()` colours raise ValueError; `currentColor`
  draws black.
Fine as-is: `<rect rx>`, cubic/quadratic Béziers and arcs in `<path>`,
`<circle>`, `<ellipse>`, `<line>`, `<polyline>`, `<polygon>`,
`stroke-dasharray` + `stroke-linecap`, `opacity`, `fill-opacity`,
`stroke-opacity`, `<g transform>` (incl. rotate on `<text>`), `<defs>`,
`<use>` (`href` and `xlink:href`), `<symbol>`, `<clipPath>`, gradients on
shapes, `#rrggbbaa`, named colours, `<text>` with `<tspan x= y= dy=>`,
`text-anchor`, `font-weight` (≥ 600 = Bold), `xml:space`, data-URI
`<image>`, and `data-*` / `role` / `aria-*` attributes (ignored).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from cjmap.errors import OutputError
from cjmap.render._svg_for_pdf import svg_for_pdf

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

PDF_MAGIC = b"%PDF-"
# Any fixed instant: a PDF must have dates, and goldens must not change.
_CREATION_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def render_pdf(svg: str) -> bytes:
    """Convert an SVG document into a one-page vector PDF.

    Args:
        svg: the SVG document (as `render_svg` makes it).

    Returns:
        The PDF bytes; identical for identical input. The page is the SVG's
        size at 96 dpi (1 px = 0.75 pt).

    Raises:
        OutputError: the SVG is malformed or uses something fpdf2 can't convert.
        CjmapError: the Inter font could not be found or instanced.
    """
    from cjmap.text.fonts import FAMILY, font_files
    from cjmap.text.measure import default_measurer

    measurer = default_measurer()
    covered = measurer.covered_code_points()
    try:
        prepared, width_pt, height_pt = svg_for_pdf(svg, covered)
    except ValueError as exc:
        raise OutputError(f"cannot convert the SVG to PDF: {exc}") from exc

    from fpdf import FPDF
    from fpdf.enums import ResourceAccessPolicy
    from fpdf.errors import FPDFException, FPDFSvgLimitExceeded
    from fpdf.svg import SVGObject

    fonts = font_files()
    try:
        # No implicit file or network reads: an <image href="https://…">
        # must not make rendering fetch anything.
        drawing = SVGObject(prepared, resource_access_policy=ResourceAccessPolicy.NONE)
        pdf: Any = FPDF(unit="pt", format=(width_pt, height_pt))
        pdf.set_margin(0)
        pdf.set_auto_page_break(False)
        pdf.add_font(FAMILY, "", str(fonts.regular))
        pdf.add_font(FAMILY, "B", str(fonts.bold))
        pdf.set_font(FAMILY, size=12)
        pdf.set_creation_date(_CREATION_DATE)
        pdf.set_producer("cjmap")
        # fpdf2 derives /ID from the time unless told otherwise.
        pdf.file_id = lambda *args, **kwargs: -1
        pdf.add_page()
        # draw_to_page hands its tree to draw_path, which deep-copies it (in case
        # the caller changes it later); this drawing is used once, so no copy:
        # ~0.15 s of a 30-step map's PDF.
        draw_path = pdf.draw_path
        pdf.draw_path = lambda path, debug_stream=None: draw_path(path, debug_stream, copy=False)
        drawing.draw_to_page(pdf, x=0, y=0)
        data = bytes(pdf.output())
    except FPDFSvgLimitExceeded as exc:
        # fpdf2 caps SVG complexity (thousands of steps); say what to do instead
        raise OutputError(
            f"the diagram is too large for a PDF ({_one_line(exc)}); render SVG, or draw "
            "fewer steps or lanes with --persona / --lanes"
        ) from exc
    except (FPDFException, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise OutputError(f"cannot convert the SVG to PDF: {_one_line(exc)}") from exc
    if not data.startswith(PDF_MAGIC):
        raise OutputError("cannot convert the SVG to PDF: fpdf2 returned no PDF")
    return data


def render_pdf_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """Render a journey as PDF: its SVG, converted to vector PDF.

    Args:
        journey: the validated map.
        options: render options (as for SVG).

    Returns:
        The PDF bytes.

    Raises:
        OutputError: the SVG can't be converted.
    """
    from cjmap.render.svg import render_svg_bytes

    svg = render_svg_bytes(journey, options)
    return render_pdf(svg.decode("utf-8"))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
