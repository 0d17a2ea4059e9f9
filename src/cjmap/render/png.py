"""SVG -> PNG with resvg, the SVG renderer's own output rasterised.

resvg (via `resvg-py`) needs no system library, and with `skip_system_fonts`
it sees only the Inter files we hand it, so a PNG is byte-identical on every
machine and never depends on what fonts happen to be installed. Two settings
are not optional (both measured in the deps probe):

- `sans_serif_family`/`font_family` = Inter: with system fonts skipped, any
  family resvg can't resolve would otherwise draw *no text*, silently;
- `dpi=96`: resvg's default of 0 rejects `pt`/`mm` sizes (Graphviz SVGs).

resvg ignores `@font-face`, so the subset embedded for browsers is harmless.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from cjmap.errors import OutputError

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: pixels; 100 MP is a 400 MB RGBA buffer. Past this resvg's allocation
#: would take the process down (no exception), so refuse politely instead.
MAX_PIXELS = 100_000_000
_ROOT_TAG = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(px|pt|mm|cm|in|pc)?\s*$", re.IGNORECASE)
_PX_PER_UNIT = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 9.6 / 2.54}


def render_png(svg: str, scale: float = 1.0) -> bytes:
    """Rasterise an SVG document to PNG with the bundled Inter fonts.

    Args:
        svg: the SVG document (as `render_svg` makes it).
        scale: zoom factor; 2 gives a "retina" image of twice the width and height.

    Returns:
        The PNG bytes; the image is the SVG's width × height × `scale` px.

    Raises:
        OutputError: the SVG can't be rasterised (malformed, zero-sized, or
            larger than `MAX_PIXELS` at this scale).
        CjmapError: the Inter font could not be found or instanced.
    """
    if not (math.isfinite(scale) and scale > 0):
        raise OutputError(f"PNG scale must be a positive number, not {scale}")
    size = _declared_size(svg)
    if size is not None and size[0] * size[1] * scale * scale > MAX_PIXELS:
        width, height = (round(v * scale) for v in size)
        raise OutputError(
            f"PNG would be {width}×{height} px, over the {MAX_PIXELS // 1_000_000} MP limit; "
            "use a smaller --scale, or export SVG or PDF"
        )

    import resvg_py

    from cjmap.text.fonts import FAMILY, font_files

    fonts = font_files()
    try:
        result: Any = resvg_py.svg_to_bytes(
            svg_string=svg,
            font_files=[str(fonts.regular), str(fonts.bold)],
            font_dirs=fallback_font_dirs(svg),
            skip_system_fonts=True,
            font_family=FAMILY,
            sans_serif_family=FAMILY,
            dpi=96,
            zoom=scale,
        )
    except (ValueError, RuntimeError, OSError) as exc:
        raise OutputError(f"cannot rasterise the SVG to PNG: {_one_line(exc)}") from exc
    # resvg-py 0.5 returns bytes; older releases returned a list of ints.
    png = result if isinstance(result, bytes) else bytes(result)
    if not png.startswith(PNG_MAGIC):
        raise OutputError("cannot rasterise the SVG to PNG: resvg returned no PNG data")
    return png


# Where operating systems keep fonts. Searched only when the SVG has text Inter
# cannot draw (CJK, emoji, Arabic …): Inter stays first for everything it covers,
# so Latin text is identical everywhere; where no fallback font is installed the
# PNG shows Inter's "no glyph" box — the layout reserved the room either way.
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "C:\\Windows\\Fonts",
)


def fallback_font_dirs(svg: str) -> list[str]:
    """Existing system font directories, if the SVG has characters Inter lacks."""
    import os

    from cjmap.text.measure import default_measurer

    covered = default_measurer().covered_code_points()
    wanted = {ord(ch) for ch in set(svg) if ord(ch) > 0x7E and ch.isprintable()}
    if wanted <= covered:
        return []
    dirs = (os.path.expanduser(d) for d in SYSTEM_FONT_DIRS)
    return [d for d in dirs if os.path.isdir(d)]


def render_png_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """Render a journey as PNG: its SVG, rasterised at `options.scale`.

    Args:
        journey: the validated map.
        options: render options; `scale` sets the zoom.

    Returns:
        The PNG bytes.

    Raises:
        OutputError: the SVG can't be rasterised.
    """
    from cjmap.render.svg import render_svg_bytes

    svg = render_svg_bytes(journey, options)
    return render_png(svg.decode("utf-8"), options.scale)


def _declared_size(svg: str) -> tuple[float, float] | None:
    # The root's width/height (else its viewBox), in px; None if unknown.
    root = _ROOT_TAG.search(svg)
    if root is None:
        return None
    tag = root.group(0)
    sizes = []
    for name in ("width", "height"):
        match = re.search(rf'\s{name}\s*=\s*["\']([^"\']*)["\']', tag)
        length = _LENGTH.match(match.group(1)) if match else None
        if length is None:
            break
        unit = (length.group(2) or "px").lower()
        sizes.append(float(length.group(1)) * _PX_PER_UNIT[unit])
    if len(sizes) == 2:
        return sizes[0], sizes[1]
    view_box = re.search(r'\sviewBox\s*=\s*["\']([^"\']*)["\']', tag)
    if view_box:
        numbers = re.split(r"[\s,]+", view_box.group(1).strip())
        if len(numbers) == 4:
            try:
                return float(numbers[2]), float(numbers[3])
            except ValueError:
                return None
    return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
