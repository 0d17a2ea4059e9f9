"""The HTML report: content, escaping, CSP, themes and determinism (no browser)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from cjmap.errors import Diagnostic, UsageError
from cjmap.model import Journey
from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render import render
from cjmap.render.html import render_diagnostics_html, render_html

ROOT = Path(__file__).resolve().parents[3]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml"

MAP = """\
cjmap: 1
title: Report test
description: A small journey for the report.
owner: CX team
tags: [alpha, beta]
kpis:
  - {name: NPS, current: 31, target: 45, step: pay}
  - {name: Conversion, current: "2%", target: "3%"}
personas:
  - {id: ana, name: Ana, role: Buyer, quote: "Quick please", goals: [Buy fast]}
  - {id: bo, name: Bo, role: Gifter}
phases:
  - id: find
    name: Find
    steps:
      - id: search
        name: Searches
        personas: [ana]
        emotion: 1
        evidence: [assumption]
        pain_points:
          - {id: slow, text: Search is slow, severity: low, owner: Search team}
      - id: compare
        name: Compares
        emotion: {ana: -1, bo: 2}
        evidence: [interview, assumption]
        owner: Web team
        pain_points:
          - {id: noprice, text: No price filter, severity: critical}
        opportunities:
          - {text: Add a price filter, impact: high, effort: low, status: planned,
             addresses: [noprice], owner: Web team}
  - id: buy
    name: Buy
    steps:
      - id: pay
        name: Pays
        moment_of_truth: true
        emotion: -2
        channel: web
        touchpoint: Checkout form
        actions: [Types card number]
        thoughts: ["Is this safe?"]
        expectation: One page
        experience: Three pages
        feeling: anxious
        intensity: 4
        backstage: [Fraud check runs]
        support: [Payment provider]
        duration: 3 minutes
        metrics: {drop_off: "40%", reach_per_week: 412000, visits: 4120}
        pain_points:
          - {text: Card form resets on error, severity: high, frequency: often}
        opportunities:
          - {text: Keep the form filled, impact: medium, effort: high, status: done}
          - Idea without ratings
        next: [{to: search, label: Gives up}]
