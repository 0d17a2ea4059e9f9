"""The HTML report in real headless Chromium: loading, layout, controls, print, a11y."""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from tests.browser.support import MAPS, OpenReport, map_name, screenshot

from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render.html import render_html

pytestmark = pytest.mark.browser
NAMES = [map_name(p) for p in MAPS]

# Widest element edge beyond the viewport, outside the scroll containers that
# are meant to scroll (the diagram, the flow graph, wide tables, the matrix).
OVERFLOW_JS = """() => {
  const limit = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.cj-diagram-viewport, .cj-flow-viewport, .cj-scroll, .cj-matrix-scroll'))
      continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit + 1) bad.push(el.tagName + '.' + el.className);
  }
  return {scroll: document.documentElement.scrollWidth, width: limit, bad: bad.slice(0, 5)};
}"""


def _wait_until_drawn(page: Any, box: Any) -> None:
    # The browser decides what `content-visibility: auto` draws at a frame of its
    # choosing (later on a loaded machine): poll until the drawing is wider than
    # its viewport, which it only is once laid out. Times out (fails) otherwise.
    page.wait_for_function(
        "v => v.scrollWidth > v.clientWidth", arg=box.element_handle(), timeout=15_000
    )


def _rows(page: Any, table: str, key: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} > tbody:first-of-type > tr:not([hidden])",
        f"rows => rows.map(r => r.dataset.{key})",
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("width", [1280, 390])
def test_report_loads_cleanly_and_fits_the_width(
    name: str, width: int, report_page: OpenReport
) -> None:
    opened = report_page(name, width=width)
    page = opened.page
    screenshot(page, f"{name}-{width}")
    assert opened.problems == []
    fit = page.evaluate(OVERFLOW_JS)
    assert fit["scroll"] <= fit["width"], fit
    assert fit["bad"] == []
    # scripts ran (CSP allowed them) and the diagram is scrollable inside the page
    # once it is on screen (it is laid out lazily: `content-visibility: auto`)
    assert page.evaluate("document.documentElement.classList.contains('cj-no-js')") is False
    viewport = page.locator(".cj-diagram-viewport")
    viewport.scroll_into_view_if_needed()
    _wait_until_drawn(page, viewport)
    assert (
        page.locator("h1").inner_text()
        == load_journey(next(p for p in MAPS if map_name(p) == name)).journey.title.strip()
    )


