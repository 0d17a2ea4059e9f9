"""Escaping and number formatting of the SVG serialiser (fast paths included)."""

from __future__ import annotations

import pytest

from cjmap.render._xml import attr, esc
from cjmap.render.svg import _num


@pytest.mark.parametrize(
    ("text", "element", "attribute"),
    [
        ("Plain label · with → arrows “quoted”", None, None),
        ("a & b < c > d", "a &amp; b &lt; c &gt; d", "a &amp; b &lt; c &gt; d"),
        ('say "hi"', None, "say &quot;hi&quot;"),
        ("two\nlines\r", None, "two&#10;lines&#13;"),
        ("bell\x07 and \x0b tab \ufffe\uffff", "bell and  tab ", "bell and  tab "),
        ("family 👩\u200d👩\u200d👧 joins", None, None),  # ZWJ is unprintable but allowed
    ],
)
def test_escaping_changes_only_what_xml_needs(
    text: str, element: str | None, attribute: str | None
) -> None:
    assert esc(text) == (element if element is not None else text)
    assert attr(text) == (attribute if attribute is not None else text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (-0.0, "0"),
        (-0.001, "0"),
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (12.345, "12.35"),  # 12.345 is stored as 12.3450000000000006
        (1205.9699999999998, "1205.97"),
        (-3.14159, "-3.14"),
        (0.1, "0.1"),
    ],
)
def test_numbers_have_at_most_two_decimals_and_no_trailing_zeros(value: float, text: str) -> None:
    assert _num(value) == text
    assert _num(value) == text  # the remembered answer is the same
