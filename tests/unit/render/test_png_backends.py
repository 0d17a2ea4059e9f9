"""The two bindings of resvg (svg2png-py, resvg-py) give the same pictures.

svg2png-py is the fast path when it is installed; resvg-py is always there.
The PNG bytes differ (each has its own encoder), the pixels must not.
"""

from __future__ import annotations

import io
import math
import re
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from cjmap.render import _png_fast, png
from cjmap.render.png import _drawn_characters, _zoomed, render_png

NORMATIVE = (
    Path(__file__).resolve().parents[3] / "tests" / "cases" / "valid" / "normative" / "map.yaml"
)
SAMPLE = Path(__file__).with_name("sample_card.svg").read_text(encoding="utf-8")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">{body}</svg>'
TEXT = '<text x="8" y="30" font-size="22" font-family="Inter, sans-serif">{}</text>'
CASES = {
    "sample card": SAMPLE,
    # resvg rounds 80.6 up: the last row is partly covered, so translucent
    "fractional size": SVG.format(w=120.4, h=80.6, body='<rect width="100%" height="100%"/>'),
    # no background: every pixel translucent, converted in Python…
    "transparent": SVG.format(w=120, h=60, body='<circle cx="60" cy="30" r="25" fill="#c84"/>'),
    # …or, past the limit, by resvg's own encoder
    "large transparent": SVG.format(w=400, h=300, body=TEXT.format("Café")),
    "fallback fonts": SVG.format(w=300, h=50, body=TEXT.format("顧客 &#233;t&#xE9; 🎉")),
}


def pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    return image.size, image.tobytes()


def with_resvg_py(monkeypatch: pytest.MonkeyPatch, render: Callable[[], bytes]) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(_png_fast, "available", lambda: False)
        return render()


