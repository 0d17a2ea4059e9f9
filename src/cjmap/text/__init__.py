"""Text: the Inter font, how wide a string is, and where it wraps.

In: strings, a font size in px and a bold flag. Out: widths and line heights
in px (`TextMeasurer`), lists of lines that fit a width (`wrap`), font file
paths for the rasteriser and PDF writer (`font_files`), and `@font-face` CSS
embedding a per-document subset for browsers (`font_face_css`).

Layout measures and renderers draw with the same Inter instances, so what
layout wraps is what every output shows. A leaf package: anyone may import
it, it imports nothing of cjmap but `errors`. Importing it is cheap;
uharfbuzz and fontTools load on first use.
"""

from __future__ import annotations

from cjmap.text.fonts import FontFiles, font_cache_dir, font_files, font_license
from cjmap.text.measure import (
    LINE_HEIGHT_EM,
    FontMeasurer,
    TextMeasurer,
    default_measurer,
)
from cjmap.text.subset import font_face_css, subset_font
from cjmap.text.wrap import ELLIPSIS, truncate, wrap

__all__ = [
    "ELLIPSIS",
    "LINE_HEIGHT_EM",
    "FontFiles",
    "FontMeasurer",
    "TextMeasurer",
    "default_measurer",
    "font_cache_dir",
    "font_face_css",
    "font_files",
    "font_license",
    "subset_font",
    "truncate",
    "wrap",
]
