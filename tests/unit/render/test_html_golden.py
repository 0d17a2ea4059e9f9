"""Golden files of the HTML report for every example and valid case.

The swimlane SVG inside the report is replaced by its size (its own goldens
are tests/golden/swimlane/), the embedded font by its length (its bytes
depend on the installed HarfBuzz), and the inlined report.css and report.js
by their names (they are files in the repository), so a report golden
changes only when the report's content or markup does. Accept new output
with `pytest --update-golden`.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from tests.golden_util import check_golden

from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render.html import render_html

ROOT = Path(__file__).resolve().parents[3]
CASES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "cases" / "valid").glob("*/map.yaml")
)
GOLDEN = ROOT / "tests" / "golden" / "report"
_SWIMLANE = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" width=.*?</svg>', re.S)
_FONT_DATA = re.compile(r"base64,[A-Za-z0-9+/=]+")


def _case_name(path: Path) -> str:
    return path.parent.name if path.name == "map.yaml" else path.stem


def _stable(html: str) -> str:
    assets = resources.files("cjmap.render").joinpath("assets")
    for name in ("report.css", "report.js"):
        text = assets.joinpath(name).read_text("utf-8")
        assert html.count(text) == 1
        html = html.replace(text, f"/* {name} */")
    html = _SWIMLANE.sub(lambda m: f"<!-- swimlane SVG, {len(m.group(0))} characters -->", html)
    return _FONT_DATA.sub(lambda m: f"base64,<{len(m.group(0))} bytes>", html)


@pytest.mark.parametrize("path", CASES, ids=[_case_name(p) for p in CASES])
def test_report_goldens(path: Path, pytestconfig: pytest.Config) -> None:
    html = render_html(load_journey(path).journey, RenderOptions(format="html"))
    assert _SWIMLANE.search(html) is not None
    check_golden(pytestconfig, GOLDEN / _case_name(path) / "report.exp.html", _stable(html))
