"""Making positioned `Text` from a string: wrap, measure, place baselines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from cjmap.layout.geometry import Box, Text, r
from cjmap.text.measure import TextMeasurer
from cjmap.text.wrap import wrap

# Drawn text drops control characters (XML cannot hold most of them) and the
# bidi embedding/override/isolate controls, which could make a label read
# differently from what the file says ("Trojan Source"). Newlines stay: they
# are explicit line breaks. Joiners and variation selectors stay (emoji).
_UNDRAWABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def drawable(text: str) -> str:
    """The text as it will be drawn: without controls and bidi overrides."""
    return _UNDRAWABLE.sub("", text.replace("\t", " "))


@dataclass(frozen=True)
class Typesetter:
    """Wraps and positions text with one measurer."""

    measurer: TextMeasurer

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
        text = drawable(text)
        lines = wrap(text, self.measurer, width, size, bold=bold, max_lines=max_lines) or [""]
        return self.lines(lines, x, y, width, size, fill, background, bold, cls, anchor)

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
        lines = [drawable(line) for line in lines]
        lh = self.measurer.line_height(size)
        widths = tuple(r(self.measurer.width(line, size, bold)) for line in lines)
        ascent = self.measurer.ascent(size)
        descent_of = getattr(self.measurer, "descent", None)
        descent = descent_of(size) if descent_of is not None else 0.25 * size
        # centre the font's ascent+descent inside each line box
        baseline = y + (lh - (ascent + descent)) / 2 + ascent
        ax = x if anchor == "start" else (x + width / 2 if anchor == "middle" else x + width)
        return Text(
            lines=tuple(lines),
            widths=widths,
            x=r(ax),
            y=r(baseline),
            size=size,
            line_height=r(lh),
            weight=700 if bold else 400,
            fill=fill,
            background=background,
            box=Box(r(x), r(y), r(width), r(lh * len(lines))),
            anchor=anchor,
            cls=cls,
        )

    def height(self, text: Text) -> float:
        return text.box.height

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self.measurer.width(text, size, bold)
