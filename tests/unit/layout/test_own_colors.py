"""Colours a map writes on phases and personas follow the rule for `theme.colors`.

They are tuned for the map's `theme.base`. Drawn in another theme (`--theme
dark`, the report's dark mode) a phase colour that the theme's text is not
AA-readable on, or a persona colour under 3:1 on the background, gives way
to that theme's own colour for the same index:

    light  | Discover #d9eee2 | Explore (palette) | …      as written
    dark   | Discover #0c2d4f | Explore (palette) | …      was #d9eee2: a pale band
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from cjmap.layout import JourneyLayout, LayoutOptions, layout_journey
from cjmap.layout.themes import DARK, LIGHT, PALETTE_BY_NAME, contrast_ratio
from cjmap.load import load_text
from cjmap.model import Journey, build_journey
from cjmap.pipeline import load_journey
from cjmap.render._report_theme import merge_themed_svg
from cjmap.render.svg import render_svg
from cjmap.text.measure import default_measurer

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PLANTLY = ROOT / "examples" / "plantly-first-purchase.yaml"


def _layout(journey: Journey, theme: str | None = None) -> JourneyLayout:
    return layout_journey(journey, default_measurer(), LayoutOptions(theme=theme))


def _bands(layout: JourneyLayout) -> dict[str, str]:
    return {band.phase_id: band.fill for band in layout.phases}


def _curves(layout: JourneyLayout) -> dict[str, str]:
    assert layout.emotion is not None
    return {c.persona_id or "": c.color for c in layout.emotion.curves}


def _swatches(layout: JourneyLayout) -> dict[str, str]:
    return {m.label: m.fill for m in layout.header_marks if m.cls == "cjm-persona-swatch"}


def test_plantly_pale_bands_keep_their_colour_in_light_and_give_way_in_dark() -> None:
    journey = load_journey(PLANTLY).journey
    light, dark = _bands(_layout(journey)), _bands(_layout(journey, "dark"))
    assert light["discover"] == "#d9eee2" and light["delivery"] == "#fbe8d3"
    index = [p.id for p in journey.phases].index
    assert dark["discover"] == DARK.phase_fills[index("discover")]
    assert dark["delivery"] == DARK.phase_fills[index("delivery")]
    # the rest were the palette's anyway
    for phase_id, fill in dark.items():
        assert fill == DARK.phase_fills[index(phase_id) % len(DARK.phase_fills)]


@pytest.mark.parametrize("theme", sorted(PALETTE_BY_NAME))
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_bands_read_in_the_themes_text_and_curves_stand_out(path: Path, theme: str) -> None:
    # Every example in every theme: a band holds the theme's own text colour
    # at AA (so it is on the theme's side of light/dark, not a pale band that
    # falls back to black), and a persona's curve stands out at 3:1.
    journey = load_journey(path).journey
    layout = _layout(journey, theme)
    palette = PALETTE_BY_NAME[theme]
    for band in layout.phases:
        assert contrast_ratio(palette.text, band.fill) >= 4.5, (band.phase_id, band.fill)
        assert band.text.fill == palette.text
    if layout.emotion is not None:
        for persona_id, color in _curves(layout).items():
            assert contrast_ratio(color, palette.background) >= 3.0, (persona_id, color)


MAP = """\
cjmap: 1
title: Colours
{theme}personas:
  - {{id: ana, name: Ana, color: "{ana}"}}
  - {{id: bo, name: Bo, color: "#b5531c"}}
phases:
  - name: First
    color: "{phase}"
    steps:
      - {{name: One, emotion: {{ana: 1, bo: -1}}}}
  - name: Second
    steps:
      - {{name: Two, emotion: {{ana: -1, bo: 1}}}}
