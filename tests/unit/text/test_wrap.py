"""Wrapping: every line fits, nothing is lost, nothing is split that shouldn't be."""

from __future__ import annotations

import importlib
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.text import ELLIPSIS, FontMeasurer, default_measurer, truncate, wrap
from cjmap.text._unicode import (
    KEYCAP,
    NO_LINE_END,
    NO_LINE_START,
    clusters,
    is_cjk_break_char,
    is_emoji_cluster,
)

SIZE = 14


@pytest.fixture(scope="module")
def m() -> FontMeasurer:
    return default_measurer()


class Monospace:
    """Every code point is 1 px wide: makes greedy decisions easy to see."""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return float(len(text))

    def line_height(self, size: float) -> float:
        return size

    def ascent(self, size: float) -> float:
        return size


class KernedSpaces(Monospace):
    """Each space makes a line 0.5 px wider than the sum of its words: the
    additive estimate is then too small and wrap must re-measure for real."""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return len(text) + 0.5 * text.count(" ")


def assert_fits(lines: list[str], m: FontMeasurer, max_width: float, bold: bool = False) -> None:
    for line in lines:
        assert line == line.strip()
        if len(clusters(line)) > 1:
            assert m.width(line, SIZE, bold) <= max_width, line


def test_greedy_first_fit() -> None:
    #  |aaa bbb|  7 px
    #  |ccc    |
    assert wrap("aaa bbb ccc", Monospace(), 7, SIZE) == ["aaa bbb", "ccc"]


def test_estimate_that_is_too_small_is_corrected() -> None:
    # "aaa bbb" is 7 + 0.5 = 7.5 px with this measurer: it must not be kept.
    lines = wrap("aaa bbb ccc", KernedSpaces(), 7, SIZE)
    assert lines == ["aaa", "bbb", "ccc"]


def test_a_card_label_wraps_and_fits(m: FontMeasurer) -> None:
    lines = wrap("Customer fills in the registration form and confirms the email", m, 120, SIZE)
    assert len(lines) > 2
    assert_fits(lines, m, 120)
    assert " ".join(lines) == "Customer fills in the registration form and confirms the email"


def test_bold_wraps_with_bold_widths(m: FontMeasurer) -> None:
    text = "Onboarding and activation"
    assert_fits(wrap(text, m, 110, SIZE, bold=True), m, 110, bold=True)


def test_explicit_newlines_and_blank_lines_are_kept(m: FontMeasurer) -> None:
    assert wrap("first\n\nsecond\r\nthird", m, 500, SIZE) == ["first", "", "second", "third"]


def test_whitespace_collapses_and_ends_are_stripped(m: FontMeasurer) -> None:
    assert wrap("  spaced \t  out  \n", m, 500, SIZE) == ["spaced out"]
    assert wrap("   ", m, 500, SIZE) == []
    assert wrap("", m, 500, SIZE) == []


def test_no_break_space_does_not_break(m: FontMeasurer) -> None:
    lines = wrap("aaaa 10\u00a0km", m, m.width("aaaa 10", SIZE) + 1, SIZE)
    assert lines == ["aaaa", "10\u00a0km"]


def test_long_word_is_broken_and_every_piece_fits(m: FontMeasurer) -> None:
    word = "Supercalifragilisticexpialidocious"
    lines = wrap(word, m, 80, SIZE)
    assert len(lines) > 1
    assert "".join(lines) == word
    assert_fits(lines, m, 80)


def test_long_word_prefers_to_break_after_punctuation(m: FontMeasurer) -> None:
    lines = wrap("https://example.com/journeys/onboarding/step-two", m, 150, SIZE)
    assert "".join(lines) == "https://example.com/journeys/onboarding/step-two"
    assert all(line[-1] in "/.-" for line in lines[:-1]), lines
    assert_fits(lines, m, 150)


def test_cjk_breaks_between_characters(m: FontMeasurer) -> None:
    text = "顧客は登録フォームに入力してメールアドレスを確認します"
    lines = wrap(text, m, 100, SIZE)
    assert len(lines) > 2
    assert "".join(lines) == text
    assert_fits(lines, m, 100)
    for line in lines:
        assert m.width(line, SIZE) >= SIZE * len(line)  # ≥ 1 em per character


def test_kinsoku_no_closing_punctuation_at_line_start(m: FontMeasurer) -> None:
    text = "登録、確認。「完了」（任意）しました。" * 3
    for width in range(40, 200, 7):
        lines = wrap(text, m, width, SIZE)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (width, lines)


