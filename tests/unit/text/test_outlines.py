"""Lines as glyph outlines: placed where HarfBuzz puts them, drawn as resvg draws the text."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageChops

from cjmap.render.png import render_png
from cjmap.text import FontMeasurer, default_measurer
from cjmap.text.outlines import LinePaths

LINES = [
    "Hello",
    "AVATAR Tofu fjord",
    "Café — 3 → 4 · “quoted”",
    "Wi-Fi 0123456789 %&?!",
    "office -> ffl",
]
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
    '<rect width="100%" height="100%" fill="#ffffff"/>{body}</svg>'
)


@pytest.fixture(scope="module")
def m() -> FontMeasurer:
    return default_measurer()


@pytest.fixture(scope="module")
def paths(m: FontMeasurer) -> LinePaths:
    return LinePaths(m)


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("line", LINES)
def test_a_lines_advance_is_its_measured_width(
    line: str, bold: bool, m: FontMeasurer, paths: LinePaths
) -> None:
    _, advance = paths.line(line, bold)
    assert advance * 13 / paths.units_per_em == pytest.approx(m.width(line, 13, bold), abs=1e-9)


def test_path_data_is_integer_relative_commands_after_one_move_per_glyph(
    paths: LinePaths,
) -> None:
    d, _ = paths.line("ab c", bold=False)
    assert re.fullmatch(r"(M-?\d+ -?\d+(m|[lqcz]|-?\d+| )+)+", d), d[:80]
    # three glyphs with outlines; the space has none and gets no move
    assert d.count("M") == 3
    assert "." not in d


def test_kerning_moves_the_second_glyph(paths: LinePaths) -> None:
    # Inter kerns "AV": V starts before A's full advance
    d, _ = paths.line("AV", bold=False)
    moves = [int(x) for x in re.findall(r"M(-?\d+) ", d)]
    a_alone, a_advance = paths.line("A", bold=False)
    assert moves[0] == 0 and a_alone.startswith("M0 0")
    assert 0 < moves[1] < 2 * a_advance


def test_spaces_only_give_no_path_but_an_advance(paths: LinePaths) -> None:
    assert paths.line("   ", bold=False)[0] == ""
    assert paths.line("   ", bold=False)[1] > 0


@pytest.mark.parametrize(
    ("text", "drawable"),
    [
        ("Café — 3 → 4", True),
        ("顧客の声", False),  # CJK: resvg's fallback fonts
        ("Launch 🎉", False),  # emoji
        ("tab\there", False),  # not printable
        ("⬜", False),  # Inter has it, a browser may draw an emoji
        ("", True),
    ],
)
def test_only_what_inter_draws_itself_is_drawable(
    text: str, drawable: bool, paths: LinePaths
) -> None:
    assert paths.drawable(text, bold=False) is drawable


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("size", [11.0, 13.0, 26.0])
def test_outlines_draw_the_pixels_resvg_draws_for_the_text(
    size: float, bold: bool, paths: LinePaths
) -> None:
    # The same line as <text> (resvg lays it out) and as this module's path:
    # the glyphs land on the same pixels, but for antialiasing noise.
    line = "AVATAR fjord, Café — 3 → 4 (Wi-Fi)"
    weight = ' font-weight="700"' if bold else ""
    text = (
        f'<text x="10.5" y="{size * 1.5}" font-size="{size}" font-family="Inter"'
        f'{weight} fill="#1f2328">{line}</text>'
    )
    d, advance = paths.line(line, bold)
    half = size / paths.units_per_em / 2
    path = (
        f'<path transform="matrix({half!r} 0 0 -{half!r} 10.5 {size * 1.5})" '
        f'fill="#1f2328" d="{d}"/>'
    )
    width, height = round(advance * size / paths.units_per_em) + 21, round(size * 2)
    as_text, as_path = (
        Image.open(io.BytesIO(render_png(SVG.format(w=width, h=height, body=body)))).convert("L")
        for body in (text, path)
    )
    difference = ImageChops.difference(as_text, as_path)
    changed = sum(1 for v in difference.tobytes() if v)
    inked = sum(1 for v in as_text.tobytes() if v < 250)
    assert inked > 100  # the text was drawn at all
    assert changed <= inked * 0.02
    assert max(difference.tobytes()) <= 64


def test_every_line_the_advance_test_uses_is_drawable(paths: LinePaths) -> None:
    assert all(paths.drawable(line, bold) for line in LINES for bold in (False, True))