"""


def _journey(tmp_path: Path, text: str = MAP) -> Journey:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return load_journey(path).journey


def _html(journey: Journey, **options: object) -> str:
    return render_html(journey, RenderOptions(format="html", **options))  # type: ignore[arg-type]


def _section(html: str, section_id: str) -> str:
    start = html.index(f'<h2 id="{section_id}"')
    end = html.find("<h2 id=", start + 10)
    return html[start : end if end > 0 else len(html)]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def test_report_is_byte_identical_for_the_same_input(tmp_path: Path) -> None:
    journey = _journey(tmp_path)
    first = render(journey, RenderOptions(format="html"))
    again = render(_journey(tmp_path), RenderOptions(format="html"))
    assert first == again
    assert first.startswith(b"<!DOCTYPE html>")


def test_title_with_script_is_shown_as_text_and_never_run(tmp_path: Path) -> None:
    hostile = MAP.replace("title: Report test", 'title: "<script>alert(1)</script>"').replace(
        "name: Searches", 'name: "<img src=x onerror=alert(2)>"'
    )
    html = _html(_journey(tmp_path, hostile))
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    # the only scripts are the report's own, each allowed by its hash
    assert html.count("<script>") == 1


def test_csp_forbids_external_loads_and_allows_the_inline_script_by_hash(tmp_path: Path) -> None:
    html = _html(_journey(tmp_path))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = csp.group(1).replace("&#39;", "'")
    assert policy.startswith("default-src 'none'; ")
    assert "font-src data:" in policy and "img-src data:" in policy
    assert "connect-src" not in policy  # only `cjmap serve` pages may fetch
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    # nothing points outside the page: every src/href is a fragment or data
    for url in re.findall(r'\s(?:src|href)="([^"]*)"', html):
        assert url.startswith("#"), url
    assert "@import" not in html and "url(http" not in html


def test_overview_counts_kpis_and_evidence_coverage(tmp_path: Path) -> None:
    overview = _text(_section(_html(_journey(tmp_path)), "overview"))
    assert "Phases 2 Steps 3 Personas 2 Moments of truth 1 Pain points 3 Opportunities 3" in (
        overview
    )
    assert "critical 1 high 1 medium 0 low 1" in overview
    assert "idea 1 planned 1 in progress 0 done 1" in overview
    assert "NPS 31 45 Pays" in overview
    assert "Conversion 2% 3% whole journey" in overview
    assert (
        "2 of 3 steps (67%) cite evidence: 1 are backed by research, 1 rest on assumption "
        "only, and 1 cite nothing." in overview
    )
    assert "Resting on assumption only: Searches ." in overview
    assert "No evidence: Pays ." in overview


def test_every_step_is_anchored_with_all_its_fields(tmp_path: Path) -> None:
    html = _html(_journey(tmp_path))
    anchors = re.findall(r'<article class="cj-step[^"]*" id="([^"]+)"', html)
    assert anchors == ["step-search", "step-compare", "step-pay"]
    start = html.index('id="step-pay"')
    pay = _text(html[start : html.index("</article>", start)])
    for expected in (
        "Moment of truth",
        "−2: very negative",
        "“anxious”",
        "Channel web",
        "Touchpoint Checkout form",
        "Actions Types card number",
        "Thoughts Is this safe?",
        "Expectation One page",
        "Experience Three pages",
        "Intensity 4 of 5",
        "Duration 3 minutes",
        "Backstage Fraud check runs",
        "Support processes Payment provider",
        "drop off 40%",
        "Evidence none cited",
        "Next Searches — Gives up",
        "high Card form resets on error",
        "Frequency: often.",
        "done Keep the form filled",
        "Impact: medium. Effort: high.",
        "idea Idea without ratings",
    ):
        assert expected in pay, expected
    start = html.index('id="step-compare"')
    compare = html[start : html.index("</article>", start)]
    assert 'data-personas="ana bo"' in compare
    assert "Ana, negative" in _text(compare) and "Bo, very positive" in _text(compare)


def test_pain_points_table_rows_sort_keys_filters_and_links(tmp_path: Path) -> None:
    table = _section(_html(_journey(tmp_path)), "pain-points")
    rows = re.findall(r"<tr id=\"(pp-[^\"]+)\"([^>]*)>", table)
    # worst first, then in journey order
    assert [anchor for anchor, _ in rows] == ["pp-compare-1", "pp-pay-1", "pp-search-1"]
    attrs = dict(rows)
    assert 'data-sort-severity="3" data-sort-phase="0" data-sort-step="1"' in attrs["pp-compare-1"]
    assert 'data-filter-owner="Web team"' in attrs["pp-compare-1"]  # from the step
    assert 'data-filter-owner="-"' in attrs["pp-pay-1"]
    assert 'data-filter-owner="Search team"' in attrs["pp-search-1"]
    assert '<option value="Search team">' in table and '<option value="-">No owner' in table
    assert '<a href="#opp-compare-1">O1</a>' in table  # addressed by
    for key in ("number", "severity", "phase", "step", "owner", "frequency"):
        assert re.search(f'<th scope="col"[^>]* data-sort-key="{key}"[^>]*><button', table)
    assert '<th scope="col"' in table
    # numbered as the journey is walked; frequency ranks rare..always, empty when not given
    assert 'data-sort-number="2"' in attrs["pp-compare-1"]
    assert 'data-sort-frequency=""' in attrs["pp-compare-1"]
    assert 'data-sort-frequency="2"' in attrs["pp-pay-1"]  # often
    assert 'data-sort-owner="web team"' in attrs["pp-compare-1"]
    labels = re.findall(r'<td class="cj-num"><strong>(P\d+)</strong></td>', table)
    assert labels == ["P2", "P3", "P1"]
    # what a filter that matches nothing shows: a row saying so, with a reset
    assert '<tbody class="cj-no-match cj-js-only" hidden>' in table
    assert "No pain point matches these filters." in table and "data-reset-filters" in table


def test_opportunities_matrix_and_sortable_table(tmp_path: Path) -> None:
    section = _section(_html(_journey(tmp_path)), "opportunities")
    dots = re.findall(r'<g class="cj-matrix-dot" data-opportunity="([^"]+)"', section)
    assert dots == ["opp-compare-1", "opp-pay-1"]  # rated ones only
    assert "Not rated yet" in section and '<a href="#opp-pay-2">O3</a>' in section
    assert "high impact, low effort: O1; medium impact, high effort: O2." in section
    for key in ("impact", "effort", "owner", "status"):
        assert f'data-sort-key="{key}"' in section
    # the pain points it addresses, by their label, with the text as a tooltip
    assert '<td class="cj-refs"><a href="#pp-compare-1" title="No price filter">P2</a></td>' in (
        section
    )
    # unrated: an empty sort key, which sorts last either way
    rated = re.search(r'<tr id="opp-compare-1"[^>]*>', section)
    unrated = re.search(r'<tr id="opp-pay-2"[^>]*>', section)
    assert rated is not None and unrated is not None
    assert 'data-sort-impact="2" data-sort-effort="0"' in rated.group(0)
    assert 'data-sort-impact="" data-sort-effort=""' in unrated.group(0)


def test_personas_cards_and_persona_switch(tmp_path: Path) -> None:
    html = _html(_journey(tmp_path))
    personas = _text(_section(html, "personas"))
    assert "Ana Buyer “Quick please”" in personas and "Goals Buy fast" in personas
    assert "Takes 3 of 3 steps" in personas and "Takes 2 of 3 steps" in personas
    switch = _section(html, "diagram")
    assert re.findall(r'name="cj-persona" value="([^"]*)"', switch) == ["", "ana", "bo"]
    assert '<g class="cjm-curve" data-persona="ana">' in switch


def test_persona_option_limits_the_report_to_that_journey(tmp_path: Path) -> None:
    html = _html(_journey(tmp_path), persona="bo")
    assert 'id="step-search"' not in html  # Bo does not search
    assert 'id="step-compare"' in html
    assert '<input type="radio" name="cj-persona"' not in html  # one curve: no switch
    assert "Bo’s journey" in html
    with pytest.raises(UsageError, match="unknown persona `zed`"):
        _html(_journey(tmp_path), persona="zed")


def test_no_theme_follows_the_browser_and_recolours_the_diagram(tmp_path: Path) -> None:
    html = _html(_journey(tmp_path))
    assert 'data-theme="auto"' in html
    dark = re.search(r"@media screen and \(prefers-color-scheme:dark\)\{(.*)\}\n", html)
    assert dark is not None and "--cj-bg:#0d1117;" in dark.group(1)
    # white is mostly the page here (a rule); the white step cards are pinned
    background = re.search(r'<rect [^>]*class="cjm-background"[^>]*>', html)
    assert background is not None and "style=" not in background.group(0)
    assert '.cj-diagram-viewport svg [fill="#ffffff"]{fill:#0d1117}' in dark.group(1)
    step_card = re.search(r'<g class="cjm-card cjm-step"[^>]*><rect [^>]*>', html)
    assert step_card is not None
    var = re.search(r"fill:var\((--cjd\d+),#ffffff\)", step_card.group(0))
    assert var is not None and f"{var.group(1)}:#161b22;" in dark.group(1)
    # and the pain-point cards by a rule
    assert '.cj-diagram-viewport svg [fill="#ffebe9"]{fill:#3c1618}' in dark.group(1)


@pytest.mark.parametrize("theme", ["light", "dark", "print"])
def test_a_chosen_theme_is_fixed(tmp_path: Path, theme: str) -> None:
    html = _html(_journey(tmp_path), theme=theme)
    assert f'data-theme="{theme}"' in html
    assert "prefers-color-scheme" not in html
    assert ("@media print{:root{color-scheme:light;" in html) == (theme == "dark")
    if theme != "dark":
        assert "var(--cjd" not in html
        assert f'class="cjm-journey" data-theme="{theme}"' in html


def test_a_dark_report_draws_the_diagram_dark_on_screen_and_light_on_paper(
    tmp_path: Path,
) -> None:
    # paper is white: the page prints with the light colours, and so must the
    # diagram; it is the light drawing, turned dark by rules for the screen only
    html = _html(_journey(tmp_path), theme="dark")
    screen = re.search(r"@media screen\{(.*)\}\n", html)
    assert screen is not None
    assert '.cj-diagram-viewport svg [fill="#ffffff"]{fill:#0d1117}' in screen.group(1)
    background = re.search(r'<rect [^>]*class="cjm-background"[^>]*>', html)
    assert background is not None and 'fill="#ffffff"' in background.group(0)
    printed = re.search(r"@media print\{:root\{[^}]*\}", html)
    assert printed is not None and "--cj-bg:#ffffff;" in printed.group(0)
    screen_root = re.search(r"<style>\n:root\{[^}]*\}", html)
    assert screen_root is not None and "color-scheme:dark;--cj-bg:#0d1117;" in screen_root.group(0)


def test_numbers_get_thousands_separators_as_in_the_diagram(tmp_path: Path) -> None:
    html = _html(_journey(tmp_path))
    start = html.index('id="step-pay"')
    pay = _text(html[start : html.index("</article>", start)])
    # as the swimlane's metrics lane: five digits and more are grouped
    assert "reach per week 412,000" in pay and "visits 4120" in pay


def test_the_maps_own_theme_base_fixes_the_theme(tmp_path: Path) -> None:
    text = MAP.replace("phases:", "theme: {base: dark}\nphases:", 1)
    assert 'data-theme="dark"' in _html(_journey(tmp_path, text))


def test_the_page_keeps_overrides_in_the_theme_they_were_written_for(tmp_path: Path) -> None:
    # written for dark: kept as written there, even a pale page; printing (light
    # paper) keeps the page but not the pale accent, which would vanish on it
    colours = "colors: {background: '#fdf6e3', accent: '#d2a8ff'}"
    text = MAP.replace("phases:", f"theme: {{base: dark, {colours}}}\nphases:", 1)
    html = _html(_journey(tmp_path, text))
    screen = re.search(r":root\{[^}]*\}", html)
    assert screen is not None and "--cj-bg:#fdf6e3;--" in screen.group(0)
    assert "--cj-accent:#d2a8ff;" in screen.group(0)
    printed = re.search(r"@media print\{:root\{[^}]*\}", html)
    assert printed is not None and "--cj-bg:#fdf6e3;" in printed.group(0)
    assert "--cj-accent:#0969da;" in printed.group(0)
    # no base: the colours are tuned for light, and the dark mode uses its own page
    text = MAP.replace("phases:", "theme: {colors: {background: '#fdf6e3'}}\nphases:", 1)
    dark = re.search(
        r"prefers-color-scheme:dark\)\{:root\{[^}]*\}", _html(_journey(tmp_path, text))
    )
    assert dark is not None and "--cj-bg:#0d1117;" in dark.group(0)


def test_fonts_are_embedded_once_for_page_and_diagram(tmp_path: Path) -> None:
    html = _html(_journey(tmp_path))
    assert html.count("@font-face") == 2  # Inter Regular and Bold, for every character
    assert "src:url(data:font/ttf;base64," in html
    assert "cj-font-faces" not in html


def test_the_normative_map_renders_with_every_section() -> None:
    html = _html(load_journey(NORMATIVE).journey)
    for section in ("overview", "personas", "diagram", "phases", "pain-points", "opportunities"):
        assert f'<a href="#{section}">' in html and f'id="{section}"' in html
    assert html.count('<main id="main"') == 1 and "<nav " in html and "<footer " in html
    assert 'id="step-checkout"' in html


def test_empty_sections_say_so(tmp_path: Path) -> None:
    text = "cjmap: 1\ntitle: Bare\nphases:\n  - name: Only\n    steps:\n      - name: One step\n"
    html = _html(_journey(tmp_path, text))
    assert "This map declares no personas." in html
    assert "No pain points are recorded in this map." in html
    assert "No opportunities are recorded in this map." in html
    assert "No KPIs are set for this map." in html
    # the overview says so too, rather than count zeros
    overview = _text(_section(html, "overview"))
    assert "Pain points by severity None yet: no pain point is recorded." in overview
    assert "Opportunities by status None yet: no opportunity is recorded." in overview
    assert "critical 0" not in overview and "idea 0" not in overview


def test_diagnostics_page_escapes_the_messages() -> None:
    page = render_diagnostics_html(
        "map.yaml",
        [Diagnostic("map.yaml", 3, 1, "yaml-syntax", "bad <b>thing</b>", hint="fix it")],
        live_reload="7-1",
    )
    assert "<code>map.yaml:3:1</code>" in page and "bad &lt;b&gt;thing&lt;/b&gt;" in page
    assert 'data-cj-version="7-1"' in page and "connect-src &#39;self&#39;" in page


def test_only_long_reports_are_laid_out_lazily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # content-visibility (which a full-page screenshot shows as blank boxes) is
    # switched on by a class on <body>, past LAZY_LAYOUT_MIN_STEPS
    from cjmap.render import html as html_module

    journey = _journey(tmp_path)
    assert "<body>" in _html(journey)
    monkeypatch.setattr(html_module, "LAZY_LAYOUT_MIN_STEPS", len(journey.steps) - 1)
    assert '<body class="cj-lazy-layout">' in _html(journey)


def test_diagram_and_long_tables_reserve_their_size_for_lazy_layout(tmp_path: Path) -> None:
    # the browser skips them off screen (content-visibility: auto); the page keeps
    # their place with the drawing's height and the tables' row counts
    page = _html(_journey(tmp_path))
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" [^>]*height="([^"]+)"', page)
    assert svg is not None
    assert f'data-height="{svg.group(1)}" style="--cj-h:{svg.group(1)}px"' in page
    for section, label in (("pain-points", "Pain points"), ("opportunities", "Opportunities")):
        html = _section(page, section)
        rows = html.count("<tr id=")
        assert rows > 0
        assert f'class="cj-scroll cj-lazy" role="region" aria-label="{label} table"' in html
        assert f'style="--cj-rows:{rows}"' in html


def test_persona_colours_on_the_page_follow_the_curves_in_dark_mode(tmp_path: Path) -> None:
    # Ana's own colour is tuned for light (2.8:1 on the dark page): the dark
    # curve takes the dark theme's colour, and so must her card and chips.
    from cjmap.layout.themes import DARK

    text = MAP.replace("{id: ana, name: Ana,", "{id: ana, name: Ana, color: '#5b3fd1',")
    html = _html(_journey(tmp_path, text))
    light = re.search(r":root\{[^}]*\}", html)
    assert light is not None and "--cj-persona-0:#5b3fd1;" in light.group(0)
    dark = re.search(r"prefers-color-scheme:dark\)\{:root\{[^}]*\}", html)
    assert dark is not None and f"--cj-persona-0:{DARK.persona_colors[0]};" in dark.group(0)
