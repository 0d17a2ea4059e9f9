"""The report embeds the flow graph when (and only when) the journey branches."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cjmap.errors import CjmapError
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


@pytest.mark.graphviz
@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")
def test_embedded_flow_graph_is_the_flow_renderers_svg() -> None:
    # the report runs `dot` itself (alongside the swimlane layout): same drawing as `-f flow`
    from cjmap.render.flow_dot import render_flow_svg

    journey = load_journey(ROOT / "examples" / "plantly-first-purchase.yaml").journey
    page = render_html(journey, RenderOptions(format="html", theme="light"))
    flow = render_flow_svg(journey, RenderOptions(format="flow", theme="light"))
    body = flow[flow.index("</style>") + len("</style>") : flow.index("</svg>")]
    assert body in page
    assert ".cj-flow-viewport svg [" not in page  # a light page: no dark rules


@pytest.mark.graphviz
@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")
@pytest.mark.parametrize(
    ("theme", "media"),
    [(None, "@media screen and (prefers-color-scheme:dark)"), ("dark", "@media screen")],
)
def test_the_flow_graph_turns_dark_with_the_page(theme: str | None, media: str) -> None:
    # the light graph, plus rules (from a second, dark `dot` drawing) that recolour
    # it wherever the page is dark: never on paper
    from cjmap.render.flow_dot import render_flow_svg

    journey = load_journey(ROOT / "examples" / "plantly-first-purchase.yaml").journey
    page = render_html(journey, RenderOptions(format="html", theme=theme))
    dark = page[page.index(media + "{") :]
    dark = dark[: dark.index("\n")]
    light = render_flow_svg(journey, RenderOptions(format="flow", theme="light"))
    flow = page[page.index('<div class="cj-flow-viewport') :]
    flow = flow[: flow.index("</svg>")]
    # the drawing is the light one, with some colours pinned to variables
    assert re.sub(r' style="[^"]*"', "", flow).endswith(
        light[light.index("</style>") + 8 : light.index("</svg>")]
    )
    assert "var(--cjf" in flow and "var(--cjd" not in flow
    background = re.search(r'<polygon fill="(#[0-9a-f]{6})"', flow)
    assert background is not None and background.group(1) == "#ffffff"
    assert '.cj-flow-viewport svg [fill="#ffffff"]{fill:#0d1117}' in dark
    assert "--cjf0:" in dark


def test_flow_graph_of_a_long_journey_is_left_out_with_a_pointer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cjmap.render import _report_flow

    journey = load_journey(ROOT / "examples" / "plantly-first-purchase.yaml").journey
    monkeypatch.setattr(_report_flow, "FLOW_EMBED_MAX_STEPS", len(journey.steps) - 1)
    # `dot` must not even start
    monkeypatch.setattr("subprocess.Popen", _no_process)
    page = render_html(journey, RenderOptions(format="html"))
    assert 'href="#flow"' in page
    section = page[page.index('id="flow"') :]
    section = section[: section.index("</section>")]
    assert "<svg" not in section
    assert f"This journey has {len(journey.steps)} steps" in section
    assert "<code>cjmap render MAP.yaml -f flow</code>" in section


def test_a_failing_dot_fails_the_report_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "dot"
    # reads its input first, as dot does
    fake.write_text(
        "#!/bin/sh\n/bin/cat >/dev/null\necho 'Error: syntax error in line 3' >&2\nexit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    journey = load_journey(ROOT / "examples" / "plantly-first-purchase.yaml").journey
    with pytest.raises(CjmapError, match=r"Graphviz `dot` failed: Error: syntax error in line 3"):
        render_html(journey, RenderOptions(format="html"))


def _no_process(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"no process expected: {args}")


def test_flow_embeddable_is_a_branching_journey_within_the_step_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cjmap.render import _report_flow

    branching = load_journey(ROOT / "examples" / "plantly-first-purchase.yaml").journey
    assert _report_flow.flow_embeddable(branching)
    assert not _report_flow.flow_embeddable(build_journey(load_text(LINEAR)).journey)
    monkeypatch.setattr(_report_flow, "FLOW_EMBED_MAX_STEPS", len(branching.steps) - 1)
    assert not _report_flow.flow_embeddable(branching)
