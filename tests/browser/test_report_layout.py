"""The HTML report on screen: the flow graph's zoom and colours, full-page screenshots,
narrow screens, alignment."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from tests.browser.support import OpenReport

pytestmark = pytest.mark.browser
PLANTLY = "plantly-first-purchase"


def _svg_width(page: Any, viewport: str) -> float:
    return page.eval_on_selector(f"{viewport} svg", "s => s.getBoundingClientRect().width")


def test_flow_graph_zooms_with_its_own_controls(
    open_report: OpenReport, reports: dict[str, Path]
) -> None:
    page = open_report(reports[PLANTLY]).page
    flow = ".cj-flow-viewport"
    natural = float(page.eval_on_selector(flow, "v => v.dataset.width"))
    inner = page.eval_on_selector(flow, "v => v.clientWidth")
    controls = "[data-zoom-for=cj-flow-view]"
    # far wider than the page: it opens fitted to the width, but not below half size
    start = max(0.5, (inner - 2) / natural)
    assert _svg_width(page, flow) == pytest.approx(natural * start, rel=0.01)
    assert page.inner_text(f"{controls} .cj-zoom-level") == f"{round(start * 100)}%"
    # its empty bands shrink with it: the viewport is no taller than the drawing
    height = page.eval_on_selector(flow, "v => v.getBoundingClientRect().height")
    assert height <= float(page.eval_on_selector(flow, "v => v.dataset.height")) * start + 3
    page.click(f"{controls} button[data-zoom=reset]")
    assert _svg_width(page, flow) == pytest.approx(natural, rel=0.001)
    page.click(f"{controls} button[data-zoom=fit]")
    assert _svg_width(page, flow) == pytest.approx(inner - 2, abs=1)
    page.focus(flow)
    page.keyboard.press("+")
    assert _svg_width(page, flow) == pytest.approx((inner - 2) * 1.25, abs=1)
    # the diagram's controls still zoom the diagram only
    diagram = _svg_width(page, ".cj-diagram-viewport")
    page.click("[data-zoom-for=cj-diagram-view] button[data-zoom=in]")
    assert _svg_width(page, ".cj-diagram-viewport") == pytest.approx(diagram * 1.25, rel=0.01)
    assert _svg_width(page, flow) == pytest.approx((inner - 2) * 1.25, abs=1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_flow_graph_follows_the_page_colours(scheme: str, report_page: OpenReport) -> None:
    page = report_page(PLANTLY, scheme=scheme).page
    colour = "rgb(13, 17, 23)" if scheme == "dark" else "rgb(255, 255, 255)"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == colour
    box = page.eval_on_selector(".cj-flow-viewport", "v => getComputedStyle(v).backgroundColor")
    graph = page.eval_on_selector(
        ".cj-flow-viewport svg polygon", "p => getComputedStyle(p).fill"
    )  # the graph's background
    assert box == colour and graph == colour


def test_a_short_report_is_laid_out_whole_for_full_page_screenshots(
    report_page: OpenReport,
) -> None:
    # `content-visibility: auto` let the browser skip what was off screen, and
    # full-page screenshots showed those parts as blank boxes
    image = pytest.importorskip("PIL.Image")
    page = report_page(PLANTLY).page
    lazy = page.eval_on_selector_all(
        ".cj-step, .cj-diagram-viewport, .cj-flow-viewport, .cj-lazy",
        "els => els.filter(e => getComputedStyle(e).contentVisibility !== 'visible').length",
    )
    assert lazy == 0
    page.evaluate("() => window.scrollTo(0, 0)")
    box = page.locator("article.cj-step").last.evaluate(
        "a => { const r = a.getBoundingClientRect();"
        " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }",
    )
    assert box["y"] > 3 * 900  # far below the first screen
    shot = image.open(io.BytesIO(page.screenshot(full_page=True, clip=box)))
    colours = shot.convert("RGB").getcolors(maxcolors=1 << 16)
    # text drawn (antialiased: hundreds of colours), not an empty box (its
    # border and corners: a few dozen)
    assert colours is None or len(colours) > 200


def test_a_long_report_is_laid_out_lazily(open_report: OpenReport, long_report: Path) -> None:
    page = open_report(long_report).page
    assert page.evaluate("() => document.body.className") == "cj-lazy-layout"
    step = page.eval_on_selector("article.cj-step", "a => getComputedStyle(a).contentVisibility")
    assert step == "auto"


def test_matrix_keeps_its_labels_legible_on_a_phone(report_page: OpenReport) -> None:
    # scaled to a 390 px screen its 13–15 px labels became 8–9 px; it scrolls instead
    page = report_page(PLANTLY, width=390).page
    scale = page.eval_on_selector(
        "svg.cj-matrix", "s => s.getBoundingClientRect().width / s.viewBox.baseVal.width"
    )
    assert scale >= 0.95
    region = page.eval_on_selector(".cj-matrix-scroll", "r => [r.scrollWidth, r.clientWidth]")
    assert region[0] > region[1]  # it scrolls sideways, inside its own region
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_opportunity_rows_stay_short(report_page: OpenReport) -> None:
    # "Addresses" held each pain point's whole text as a link: rows ~170 px at 390 px
    for width in (1280, 390):
        page = report_page(PLANTLY, width=width).page
        heights = page.eval_on_selector_all(
            "#cj-opp-table tbody tr", "rs => rs.map(r => r.getBoundingClientRect().height)"
        )
        assert max(heights) < (70 if width == 1280 else 110), (width, heights)
        refs = page.eval_on_selector_all(
            "#cj-opp-table td.cj-refs a", "as => as.map(a => [a.textContent, a.title])"
        )
        assert refs and all(label.startswith("P") and title for label, title in refs)


@pytest.mark.parametrize("width", [1920, 1280, 390])
def test_masthead_lines_up_with_the_page(width: int, report_page: OpenReport) -> None:
    page = report_page(PLANTLY, width=width).page
    title = page.eval_on_selector("h1", "h => h.getBoundingClientRect().left")
    contents = page.eval_on_selector(".cj-toc", "t => t.getBoundingClientRect().left")
    footer = page.eval_on_selector(  # where its text starts: inside its padding
        ".cj-footer p",
        "p => p.getBoundingClientRect().left + parseFloat(getComputedStyle(p).paddingLeft)",
    )
    assert title == pytest.approx(contents, abs=0.5)
    assert footer == pytest.approx(contents, abs=0.5)
