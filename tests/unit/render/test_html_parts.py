"""Pieces of the HTML report: page colours, the light/dark SVG merge, the matrix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjmap.layout.themes import PALETTE_BY_NAME, MapColors, contrast_ratio, resolve_palette
from cjmap.pipeline import load_journey
from cjmap.render._matrix import opportunity_matrix_svg
from cjmap.render._report_data import build_report_data
from cjmap.render._report_theme import TEXT_PAIRS, merge_themed_svg, page_variables

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _variables(css: str) -> dict[str, str]:
    return dict(re.findall(r"--cj-([\w-]+):(#[0-9a-f]{6});", css))


@pytest.mark.parametrize("theme", sorted(PALETTE_BY_NAME))
@pytest.mark.parametrize(
    "overrides",
    [None, {"accent": "#5b3fd1", "pain": "#b3261e", "opportunity": "#1d6f42", "muted": "#999999"}],
    ids=["plain", "overridden"],
)
def test_page_text_colours_meet_wcag_aa(theme: str, overrides: dict[str, str] | None) -> None:
    palette = resolve_palette(theme, None, overrides)
    values = _variables(page_variables(palette, ["#123456"]))
    for text, background in TEXT_PAIRS:
        ratio = contrast_ratio(values[text], values[background])
        assert ratio >= 4.5, f"{theme}: {text} on {background} is {ratio:.2f}:1"


def test_merge_recolours_by_rule_and_pins_the_exceptions() -> None:
    # white is the page (-> #0d1117) on one tag and a card (-> #161b22) on two;
    # the face ink stays white in both themes
    body = (
        '<rect class="bg" fill="{}"/><rect fill="{}" stroke="#000000"/>'
        '<rect fill="{}"/><circle fill="#ffffff"/><text fill="{}">a</text></svg>'
    )
    light = '<svg data-theme="light">' + body.format("#ffffff", "#ffffff", "#ffffff", "#111111")
    dark = '<svg data-theme="dark">' + body.format("#0d1117", "#161b22", "#161b22", "#eeeeee")
    merged = merge_themed_svg(light, dark)
    assert merged is not None
    svg, css = merged
    assert svg == (
        '<svg data-theme="auto"><rect class="bg" fill="#ffffff" style="fill:var(--cjd0,#ffffff)"/>'
        '<rect fill="#ffffff" stroke="#000000"/><rect fill="#ffffff"/>'
        '<circle fill="#ffffff" style="fill:var(--cjd1,#ffffff)"/><text fill="#111111">a</text>'
        "</svg>"
    )
    assert css == (
        '.cj-diagram-viewport svg [fill="#111111"]{fill:#eeeeee}'
        '.cj-diagram-viewport svg [fill="#ffffff"]{fill:#161b22}'
        ":root{--cjd0:#0d1117;--cjd1:#ffffff;}"
    )


def test_merge_leaves_colour_lookalikes_in_text_alone() -> None:
    text = '<text fill="#111111"> fill="#ffffff" &lt;b fill="#ffffff"&gt;</text>'
    light = '<svg><rect fill="#ffffff"/><rect fill="#ffffff"/><rect fill="#ffffff"/>' + text
    dark = '<svg><rect fill="#000000"/><rect fill="#000000"/><rect fill="#0d1117"/>' + text
    merged = merge_themed_svg(light + "</svg>", dark + "</svg>")
    assert merged is not None
    assert merged[0].endswith('style="fill:var(--cjd0,#ffffff)"/>' + text + "</svg>")


def test_merge_gives_up_when_more_than_colours_differ() -> None:
    assert (
        merge_themed_svg('<svg><text fill="#fff">a</text></svg>', "<svg><text>b</text></svg>")
        is None
    )
    assert merge_themed_svg('<svg><rect x="1"/></svg>', '<svg><rect x="2"/></svg>') is None


def test_matrix_places_each_rated_opportunity_once_and_packs_a_full_cell(tmp_path: Path) -> None:
    steps = "\n".join(
        f"      - name: Step {i}\n        opportunities:\n"
        f"          - {{text: Idea {i}, impact: high, effort: low}}"
        for i in range(20)
    )
    path = tmp_path / "map.yaml"
    path.write_text(f"cjmap: 1\ntitle: Many\nphases:\n  - name: All\n    steps:\n{steps}\n")
    light = MapColors(PALETTE_BY_NAME["light"], adapt=False)
    data = build_report_data(load_journey(path).journey, light, None)
    svg = opportunity_matrix_svg(data.opportunities)
    dots = re.findall(r'<g class="cj-matrix-dot"', svg)
    more = re.search(r'class="cj-matrix-more"[^>]*>\+(\d+)<', svg)
    # a 3×3 cell holds 4 × 3 dots; the last place says how many more there are
    assert len(dots) == 11 and more is not None and int(more.group(1)) == 9
    assert "20 rated opportunities. high impact, low effort: O1, O2" in svg


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_light_and_dark_diagrams_merge(path: Path) -> None:
    from cjmap.layout import LayoutOptions, layout_journey
    from cjmap.render.svg import render_svg
    from cjmap.text.measure import default_measurer

    journey = load_journey(path).journey
    svgs = [
        render_svg(layout_journey(journey, default_measurer(), LayoutOptions(theme=t)), False)
        for t in ("light", "dark")
    ]
    merged = merge_themed_svg(*svgs)
    assert merged is not None
    assert re.sub(r' style="[^"]*"', "", merged[0]) == svgs[0].replace(
        'data-theme="light"', 'data-theme="auto"'
    )
    # rules do most of the work: few tags need their own style
    assert merged[0].count(" style=") < merged[0].count("<") / 10
