"""The HTML report printed by Chromium: page count, nothing cut off, headers, landscape drawings.

Two ways in: `page.pdf()` (what "Print → Save as PDF" makes, read back with
pypdf), and print media emulated in a viewport as wide as a page's printable
area, where element boxes can be measured (a PDF keeps no boxes).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from tests.browser.support import OpenReport

from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render.html import render_html

pytestmark = pytest.mark.browser
MM = 96 / 25.4  # CSS px per mm
# Printable width of the report's portrait pages (@page margin 14mm 12mm) and
# of the landscape page the diagram and the flow graph get (margin 10mm).
A4_PORTRAIT_AREA = round((210 - 2 * 12) * MM)  # 703 px
A3_LANDSCAPE_AREA = round((420 - 2 * 10) * MM)  # 1512 px
# The plantly example (18 steps, 11 pain points, 12 opportunities) printed on
# A4 was 24 pages while each step card had to start on a fresh page. With the
# cards breaking across pages it is 14: overview, personas, the two landscape
# drawings, about 7 pages of steps, the tables. 16 leaves the example room to
# grow a little, and is well short of one card per page again.
PLANTLY_A4_MAX_PAGES = 16

# Boxes cut off at the page's right edge, and scroll boxes whose content is
# wider than they are (print has no scroll bar: what is outside is lost).
CLIPPED_JS = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const wide = [];
  for (const el of document.querySelectorAll(
      '.cj-flow-viewport, .cj-diagram-viewport, .cj-scroll, .cj-matrix-scroll, .cj-table')) {
    if (el.scrollWidth > el.clientWidth + 1)
      wide.push(el.getAttribute('class') + ' ' + el.scrollWidth + '>' + el.clientWidth);
  }
  const out = [];
  for (const el of document.querySelectorAll('main *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit)
      out.push(el.tagName + '.' + el.getAttribute('class') + ' ' + Math.round(r.right));
  }
  return {wide: wide, outside: out.slice(0, 8), page: document.documentElement.scrollWidth};
}"""


def _printed(browser: Any, path: Path, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.emulate_media(media="print")
    return page


def _pdf_pages(page: Any, size: str) -> list[Any]:
    pypdf = pytest.importorskip("pypdf")
    pdf = page.pdf(format=size, prefer_css_page_size=True, print_background=True)
    return list(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_plantly_prints_on_few_a4_pages(report_page: OpenReport) -> None:
    pages = _pdf_pages(report_page("plantly-first-purchase").page, "A4")
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    # the diagram and the flow graph, each on its own landscape page
    assert len(landscape) == 2, sizes
    assert len(pages) <= PLANTLY_A4_MAX_PAGES, len(pages)
    text = "\n".join(p.extract_text() for p in pages)
    assert "↕" not in text  # the sort arrows are controls: not printed
    assert not re.search(r"(Severity|#)\s*[▲▼]", text)


def test_nothing_is_cut_off_at_the_printed_page_width(
    browser: Any, reports: dict[str, Path]
) -> None:
    page = _printed(browser, reports["plantly-first-purchase"], A4_PORTRAIT_AREA)
    try:
        clipped = page.evaluate(CLIPPED_JS)
        assert clipped["wide"] == [] and clipped["outside"] == [], clipped
        assert clipped["page"] <= A4_PORTRAIT_AREA
        # every column of both tables is printed, the last one included
        for table in ("#cj-pain-table", "#cj-opp-table"):
            right = page.eval_on_selector(
                f"{table} thead th:last-child", "th => th.getBoundingClientRect().right"
            )
            assert right <= A4_PORTRAIT_AREA + 1, table
        # no sort arrows and no minimum widths in print
        arrow = page.eval_on_selector(
            "#cj-pain-table th[aria-sort] button", "b => getComputedStyle(b, '::after').content"
        )
        assert arrow == "none"
    finally:
        page.context.close()


def test_the_diagram_fills_an_a3_landscape_page(browser: Any, reports: dict[str, Path]) -> None:
    # It used to be capped at 165 mm high, sized for A4: on A3 it filled ~60 %
    # of the sheet. It is now scaled to the page's width and a page-shaped box.
    page = _printed(browser, reports["plantly-first-purchase"], A3_LANDSCAPE_AREA)
    try:
        box = page.eval_on_selector(
            ".cj-diagram-viewport svg",
            "s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height]",
        )
        width, height = (
            float(v)
            for v in page.eval_on_selector(
                ".cj-diagram-viewport", "v => [v.dataset.width, v.dataset.height]"
            )
        )
        assert box[0] == pytest.approx(A3_LANDSCAPE_AREA, abs=2)
        # the drawing, scaled to fit that box (its viewBox keeps the aspect)
        scale = min(box[0] / width, box[1] / height)
        assert height * scale > 165 * MM * 1.3  # well past the old A4 cap
        assert box[1] <= (297 - 20 - 10) * MM  # and within the page, under its heading
    finally:
        page.context.close()


def test_a_dark_report_prints_its_drawings_in_light_colours(browser: Any, tmp_path: Path) -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / "plantly-first-purchase.yaml"
    report = tmp_path / "dark.html"
    report.write_text(
        render_html(load_journey(path).journey, RenderOptions(format="html", theme="dark"))
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(report.as_uri(), wait_until="load")
        fill = "r => getComputedStyle(r).fill"
        flow_bg = ".cj-flow-viewport svg polygon"
        assert page.eval_on_selector(".cjm-background", fill) == "rgb(13, 17, 23)"
        assert page.eval_on_selector(flow_bg, fill) == "rgb(13, 17, 23)"
        page.emulate_media(media="print")
        assert page.eval_on_selector(".cjm-background", fill) == "rgb(255, 255, 255)"
        assert page.eval_on_selector(flow_bg, fill) == "rgb(255, 255, 255)"
        body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert body == "rgb(255, 255, 255)"
    finally:
        context.close()


PAINS = "\n".join(
    f"          - {{text: Pain number {i} makes the customer wait for a reply, "
    f"severity: {('high', 'low')[i % 2]}, owner: Team {i % 3}}}"
    for i in range(40)
)
LONG_TABLE = f"""\
cjmap: 1
title: Many pain points
phases:
  - name: Only phase
    steps:
      - name: Waits
        emotion: -1
        pain_points:
{PAINS}
"""
HEADERS = ("#", "Severity", "Pain point", "Phase", "Step", "Owner", "Frequency", "Addressed by")


def test_a_long_table_repeats_its_whole_header_on_every_page(
    tmp_path: Path, open_report: OpenReport
) -> None:
    # Chromium repeats a table's header on each page but leaves form controls
    # out of the copies: the sortable columns' names came out blank.
    path = tmp_path / "map.yaml"
    path.write_text(LONG_TABLE, encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text(render_html(load_journey(path).journey, RenderOptions(format="html")))
    pages = [p.extract_text() for p in _pdf_pages(open_report(report).page, "A4")]
    # rows of the table: their P-label (the step card lists the same pain points, unlabelled)
    firsts = [m for m in (re.search(r"\bP\d+\b", t) for t in pages) if m is not None]
    assert len(firsts) >= 2
    for first in firsts:
        # what comes just before the page's first row: the (repeated) header
        head = first.string[max(0, first.start() - 120) : first.start()]
        missing = [h for h in HEADERS if h not in head]
        assert missing == [], (missing, head)
