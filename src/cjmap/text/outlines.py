"""Lines of text as SVG path data: Inter's glyph outlines, placed by HarfBuzz.

The PNG renderer draws a journey's labels as paths instead of `<text>`: resvg
then has no text to lay out, and its font database, which opens, maps and
unmaps the font file for every glyph and text chunk it looks at (~4,000 times
and ~100 ms for a 30-step map), is never asked. Without that churn two threads
can rasterise the two halves of a map at the same time (see `render/png.py`).

The glyphs are those the measurer shaped when it measured the line (same
fonts, same HarfBuzz, kerning and ligatures on), so the drawn width is the
measured width. Outlines are in *half* font units: TrueType points are
integers and the on-curve points HarfBuzz implies between two off-curve
points are halves, so doubling makes every coordinate an integer, written
without a decimal point; a line's path is scaled by `size / units_per_em / 2`.

Each glyph's outline is turned into relative commands once and cached; a line
is then one absolute `M` per glyph followed by that glyph's cached commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cjmap.text.measure import FontMeasurer


class LinePaths:
    """Path data for single lines of Inter text, with outlines cached per glyph.

    `drawable(text, bold)` says whether a line can be drawn this way: the
    measurer's `draws_itself` (text it shapes whole; not CJK, emoji, tabs).

    Args:
        measurer: the measurer whose HarfBuzz fonts shape and draw the lines.

    Example:
        >>> from cjmap.text.measure import default_measurer
        >>> paths = LinePaths(default_measurer())
        >>> d, advance = paths.line("Hi", bold=False)
        >>> d.startswith("M") and advance > 0
        True
    """

    def __init__(self, measurer: FontMeasurer) -> None:
        import uharfbuzz as hb

        self._hb = hb
        self._fonts = measurer.harfbuzz_fonts()
        self.drawable = measurer.draws_itself
        self.units_per_em: int = measurer.units_per_em()
        self._outlines: tuple[dict[int, str], dict[int, str]] = ({}, {})
        self._buffer = hb.Buffer()  # reused: one LinePaths per thread

    def line(self, text: str, bold: bool) -> tuple[str, int]:
        """Path data of one line whose baseline starts at (0, 0), y pointing up.

        Args:
            text: one line that `drawable` accepts.
            bold: with Inter Bold.

        Returns:
            The path data in half font units ("" when no glyph has an outline,
            e.g. spaces only) and the line's advance in font units.
        """
        buf = self._buffer
        buf.clear_contents()
        buf.add_str(text)
        buf.guess_segment_properties()
        font = self._fonts[bold]
        self._hb.shape(font, buf)
        outlines = self._outlines[bold]
        parts = []
        pen = 0
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            glyph = info.codepoint
            outline = outlines.get(glyph)
            if outline is None:
                outline = outlines[glyph] = _outline(font, glyph)
            x_offset, y_offset, x_advance, _ = pos.position
            if outline:
                parts.append(f"M{2 * (pen + x_offset)} {2 * y_offset}{outline}")
            pen += x_advance
        return "".join(parts), pen


def _outline(font: Any, glyph: int) -> str:
    # The glyph's contours in relative commands, in half font units, after an
    # implicit absolute move to the glyph's origin: the first command is a
    # relative move to the first point, so the caller's `M x y` (the origin)
    # and this string make a complete path.
    pen = _RelativePen()
    font.draw_glyph_with_pen(glyph, pen)
    return "".join(pen.parts)


class _RelativePen:
    """A fontTools-style pen writing relative SVG path commands in half units.

    HarfBuzz hands TrueType points as integers, or halves for the on-curve
    points it implies, so doubling them gives exact integers.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._x = self._y = 0
        self._start = (0, 0)

    def moveTo(self, point: tuple[float, float]) -> None:  # the pen protocol's name
        x, y = round(point[0] * 2), round(point[1] * 2)
        self.parts.append(f"m{x - self._x} {y - self._y}")
        self._x, self._y = self._start = x, y

    def lineTo(self, point: tuple[float, float]) -> None:
        x, y = round(point[0] * 2), round(point[1] * 2)
        self.parts.append(f"l{x - self._x} {y - self._y}")
        self._x, self._y = x, y

    def qCurveTo(self, control: tuple[float, float], point: tuple[float, float]) -> None:
        ox, oy = self._x, self._y
        x, y = round(point[0] * 2), round(point[1] * 2)
        self.parts.append(
            f"q{round(control[0] * 2) - ox} {round(control[1] * 2) - oy} {x - ox} {y - oy}"
        )
        self._x, self._y = x, y

    def curveTo(
        self, c1: tuple[float, float], c2: tuple[float, float], point: tuple[float, float]
    ) -> None:
        ox, oy = self._x, self._y
        x, y = round(point[0] * 2), round(point[1] * 2)
        self.parts.append(
            f"c{round(c1[0] * 2) - ox} {round(c1[1] * 2) - oy} "
            f"{round(c2[0] * 2) - ox} {round(c2[1] * 2) - oy} {x - ox} {y - oy}"
        )
        self._x, self._y = x, y

    def closePath(self) -> None:
        self.parts.append("z")
        self._x, self._y = self._start  # SVG: a closed subpath returns to its start
