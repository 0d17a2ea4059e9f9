"""The flow view: DOT goldens, what the DOT says, real `dot` renders, and no `dot` at all."""

from __future__ import annotations

import io
import re
import shutil
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import graphviz
import pytest
from PIL import Image
from tests.conftest import RunCli
from tests.golden_util import check_golden

from cjmap.errors import ToolMissing, UsageError
from cjmap.model import Journey, validate
from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render import flow_dot
from cjmap.render.flow_dot import render_dot_bytes, render_flow_bytes
from cjmap.render.themes import PALETTE_BY_NAME

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases" / "valid" / "branching"
GOLDEN = ROOT / "tests" / "golden" / "flow"
SVG_NS = "{http://www.w3.org/2000/svg}"
HAS_DOT = shutil.which("dot") is not None


def needs_dot(test: Any) -> Any:
    """Mark a test that runs the real `dot`; skipped where Graphviz is missing."""
    return pytest.mark.graphviz(
        pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` missing")(test)
    )


# golden case -> (map, options)
GOLDEN_CASES = {
    "checkout-retries": ("checkout-retries", RenderOptions(format="dot")),
    "checkout-retries-maya-dark": (
        "checkout-retries",
        RenderOptions(format="dot", persona="maya", theme="dark"),
    ),
    "support-dead-ends": ("support-dead-ends", RenderOptions(format="dot")),
    "support-dead-ends-print": ("support-dead-ends", RenderOptions(format="dot", theme="print")),
    "loan-application": ("loan-application", RenderOptions(format="dot")),
}
HOSTILE = """\
    cjmap: 1
    title: 'Quotes " and \\ backslash <b>bold</b> & amp'
    personas: [{id: p, name: P}]
    phases:
      - name: '<TABLE> "phase" \\'
        steps:
          - {id: 'a"b', name: 'quote " in id', emotion: 0, next: ['back\\', '<b>x</b>']}
          - {id: 'back\\', name: 'ends in \\', emotion: 1, next: [node]}
          - {id: '<b>x</b>', name: '<B>not bold</B> &amp;', emotion: -1, next: [node]}
          - {id: node, name: "keyword id\\ttab", emotion: 2, next: ['a--b']}
          - {id: 'a--b', name: '-- comment --> ?', channel: '<br/>', next: ['x:y']}
          - id: 'x:y'
            name: "control \\x01 char"
            next: [{to: 'a"b', label: '\\N \\G "label" <i>'}, 'ü.x']
          - {id: 'ü.x', name: '李 📎', next: []}
"""


def journey_of(name: str) -> Journey:
    return load_journey(CASES / f"{name}.yaml").journey


def dot_source(name: str, **options: str) -> str:
    return render_dot_bytes(journey_of(name), RenderOptions(format="dot", **options)).decode()


def write_map(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def statement(dot: str, node: str) -> str:
    """The DOT statement that declares `node` (its attributes)."""
    match = re.search(rf"^\t\t?{re.escape(node)} \[.*\]$", dot, re.MULTILINE)
    assert match, f"no node {node}"
    return match.group(0)


def edge(dot: str, source: str, target: str) -> str:
    match = re.search(rf"^\t{re.escape(source)} -> {re.escape(target)}(?: \[.*\])?$", dot, re.M)
    assert match, f"no edge {source} -> {target}"
    return match.group(0)


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_dot_golden(case: str, pytestconfig: pytest.Config) -> None:
    name, options = GOLDEN_CASES[case]
    got = render_dot_bytes(journey_of(name), options)
    check_golden(pytestconfig, GOLDEN / case / "flow.exp.dot", got)


def test_dot_is_laid_out_left_to_right_with_one_cluster_per_phase_in_inter() -> None:
    dot = dot_source("checkout-retries")
    assert re.search(r"^\tgraph \[.*\brankdir=LR\b", dot, re.M)
    assert re.findall(r"^\tsubgraph (\S+) \{", dot, re.M) == [
        "cluster_0",
        "cluster_1",
        "cluster_2",
        "cluster_3",
    ]
    assert re.findall(r"<B>(Discover|Buy|Deliver|After purchase)</B>", dot) == [
        "Discover",
        "Buy",
        "Deliver",
        "After purchase",
    ]
    assert "fontname=Inter" in dot
    assert len(re.findall(r"^\t\t\S+ \[label=", dot, re.M)) == 13  # every step, in a cluster


def test_dot_holds_no_paths_versions_or_dates() -> None:
    dot = dot_source("checkout-retries")
    assert str(ROOT) not in dot and "/tmp" not in dot
    assert "version" not in dot.lower() and "graphviz" not in dot.lower()
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", dot)


def test_main_path_is_heavy_and_solid_side_branches_light_and_dashed() -> None:
    dot = dot_source("checkout-retries")
    main = edge(dot, "pay", "confirmation")
    side = edge(dot, "pay", '"card-declined"')
    assert "penwidth=2.2" in main and "dashed" not in main
    assert "payment accepted" in main
    assert "penwidth=1.2" in side and "style=dashed" in side
    assert "card declined" in side
    # the loop back to checkout doesn't pull the layout out of written order
    assert "constraint=false" in edge(dot, "reminder", "checkout")


def test_node_fill_follows_emotion_details_and_shapes() -> None:
    light = PALETTE_BY_NAME["light"]
    dot = dot_source("checkout-retries")
    declined = statement(dot, '"card-declined"')
    assert f'color="{light.emotion_neg2}"' in declined
    assert "web · 1\u00a0pain\u00a0point" in declined
    checkout = statement(dot, "checkout")
    assert "peripheries=2" in checkout  # moment of truth: double border
    assert "2\u00a0pain\u00a0points" in checkout and "moment\u00a0of\u00a0truth" in checkout
    assert "shape=cds" in statement(dot, '"buys-elsewhere"')  # next: []
    assert "shape=cds" in statement(dot, "cares")  # the last step
    assert "shape=cds" not in statement(dot, "pay")
    assert "Ben\u00a0only" in statement(dot, '"gift-message"')


def test_unreachable_step_is_dashed_and_says_so() -> None:
    bot = statement(dot_source("support-dead-ends"), '"chat-bot"')
    assert "dashed" in bot and "unreachable" in bot


def test_persona_keeps_only_their_steps_and_bridges_the_rest() -> None:
    maya = dot_source("checkout-retries", persona="maya")
    assert "gift-message" not in maya
    assert "penwidth=2.2" in edge(maya, "checkout", "pay")
    assert "Maya&#39;s journey" in maya
    assert "gift-message" in dot_source("checkout-retries", persona="ben")


def test_unknown_persona_is_a_usage_error_with_a_hint() -> None:
    with pytest.raises(UsageError, match=r"unknown persona `mya`; did you mean `maya`\?"):
        dot_source("checkout-retries", persona="mya")


@pytest.mark.parametrize("theme", ["light", "dark", "print"])
def test_theme_sets_background_and_text_colour(theme: str) -> None:
    palette = PALETTE_BY_NAME[theme]
    dot = dot_source("checkout-retries", theme=theme)
    graph = re.search(r"^\tgraph \[.*$", dot, re.M)
    assert graph is not None
    assert f'bgcolor="{palette.background}"' in graph.group(0)
    assert f'fontcolor="{palette.text}"' in graph.group(0)


def test_text_is_escaped_in_html_labels() -> None:
    dot = dot_source("loan-application")
    assert "Applying for a loan &quot;the easy way&quot; &lt;beta&gt; &amp; more" in dot
    assert "score &lt; 600" in dot and "needs &quot;more&quot; info \\\\<" in dot
    assert '"docs.upload"' in dot and "prüfung" in dot


def long_journey() -> Journey:
    """70 steps in a row; step 1 can also give up and jump to the last one."""
    steps: list[dict[str, object]] = [
        {"id": f"s{n}", "name": f"Step {n}", "emotion": 0} for n in range(70)
    ]
    steps[1]["next"] = ["s2", {"to": "s69", "label": "gives up"}]
    return validate(
        Journey, {"cjmap": 1, "title": "Long", "phases": [{"name": "All", "steps": steps}]}
    )


def test_a_link_longer_than_the_jump_span_is_drawn_as_two_connectors() -> None:
    dot = render_dot_bytes(long_journey(), RenderOptions(format="dot")).decode()
    assert flow_dot.JUMP_SPAN < 68
    assert not re.search(r"^\ts1 -> s69\b", dot, re.M)
    first = edge(dot, "s1", '"#jump-1-from"')
    assert "gives up" in first and "style=dashed" in first
    assert "label=" not in edge(dot, '"#jump-1-to"', "s69")
    assert "→ Step 69" in statement(dot, '"#jump-1-from"')
    assert "Step 1 →" in statement(dot, '"#jump-1-to"')


@needs_dot
def test_jump_connectors_are_nodes_beside_the_steps() -> None:
    j = long_journey()
    root = ET.fromstring(render_flow_bytes(j, RenderOptions(format="flow")))
    titles = [
        t.text
        for g in root.iter(f"{SVG_NS}g")
        if g.get("class") == "node"
        for t in g.iter(f"{SVG_NS}title")
    ]
    assert sorted(titles) == sorted([s.id for s in j.steps] + ["#jump-1-from", "#jump-1-to"])


def test_unknown_flow_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown flow format `gif`"):
        render_flow_bytes(journey_of("checkout-retries"), RenderOptions(flow_format="gif"))


def test_dot_is_deterministic() -> None:
    j = journey_of("loan-application")
    options = RenderOptions(format="dot")
    assert render_dot_bytes(j, options) == render_dot_bytes(j, options)


@needs_dot
@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.yaml")))
def test_dot_renders_svg_with_a_node_per_step_and_a_cluster_per_phase(name: str) -> None:
    j = journey_of(name)
    svg = render_flow_bytes(j, RenderOptions(format="flow", flow_format="svg"))
    assert b"<!--" not in svg and b"DOCTYPE" not in svg
    root = ET.fromstring(svg)
    groups = [g.get("class") for g in root.iter(f"{SVG_NS}g")]
    assert groups.count("node") == len(j.steps)
    assert groups.count("cluster") == len(j.phases)
    titles = [
        t.text
        for g in root.iter(f"{SVG_NS}g")
        if g.get("class") == "node"
        for t in g.iter(f"{SVG_NS}title")
    ]
    assert sorted(titles) == sorted(s.id for s in j.steps)
    assert root.find(f"{SVG_NS}g/{SVG_NS}title").text == j.title  # type: ignore[union-attr]
    assert b"@font-face" in svg


@needs_dot
def test_svg_is_deterministic() -> None:
    j = journey_of("checkout-retries")
    options = RenderOptions(format="flow", flow_format="svg")
    assert render_flow_bytes(j, options) == render_flow_bytes(j, options)


@needs_dot
def test_png_decodes_at_the_svg_size() -> None:
    j = journey_of("support-dead-ends")
    svg = render_flow_bytes(j, RenderOptions(format="flow", flow_format="svg")).decode()
    png = render_flow_bytes(j, RenderOptions(format="flow", flow_format="png", scale=2))
    width_pt = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1))  # type: ignore[union-attr]
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert abs(image.size[0] - width_pt * 96 / 72 * 2) <= 2


@needs_dot
def test_pdf_is_a_pdf() -> None:
    from pypdf import PdfReader

    pdf = render_flow_bytes(
        journey_of("loan-application"), RenderOptions(format="flow", flow_format="pdf")
    )
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert "Signs the contract" in reader.pages[0].extract_text()


@needs_dot
def test_hostile_ids_and_text_survive_dot(tmp_path: Path) -> None:
    j = load_journey(write_map(tmp_path, HOSTILE)).journey
    dot = render_dot_bytes(j, RenderOptions(format="dot")).decode()
    assert "\x01" not in dot
    svg = render_flow_bytes(j, RenderOptions(format="flow", flow_format="svg"))
    root = ET.fromstring(svg)
    nodes = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "node"]
    assert len(nodes) == len(j.steps) == 7
    edges = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "edge"]
    assert len(edges) == 8
    text = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    # names wrap, so compare pieces; Graphviz must not expand `\\G` into the graph name
    for piece in ("<B>not bold</B>", "&amp;", '\\N \\G "label"', "control char", "ends in \\"):
        assert piece in text


def test_missing_dot_raises_tool_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    with pytest.raises(ToolMissing) as info:
        render_flow_bytes(journey_of("checkout-retries"), RenderOptions(format="flow"))
    assert str(info.value) == flow_dot.INSTALL_HINT


def test_dot_vanishing_after_the_check_raises_tool_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    def pipe(*args: object, **kwargs: object) -> bytes:
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(shutil, "which", lambda _: "/usr/bin/dot")
    monkeypatch.setattr(graphviz.Digraph, "pipe", pipe)
    with pytest.raises(ToolMissing):
        render_flow_bytes(journey_of("checkout-retries"), RenderOptions(format="flow"))


@pytest.fixture
def no_dot_path(tmp_path: Path) -> dict[str, str]:
    """Environment for `run_cli` whose PATH holds nothing but python.

    The CLI runs as the venv's interpreter by its own path (a symlink
    elsewhere would not find the venv's `pyvenv.cfg`).
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    assert shutil.which("dot", path=str(bin_dir)) is None
    return {"PATH": str(bin_dir)}


def test_cli_without_dot_says_how_to_install_graphviz(
    tmp_path: Path, run_cli: RunCli, no_dot_path: dict[str, str]
) -> None:
    source = CASES / "checkout-retries.yaml"
    code, _, err = run_cli(
        "render", source, "-f", "flow", "-o", "flow.svg", cwd=tmp_path, env=no_dot_path
    )
    assert code == 2
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    line = err.strip()
    assert line.startswith("cjmap render: Graphviz `dot` is needed")
    for command in ("apt-get install graphviz", "brew install graphviz", "winget install graphviz"):
        assert command in line
    assert list(tmp_path.iterdir()) == [tmp_path / "bin"]  # no output file, no temporary


def test_cli_writes_dot_without_graphviz(
    tmp_path: Path, run_cli: RunCli, no_dot_path: dict[str, str]
) -> None:
    source = CASES / "checkout-retries.yaml"
    expected = render_dot_bytes(journey_of("checkout-retries"), RenderOptions(format="dot"))
    for args in (("-f", "dot", "-o", "map.dot"), ("-f", "flow", "-o", "flow.dot")):
        code, _, err = run_cli("render", source, *args, cwd=tmp_path, env=no_dot_path)
        assert code == 0, err
        assert (tmp_path / args[-1]).read_bytes() == expected
