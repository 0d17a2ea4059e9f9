"""SVG -> PNG with resvg, the SVG renderer's own output rasterised.

resvg needs no system library, and it sees only the Inter files we hand it
(no system fonts), so a PNG is the same on every machine and never depends on
what fonts happen to be installed. Two settings are not optional (both
measured in the deps probe):

- the family of unnamed (and, with resvg-py, `sans-serif`) text = Inter: with
  system fonts skipped, a family resvg can't resolve draws *no text*, silently;
- `dpi=96`: resvg's default of 0 rejects `pt`/`mm` sizes (Graphviz SVGs).

A journey's PNG is drawn from the SVG renderer's output with two changes
(`map_svg_for_png`): no embedded font (resvg ignores `@font-face`), and every
label Inter covers drawn as its glyph outlines, placed by the HarfBuzz shaping
the layout measured. The 30-step map's labels then cost resvg nothing to lay
out (its font database opened and mapped the font file ~4,000 times for them,
~100 ms), and large maps are cut into `STRIPS` horizontal strips drawn at the
same time in two threads (`_strips`; with text, the font file churn made two
threads slower than one). The labels' pixels are those resvg draws for the
same glyphs as `<text>` but for antialiasing noise (≤ 0.01 % of the pixels).
A strip's edges antialias a little differently from the whole drawing's
(translating by its top row changes float rounding), so the strips depend on
the image's size only, never on the machine.

Two bindings of resvg draw the same pixels (but where the fast one draws a
map in strips and the other whole). `svg2png-py` (optional extra
`cjmap[fast-png]`, see `_png_fast`) is used when it is installed and can draw
the SVG the same way: ~0.15 s instead of ~2 s for the 30-step map.
`resvg-py` (always installed) does everything else: SVGs whose text names a
family other than Inter (svg2png-py can't map `sans-serif` to Inter), and
zooming an SVG whose root has no absolute width and height.

Text left in an SVG (flow graphs, labels in scripts Inter lacks) is drawn
with Inter cut down to the SVG's own characters (`_inter_for`): the subset
keeps every glyph those characters reach (GSUB closure) and their kerning, so
the pixels are identical, and resvg, which rebuilds its shaping tables for
every text chunk, parses the text twice as fast.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap.errors import OutputError
from cjmap.render._png_encode import PNG_SIGNATURE

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

#: pixels; 100 MP is a 400 MB RGBA buffer (the fast path holds it twice:
#: resvg's pixmap and its copy as Python bytes). Past this resvg's allocation
#: would take the process down (no exception), so refuse politely instead.
MAX_PIXELS = 100_000_000
_ROOT_TAG = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
_ROOT_SIZE = re.compile(r"(\s)(width|height)\s*=\s*([\"'])[^\"']*\3")
_VIEW_BOX = re.compile(r"\sviewBox\s*=\s*([\"'])([^\"']*)\1")
# A font-family attribute or CSS property, and its value, in a lower-cased SVG
# (a literal start lets the regex skip ahead: 1 ms on 3 MB, not 20 with IGNORECASE).
_FONT_FAMILY = re.compile(r"font-family\s*[=:]\s*(\"[^\"]*\"|'[^']*'|[^;\"'>}]*)")
_INTER = re.compile(r"\binter\b")
_CHARACTER_REFERENCE = re.compile(r"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")
# What XML's predefined entities (&amp; &lt; &gt; &quot; &apos;) stand for.
_ENTITY_CHARACTERS = "&<>\"'"
_LENGTH = re.compile(r"^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(px|pt|mm|cm|in|pc)?\s*$", re.IGNORECASE)
_OPAQUE_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
#: horizontal strips a large map is cut into, drawn at the same time in threads
STRIPS = 2
#: px; maps with fewer pixels per strip are drawn whole (a strip's SVG is parsed whole)
MIN_STRIP_PIXELS = 1_000_000
_PX_PER_UNIT = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 9.6 / 2.54}


def render_png(
    svg: str,
    scale: float = 1.0,
    characters: str | None = None,
    opaque_background: bool = False,
) -> bytes:
    """Rasterise an SVG document to PNG with the bundled Inter fonts.

    Args:
        svg: the SVG document (as `render_svg` makes it).
        scale: zoom factor; 2 gives a "retina" image of twice the width and height.
        characters: every character the SVG's text draws, when the caller
            knows them (a layout's texts); "" when it has no text (then no
            font is loaded at all); else they are read from the SVG.
        opaque_background: the SVG first paints an opaque rectangle over its
            whole canvas from (0, 0), as a journey map's background does; then
            only the image's last row and column are searched for translucent
            pixels (~40 ms less for a 30-step map), and a large SVG without
            `<text>` is drawn in `STRIPS` strips at once (`_strips`).

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

    from cjmap.render import _png_fast
    from cjmap.text.fonts import FAMILY

    if characters is None:
        characters = _drawn_characters(svg)
    font_dirs = _fallback_dirs_for(characters)
    # Both bindings zoom the same way: by drawing an SVG whose root is
    # `scale` times larger (resvg-py's own zoom rounds the size before scaling).
    zoomed = _zoomed(svg, scale) if scale != 1 else svg
    if zoomed is not None:
        svg, scale = zoomed, 1.0
    fast = zoomed is not None and _png_fast.available() and _names_only_inter(svg)
    strips = _strips(svg) if fast and opaque_background and "<text" not in svg else []
    # The subset font files must outlive the rendering: resvg maps them lazily.
    with _inter_for(characters) as fonts:
        try:
            if fast:
                return _png_fast.rasterise(svg, fonts, font_dirs, FAMILY, opaque_background, strips)
            return _rasterise_with_resvg_py(svg, scale, fonts, font_dirs)
        except (ValueError, RuntimeError, OSError) as exc:
            raise OutputError(f"cannot rasterise the SVG to PNG: {_one_line(exc)}") from exc


