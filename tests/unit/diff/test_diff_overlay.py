"""`render_diff_svg`: NEW's swimlane, OLD's curve dashed behind, changed cards outlined."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from typing import Any

from tests.unit.diff._maps import BASE, step

from cjmap.diff import diff_journeys
from cjmap.diff.overlay import ADDED_COLOR, CHANGED_COLOR, OLD_CURVE_DASH, render_diff_svg
from cjmap.model import Journey, validate

SVG = "{http://www.w3.org/2000/svg}"


def render(edit_new: dict[str, Any]) -> tuple[str, ET.Element]:
    old = validate(Journey, BASE)
    new = validate(Journey, edit_new)
    svg = render_diff_svg(old, new, diff_journeys(old, new, "old.yaml", "new.yaml")).decode()
    return svg, ET.fromstring(svg)


def cards(root: ET.Element) -> dict[tuple[str, str], list[str | None]]:
    """(card class, step) -> the data-diff of each such card, in order."""
    out: dict[tuple[str, str], list[str | None]] = {}
    for g in root.iter(f"{SVG}g"):
        classes = g.get("class", "").split()
        if "cjm-card" in classes:
            kind = next(c for c in classes if c != "cjm-card")
            out.setdefault((kind, g.get("data-step", "")), []).append(g.get("data-diff"))
    return out


def changed_map() -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(BASE)
    step(data, "checkout")["emotion"] = 1
    step(data, "checkout")["pain_points"].append({"text": "Card declined", "severity": "high"})
    step(data, "checkout")["opportunities"][0]["status"] = "done"
    step(data, "search")["channel"] = "email"
    data["phases"][1]["steps"].append({"id": "review", "name": "Writes a review", "emotion": 2})
    return data


def test_changed_and_added_cards_are_outlined() -> None:
    svg, root = render(changed_map())
    found = cards(root)
    assert found[("cjm-step", "review")] == ["added"]
    assert found[("cjm-step", "checkout")] == ["changed"]  # its emotion changed
    assert found[("cjm-pain-point", "checkout")] == [None, None, "added"]
    assert found[("cjm-opportunity", "checkout")] == ["changed"]
    assert found[("cjm-touchpoint", "search")] == ["changed"]
    assert found[("cjm-step", "compare")] == [None]
    assert f'stroke="{ADDED_COLOR}" stroke-width="3"' in svg
    assert f'stroke="{CHANGED_COLOR}" stroke-width="3"' in svg


def test_old_curve_is_dashed_behind_the_new_one() -> None:
    svg, root = render(changed_map())
    old_paths = [p for p in root.iter(f"{SVG}path") if p.get("class") == "cjm-diff-old-curve"]
    assert old_paths and all(p.get("stroke-dasharray") == OLD_CURVE_DASH for p in old_paths)
    # drawn before (under) the new curve
    assert svg.index("cjm-diff-old-curve") < svg.index('class="cjm-curve"')
    # OLD's points sit in NEW's columns: checkout was -2, its old point is lower than its new face
    old_points = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "cjm-diff-old-point"]
    assert len(old_points) == 4  # search, compare, checkout, receipt; `review` is new
    new_checkout = next(
        g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "cjm-point" and g.get("data-step") == "checkout"
    )
    new_y = float(re.findall(r"[-\d.]+", new_checkout.get("transform", ""))[1])
    assert max(float(c.get("cy", 0)) for c in old_points) > new_y
    assert "Before" in svg and "Changes from old.yaml to new.yaml." in svg


def test_same_input_same_bytes() -> None:
    first, _ = render(changed_map())
    second, _ = render(changed_map())
    assert first == second
