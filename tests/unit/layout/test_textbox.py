"""The typesetter: wrapping is remembered per label, placing is not; GC pausing."""

from __future__ import annotations

import gc

import pytest

from cjmap.layout._textbox import Typesetter
from cjmap.render._gc import gc_paused
from cjmap.text.measure import default_measurer
from cjmap.text.wrap import wrap

LABEL = "Shipping cost appears only at the last step of checkout"


def test_a_repeated_label_wraps_the_same_wherever_it_is_placed() -> None:
    ts = Typesetter(default_measurer())
    first = ts.block(LABEL, 10, 20, 120, 12.5, "#000000", "#ffffff")
    again = ts.block(LABEL, 300, 700, 120, 12.5, "#000000", "#ffffff", anchor="middle")
    assert again.lines == first.lines == tuple(wrap(LABEL, default_measurer(), 120, 12.5))
    assert again.widths == first.widths
    assert (again.box.x, again.box.y, again.x) == (300, 700, 360)
    assert again.y - again.box.y == pytest.approx(first.y - first.box.y)


@pytest.mark.parametrize(
    ("width", "size", "bold", "max_lines"),
    [
        (60, 12.5, False, None),
        (120, 16, False, None),
        (120, 12.5, True, None),
        (60, 12.5, False, 2),
    ],
)
def test_the_remembered_wrapping_depends_on_width_size_weight_and_line_limit(
    width: float, size: float, bold: bool, max_lines: int | None
) -> None:
    # each call differs from the first in one of the key's parts: a cache
    # keyed on the text alone would hand back the first call's lines
    ts = Typesetter(default_measurer())
    ts.block(LABEL, 0, 0, 120, 12.5, "#000000", "#ffffff")
    fresh = Typesetter(default_measurer())
    args = (LABEL, 0, 0, width, size, "#000000", "#ffffff", bold)
    got = ts.block(*args, max_lines=max_lines)
    want = fresh.block(*args, max_lines=max_lines)
    assert (got.lines, got.widths, got.box) == (want.lines, want.widths, want.box)


def test_placed_lines_measure_like_wrapped_ones() -> None:
    ts = Typesetter(default_measurer())
    block = ts.block(LABEL, 5, 5, 120, 11, "#000000", "#ffffff", bold=True)
    lines = ts.lines(list(block.lines), 5, 5, 120, 11, "#000000", "#ffffff", bold=True)
    assert lines == block


def test_gc_paused_restores_the_collector_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
