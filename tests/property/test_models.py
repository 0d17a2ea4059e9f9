"""Property tests: random valid maps round-trip through YAML, render and lay out cleanly.

A strategy builds maps as plain data (what a user would write in YAML), with
text drawn from all of Unicode that YAML can hold: CJK, emoji, right-to-left
scripts, bidi controls, and markup such as `<&>"'` and `]]>`. Each property
runs a bounded, derandomized number of examples so CI stays fast and repeatable.
"""

from __future__ import annotations

import dataclasses
import enum
import html.parser
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjmap.layout import JourneyLayout, LayoutOptions, layout_journey
from cjmap.load import load_text
from cjmap.model import Journey, build_journey, validate
from cjmap.model._validate import model_fields
from cjmap.pipeline import RenderOptions
from cjmap.render import render
from cjmap.text.measure import default_measurer

EPS = 0.02
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text YAML can hold as a plain or quoted scalar: every category but control
# characters (Cc) and surrogates (Cs); format characters (Cf: bidi overrides,
# zero-width joiners) are included, since they are what injection tries.
_CHARS = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"))
_SPECIALS = st.sampled_from(
    [
        "<",
        "&",
        ">",
        '"',
        "'",
        "]]>",
        "</svg>",
        "<script>",
        "漢字",
        "😀",
        "שלום",
        "\u202e",
        "#",
        ": ",
    ]
)
_TEXT = (
    st.lists(st.one_of(_CHARS, _SPECIALS), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda s: s.strip() != "")
)
_ID = st.from_regex(r"[a-z\u4e00-\u4e10][a-z0-9_\u4e00-\u4e10-]{0,8}", fullmatch=True)
_METRIC = st.one_of(
    _TEXT,
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


def _unique_ids(draw: st.DrawFn, n: int) -> list[str]:
    ids = draw(st.lists(_ID, min_size=n, max_size=n))
    return [f"{x}{i}" for i, x in enumerate(ids)]  # the index keeps them unique


@st.composite
def valid_maps(draw: st.DrawFn) -> dict[str, Any]:
    """A valid map as plain data: 1-12 steps in 1-4 phases, optional personas."""
    n_steps = draw(st.integers(1, 12))
    n_phases = draw(st.integers(1, min(4, n_steps)))
    step_ids = _unique_ids(draw, n_steps)
    persona_ids = _unique_ids(draw, draw(st.integers(0, 3)))
    # Phase boundaries: n_phases - 1 distinct cut points between steps.
    cut = st.integers(1, max(1, n_steps - 1))
    cuts = draw(st.lists(cut, unique=True, min_size=n_phases - 1, max_size=n_phases - 1))
    bounds = [0, *sorted(cuts), n_steps]
    data: dict[str, Any] = {"cjmap": 1, "title": draw(_TEXT)}
    if draw(st.booleans()):
        data["description"] = draw(_TEXT)
    if persona_ids:
        data["personas"] = [
            {
                "id": pid,
                "name": draw(_TEXT),
                **({"role": draw(_TEXT)} if draw(st.booleans()) else {}),
            }
            for pid in persona_ids
        ]
    phases = []
    for p in range(n_phases):
        steps = [
            _step(draw, step_ids[i], step_ids, persona_ids) for i in range(bounds[p], bounds[p + 1])
        ]
        phases.append({"id": f"phase{p}", "name": draw(_TEXT), "steps": steps})
    data["phases"] = phases
    return data


def _step(draw: st.DrawFn, sid: str, step_ids: list[str], persona_ids: list[str]) -> dict[str, Any]:
    step: dict[str, Any] = {"id": sid, "name": draw(_TEXT)}
    if persona_ids and draw(st.booleans()):
        step["emotion"] = {pid: draw(st.integers(-2, 2)) for pid in persona_ids}
    elif draw(st.booleans()):
        step["emotion"] = draw(st.integers(-2, 2))
    for key in ("actions", "thoughts", "backstage"):
        if draw(st.booleans()):
            step[key] = draw(st.lists(_TEXT, min_size=1, max_size=3))
    if draw(st.booleans()):
        step["pain_points"] = draw(st.lists(_pain_point(), min_size=1, max_size=3))
    if draw(st.booleans()):
        step["opportunities"] = draw(st.lists(_opportunity(), min_size=1, max_size=3))
    if draw(st.booleans()):
        step["next"] = draw(st.lists(st.sampled_from(step_ids), unique=True, max_size=3))
    if draw(st.booleans()):
        step["metrics"] = draw(st.dictionaries(_TEXT, _METRIC, min_size=1, max_size=3))
    if draw(st.booleans()):
        step["channel"] = draw(_TEXT)
    if draw(st.booleans()):
        step["moment_of_truth"] = True
    return step


def _pain_point() -> st.SearchStrategy[Any]:
    full = st.fixed_dictionaries(
        {"text": _TEXT},
        optional={
            "severity": st.sampled_from(["low", "medium", "high", "critical"]),
            "frequency": st.sampled_from(["rare", "sometimes", "often", "always"]),
        },
    )
    return st.one_of(_TEXT, full)


def _opportunity() -> st.SearchStrategy[Any]:
    level = st.sampled_from(["low", "medium", "high"])
    full = st.fixed_dictionaries(
        {"text": _TEXT},
        optional={
            "impact": level,
            "effort": level,
            "status": st.sampled_from(["idea", "planned", "in progress", "done"]),
        },
    )
    return st.one_of(_TEXT, full)


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _as_data(value: Any) -> Any:
    """A model back as the plain data a user would write, without default values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            spec.name: _as_data(getattr(value, spec.name))
            for spec in model_fields(type(value))  # type: ignore[arg-type]
            if getattr(value, spec.name)
            != (spec.factory() if spec.factory is not None else spec.default)
        }
    if isinstance(value, tuple | list):
        return [_as_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_data(v) for k, v in value.items()}
    return value.value if isinstance(value, enum.Enum) else value


def _build(text: str) -> Journey:
    return build_journey(load_text(text, "random.yaml")).journey


@SETTINGS
@given(valid_maps())
def test_yaml_round_trip_gives_the_same_model(data: dict[str, Any]) -> None:
    direct = validate(Journey, data)
    assert _build(_dump(data)) == direct
    # The model's own dump, written back as YAML, is the same map again.
    again = _dump(_as_data(direct))
    assert _build(again) == direct


@SETTINGS
@given(valid_maps())
def test_every_text_format_renders_and_stays_well_formed(data: dict[str, Any]) -> None:
    journey = _build(_dump(data))
    out = {fmt: render(journey, RenderOptions(format=fmt)) for fmt in _TEXT_FORMATS}
    ET.fromstring(out["svg"])  # raises on any unescaped text
    parser = _StrictHTML()
    parser.feed(out["html"].decode("utf-8"))
    parser.close()
    assert parser.stack == [], parser.stack  # every opened element closed
    for fmt in ("dot", "mermaid", "csv"):
        assert out[fmt].decode("utf-8")
    # The title is shown literally (escaped), never as markup.
    title = journey.title
    assert _xml_text(ET.fromstring(out["svg"])).find(_squash(title)[:4]) >= 0


_TEXT_FORMATS = ("svg", "html", "dot", "mermaid", "csv")
_VOID = set(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "path",
        "circle",
        "rect",
        "line",
        "polyline",
        "polygon",
        "ellipse",
        "stop",
        "use",
    ]
)  # no end tag in HTML, or self-closed in inline SVG


class _StrictHTML(html.parser.HTMLParser):
    """Tracks open elements; an end tag that closes nothing open is an error."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert tag in self.stack, f"</{tag}> closes nothing"
        while self.stack.pop() != tag:
            pass


def _xml_text(root: ET.Element) -> str:
    return _squash("".join(root.itertext()))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


_MEASURER = default_measurer()


def _layout(journey: Journey) -> JourneyLayout:
    return layout_journey(journey, _MEASURER, LayoutOptions())


@SETTINGS
@given(valid_maps())
def test_layout_cards_do_not_overlap_and_text_fits(data: dict[str, Any]) -> None:
    layout = _layout(_build(_dump(data)))
    for lane in layout.lanes:
        for i, a in enumerate(lane.cards):
            for b in lane.cards[i + 1 :]:
                assert not a.box.overlaps(b.box), (lane.name, a.step_id, b.step_id)
    for card in layout.cards():
        for text in card.texts:
            assert card.box.contains(text.box, EPS), (card.kind, text.lines)
            for line, width in zip(text.lines, text.widths, strict=True):
                assert width <= text.box.width + EPS, (card.kind, line, width)
    if layout.emotion is not None:
        plot = layout.emotion.plot
        for curve in layout.emotion.curves:
            for point in curve.points:
                assert plot.y - EPS <= point.y <= plot.bottom + EPS
                assert plot.x - EPS <= point.x <= plot.right + EPS


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_raster_and_pdf_render_a_hostile_example(fmt: str) -> None:
    data = _HOSTILE  # one fixed map: png and pdf are slow
    out = render(_build(_dump(data)), RenderOptions(format=fmt))
    magic = b"\x89PNG" if fmt == "png" else b"%PDF"
    assert out.startswith(magic)


_HOSTILE: dict[str, Any] = {
    "cjmap": 1,
    "title": '<script>alert("x")</script> ]]> & 漢字 😀 \u202eשלום',
    "personas": [{"id": "maya", "name": "Maya <b>"}, {"id": "李", "name": "李 & 王"}],
    "phases": [
        {
            "name": "Phase ]]>",
            "steps": [
                {
                    "id": "a",
                    "name": "</svg>",
                    "emotion": {"maya": -2, "李": 2},
                    "pain_points": [{"text": "&amp; <", "severity": "critical"}],
                    "next": ["b"],
                },
                {
                    "id": "b",
                    "name": "'\"'",
                    "emotion": 1,
                    "opportunities": ["javascript:x"],
                    "metrics": {"csat <": 3.5},
                },
            ],
        }
    ],
}