def _rasterise_with_resvg_py(
    svg: str, scale: float, fonts: list[str], font_dirs: list[str]
) -> bytes:
    import resvg_py

    from cjmap.text.fonts import FAMILY

    result: Any = resvg_py.svg_to_bytes(
        svg_string=svg,
        font_files=fonts,
        font_dirs=font_dirs,
        skip_system_fonts=True,
        font_family=FAMILY,
        sans_serif_family=FAMILY,
        dpi=96,
        zoom=scale,
    )
    # resvg-py 0.5 returns bytes; older releases returned a list of ints.
    png = result if isinstance(result, bytes) else bytes(result)
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("resvg returned no PNG data")
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
    """Existing system font directories, if the SVG has characters Inter lacks.

    Args:
        svg: the SVG document.

    Returns:
        The directories to search, or [] when Inter covers every character.
    """
    return _fallback_dirs_for(_drawn_characters(svg))


def _fallback_dirs_for(characters: str) -> list[str]:
    import os

    from cjmap.text.measure import default_measurer

    covered = default_measurer().covered_code_points()
    wanted = {ord(ch) for ch in characters if ord(ch) > 0x7E and ch.isprintable()}
    if wanted <= covered:
        return []
    dirs = (os.path.expanduser(d) for d in SYSTEM_FONT_DIRS)
    return [d for d in dirs if os.path.isdir(d)]


def _drawn_characters(svg: str) -> str:
    # Every character the text could contain: the document's own characters
    # (markup too, harmless) plus those spelt as references, sorted so the
    # font subset is the same for the same SVG.
    from cjmap.text.subset import distinct_characters

    characters = distinct_characters(svg) | set(_ENTITY_CHARACTERS)
    for reference in _CHARACTER_REFERENCE.findall(svg):
        code = int(reference[1:], 16) if reference[0] in "xX" else int(reference)
        if code <= 0x10FFFF:
            characters.add(chr(code))
    return "".join(sorted(characters))


