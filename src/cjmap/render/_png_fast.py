"""The fast PNG path: resvg through `svg2png-py`, deflated by `_png_encode`.

`svg2png-py` binds the same resvg as `resvg-py` (same pixels), but it releases
the GIL and can return the raw premultiplied RGBA pixmap (`svg_to_rgba`)
instead of a PNG. resvg-py's own PNG step is the slow half of its 2 s on the
30-step map; here the rows are deflated in threads instead (`_png_encode`).
Measured on that map (6456 × 2000 px, CPU seconds): resvg-py 2.0 s;
`svg_to_rgba` 0.26 s + encoding 0.10 s.

Because it releases the GIL, strips of one image (`png._strips`) are drawn
in threads at the same time: ~160 ms instead of ~280 for the 30-step map on
two cores, once its labels are paths. (With `<text>`, resvg's font database
opens and maps the font file for each glyph and text chunk, and two threads
doing that took 2.9× as long as one.)

It is an optional dependency (`cjmap[fast-png]`: wheels only for Linux
x86_64 with glibc ≥ 2.34, macOS arm64 and Windows x64, and no sdist), so
`png.py` falls back to resvg-py whenever `available()` is False, and for the
SVGs this path can't draw the same (see `png.py`).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from typing import Any

from cjmap.render._png_encode import encode_png, encode_png_strips, straight_alpha_patches


@functools.cache
def available() -> bool:
    """Whether `svg2png-py` can be imported.

    Returns:
        True if the fast path can be used.
    """
    try:
        import svg2png_py  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


def rasterise(
    svg: str,
    font_files: list[str],
    font_dirs: list[str],
    family: str,
    opaque_background: bool = False,
    strips: Sequence[str] = (),
) -> bytes:
    """Rasterise an SVG at its own size (zoom it first by rewriting its root).

    Args:
        svg: the SVG document.
        font_files: fonts to load first (Inter); nothing from the system.
        font_dirs: directories searched for characters the fonts lack.
        family: the family of text that names none.
        opaque_background: the SVG first paints an opaque rectangle over its
            whole canvas, from (0, 0): only the last row and column of pixels
            may then be translucent (see `straight_alpha_patches`).
        strips: the same drawing cut into horizontal strips, top first (SVGs
            whose roots show one band of rows each, see `png.py`): drawn at
            the same time in threads instead of `svg`. Only for SVGs with an
            opaque background (`png.render_png` passes them only then).

    Returns:
        The PNG bytes.

    Raises:
        ValueError: resvg could not parse or draw the SVG.
    """
    import svg2png_py  # type: ignore[import-untyped, import-not-found, unused-ignore]

    database: Any = svg2png_py.FontDatabase()
    for path in font_files:
        database.load_font_file(path)
    for directory in font_dirs:
        database.load_fonts_dir(directory)
    # dpi=96: resvg's length units (pt, mm) need it, as with resvg-py.
    options = svg2png_py.RenderOptions(dpi=96, font_family=family)
    try:
        if strips:
            return _rasterise_strips(svg2png_py, strips, database, options)
        rgba, width, height = svg2png_py.svg_to_rgba(svg, database, options=options)
        patches = straight_alpha_patches(rgba, width, opaque_inside=opaque_background)
        if patches is None:
            # Mostly transparent (no background): resvg's own encoder converts
            # faster than Python. cjmap's maps and flows all paint one.
            png: bytes = svg2png_py.svg_to_png(svg, database, options=options)
            return png
    except (RuntimeError, OSError) as exc:
        raise ValueError(_message(exc)) from exc
    return encode_png(rgba, width, height, patches)


def _rasterise_strips(svg2png_py: Any, strips: Sequence[str], database: Any, options: Any) -> bytes:
    # resvg releases the GIL: each strip is drawn in its own thread (the
    # first in this one), then deflated as one band of the PNG.
    drawn: list[tuple[bytes, int, int] | BaseException] = [ValueError()] * len(strips)

    def draw(index: int) -> None:
        try:
            drawn[index] = svg2png_py.svg_to_rgba(strips[index], database, options=options)
        except BaseException as exc:  # re-raised in the calling thread below
            drawn[index] = exc

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(1, len(strips))]
    for thread in threads:
        thread.start()
    draw(0)
    for thread in threads:
        thread.join()
    pieces = []
    width = 0
    for result in drawn:
        if isinstance(result, BaseException):
            raise result
        rgba, width, _ = result
        # opaque inside: at most a row and a column to convert, never "too many"
        patches = straight_alpha_patches(rgba, width, len(rgba), opaque_inside=True)
        pieces.append((rgba, patches or {}))
    return encode_png_strips(pieces, width)


def _message(exc: BaseException) -> str:
    message = str(exc).removeprefix("SVG parse error: ")
    return message.removeprefix("SVG data parsing failed cause ")
