"""How wide a string is, in px, when drawn in Inter.

`FontMeasurer` shapes with HarfBuzz (uharfbuzz), the engine Chromium uses and
resvg reimplements, with kerning and ligatures on: the deps probe measured
Chromium's `getComputedTextLength()` within 0.015 px of it.

Characters Inter lacks are drawn by whatever fallback font the viewer has, so
they get a fixed, deliberately generous width that never depends on the
machine's fonts (goldens must not move between machines):

| what                                              | width      |
| ------------------------------------------------- | ---------- |
| emoji (incl. ZWJ sequences, flags, keycaps, VS16) | 1.25 em    |
| other pictographs Inter lacks                     | 1.25 em    |
| East Asian Wide/Fullwidth (CJK, kana, Hangul)     | 1.0 em     |
| any other letter Inter lacks (Arabic, Devanagari) | 0.7 em     |
| spacing mark Inter lacks (Devanagari vowel signs) | 0.35 em    |
| controls, format chars, combining marks           | 0          |

Noto Color Emoji advances 1.245 em and CJK fonts 1.0 em; Arabic and
Devanagari letters average 0.5-0.6 em in Noto Sans. A tab counts as a space,
as SVG's whitespace handling turns it into one.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cjmap.text import _unicode

if TYPE_CHECKING:
    from collections.abc import Iterator

#: em; the leading of wrapped lines. Inter's own ascender+descender is 1.21 em
#: (typo metrics, USE_TYPO_METRICS set); 1.3 leaves room for accents on
#: capitals and reads better in narrow cards.
LINE_HEIGHT_EM = 1.3
EMOJI_EM = 1.25
WIDE_EM = 1.0
OTHER_EM = 0.7
SPACING_MARK_EM = 0.35
_CACHE_SIZE = 8192  # distinct (text, bold) pairs; ~1 MB at typical label lengths


@runtime_checkable
class TextMeasurer(Protocol):
    """Anything that can tell layout how big text is; sizes are px."""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Advance width of `text` on one line, in px."""
        ...

    def line_height(self, size: float) -> float:
        """Distance between baselines of wrapped lines, in px."""
        ...

    def ascent(self, size: float) -> float:
        """Distance from the top of a line box to its baseline, in px."""
        ...