@contextlib.contextmanager
def _inter_for(characters: str) -> Iterator[list[str]]:
    # Inter Regular and Bold cut down to `characters`, as files (both bindings
    # load fonts from paths), deleted afterwards; none for no characters.
    # About 10 ms; with no writable temp dir, the full fonts do the same job
    # a little slower.
    if not characters:  # no text left to draw (the labels are paths)
        yield []
        return
    import tempfile

    from cjmap.text.fonts import font_files
    from cjmap.text.subset import subset_font

    fonts = font_files()
    full = [str(fonts.regular), str(fonts.bold)]
    try:
        # Windows can't delete a font resvg still maps (an exception's
        # traceback may keep the font database alive): leave it to the OS.
        directory = tempfile.TemporaryDirectory(prefix="cjmap-png-", ignore_cleanup_errors=True)
    except OSError:
        yield full
        return
    with directory:
        try:
            paths = []
            for bold, source in ((False, fonts.regular), (True, fonts.bold)):
                path = Path(directory.name, source.name)
                path.write_bytes(subset_font(characters, bold=bold))
                paths.append(str(path))
        except OSError:
            paths = full
        yield paths


def _names_only_inter(svg: str) -> bool:
    # svg2png-py can't map generic families (`sans-serif`) to Inter the way
    # resvg-py does, so text naming only other families would vanish there.
    return all(_INTER.search(value) for value in _FONT_FAMILY.findall(svg.lower()))


def _zoomed(svg: str, scale: float) -> str | None:
    # The SVG with its root's width and height multiplied by `scale`, and a
    # viewBox of the old size if it had none, so that resvg draws it `scale`
    # times larger (svg2png-py has no zoom option). None when the root has no
    # absolute width and height (percentages, none at all).
    root = _ROOT_TAG.search(svg)
    size = _absolute_size(root.group(0)) if root else None
    if root is None or size is None:
        return None
    width, height = size
    zoomed = {"width": width * scale, "height": height * scale}
    tag = _ROOT_SIZE.sub(lambda m: f'{m[1]}{m[2]}="{zoomed[m[2]]!r}"', root.group(0))
    if not _VIEW_BOX.search(tag):
        tag = f'{tag[:4]} viewBox="0 0 {width!r} {height!r}"{tag[4:]}'
    return svg[: root.start()] + tag + svg[root.end() :]


