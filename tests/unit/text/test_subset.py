"""Per-document Inter subsets embedded as @font-face: deterministic and complete."""

from __future__ import annotations

import base64
import io
import re

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from cjmap.text import font_face_css, subset_font
from cjmap.text.subset import _rule, distinct_characters

RULE = re.compile(
    r"@font-face\{font-family:'Inter';font-weight:(\d+);"
    r"src:url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\) format\('truetype'\)\}"
)


def fonts_in(css: str) -> dict[int, TTFont]:
    return {
        int(weight): TTFont(io.BytesIO(base64.b64decode(data)))
        for weight, data in RULE.findall(css)
    }


def test_css_has_a_regular_and_a_bold_rule() -> None:
    css = font_face_css("Sign up", "Onboarding")
    assert len(RULE.findall(css)) == 2
    assert RULE.fullmatch(css.splitlines()[0]) and RULE.fullmatch(css.splitlines()[1])
    assert sorted(fonts_in(css)) == [400, 700]


def test_subset_holds_the_requested_glyphs_and_little_else() -> None:
    faces = fonts_in(font_face_css("Customer journey", "Ünïcødé → done…"))
    regular = faces[400].getBestCmap()
    bold = faces[700].getBestCmap()
    assert set("Customer journey") <= {chr(cp) for cp in regular}
    assert set("Ünïcødé → done…") <= {chr(cp) for cp in bold}
    assert ord("Z") not in regular and ord("Z") not in bold
    assert len(regular) < 30
    assert faces[700]["OS/2"].usWeightClass == 700


def test_kerning_survives_subsetting() -> None:
    font = TTFont(io.BytesIO(subset_font("AVATAR")))
    features = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
    assert "kern" in features


def test_same_input_gives_identical_bytes() -> None:
    assert subset_font("Deterministic? Yes.") == subset_font("Deterministic? Yes.")
    assert subset_font("abc", bold=True) == subset_font("cba", bold=True)  # order is irrelevant
    first = font_face_css("Same text", "Same title")
    _rule.cache_clear()
    assert font_face_css("Same text", "Same title") == first


def test_subset_is_small() -> None:
    assert len(subset_font("The quick brown fox jumps over the lazy dog")) < 30_000


def test_raster_subset_keeps_the_missing_glyph_box() -> None:
    # A character no font has must still show as a box in the PNG, not vanish.
    font = TTFont(io.BytesIO(subset_font("a\U0001f4c5")))
    glyph_set = font.getGlyphSet()
    pen = BoundsPen(glyph_set)
    glyph_set[".notdef"].draw(pen)
    assert pen.bounds is not None  # an outline, not an empty glyph


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "]]^^--\\\\[[",
        "\n\r\t x",
        "Ça coûte 5 € — 「はい」 👍🏽",
        "ab" * 40_000 + "]-^\\漢",
    ],
)
def test_distinct_characters_is_set_of_the_text(text: str) -> None:
    # the page's font subset is cut from these: one missing would draw in a fallback font
    assert distinct_characters(text) == set(text)
    assert distinct_characters(text * 2, sample=1) == set(text)