def test_emoji_sequences_and_accents_are_never_split(m: FontMeasurer) -> None:
    family = "👨‍👩‍👧‍👦"
    accented = "e\u0301"  # e + combining acute
    text = family * 6 + accented * 12
    for width in (10, 30, 45, 60):
        for line in wrap(text, m, width, SIZE):
            body = line.replace(family, "").replace(accented, "")
            assert body == "", (width, line)


def test_a_character_wider_than_the_line_stands_alone(m: FontMeasurer) -> None:
    assert wrap("WWW", m, 3, SIZE) == ["W", "W", "W"]
    assert wrap("😀x", m, 5, SIZE) == ["😀", "x"]


def test_max_lines_ends_with_an_ellipsis_that_fits(m: FontMeasurer) -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    lines = wrap(text, m, 80, SIZE, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith(ELLIPSIS) and not lines[-1].endswith(" " + ELLIPSIS)
    assert_fits(lines, m, 80)


def test_max_lines_not_reached_means_no_ellipsis(m: FontMeasurer) -> None:
    assert wrap("short", m, 80, SIZE, max_lines=1) == ["short"]
    assert wrap("a\nb", m, 80, SIZE, max_lines=2) == ["a", "b"]
    assert wrap("a\nb\nc", m, 80, SIZE, max_lines=2) == ["a", "b" + ELLIPSIS]


def test_truncate(m: FontMeasurer) -> None:
    assert truncate("Fits\nfine", m, 200, SIZE) == "Fits fine"
    cut = truncate("A label that is much too long for the space", m, 90, SIZE)
    assert cut.endswith(ELLIPSIS) and m.width(cut, SIZE) <= 90
    assert truncate("Wide", m, 1, SIZE) == ELLIPSIS


def test_huge_input_stays_fast(m: FontMeasurer) -> None:
    assert len(wrap("x" * 50_000, m, 160, 11, max_lines=3)) == 3
    assert truncate("word " * 50_000, m, 160, 11).endswith(ELLIPSIS)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_width": 0}, "max_width"),
        ({"size": -1}, "size"),
        ({"max_lines": 0}, "max_lines"),
    ],
)
def test_invalid_arguments(m: FontMeasurer, kwargs: dict[str, float], message: str) -> None:
    args = {"max_width": 100.0, "size": 14.0, **kwargs}
    with pytest.raises(ValueError, match=message):
        wrap("x", m, **args)  # type: ignore[arg-type]


label_text = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=25),
        st.sampled_from(
            ["Ünïcødé", "co-operate", "a/b/c", "日本語の文章", "「確認」。", "😀", "👩‍💻", "🇯🇵"]
        ),
        st.sampled_from([" ", "  ", "\n", "\t"]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    label_text, st.floats(min_value=8, max_value=300), st.booleans(), st.none() | st.integers(1, 4)
)
def test_every_line_fits_and_no_text_is_lost(
    text: str, max_width: float, bold: bool, max_lines: int | None
) -> None:
    m = default_measurer()
    lines = wrap(text, m, max_width, SIZE, bold=bold, max_lines=max_lines)
    assert_fits(lines, m, max_width, bold)
    if max_lines is None:
        assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", text)
    else:
        assert len(lines) <= max_lines


# the module, not the `wrap` function that cjmap.text exports under its name
WRAP_MODULE = importlib.import_module("cjmap.text.wrap")


def _no_break_inside_characters() -> list[str]:
    ranges = WRAP_MODULE.NO_BREAK_INSIDE_RANGES
    return [chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1)]


def test_the_no_break_fast_path_holds_only_characters_that_cannot_open_a_break() -> None:
    chars = _no_break_inside_characters()
    assert "é" in chars and "“" in chars and "→" in chars and "Ж" in chars
    for ch in chars:
        assert not is_cjk_break_char(ch) and not is_emoji_cluster(ch), hex(ord(ch))
        assert ch not in ("\u200b", KEYCAP), hex(ord(ch))
        assert unicodedata.category(ch) != "Cn", hex(ord(ch))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_no_break_inside_characters()), min_size=1, max_size=12))
def test_words_on_the_fast_path_split_as_the_full_scan_splits_them(chars: list[str]) -> None:
    word = "".join(chars)
    fast = WRAP_MODULE._split_word(word)
    original = WRAP_MODULE._NO_BREAK_INSIDE
    WRAP_MODULE._NO_BREAK_INSIDE = frozenset()  # no fast path: the full scan
    try:
        full = WRAP_MODULE._split_word(word)
    finally:
        WRAP_MODULE._NO_BREAK_INSIDE = original
    assert fast == full == [word]
