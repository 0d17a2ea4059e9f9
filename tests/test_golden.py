"""Golden files of the swimlane: layout JSON and SVG for every example and valid case.

`layout.exp.json` is the readable one: a geometry change shows up as a diff.
In `map.exp.svg` the embedded font subset is replaced by its length, because
the subset's bytes depend on the installed HarfBuzz; that the full SVG is
byte-identical run to run is tested in tests/unit/render/test_svg.py.
Accept new output with `pytest --update-golden`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjmap.layout import LayoutOptions, layout_journey
from cjmap.pipeline import load_journey
from cjmap.render.svg import render_svg
from cjmap.text.measure import default_measurer
from tests.golden_util import check_golden

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "cases" / "valid").glob("*/map.yaml")
)
GOLDEN = ROOT / "tests" / "golden" / "swimlane"
_FONT_DATA = re.compile(r"base64,[A-Za-z0-9+/=]+")


def _case_name(path: Path) -> str:
    return path.parent.name if path.name == "map.yaml" else path.stem


@pytest.mark.parametrize("path", CASES, ids=[_case_name(p) for p in CASES])
def test_swimlane_goldens(path: Path, pytestconfig: pytest.Config) -> None:
    journey = load_journey(path).journey
    layout = layout_journey(journey, default_measurer(), LayoutOptions())
    check_golden(pytestconfig, GOLDEN / _case_name(path) / "layout.exp.json", layout.to_json())
    svg = _FONT_DATA.sub(lambda m: f"base64,<{len(m.group(0))} bytes>", render_svg(layout))
    check_golden(pytestconfig, GOLDEN / _case_name(path) / "map.exp.svg", svg)