class FontMeasurer:
    """Measures text by shaping it with HarfBuzz against the Inter TTFs.

    Widths are cached per (text, bold) in font units, so one entry serves
    every font size (outline advances scale linearly; nothing is hinted).

    Args:
        regular: path of Inter Regular.
        bold: path of Inter Bold.
        cache_size: how many distinct strings per process to remember.

    Example:
        >>> m = default_measurer()
        >>> round(m.width("Hello", 16), 2)
        38.56
    """

    def __init__(self, regular: Path, bold: Path, cache_size: int = _CACHE_SIZE) -> None:
        import uharfbuzz as hb

        self._hb = hb
        self._fonts: list[Any] = []
        self._covered: list[frozenset[int]] = []
        for path in (regular, bold):
            face = hb.Face(hb.Blob.from_file_path(str(path)))
            self._fonts.append(hb.Font(face))
            self._covered.append(frozenset(face.unicodes))
        # Characters Inter has that a browser may still draw as emoji (U+2B1C).
        self._emoji_in_font = frozenset(
            cp for cp in self._covered[0] | self._covered[1] if _unicode.is_emoji_cluster(chr(cp))
        )
        face = self._fonts[0].face
        self._upem: int = face.upem
        extents = self._fonts[0].get_font_extents("ltr")
        self._ascender: int = extents.ascender
        self._descender: int = -extents.descender
        self._units = functools.lru_cache(maxsize=cache_size)(self._units_uncached)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the advance width of `text` drawn on one line.

        Args:
            text: the string; newlines count as nothing (wrap first).
            size: font size in px.
            bold: measure with Inter Bold.

        Returns:
            Width in px, with kerning and ligatures applied.
        """
        units, ems = self._units(text, bold)
        return units * size / self._upem + ems * size

    def line_height(self, size: float) -> float:
        """Return the baseline-to-baseline distance for wrapped lines.

        Args:
            size: font size in px.

        Returns:
            `LINE_HEIGHT_EM` × size, in px.
        """
        return LINE_HEIGHT_EM * size

    def ascent(self, size: float) -> float:
        """Return Inter's ascender (0.969 em), how far glyphs reach above the baseline.

        Args:
            size: font size in px.

        Returns:
            The ascent in px.
        """
        return self._ascender * size / self._upem

    def descent(self, size: float) -> float:
        """Return Inter's descender (0.241 em) as a positive distance below the baseline.

        Args:
            size: font size in px.

        Returns:
            The descent in px.
        """
        return self._descender * size / self._upem

    def covered_code_points(self) -> frozenset[int]:
        """Return the code points both Inter faces draw themselves.

        Returns:
            The intersection of the Regular and Bold cmaps.
        """
        return self._covered[0] & self._covered[1]

    def harfbuzz_fonts(self) -> tuple[Any, Any]:
        """Return the HarfBuzz fonts (Regular, Bold) this measurer shapes with."""
        return self._fonts[0], self._fonts[1]

    def draws_itself(self, text: str, bold: bool = False) -> bool:
        """Whether Inter draws every character of `text` itself, none as emoji.

        Such text is shaped in one piece; anything else (CJK, emoji, controls)
        is measured piece by piece with fallback widths.

        Args:
            text: one line.
            bold: with Inter Bold.

        Returns:
            True when HarfBuzz's shaping of `text` is what a viewer draws.
        """
        if not text.isprintable():
            return False
        code_points = set(map(ord, text))
        return code_points <= self._covered[bold] and not code_points & self._emoji_in_font

    def units_per_em(self) -> int:
        """Return Inter's units per em (the scale of HarfBuzz's positions)."""
        return self._upem

    def _units_uncached(self, text: str, bold: bool) -> tuple[int, float]:
        style = 1 if bold else 0
        covered = self._covered[style]
        if self.draws_itself(text, bold):  # fast path (~10x): one shaping
            return self._shape(text, style), 0.0
        units = 0
        ems = 0.0
        for kind, piece, em in _pieces(text, covered):
            if kind == "run":
                units += self._shape(piece, style)
            elif kind == "emoji" and ord(piece[0]) in covered:
                # Inter draws a few emoji-presentation symbols (U+2B1C) itself,
                # but a browser may still pick the emoji font: take the wider.
                own = self._shape(piece[0], style)
                if own > EMOJI_EM * self._upem:
                    units += own
                else:
                    ems += EMOJI_EM
            else:
                ems += em
        return units, ems

    def _shape(self, text: str, style: int) -> int:
        if not text:
            return 0  # HarfBuzz returns no positions at all for an empty buffer
        hb = self._hb
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        # No feature list: `kern` and `liga` are HarfBuzz defaults for
        # horizontal text already, and passing them costs half the call.
        hb.shape(self._fonts[style], buf)
        return sum(pos.x_advance for pos in buf.glyph_positions)


def _pieces(text: str, covered: frozenset[int]) -> Iterator[tuple[str, str, float]]:
    # Yields ("run", text Inter can shape, 0), ("emoji", cluster, 1.25) or
    # ("fallback", char, em): what a browser draws with another font.
    run: list[str] = []
    for cluster in _unicode.clusters(text.replace("\t", " ")):
        if _unicode.is_emoji_cluster(cluster):
            if run:
                yield "run", "".join(run), 0.0
                run = []
            yield "emoji", cluster, EMOJI_EM
            continue
        for ch in cluster:
            category = unicodedata.category(ch)
            if category in ("Cc", "Zl", "Zp"):
                continue
            if ord(ch) in covered:
                run.append(ch)
            elif category in ("Mn", "Me", "Cf"):
                continue  # invisible, or a mark stacked on its base
            else:
                if run:  # kerning across a fallback-font glyph cannot happen
                    yield "run", "".join(run), 0.0
                    run = []
                yield "fallback", ch, _fallback_em(ch, category)
    if run:
        yield "run", "".join(run), 0.0


def _fallback_em(ch: str, category: str) -> float:
    if _unicode.is_pictographic(ord(ch)):
        return EMOJI_EM
    if _unicode.is_wide(ch):
        return WIDE_EM
    if category == "Mc":
        return SPACING_MARK_EM
    return OTHER_EM


@functools.cache
def default_measurer() -> FontMeasurer:
    """Return the process-wide measurer for the cached Inter instances.

    Returns:
        A `FontMeasurer` over `font_files()`; the same object on every call.

    Raises:
        CjmapError: the Inter font could not be found or instanced.
    """
    from cjmap.text.fonts import font_files

    files = font_files()
    return FontMeasurer(files.regular, files.bold)
