"""Making positioned `Text` from a string: wrap, measure, place baselines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from cjmap._record import Record
from cjmap.layout.geometry import Box, Text, r
from cjmap.text.measure import TextMeasurer
from cjmap.text.wrap import wrap

_WrapKey = tuple[str, float, float, bool, int | None]
# (lines, rounded widths, rounded height of the lines' box)
_Lines = tuple[tuple[str, ...], tuple[float, ...], float]

# Drawn text drops control characters (XML cannot hold most of them) and the
# bidi embedding/override/isolate controls, which could make a label read
# differently from what the file says ("Trojan Source"). Newlines stay: they
# are explicit line breaks. Joiners and variation selectors stay (emoji).
_UNDRAWABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def drawable(text: str) -> str:
    """The text as it will be drawn: without controls and bidi overrides."""
    return _UNDRAWABLE.sub("", text.replace("\t", " "))


@dataclass(frozen=True, eq=False, repr=False)
class Typesetter(Record):
    """Wraps and positions text with one measurer.

    One is made per layout, so its caches live exactly as long as one
    drawing: maps repeat labels a lot (lane titles, "Expected", severities,
    owners, channels), and wrapping a label again gives the same lines.
    """

    measurer: TextMeasurer
    # (text, width, size, bold, max_lines) -> _Lines
    _wrapped: dict[_WrapKey, _Lines] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # size -> (line height, half-leading, ascent, rounded line height)
    _metrics: dict[float, tuple[float, float, float, float]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def line_height(self, size: float) -> float:
        return self.measurer.line_height(size)

    def block(
        self,
        text: str,
        x: float,
        y: float,
        width: float,
        size: float,
        fill: str,
        background: str,
        bold: bool = False,
        cls: str = "",
        max_lines: int | None = None,
        anchor: Literal["start", "middle", "end"] = "start",
    ) -> Text:
        """Wrap `text` into `width` and place its top-left at (x, y)."""
        key = (text, width, size, bold, max_lines)
        wrapped = self._wrapped.get(key)
        if wrapped is None:
            drawn = drawable(text)
            lines = wrap(drawn, self.measurer, width, size, bold=bold, max_lines=max_lines)
            wrapped = self._wrapped[key] = self._measured(lines or [""], size, bold)
        return self._place(wrapped, x, y, width, size, fill, background, bold, cls, anchor)

    def lines(
        self,
        lines: list[str],
        x: float,
        y: float,
        width: float,
        size: float,
        fill: str,
        background: str,
        bold: bool = False,
        cls: str = "",
        anchor: Literal["start", "middle", "end"] = "start",
    ) -> Text:
        """Place already-wrapped lines with their top at `y`."""
        measured = self._measured([drawable(line) for line in lines], size, bold)
        return self._place(measured, x, y, width, size, fill, background, bold, cls, anchor)

    def height(self, text: Text) -> float:
        return text.box.height

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self.measurer.width(text, size, bold)

    def _measured(self, lines: list[str], size: float, bold: bool) -> _Lines:
        width = self.measurer.width
        widths = tuple(r(width(line, size, bold)) for line in lines)
        return tuple(lines), widths, r(self._size(size)[0] * len(lines))

    def _place(
        self,
        measured: _Lines,
        x: float,
        y: float,
        width: float,
        size: float,
        fill: str,
        background: str,
        bold: bool,
        cls: str,
        anchor: Literal["start", "middle", "end"],
    ) -> Text:
        lines, widths, height = measured
        _, half_leading, ascent, line_height = self._size(size)
        left = r(x)
        if anchor == "start":
            anchor_x = left
        elif anchor == "middle":
            anchor_x = r(x + width / 2)
        else:
            anchor_x = r(x + width)
        return Text(
            lines=lines,
            widths=widths,
            x=anchor_x,
            y=r(y + half_leading + ascent),
            size=size,
            line_height=line_height,
            weight=700 if bold else 400,
            fill=fill,
            background=background,
            box=Box(left, r(y), r(width), height),
            anchor=anchor,
            cls=cls,
        )

    def _size(self, size: float) -> tuple[float, float, float, float]:
        metrics = self._metrics.get(size)
        if metrics is None:
            lh = self.measurer.line_height(size)
            ascent = self.measurer.ascent(size)
            descent_of = getattr(self.measurer, "descent", None)
            descent = descent_of(size) if descent_of is not None else 0.25 * size
            # centre the font's ascent+descent inside each line box
            metrics = self._metrics[size] = (lh, (lh - (ascent + descent)) / 2, ascent, r(lh))
        return metrics