def _strips(svg: str) -> list[str]:
    # The SVG cut into `STRIPS` horizontal strips of whole pixel rows, each
    # an SVG whose root shows just its rows (same width, its own height and
    # viewBox); [] when the image is small or the root can't be cut. The
    # strips depend only on the image's size, never on the machine, so the
    # pixels do too.
    root = _ROOT_TAG.search(svg)
    if root is None or "preserveaspectratio" in root.group(0).lower():
        return []
    tag = root.group(0)
    size, view_box = _absolute_size(tag), _view_box(tag)
    if size is None or view_box is None:
        return []
    width, height = size
    rows = math.floor(height + 0.5)  # resvg rounds the canvas size half up
    if width * height < STRIPS * MIN_STRIP_PIXELS or rows < STRIPS:
        return []
    left, top, view_width, view_height = view_box
    per_row = view_height / height  # user units per pixel row
    strips = []
    for k in range(STRIPS):
        first = rows * k // STRIPS
        strip_height = (height if k == STRIPS - 1 else rows * (k + 1) // STRIPS) - first
        strip_top = top + first * per_row
        strip_tag = _ROOT_SIZE.sub(functools.partial(_with_height, strip_height), tag)
        strip_tag = _VIEW_BOX.sub(
            f' viewBox="{left!r} {strip_top!r} {view_width!r} '
            f'{strip_height * per_row!r}" preserveAspectRatio="none"',
            strip_tag,
        )
        body = _glyph_lines_within(svg[root.end() :], strip_top, strip_top + strip_height * per_row)
        strips.append(svg[: root.start()] + strip_tag + body)
    return strips


def _glyph_lines_within(svg: str, top: float, bottom: float) -> str:
    # `svg` without the label lines drawn as glyphs (`GLYPH_LINE_START`) that
    # lie wholly above `top` or below `bottom` (user units): a strip's resvg
    # then parses half the outlines (the 30-step map: 140 -> 109 ms for both
    # strips). Whatever is dropped is outside the strip, so no pixel changes.
    from cjmap.render.svg import GLYPH_LINE_REACH, GLYPH_LINE_START

    kept = []
    done = 0  # svg[:done] is decided
    start = svg.find(GLYPH_LINE_START)
    while start >= 0:
        # `…matrix(H 0 0 -H X Y)" fill="…" d="…"/>`
        numbers = svg[start + len(GLYPH_LINE_START) : svg.index(")", start)].split()
        reach = float(numbers[0]) * GLYPH_LINE_REACH
        baseline = float(numbers[5])
        end = svg.index('"/>', start) + 3
        if not (baseline + reach > top and baseline - reach < bottom):
            kept.append(svg[done:start])
            done = end
        start = svg.find(GLYPH_LINE_START, end)
    kept.append(svg[done:])
    return "".join(kept)


def _with_height(height: float, size: re.Match[str]) -> str:
    # `_ROOT_SIZE`'s match with a height of `height` px; a width stays.
    return size[0] if size[2] == "width" else f'{size[1]}height="{height!r}"'


def _view_box(tag: str) -> tuple[float, float, float, float] | None:
    # The root tag's viewBox as four numbers, if it has a valid one.
    match = _VIEW_BOX.search(tag)
    numbers = re.split(r"[\s,]+", match[2].strip()) if match else []
    if len(numbers) != 4:
        return None
    try:
        left, top, width, height = map(float, numbers)
    except ValueError:
        return None
    return (left, top, width, height) if width > 0 and height > 0 else None


def render_png_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """Render a journey as PNG: its SVG, rasterised at `options.scale`.

    The SVG is drawn with its labels as glyph outlines (`map_svg_for_png`);
    Inter is cut down only for labels left as text.

    Args:
        journey: the validated map.
        options: render options; `scale` sets the zoom.

    Returns:
        The PNG bytes.

    Raises:
        OutputError: the SVG can't be rasterised.
    """
    svg, characters, opaque = map_svg_for_png(journey, options)
    return render_png(svg, options.scale, characters, opaque_background=opaque)


def map_svg_for_png(journey: Journey, options: RenderOptions) -> tuple[str, str, bool]:
    """The SVG a journey's PNG is rasterised from, and what `render_png` needs with it.

    Labels Inter covers are drawn as paths (`cjmap.text.outlines`), placed by
    the same HarfBuzz shaping the layout measured them with; resvg then has
    no text to lay out (and no font files to open for every glyph), and a
    large map can be drawn in strips, one per thread. Labels with characters
    Inter lacks (CJK, emoji) stay `<text>`, for resvg's fallback fonts.

    Args:
        journey: the validated map.
        options: render options (theme, persona, lanes).

    Returns:
        The SVG (no embedded font: resvg ignores `@font-face`); the
        characters of the text left in it, sorted ("" when none); whether
        the map paints an opaque background first.
    """
    from cjmap.layout import LayoutOptions, layout_journey
    from cjmap.render.svg import render_svg
    from cjmap.text.measure import default_measurer
    from cjmap.text.outlines import LinePaths
    from cjmap.text.subset import distinct_characters

    measurer = default_measurer()
    layout = layout_journey(
        journey,
        measurer,
        LayoutOptions(theme=options.theme, persona=options.persona, lanes=options.lanes),
    )
    svg = render_svg(layout, embed_font=False, glyphs=LinePaths(measurer))
    characters = ""
    if "<text" in svg:
        # The text drawn is the layout's, as for the SVG's own font subset.
        text = "".join(line for t in layout.texts() for line in t.lines)
        characters = "".join(sorted(distinct_characters(text)))
    opaque = _OPAQUE_COLOUR.fullmatch(layout.background) is not None  # the map's first rect
    return svg, characters, opaque


def _declared_size(svg: str) -> tuple[float, float] | None:
    # The root's width/height (else its viewBox), in px; None if unknown.
    root = _ROOT_TAG.search(svg)
    if root is None:
        return None
    tag = root.group(0)
    size = _absolute_size(tag)
    if size is not None:
        return size
    view_box = _view_box(tag)
    return (view_box[2], view_box[3]) if view_box else None


def _absolute_size(tag: str) -> tuple[float, float] | None:
    # The root tag's width and height in px, if both are absolute lengths.
    sizes = []
    for name in ("width", "height"):
        match = re.search(rf'\s{name}\s*=\s*["\']([^"\']*)["\']', tag)
        length = _LENGTH.match(match.group(1)) if match else None
        if length is None:
            return None
        unit = (length.group(2) or "px").lower()
        sizes.append(float(length.group(1)) * _PX_PER_UNIT[unit])
    return sizes[0], sizes[1]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
