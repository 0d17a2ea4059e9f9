"""Inter, cut down to the characters one document uses, as CSS `@font-face` rules.

Browsers then draw an SVG or HTML export with exactly the font it was measured
with, without a network fetch (no CDN) and for about 20 KB per face. PNG and
PDF don't need this: resvg and fpdf2 get the TTF files directly.

HarfBuzz subsets a face in about 1 ms. It keeps the default layout features,
including `kern` (GPOS) and `liga`, so the browser kerns like the measurer;
its output is a pure function of font and code points, which keeps goldens
byte-stable.
"""

from __future__ import annotations

import base64
import functools
import re

from cjmap.text.fonts import FAMILY, font_files

# Always present, whatever the labels are: space, no-break space, and the
# ellipsis `wrap` adds.
_ALWAYS = " \u00a0…"


def font_face_css(text_regular: str, text_bold: str) -> str:
    """Return `@font-face` rules embedding Inter subsets for the given text.

    Args:
        text_regular: every character drawn with weight 400 (order and
            repetition don't matter).
        text_bold: every character drawn with weight 700.

    Returns:
        Two rules, Regular then Bold, separated by a newline, e.g.
        `@font-face{font-family:'Inter';font-weight:400;src:url(data:font/ttf;base64,…)
        format('truetype')}`. Same input, same bytes.

    Raises:
        CjmapError: the Inter font could not be found or instanced.
    """
    return "\n".join(
        (
            _rule(400, _code_points(text_regular)),
            _rule(700, _code_points(text_bold)),
        )
    )


def subset_font(text: str, bold: bool = False) -> bytes:
    """Return an Inter TTF holding just the glyphs needed for `text`.

    Args:
        text: the characters to keep (plus space, no-break space and `…`).
        bold: subset Inter Bold instead of Regular.

    Returns:
        The TTF bytes, deterministic for a given set of characters. Unlike the
        browser subset it keeps the outline of `.notdef`, so a rasteriser that
        finds no font for a character draws Inter's missing-glyph box, never
        nothing.

    Raises:
        CjmapError: the Inter font could not be found or instanced.
    """
    return _subset(_code_points(text), bold, notdef_outline=True)


def distinct_characters(text: str, sample: int = 65_536) -> set[str]:
    """The characters of `text`, as `set(text)` but twice as fast on megabytes.

    `set()` makes an object of every character. Instead, the characters of
    the first `sample` ones (nearly all a document uses) are cut out of the
    whole text by one regex pass in C, and only what is left goes to `set()`.

    Args:
        text: a document or its labels, e.g. a report page or a layout's text.
        sample: how many leading characters go to `set()` directly.

    Returns:
        Every character that occurs in `text`.
    """
    seen = set(text[:sample])
    if not seen:
        return seen
    known = re.compile("[" + "".join(re.escape(c) for c in sorted(seen)) + "]+")
    return seen | set(known.sub("", text))


def _code_points(text: str) -> frozenset[int]:
    return frozenset(map(ord, text + _ALWAYS))


@functools.lru_cache(maxsize=16)
def _rule(weight: int, code_points: frozenset[int]) -> str:
    data = base64.b64encode(_subset(code_points, weight >= 700)).decode("ascii")
    return (
        f"@font-face{{font-family:'{FAMILY}';font-weight:{weight};"
        f"src:url(data:font/ttf;base64,{data}) format('truetype')}}"
    )


def _subset(code_points: frozenset[int], bold: bool, notdef_outline: bool = False) -> bytes:
    import uharfbuzz as hb

    path = font_files().for_weight(bold)
    face = _face(str(path))
    subset_input = hb.SubsetInput()
    for cp in sorted(code_points):
        subset_input.unicode_set.add(cp)
    # Hinting instructions only matter to old rasterisers at tiny sizes and
    # are a third of the bytes; browsers ignore them on high-DPI screens.
    flags = hb.SubsetFlags.NO_HINTING
    if notdef_outline:  # browsers fall back to system fonts instead; HarfBuzz drops it by default
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    subset_input.flags = flags
    result = hb.subset(face, subset_input)
    if result is None:
        from cjmap.errors import CjmapError

        raise CjmapError(f"could not subset the Inter font {path}")
    return bytes(result.blob.data)


@functools.cache
def _face(path: str) -> object:
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(path))
