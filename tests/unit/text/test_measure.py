"""Text widths: HarfBuzz-exact for what Inter draws, generous for what it lacks."""

from __future__ import annotations

import math

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.text import FontMeasurer, TextMeasurer, default_measurer, font_files
from cjmap.text.measure import EMOJI_EM, LINE_HEIGHT_EM, OTHER_EM, WIDE_EM


def hmtx_width(text: str, size: float, bold: bool = False) -> float:
    """Sum of advance widths from the font tables: no shaping, no kerning."""
    font = TTFont(font_files().for_weight(bold))
    cmap = font.getBestCmap()
    units = sum(font["hmtx"][cmap[ord(ch)]][0] for ch in text)
    return units * size / font["head"].unitsPerEm


@pytest.fixture(scope="module")
def m() -> FontMeasurer:
    return default_measurer()


def test_hello_matches_the_font_tables(m: FontMeasurer) -> None:
    assert m.width("Hello", 16) == pytest.approx(hmtx_width("Hello", 16), abs=1.0)
    assert m.width("Hello", 16) == pytest.approx(38.56, abs=0.01)  # pinned: goldens depend on it


def test_bold_is_measured_with_the_bold_face(m: FontMeasurer) -> None:
    assert m.width("Hello", 16, bold=True) == pytest.approx(
        hmtx_width("Hello", 16, bold=True), abs=1.0
    )
    assert m.width("Hello", 16, bold=True) > m.width("Hello", 16)


def test_kerning_is_applied(m: FontMeasurer) -> None:
    # Inter kerns A-V; a browser draws "AV" narrower than A plus V.
    assert m.width("AV", 40) < hmtx_width("AV", 40) - 1


def test_width_scales_linearly_with_size(m: FontMeasurer) -> None:
    assert m.width("Journey map", 28) == pytest.approx(2 * m.width("Journey map", 14))


@pytest.mark.parametrize(
    ("text", "ems"),
    [
        ("日本語", 3 * WIDE_EM),
        ("한국어", 3 * WIDE_EM),
        ("ＡＢ", 2 * WIDE_EM),  # fullwidth forms
        ("😀", EMOJI_EM),
        ("👨‍👩‍👧‍👦", EMOJI_EM),  # one ZWJ sequence, one glyph
        ("👍🏽", EMOJI_EM),  # skin-tone modifier
        ("🇩🇪", EMOJI_EM),  # flag: two regional indicators
        ("1️⃣", EMOJI_EM),  # keycap
        ("❤️", EMOJI_EM),  # VS16 asks for the emoji even though Inter has U+2764
        ("שלום", 4 * OTHER_EM),
        ("مرحبا", 5 * OTHER_EM),
        ("\u200d\u2060\u00ad\x07", 0.0),  # ZWJ, word joiner, soft hyphen, control
        ("\u0591", 0.0),  # a combining mark Inter lacks
    ],
)
def test_characters_inter_lacks_get_fixed_widths(m: FontMeasurer, text: str, ems: float) -> None:
    assert m.width(text, 20) == pytest.approx(ems * 20)


def test_cjk_never_narrower_than_one_em_per_character(m: FontMeasurer) -> None:
    text = "顧客体験を改善する"
    assert m.width(text, 16) >= 16 * len(text)


def test_mixed_text_adds_up(m: FontMeasurer) -> None:
    assert m.width("Hi 日本", 10) == pytest.approx(m.width("Hi ", 10) + 2 * 10)


def test_text_presentation_selector_keeps_inters_glyph(m: FontMeasurer) -> None:
    assert m.width("❤\ufe0e", 20) == pytest.approx(m.width("❤", 20))
    assert m.width("❤", 20) < EMOJI_EM * 20


def test_tab_counts_as_a_space(m: FontMeasurer) -> None:
    assert m.width("a\tb", 14) == pytest.approx(m.width("a b", 14))


def test_metrics(m: FontMeasurer) -> None:
    assert m.line_height(10) == pytest.approx(LINE_HEIGHT_EM * 10)
    assert m.ascent(2048) == pytest.approx(1984)  # Inter's hhea ascender, UPM 2048
    assert m.descent(2048) == pytest.approx(494)


def test_default_measurer_is_shared_and_is_a_text_measurer() -> None:
    assert default_measurer() is default_measurer()
    assert isinstance(default_measurer(), TextMeasurer)


def test_cache_is_bounded() -> None:
    files = font_files()
    small = FontMeasurer(files.regular, files.bold, cache_size=4)
    for i in range(20):
        small.width(f"label {i}", 12)
    info = small._units.cache_info()
    assert info.maxsize == 4 and info.currsize <= 4


def test_empty_string_is_zero(m: FontMeasurer) -> None:
    assert m.width("", 16) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.floats(min_value=1, max_value=100), st.booleans())
def test_any_text_has_a_finite_nonnegative_width(text: str, size: float, bold: bool) -> None:
    width = default_measurer().width(text, size, bold)
    assert math.isfinite(width) and width >= 0