@pytest.mark.parametrize("name", NAMES)
def test_pain_points_table_sorts_and_filters(name: str, report_page: OpenReport) -> None:
    page = report_page(name).page
    total = page.locator("#cj-pain-table > tbody:first-of-type > tr").count()
    if total < 2:
        pytest.skip("fewer than two pain points")
    severities = [int(x) for x in _rows(page, "cj-pain-table", "sortSeverity")]
    assert severities == sorted(severities, reverse=True)  # worst first by default
    page.click("#cj-pain-table th[data-sort-key=step] button")
    steps = [int(x) for x in _rows(page, "cj-pain-table", "sortStep")]
    assert steps == sorted(steps)
    assert page.get_attribute("#cj-pain-table th[data-sort-key=step]", "aria-sort") == "ascending"
    page.click("#cj-pain-table th[data-sort-key=step] button")
    assert [int(x) for x in _rows(page, "cj-pain-table", "sortStep")] == sorted(steps, reverse=True)
    page.click("#cj-pain-table th[data-sort-key=phase] button")
    phases = [int(x) for x in _rows(page, "cj-pain-table", "sortPhase")]
    assert phases == sorted(phases)
    assert page.get_attribute("#cj-pain-table th[data-sort-key=step]", "aria-sort") is None

    # filter by the rarest severity, then by an owner: the other rows are hidden
    counts: dict[str, int] = {}
    for value in _rows(page, "cj-pain-table", "filterSeverity"):
        counts[value] = counts.get(value, 0) + 1
    rare = min(counts, key=lambda k: (counts[k], k))
    page.select_option(".cj-filters select[data-filter-key=severity]", rare)
    assert _rows(page, "cj-pain-table", "filterSeverity") == [rare] * counts[rare]
    assert (
        page.locator("#cj-pain-table > tbody:first-of-type > tr[hidden]").count()
        == total - counts[rare]
    )
    assert page.inner_text(".cj-filter-count") == f"{counts[rare]} of {total} shown"
    page.select_option(".cj-filters select[data-filter-key=severity]", "")
    assert page.locator("#cj-pain-table > tbody:first-of-type > tr[hidden]").count() == 0
    all_owners = _rows(page, "cj-pain-table", "filterOwner")
    owner = min(set(all_owners), key=lambda o: (all_owners.count(o), o))
    page.select_option(".cj-filters select[data-filter-key=owner]", owner)
    owners = _rows(page, "cj-pain-table", "filterOwner")
    assert owners == [owner] * all_owners.count(owner)
    assert page.locator(".cj-no-match").is_hidden()
    # a severity this owner has none of: no row, and a row that says so
    severities_of = {s for s, o in zip(all_severities(page), all_owners, strict=True) if o == owner}
    other = sorted(set(counts) - severities_of)
    if other:
        page.select_option(".cj-filters select[data-filter-key=severity]", other[0])
        assert _rows(page, "cj-pain-table", "filterOwner") == []
        assert page.inner_text(".cj-filter-count") == f"0 of {total} shown"
        assert page.locator(".cj-no-match").is_visible()
        page.click(".cj-no-match button[data-reset-filters]")
        assert page.locator(".cj-no-match").is_hidden()
    else:
        page.select_option(".cj-filters select[data-filter-key=owner]", "")
    assert page.locator("#cj-pain-table > tbody:first-of-type > tr[hidden]").count() == 0
    assert page.inner_text(".cj-filter-count") == f"{total} of {total} shown"
    assert page.eval_on_selector_all(".cj-filters select", "ss => ss.map(s => s.value)") == ["", ""]

    # owner (text) and frequency sort too; rows without one last, either way
    for key, first in (("owner", "ascending"), ("frequency", "descending")):
        for direction in (first, "ascending" if first == "descending" else "descending"):
            page.click(f"#cj-pain-table th[data-sort-key={key}] button")
            assert (
                page.get_attribute(f"#cj-pain-table th[data-sort-key={key}]", "aria-sort")
                == direction
            )
            _assert_sorted(_rows(page, "cj-pain-table", f"sort{key.title()}"), key, direction)
    page.click("#cj-pain-table th[data-sort-key=severity] button")  # back to the default


def all_severities(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#cj-pain-table > tbody:first-of-type > tr",
        "rows => rows.map(r => r.dataset.filterSeverity)",
    )


def _assert_sorted(values: list[str], key: str, direction: str) -> None:
    # filled values in order, then the empty ones
    filled = [v for v in values if v != ""]
    assert values == filled + [""] * (len(values) - len(filled)), (key, values)
    typed: list[Any] = (
        [v.casefold() for v in filled] if key == "owner" else [int(v) for v in filled]
    )
    assert typed == sorted(typed, reverse=direction == "descending"), (key, direction, values)


@pytest.mark.parametrize("name", NAMES)
def test_opportunities_table_sorts_by_impact_effort_owner_status(
    name: str, report_page: OpenReport
) -> None:
    page = report_page(name).page
    if page.locator("#cj-opp-table > tbody:first-of-type > tr").count() < 2:
        pytest.skip("fewer than two opportunities")
    # both directions of each column; unrated (empty) ones last either way
    for key, first in (
        ("impact", "descending"),
        ("effort", "ascending"),
        ("status", "ascending"),
        ("owner", "ascending"),
    ):
        for direction in (first, "ascending" if first == "descending" else "descending"):
            page.click(f"#cj-opp-table th[data-sort-key={key}] button")
            _assert_sorted(_rows(page, "cj-opp-table", f"sort{key.title()}"), key, direction)
    page.click("#cj-opp-table th[data-sort-key=number] button")  # back to the default