@pytest.mark.parametrize("scale", [1.0, 2.0, 0.5])
@pytest.mark.parametrize("case", CASES)
def test_both_bindings_draw_the_same_pixels(
    case: str, scale: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("svg2png_py")
    svg = CASES[case]
    fast = render_png(svg, scale)
    fallback = with_resvg_py(monkeypatch, lambda: render_png(svg, scale))
    assert pixels(fast) == pixels(fallback)


def test_the_fast_binding_is_used_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("svg2png_py")
    calls = []
    rasterise = _png_fast.rasterise

    def spy(*args: Any) -> bytes:
        calls.append(args)
        return rasterise(*args)

    monkeypatch.setattr(_png_fast, "rasterise", spy)
    render_png(SAMPLE)
    assert len(calls) == 1


def test_text_naming_only_a_generic_family_goes_to_resvg_py(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # svg2png-py can't map `sans-serif` to Inter: it would draw no text at all.
    monkeypatch.setattr(_png_fast, "rasterise", lambda *a: pytest.fail("svg2png-py used"))
    svg = SVG.format(w=200, h=40, body='<text x="5" y="30" font-family="sans-serif">Hello</text>')
    _, rgba = pixels(render_png(svg))
    assert sum(1 for a in rgba[3::4] if a > 128) > 50


@pytest.mark.parametrize("binding", ["svg2png-py", "resvg-py"])
@pytest.mark.parametrize(
    ("width", "height", "scale", "size"),
    [
        ("100.3", "50.7", 2.0, (201, 101)),  # round(200.6), round(101.4)
        ("72pt", "36pt", 2.0, (192, 96)),
        ("400", "240", 0.5, (200, 120)),
        ("6456", "2000.05", 2.0, (12912, 4000)),
    ],
)
def test_zoomed_png_header_says_svg_size_times_scale(
    binding: str,
    width: str,
    height: str,
    scale: float,
    size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if binding == "svg2png-py":
        pytest.importorskip("svg2png_py")
    else:
        monkeypatch.setattr(_png_fast, "available", lambda: False)
    svg = SVG.format(w=width, h=height, body='<rect width="10" height="10" fill="#fff"/>')
    png = render_png(svg, scale)
    assert png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == size


def test_zoom_scales_the_root_and_keeps_its_view_box() -> None:
    svg = '<svg width="200" height="100" viewBox="0 0 20 10" stroke-width="3"><g/></svg>'
    assert _zoomed(svg, 1.5) == (
        '<svg width="300.0" height="150.0" viewBox="0 0 20 10" stroke-width="3"><g/></svg>'
    )


def test_zoom_adds_a_view_box_of_the_old_size_in_px() -> None:
    zoomed = _zoomed('<?xml version="1.0"?>\n<svg width="72pt" height=\'1in\'/>', 2)
    assert (
        zoomed
        == '<?xml version="1.0"?>\n<svg viewBox="0 0 96.0 96.0" width="192.0" height="192.0"/>'
    )


@pytest.mark.parametrize(
    "root", ['<svg width="100%" height="50">', '<svg viewBox="0 0 9 9">', "<g>"]
)
def test_a_root_without_absolute_size_is_left_to_resvg_py_zoom(root: str) -> None:
    assert _zoomed(root + "</svg>", 2) is None


def test_characters_spelt_as_references_reach_the_font_subset() -> None:
    characters = _drawn_characters("<svg><text>&#233;&#x263A;&amp;</text></svg>")
    assert {"é", "☺", "&", "'", '"'} <= set(characters)


def test_a_character_reference_draws_like_the_character() -> None:
    def drawn(text: str) -> bytes:
        return pixels(render_png(SVG.format(w=120, h=40, body=TEXT.format(text))))[1]

    assert drawn("&#233;t&#xE9;") == drawn("été")


def test_the_subset_font_files_are_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    render_png(SAMPLE)
    assert list(tmp_path.iterdir()) == []


def test_without_a_writable_temp_dir_the_full_fonts_draw_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = pixels(render_png(SAMPLE))

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", read_only)
    assert pixels(render_png(SAMPLE)) == expected


@pytest.mark.parametrize("scale", [1.0, 1.37, 0.71])
def test_a_maps_partly_covered_edge_is_converted_as_resvg_does(
    scale: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fast path looks for translucent pixels in a map's last row and column
    # only (its background rect covers the rest); resvg-py converts them all.
    pytest.importorskip("svg2png_py")
    from cjmap.pipeline import RenderOptions, load_journey
    from cjmap.render.png import render_png_bytes

    journey = load_journey(NORMATIVE).journey
    options = RenderOptions(format="png", scale=scale)
    monkeypatch.setattr(png, "MIN_STRIP_PIXELS", 10**12)  # drawn whole, as resvg-py does
    fast = pixels(render_png_bytes(journey, options))
    assert fast == pixels(with_resvg_py(monkeypatch, lambda: render_png_bytes(journey, options)))
    (width, height), rgba = fast
    translucent = {
        (i // 4) % width == width - 1 or i // 4 // width == height - 1
        for i in range(3, len(rgba), 4)
        if rgba[i] != 255
    }
    # translucent pixels lie on the edges only, and at the fractional scales
    # there are some (the case is not vacuous)
    assert translucent == (set() if scale == 1.0 else {True})


@pytest.mark.parametrize("scale", [1.0, 1.37])
def test_a_large_map_is_drawn_in_strips_exactly_as_resvg_py_draws_them(
    scale: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fast path draws the strips in threads and encodes them as one PNG;
    # resvg-py draws the same strip SVGs one by one, stacked here.
    pytest.importorskip("svg2png_py")
    from cjmap.pipeline import RenderOptions, load_journey
    from cjmap.render.png import map_svg_for_png, render_png_bytes

    monkeypatch.setattr(png, "MIN_STRIP_PIXELS", 200_000)  # the normative map is small
    journey = load_journey(NORMATIVE).journey
    options = RenderOptions(format="png", scale=scale)
    svg, characters, opaque = map_svg_for_png(journey, options)
    assert characters == "" and opaque  # every label is a path: strips are allowed
    strips = png._strips(_zoomed(svg, scale) or svg)
    assert len(strips) == png.STRIPS
    stacked = [
        Image.open(io.BytesIO(with_resvg_py(monkeypatch, lambda s=s: render_png(s)))).convert(
            "RGBA"
        )
        for s in strips
    ]
    whole = Image.new("RGBA", (stacked[0].width, sum(i.height for i in stacked)))
    top = 0
    for image in stacked:
        whole.paste(image, (0, top))
        top += image.height
    assert pixels(render_png_bytes(journey, options)) == (whole.size, whole.tobytes())


@pytest.mark.parametrize("scale", [1.0, 0.71])
def test_strips_differ_from_the_whole_drawing_by_antialiasing_only(
    scale: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjmap.pipeline import RenderOptions, load_journey
    from cjmap.render.png import render_png_bytes

    journey = load_journey(NORMATIVE).journey
    options = RenderOptions(format="png", scale=scale)
    monkeypatch.setattr(png, "MIN_STRIP_PIXELS", 200_000)
    (size, in_strips) = pixels(render_png_bytes(journey, options))
    monkeypatch.setattr(png, "MIN_STRIP_PIXELS", 10**12)
    (whole_size, whole) = pixels(render_png_bytes(journey, options))
    assert size == whole_size
    # no seam, no shifted strip: a row off would change ~5 % of the pixels
    differences = [abs(a - b) for a, b in zip(in_strips, whole, strict=True) if a != b]
    assert len(differences) < len(whole) // 4 * 0.002
    assert max(differences, default=0) <= 64


@pytest.mark.parametrize(
    ("width", "height", "rows"),
    [(6456, 2000.05, [1000, 1000]), (1721.72, 1645.5, [823, 823]), (3000, 1001, [500, 501])],
)
def test_strips_tile_the_image_row_for_row(width: float, height: float, rows: list[int]) -> None:
    svg = SVG.format(w=width, h=height, body="").replace(
        "<svg ", f'<svg viewBox="0 0 {width / 2} {height / 2}" '
    )
    strips = png._strips(svg)
    sizes = [png._declared_size(s) or (0.0, 0.0) for s in strips]
    boxes = [png._view_box(s[: s.index(">")]) or (0.0, 0.0, 0.0, 0.0) for s in strips]
    assert [math.floor(h + 0.5) for _, h in sizes] == rows  # resvg rounds half up
    assert all(w == width for w, _ in sizes)
    # the viewBoxes follow each other and cover the original one (user units are half px here)
    tops = [b[1] for b in boxes]
    bottoms = [b[1] + b[3] for b in boxes]
    assert tops[0] == 0 and bottoms[-1] == pytest.approx(height / 2)
    assert tops[1:] == pytest.approx(bottoms[:-1])
    assert all("preserveAspectRatio" in s for s in strips)


@pytest.mark.parametrize(
    "root",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900">',  # small
        '<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="3000">',  # no viewBox
        '<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="3000" viewBox="0 0 3 3" '
        'preserveAspectRatio="xMinYMin slice">',
    ],
)
def test_small_or_uncuttable_svgs_are_drawn_whole(root: str) -> None:
    svg = root.replace(">", ' viewBox="0 0 900 900">', 1) if "900" in root else root
    assert png._strips(svg + "</svg>") == []


def test_a_strip_leaves_out_only_label_lines_wholly_outside_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cjmap.pipeline import RenderOptions, load_journey
    from cjmap.render.png import map_svg_for_png
    from cjmap.render.svg import GLYPH_LINE_START

    monkeypatch.setattr(png, "MIN_STRIP_PIXELS", 200_000)
    svg, _, _ = map_svg_for_png(load_journey(NORMATIVE).journey, RenderOptions(format="png"))
    culled = png._strips(svg)
    monkeypatch.setattr(png, "_glyph_lines_within", lambda body, top, bottom: body)
    whole = png._strips(svg)
    lines = svg.count(GLYPH_LINE_START)
    kept = [s.count(GLYPH_LINE_START) for s in culled]
    # each strip parses fewer lines, and together they keep every line (some twice)
    assert all(n < lines for n in kept) and sum(kept) >= lines
    for strip, full in zip(culled, whole, strict=True):
        # nothing but whole glyph lines went, and the pixels are the same
        assert re.sub(r'<path transform="matrix\([^"]*\)" fill="[^"]*" d="[^"]*"/>', "", strip) == (
            re.sub(r'<path transform="matrix\([^"]*\)" fill="[^"]*" d="[^"]*"/>', "", full)
        )
        assert pixels(render_png(strip, opaque_background=True)) == pixels(
            render_png(full, opaque_background=True)
        )


def test_a_glyph_line_is_kept_while_its_reach_touches_the_strip() -> None:
    from cjmap.render.svg import GLYPH_LINE_REACH, GLYPH_LINE_START

    half = 1 / GLYPH_LINE_REACH  # reach: 1 user unit
    body = "".join(
        f'<rect id="r{y}"/>{GLYPH_LINE_START}{half!r} 0 0 -{half!r} 5 {y})" fill="#000" d="M0 0"/>'
        for y in (0, 9.5, 10.5, 20, 30.5, 31.5)
    )
    within = png._glyph_lines_within(body, 10, 30)
    assert [m for m in re.findall(r" 5 ([0-9.]+)\)", within)] == ["9.5", "10.5", "20", "30.5"]
    assert within.count("<rect") == 6
