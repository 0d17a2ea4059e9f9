"""The SVG contract: structure, classes, accessibility, escaping, determinism."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

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