@pytest.mark.parametrize("name", NAMES)
def test_persona_switch_changes_the_highlighted_curve(name: str, report_page: OpenReport) -> None:
    page = report_page(name).page
    choices = page.eval_on_selector_all(
        "input[name=cj-persona]", "inputs => inputs.map(i => i.value)"
    )
    if len(choices) < 3:
        pytest.skip("fewer than two personas with curves")
    opacity = "c => Number(getComputedStyle(c).opacity)"
    for persona in choices[1:]:
        page.check(f"input[name=cj-persona][value='{persona}']")
        on = page.eval_on_selector(f".cjm-curve[data-persona='{persona}']", opacity)
        others = page.eval_on_selector_all(
            f".cjm-curve[data-persona]:not([data-persona='{persona}'])",
            "cs => cs.map(c => Number(getComputedStyle(c).opacity))",
        )
        assert on == 1 and others and max(others) < 0.5
        width = page.eval_on_selector(
            f".cjm-curve[data-persona='{persona}'] .cjm-curve-line",
            "p => getComputedStyle(p).strokeWidth",
        )
        assert width == "4px"
    page.check("input[name=cj-persona][value='']")
    assert page.locator(".cj-highlight").count() == 0
    assert page.locator(".cj-dim").count() == 0


def test_persona_switch_dims_the_steps_a_persona_skips(
    report_page: OpenReport,
) -> None:
    page = report_page("normative").page
    page.check("input[name=cj-persona][value='ben']")  # Ben does not browse (maya only)
    dimmed = page.eval_on_selector_all(
        ".cjm-card.cj-dim", "cs => [...new Set(cs.map(c => c.dataset.step))]"
    )
    assert dimmed == ["browse"]


def test_zoom_by_buttons_and_keyboard(report_page: OpenReport) -> None:
    page = report_page("plantly-first-purchase").page
    width = "() => document.querySelector('.cj-diagram-viewport svg').getBoundingClientRect().width"
    natural = page.evaluate(width)
    page.click("button[data-zoom=in]")
    assert page.evaluate(width) == pytest.approx(natural * 1.25, rel=0.01)
    assert page.inner_text(".cj-zoom-level") == "125%"
    page.focus(".cj-diagram-viewport")
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert page.evaluate(width) == pytest.approx(natural / 1.25, rel=0.01)
    page.keyboard.press("f")
    inner = page.eval_on_selector(".cj-diagram-viewport", "v => v.clientWidth")
    assert page.evaluate(width) == pytest.approx(inner - 2, abs=1)
    page.keyboard.press("0")
    assert page.evaluate(width) == pytest.approx(natural, rel=0.001)
    # the controls are reachable by keyboard and show where focus is
    page.focus("button[data-zoom=in]")
    outline = page.eval_on_selector("button[data-zoom=in]", "b => getComputedStyle(b).outlineStyle")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.zoom") == "fit"
    assert outline in ("solid", "auto")


@pytest.mark.parametrize("name", NAMES)
def test_print_to_pdf_puts_the_diagram_on_a_landscape_page(
    name: str, report_page: OpenReport
) -> None:
    pypdf = pytest.importorskip("pypdf")
    page = report_page(name).page
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert len(sizes) >= 3
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    # the diagram, then the flow graph (when the journey branches) on the next one
    drawings = 1 + page.locator(".cj-flow-viewport").count()
    assert len(landscape) == drawings, sizes
    assert landscape == list(range(landscape[0], landscape[0] + drawings)), sizes
    assert landscape[0] > 0 and landscape[-1] < len(sizes) - 1, sizes
    assert sizes[0][1] > sizes[0][0]  # the report itself is portrait


AXE_BLOCKING = ("serious", "critical")


# axe's colour-contrast rule costs seconds per page (it probes every text
# node); it runs on the map with every kind of element and on the one whose
# theme overrides colours, in both schemes. Every palette's text pairs are
# also checked for AA in tests/unit/render/test_html_parts.py.
AXE_RUNS = [(name, "light", name in ("normative", "saas-trial-to-paid")) for name in NAMES] + [
    ("normative", "dark", True),
    ("saas-trial-to-paid", "dark", True),
]


