"""The report embeds the flow graph when (and only when) the journey branches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cjmap.load import load_text
from cjmap.model import build_journey
from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render.html import render_html

ROOT = Path(__file__).resolve().parents[3]
LINEAR = """\
cjmap: 1
title: Straight line
phases:
  - name: P
    steps:
      - {name: One, emotion: 0}
      - {name: Two, emotion: 1}
"""


@pytest.mark.graphviz
@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")
def test_branching_map_report_embeds_the_flow_graph() -> None:
    journey = load_journey(ROOT / "examples" / "plantly-first-purchase.yaml").journey
    page = render_html(journey, RenderOptions(format="html"))
    assert 'id="flow"' in page and 'href="#flow"' in page
    flow = page[page.index('id="flow"') :]
    assert "<svg" in flow[: flow.index("</section>")]


def test_linear_map_report_has_no_flow_section() -> None:
    journey = build_journey(load_text(LINEAR)).journey
    page = render_html(journey, RenderOptions(format="html"))
    assert 'id="flow"' not in page


def test_without_graphviz_the_report_says_so_instead_of_failing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    journey = load_journey(ROOT / "examples" / "plantly-first-purchase.yaml").journey
    page = render_html(journey, RenderOptions(format="html"))
    section = page[page.index('id="flow"') :]
    assert "The flow graph is not included" in section[: section.index("</section>")]