"""


def _journey(phase: str, ana: str, base: str | None = None) -> Journey:
    theme = f"theme: {{base: {base}}}\n" if base else ""
    return build_journey(
        load_text(MAP.format(theme=theme, ana=ana, phase=phase), "colours.yaml")
    ).journey


def test_a_navy_persona_keeps_its_colour_in_light_and_gives_way_in_dark() -> None:
    journey = _journey("#fff8c5", ana="#0a3069")  # navy: 1.4:1 on the dark background
    light, dark = _layout(journey), _layout(journey, "dark")
    assert _curves(light) == {"ana": "#0a3069", "bo": "#b5531c"}
    assert _swatches(light) == {"Ana": "#0a3069", "Bo": "#b5531c"}
    # Bo's #b5531c is 3.8:1 on the dark background, so it stays
    assert _curves(dark) == {"ana": DARK.persona_colors[0], "bo": "#b5531c"}
    assert _swatches(dark) == {"Ana": DARK.persona_colors[0], "Bo": "#b5531c"}
    assert _bands(dark)["first"] == DARK.phase_fills[0]
    # the print theme is drawn on white, as light: the written colours suit it
    assert _bands(_layout(journey, "print"))["first"] == "#fff8c5"
    assert _curves(_layout(journey, "print"))["ana"] == "#0a3069"


def test_a_dark_maps_colours_stay_in_dark_and_give_way_in_light() -> None:
    journey = _journey("#0f3020", ana="#f778ba", base="dark")
    dark, light = _layout(journey), _layout(journey, "light")
    assert dark.theme == "dark"
    assert _bands(dark)["first"] == "#0f3020" and _curves(dark)["ana"] == "#f778ba"
    assert _bands(light)["first"] == LIGHT.phase_fills[0]
    # pink #f778ba is 2.4:1 on white: the light theme's first persona colour instead
    assert _curves(light)["ana"] == LIGHT.persona_colors[0]


def test_a_colour_written_for_the_theme_is_kept_even_where_it_is_weak() -> None:
    # The rule only moves colours across themes; in its own theme the map's
    # author decides (the band's text is still chosen readable on it).
    journey = _journey("#0c2d4f", ana="#d0d7de")
    light = _layout(journey)
    assert _bands(light)["first"] == "#0c2d4f" and _curves(light)["ana"] == "#d0d7de"
    band = next(b for b in light.phases if b.phase_id == "first")
    assert contrast_ratio(band.text.fill, band.fill) >= 4.5


def test_report_dark_mode_turns_the_pale_band_dark() -> None:
    # the report's auto mode draws the light SVG and recolours it with rules
    # taken from the dark layout: the mint band needs a dark rule of its own
    journey = load_journey(PLANTLY).journey
    merged = merge_themed_svg(
        render_svg(_layout(journey, "light"), embed_font=False),
        render_svg(_layout(journey, "dark"), embed_font=False),
    )
    assert merged is not None
    _, rules = merged
    assert f'[fill="#d9eee2"]{{fill:{DARK.phase_fills[0]}}}' in rules


def _cluster_fill(journey: Journey, theme: str | None) -> str:
    from cjmap.pipeline import RenderOptions
    from cjmap.render.flow_dot import flow_digraph

    dot = flow_digraph(journey, RenderOptions(format="dot", theme=theme)).source
    found = re.search(r'subgraph cluster_0 \{\s+color="[^"]+" fillcolor="([^"]+)"', dot)
    assert found is not None
    return found[1]


def test_flow_graph_phase_clusters_follow_the_same_rule() -> None:
    # `-f flow --theme dark` tinted plantly's Discover cluster with the mint
    # band: a grey-green box (#697472) among dark ones
    journey = load_journey(PLANTLY).journey
    plain = dataclasses.replace(
        journey, phases=tuple(dataclasses.replace(p, color=None) for p in journey.phases)
    )
    assert _cluster_fill(journey, "dark") == _cluster_fill(plain, "dark")
    assert _cluster_fill(journey, None) != _cluster_fill(plain, None)  # light: as written