@pytest.mark.parametrize(("name", "scheme", "contrast"), AXE_RUNS)
def test_axe_finds_no_serious_accessibility_violations(
    name: str, scheme: str, contrast: bool, report_page: OpenReport
) -> None:
    try:
        source = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()
    except ModuleNotFoundError:
        pytest.skip("axe-playwright-python (axe-core) is not installed")
    page = report_page(name, scheme=scheme).page
    page.evaluate(source)
    # The swimlane is one image (role="img", with a text alternative): its
    # drawing is left out, as axe would ignore it anyway, but the <svg> itself
    # is checked. Its colours are checked for AA by the layout's tests.
    result = page.evaluate(
        """contrast => axe.run(
          {include: [document], exclude: [['.cj-diagram-viewport svg > *']]},
          {resultTypes: ['violations'], rules: {'color-contrast': {enabled: contrast}}})""",
        contrast,
    )
    blocking = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in AXE_BLOCKING
    ]
    assert blocking == [], json.dumps(blocking, indent=1)


def test_a_hostile_title_shows_as_text_and_runs_nothing(
    tmp_path: Path, open_report: OpenReport
) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "cjmap: 1\ntitle: <script>alert(1)</script>\n"
        "phases:\n  - name: <img src=x onerror=alert(2)>\n    steps:\n"
        '      - name: "<svg onload=alert(3)>"\n        emotion: 1\n',
        encoding="utf-8",
    )
    report = tmp_path / "report.html"
    report.write_text(render_html(load_journey(path).journey, RenderOptions(format="html")))
    opened = open_report(report)
    assert opened.page.locator("h1").inner_text() == "<script>alert(1)</script>"
    heading = opened.page.locator("article.cj-step h4").inner_text()
    assert "<svg onload=alert(3)>" in heading.splitlines()
    assert "<img src=x onerror=alert(2)>" in opened.page.locator("h3.cj-phase-title").inner_text()
    assert opened.problems == []  # no dialog, no request for `x`


def test_dark_scheme_recolours_page_and_diagram(
    report_page: OpenReport,
) -> None:
    light = report_page("plantly-first-purchase").page
    dark = report_page("plantly-first-purchase", scheme="dark").page
    screenshot(dark, "plantly-first-purchase-1280-dark")
    body = "() => getComputedStyle(document.body).backgroundColor"
    rect = "r => getComputedStyle(r).fill"
    assert light.evaluate(body) == "rgb(255, 255, 255)"
    assert dark.evaluate(body) == "rgb(13, 17, 23)"
    assert light.eval_on_selector(".cjm-background", rect) == "rgb(255, 255, 255)"
    assert dark.eval_on_selector(".cjm-background", rect) == "rgb(13, 17, 23)"


@pytest.mark.parametrize("selector", [".cj-diagram-viewport", ".cj-flow-viewport"])
def test_diagram_laid_out_lazily_keeps_its_height(
    selector: str, open_report: OpenReport, long_report: Path
) -> None:
    # Off screen, the browser skips the drawing of a long report
    # (`content-visibility: auto`) and keeps its place with the height the
    # report computed; drawn, it is the same height, so nothing below it jumps.
    # (A short window: Chromium draws what is within about 1.5 screens anyway.)
    opened = open_report(long_report, width=1280, height=600)
    assert opened.problems == []
    box = opened.page.locator(selector)
    assert box.evaluate("v => getComputedStyle(v).contentVisibility") == "auto"
    wider = "v.scrollWidth > v.clientWidth"  # the drawing is wider than its viewport …
    assert box.evaluate(f"v => {wider}") is False  # … once laid out; below the fold, not yet
    placeholder = box.evaluate("v => v.getBoundingClientRect().height")
    box.scroll_into_view_if_needed()
    _wait_until_drawn(opened.page, box)
    assert box.evaluate("v => v.getBoundingClientRect().height") == pytest.approx(
        placeholder, abs=1
    )
