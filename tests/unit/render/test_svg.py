"""The SVG contract: structure, classes, accessibility, escaping, determinism."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Literal

import pytest

from cjmap.layout.geometry import JourneyLayout
from cjmap.load import load_text
from cjmap.model import build_journey
from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render.svg import render_svg_bytes

ROOT = Path(__file__).resolve().parents[3]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml"
NS = {"s": "http://www.w3.org/2000/svg"}


def _svg(path: Path = NORMATIVE, **options: object) -> ET.Element:
    journey = load_journey(path).journey
    data = render_svg_bytes(journey, RenderOptions(**options))  # type: ignore[arg-type]
    return ET.fromstring(data)


def _classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def test_svg_is_accessible_with_title_desc_and_role() -> None:
    root = _svg()
    assert root.get("role") == "img"
    title = root.find("s:title", NS)
    desc = root.find("s:desc", NS)
    assert title is not None and title.text == "First purchase at Plantly"
    assert desc is not None and "5 steps" in (desc.text or "")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_each_card_holds_its_own_rect_and_text_with_step_and_lane() -> None:
    root = _svg()
    cards = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if "cjm-card" in _classes(g)]
    kinds = {k for g in cards for k in _classes(g)} - {"cjm-card"}
    assert {"cjm-step", "cjm-pain-point", "cjm-opportunity", "cjm-touchpoint"} <= kinds
    for g in cards:
        assert g.get("data-step") and g.get("data-lane")
        assert g.find("s:rect", NS) is not None
        assert g.find("s:text", NS) is not None
    severities = {g.get("data-severity") for g in cards if "cjm-pain-point" in _classes(g)}
    assert severities == {"high", "medium"}


def test_lanes_and_columns_carry_data_attributes() -> None:
    root = _svg()
    lanes = [
        g.get("data-lane")
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "cjm-lane" in _classes(g)
    ]
    assert lanes[:3] == ["steps", "touchpoints", "actions"]
    assert "emotions" in lanes
    columns = [
        g.get("data-step")
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "cjm-column" in _classes(g)
    ]
    assert columns == ["see-ad", "browse", "checkout", "abandon", "confirmation"]
    curves = [
        g.get("data-persona")
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "cjm-curve" in _classes(g)
    ]
    assert curves == ["maya", "ben"]


def test_text_is_real_text_and_the_font_is_embedded() -> None:
    data = render_svg_bytes(load_journey(NORMATIVE).journey, RenderOptions()).decode()
    assert "Shipping cost appears only" in data
    assert "@font-face" in data and "data:font/ttf;base64," in data
    assert "http://" not in data.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in data


def test_svg_output_is_byte_identical_across_runs() -> None:
    journey = load_journey(NORMATIVE).journey
    assert render_svg_bytes(journey, RenderOptions()) == render_svg_bytes(journey, RenderOptions())


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        "a & b ]]> c",
        "</svg><svg onload=alert(1)>",
        "javascript:alert(1)",
        "\"quoted\" 'single'",
    ],
)
def test_hostile_text_stays_inert_and_literal(evil: str) -> None:
    text = (
        "cjmap: 1\ntitle: "
        + _yaml_str(evil)
        + "\nphases:\n  - name: "
        + _yaml_str(evil)
        + "\n    steps:\n      - id: s1\n        name: "
        + _yaml_str(evil)
        + "\n        emotion: 0\n        pain_points: ["
        + _yaml_str(evil)
        + "]\n"
    )
    journey = build_journey(load_text(text)).journey
    data = render_svg_bytes(journey, RenderOptions())
    root = ET.fromstring(data)  # still well-formed XML
    assert not list(root.iter("{http://www.w3.org/2000/svg}script"))
    texts = "".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert evil.replace(" ", "") in texts.replace(" ", "")
    assert root.find("s:title", NS).text == evil  # type: ignore[union-attr]


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_themes_change_the_background() -> None:
    for theme, background in (("light", "#ffffff"), ("dark", "#0d1117"), ("print", "#ffffff")):
        root = _svg(theme=theme)
        assert root.get("data-theme") == theme
        rect = next(
            r
            for r in root.iter("{http://www.w3.org/2000/svg}rect")
            if r.get("class") == "cjm-background"
        )
        assert rect.get("fill") == background


@pytest.mark.parametrize("steps", [1, 2, 30, 100, 1000])
def test_maps_of_every_size_render_to_well_formed_svg(steps: int) -> None:
    from tests.mapgen import generate_map

    journey = build_journey(load_text(generate_map(steps, branches=min(steps // 10, 50)))).journey
    root = ET.fromstring(render_svg_bytes(journey, RenderOptions()))
    columns = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if "cjm-column" in _classes(g)]
    assert len(columns) == steps
    assert float(root.get("width", 0)) >= 208 * steps


def test_map_theme_overrides_colours_and_text_stays_readable() -> None:
    text = (
        "cjmap: 1\ntitle: Themed\ntheme:\n  base: light\n"
        "  colors: {phase1: '#1b1f24', pain: '#ffd8d3', accent: '#6f42c1'}\n"
        "personas:\n  - {id: a, name: A, color: '#0b6e4f'}\n"
        "phases:\n  - name: Dark band\n    steps:\n"
        "      - {name: One, emotion: 1, pain_points: [Slow], channel: web}\n"
    )
    root = ET.fromstring(render_svg_bytes(build_journey(load_text(text)).journey, RenderOptions()))
    band = next(
        g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "cjm-phase"
    )
    assert band.find("s:rect", NS).get("fill") == "#1b1f24"  # type: ignore[union-attr]
    assert band.find("s:text", NS).get("fill") == "#ffffff"  # type: ignore[union-attr]
    pain = next(
        g for g in root.iter("{http://www.w3.org/2000/svg}g") if "cjm-pain-point" in _classes(g)
    )
    assert pain.find("s:rect", NS).get("fill") == "#ffd8d3"  # type: ignore[union-attr]
    assert "#0b6e4f" in ET.tostring(root, encoding="unicode")


_TUNED_FOR_LIGHT = (
    "cjmap: 1\ntitle: Branded\ntheme:\n  colors: {phase1: '#ece8fb', accent: '#5b3fd1', "
    "pain: '#b3261e', opportunity: '#1d6f42', background: '#fdf6e3'}\n"
    "phases:\n  - name: Band\n    steps:\n"
    "      - {name: One, emotion: 1, channel: web, pain_points: [{text: Slow, severity: high}],"
    " opportunities: [Faster]}\n"
)


def _branded(theme: str | None) -> ET.Element:
    journey = build_journey(load_text(_TUNED_FOR_LIGHT)).journey
    return ET.fromstring(render_svg_bytes(journey, RenderOptions(theme=theme)))  # type: ignore[arg-type]


def _first(root: ET.Element, cls: str) -> ET.Element:
    return next(el for el in root.iter() if cls in _classes(el))


def test_overrides_tuned_for_light_give_way_where_they_do_not_suit_dark() -> None:
    light, dark = _branded(None), _branded("dark")
    band = "s:rect"
    assert _first(light, "cjm-phase").find(band, NS).get("fill") == "#ece8fb"  # type: ignore[union-attr]
    # a pale band and a cream page would glare on the dark theme: its own colours instead
    assert _first(dark, "cjm-phase").find(band, NS).get("fill") == "#0c2d4f"  # type: ignore[union-attr]
    assert _first(dark, "cjm-background").get("fill") == "#0d1117"
    # a strong red card stays readable under dark text rules, so the map's choice stands
    assert _first(dark, "cjm-pain-point").find("s:rect", NS).get("fill") == "#b3261e"  # type: ignore[union-attr]


def test_a_dark_map_keeps_its_overrides_in_its_own_theme() -> None:
    text = _TUNED_FOR_LIGHT.replace("theme:\n", "theme:\n  base: dark\n").replace(
        "#ece8fb", "#3b2a6b"
    )
    root = ET.fromstring(render_svg_bytes(build_journey(load_text(text)).journey, RenderOptions()))
    assert _first(root, "cjm-phase").find("s:rect", NS).get("fill") == "#3b2a6b"  # type: ignore[union-attr]
    assert _first(root, "cjm-background").get("fill") == "#fdf6e3"  # written for dark: kept


@pytest.mark.parametrize("theme", [None, "dark"])
def test_severity_and_markers_stand_out_on_a_maps_own_card_colours(theme: str | None) -> None:
    from cjmap.layout.themes import contrast_ratio

    root = _branded(theme)
    for card_cls, marker_cls in (
        ("cjm-pain-point", "cjm-pain-icon"),
        ("cjm-opportunity", "cjm-opportunity-icon"),
    ):
        card = _first(root, card_cls)
        fill = card.find("s:rect", NS).get("fill")  # type: ignore[union-attr]
        marker = _first(card, marker_cls)
        shape, ink = marker.findall("s:path", NS)
        assert contrast_ratio(shape.get("fill"), fill) >= 3.0  # type: ignore[arg-type]
        assert contrast_ratio(ink.get("stroke"), shape.get("fill")) >= 3.0  # type: ignore[arg-type]
    dots = [
        r
        for r in root.iter("{http://www.w3.org/2000/svg}rect")
        if "cjm-severity-dot" in _classes(r)
    ]
    assert len(dots) == 4
    pain_fill = _first(root, "cjm-pain-point").find("s:rect", NS).get("fill")  # type: ignore[union-attr]
    assert all(contrast_ratio(d.get("stroke"), pain_fill) >= 3.0 for d in dots)  # type: ignore[arg-type]
    assert [d.get("fill") != "none" for d in dots] == [True, True, True, False]  # high = 3 of 4


def _layout(yaml_text: str | None = None) -> JourneyLayout:
    from cjmap.layout import LayoutOptions, layout_journey
    from cjmap.text.measure import default_measurer

    if yaml_text is None:
        journey = load_journey(NORMATIVE).journey
    else:
        journey = build_journey(load_text(yaml_text, "map.yaml")).journey
    return layout_journey(journey, default_measurer(), LayoutOptions())


def test_with_glyphs_every_latin_label_is_a_path_and_no_text_is_left() -> None:
    from cjmap.render.svg import render_svg
    from cjmap.text.measure import default_measurer
    from cjmap.text.outlines import LinePaths

    layout = _layout()
    plain = render_svg(layout, embed_font=False)
    drawn = render_svg(layout, embed_font=False, glyphs=LinePaths(default_measurer()))
    root = ET.fromstring(drawn)
    assert root.findall(".//s:text", NS) == []
    lines = sum(1 for t in layout.texts() for line in t.lines if line.strip())
    glyph_paths = [
        p for p in root.iter(f"{{{NS['s']}}}path") if "matrix(" in p.get("transform", "")
    ]
    assert len(glyph_paths) == lines
    # everything else is untouched: the same document once the labels are removed
    assert re.sub(r"<text\b.*?</text>", "", plain, flags=re.S) == re.sub(
        r'<path transform="matrix\([^"]*\)" fill="[^"]*" d="[^"]*"/>', "", drawn
    )


def test_a_label_inter_lacks_stays_text_for_the_rasterisers_fallback_fonts() -> None:
    from cjmap.render.svg import render_svg
    from cjmap.text.measure import default_measurer
    from cjmap.text.outlines import LinePaths

    layout = _layout(
        "cjmap: 1\ntitle: T\nphases:\n  - name: P\n    steps:\n      - name: 購入する\n"
    )
    drawn = render_svg(layout, embed_font=False, glyphs=LinePaths(default_measurer()))
    texts = ET.fromstring(drawn).findall(".//s:text", NS)
    assert ["".join(t.itertext()) for t in texts] == ["購入する"]


@pytest.mark.parametrize("anchor", ["start", "middle", "end"])
def test_an_anchored_label_ends_where_its_text_would(
    anchor: Literal["start", "middle", "end"],
) -> None:
    from cjmap.layout.geometry import Box, Text
    from cjmap.render.svg import _text
    from cjmap.text.measure import default_measurer
    from cjmap.text.outlines import LinePaths

    m = default_measurer()
    box = Box(0, 0, 300, 40)
    width = m.width("Tofu", 20)
    label = Text(("Tofu",), (width,), 100, 30, 20, 26, 400, "#000", "#fff", box, anchor)
    path = ET.fromstring(_text(label, LinePaths(m)))
    x = float(path.get("transform", "").split()[4])
    start = {"start": 100, "middle": 100 - width / 2, "end": 100 - width}
    assert x == pytest.approx(start[anchor], abs=0.005)
