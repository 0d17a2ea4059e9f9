"""The diagram's lane labels stay in view while it scrolls sideways (frozen label column).

report.js copies the drawing's label column into a small overlay that sticks
to the viewport's left edge; these tests scroll the real diagram in Chromium
and look where the label "Touchpoints" ends up: inside the viewport's box, on
top (element from point), on its own row, at every zoom, in both schemes; and
gone at the start of the scroll, in print, and without JavaScript.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.browser.support import OpenReport, screenshot

pytestmark = pytest.mark.browser
PLANTLY = "plantly-first-purchase"
LABEL = "Touchpoints"  # a lane label of the example, away from the top row
# the overlay: a 0 px high sticky box after the drawing, and the <svg> hanging from it
FROZEN_BOX = ".cj-diagram-viewport .cj-lane-freeze"
FROZEN = f"{FROZEN_BOX} > svg"

# Both copies of LABEL (the drawing's own and the frozen one), the viewport's
# inner box, and what is drawn on top at the frozen copy's centre.
LABELS_JS = """label => {
  const v = document.querySelector('.cj-diagram-viewport');
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                     width: r.width, height: r.height});
  const find = root => [...root.querySelectorAll('.cjm-lane-label')]
      .find(t => t.textContent === label);
  const drawn = find(v.querySelector('svg'));
  const frozen = v.querySelector('.cj-lane-freeze') && find(v.querySelector('.cj-lane-freeze'));
  const inner = v.getBoundingClientRect();
  const out = {
    viewport: {left: inner.left + v.clientLeft, top: inner.top + v.clientTop,
               right: inner.left + v.clientLeft + v.clientWidth,
               bottom: inner.top + v.clientTop + v.clientHeight},
    drawn: box(drawn.getBoundingClientRect()),
    frozen: frozen ? box(frozen.getBoundingClientRect()) : null,
    drawnFill: getComputedStyle(drawn).fill,
    frozenFill: frozen ? getComputedStyle(frozen).fill : null,
    onTop: false,
  };
  if (frozen) {
    const r = frozen.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    out.onTop = Boolean(hit && hit.closest('.cj-lane-freeze'));
  }
  return out;
}"""


def _open_diagram(open_report: OpenReport, path: Path, scheme: str = "light") -> Any:
    opened = open_report(path, scheme=scheme)
    page = opened.page
    viewport = page.locator(".cj-diagram-viewport")
    viewport.scroll_into_view_if_needed()
    page.wait_for_function(
        "v => v.scrollWidth > v.clientWidth", arg=viewport.element_handle(), timeout=15_000
    )
    return opened


def _scroll_far_right(page: Any) -> dict[str, Any]:
    # to the right end, and down until LABEL's row is in the middle of the viewport
    page.evaluate(
        """label => {
          const v = document.querySelector('.cj-diagram-viewport');
          const t = [...v.querySelector('svg').querySelectorAll('.cjm-lane-label')]
              .find(e => e.textContent === label);
          v.scrollLeft = v.scrollWidth;
          v.scrollTop += t.getBoundingClientRect().top - v.getBoundingClientRect().top
              - v.clientHeight / 2;
        }""",
        LABEL,
    )
    # the overlay is built and shown by the scroll event: wait for it, then a frame
    page.wait_for_selector(FROZEN, state="visible")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page.evaluate(LABELS_JS, LABEL)


def _assert_frozen_in_view(seen: dict[str, Any]) -> None:
    view, drawn, frozen = seen["viewport"], seen["drawn"], seen["frozen"]
    # the drawing's own label has scrolled out of the viewport's box …
    assert drawn["right"] < view["left"], seen
    # … and its copy is inside it, at the left edge, on top of the drawing
    assert frozen is not None, seen
    assert view["left"] <= frozen["left"] and frozen["right"] <= view["left"] + 250, seen
    assert view["top"] <= frozen["top"] and frozen["bottom"] <= view["bottom"], seen
    assert seen["onTop"], seen
    # on the label's own row, at the drawing's scale
    assert frozen["top"] == pytest.approx(drawn["top"], abs=1), seen
    assert frozen["height"] == pytest.approx(drawn["height"], rel=0.05), seen


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_lane_label_stays_in_view_scrolled_to_the_far_right(
    scheme: str, open_report: OpenReport, reports: dict[str, Path]
) -> None:
    opened = _open_diagram(open_report, reports[PLANTLY], scheme)
    page = opened.page
    seen = _scroll_far_right(page)
    _assert_frozen_in_view(seen)
    # the copy takes the drawing's colours, dark ones too (the same CSS rules)
    assert seen["frozenFill"] == seen["drawnFill"], seen
    fills = page.evaluate(
        """() => {
          const fill = s => getComputedStyle(document.querySelector(s)).fill;
          return {
            page: getComputedStyle(document.body).backgroundColor,
            ground: [fill('.cj-diagram-viewport > svg .cjm-background'),
                     fill('.cj-lane-freeze .cjm-background')],
            row: [fill('.cj-diagram-viewport > svg .cjm-lane-backgrounds rect'),
                  fill('.cj-lane-freeze rect[data-lane]')],
          };
        }"""
    )
    assert fills["ground"] == [fills["page"]] * 2, fills  # dark on a dark page
    assert fills["row"][0] == fills["row"][1], fills
    screenshot(page, f"{PLANTLY}-1280-{scheme}-lane-labels")
    assert opened.problems == []


def test_lane_label_stays_in_view_after_zooming_in_and_out(
    open_report: OpenReport, reports: dict[str, Path]
) -> None:
    opened = _open_diagram(open_report, reports[PLANTLY])
    page = opened.page
    natural = _scroll_far_right(page)["frozen"]["height"]
    page.focus(".cj-diagram-viewport")
    for key, level, scale in (("+", "125%", 1.25), ("+", "156%", 1.5625), ("0", "100%", 1)):
        page.keyboard.press(key)  # the keyboard still zooms the diagram
        assert page.inner_text(".cj-zoom-level") == level
        seen = _scroll_far_right(page)
        _assert_frozen_in_view(seen)
        assert seen["frozen"]["height"] == pytest.approx(natural * scale, rel=0.05)
    page.keyboard.press("-")  # 80 %: the label column is narrower, still in view
    _assert_frozen_in_view(_scroll_far_right(page))
    assert opened.problems == []


def test_frozen_labels_are_hidden_at_the_start_and_in_print(
    open_report: OpenReport, reports: dict[str, Path]
) -> None:
    opened = _open_diagram(open_report, reports[PLANTLY])
    page = opened.page
    svg = "() => document.querySelector('.cj-diagram-viewport svg').outerHTML"
    drawing = page.evaluate(svg)
    # not scrolled: the drawing shows its own labels, and no copy is made yet
    assert page.evaluate("() => document.querySelector('.cj-diagram-viewport').scrollLeft") == 0
    assert page.locator(FROZEN).count() == 0
    _assert_frozen_in_view(_scroll_far_right(page))
    page.eval_on_selector(".cj-diagram-viewport", "v => { v.scrollLeft = 0; }")
    page.wait_for_selector(FROZEN, state="hidden")
    # the copy leaves the drawing as it was (it must stay `cjmap render -f svg`'s SVG)
    assert page.evaluate(svg) == drawing
    # every lane's label is copied, in order
    names = "ts => ts.map(t => t.textContent)"
    drawn = page.eval_on_selector_all(".cj-diagram-viewport > svg .cjm-lane-label", names)
    assert len(drawn) > 5 and LABEL in drawn
    assert page.eval_on_selector_all(f"{FROZEN} .cjm-lane-label", names) == drawn
    # printed, the diagram is drawn whole on its page: no copy over it
    _scroll_far_right(page)
    page.emulate_media(media="print")
    assert page.eval_on_selector(FROZEN_BOX, "f => getComputedStyle(f).display") == "none"
    assert page.locator(FROZEN).is_hidden()
    page.emulate_media(media="screen")
    assert page.locator(FROZEN).is_visible()
    assert opened.problems == []


def test_without_javascript_the_diagram_has_no_copy(browser: Any, reports: dict[str, Path]) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(reports[PLANTLY].resolve().as_uri(), wait_until="load")
        page.eval_on_selector(".cj-diagram-viewport", "v => { v.scrollLeft = v.scrollWidth; }")
        assert page.evaluate("() => document.documentElement.className") == "cj-no-js"
        assert page.locator(".cj-lane-freeze").count() == 0
        assert page.locator(".cj-diagram-viewport svg").count() == 1
    finally:
        context.close()


def test_a_long_report_freezes_its_lane_labels(open_report: OpenReport, long_report: Path) -> None:
    # past LAZY_LAYOUT_MIN_STEPS the drawing is laid out lazily (content-visibility)
    opened = _open_diagram(open_report, long_report)
    seen = _scroll_far_right(opened.page)
    _assert_frozen_in_view(seen)
    assert opened.problems == []
