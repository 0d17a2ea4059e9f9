"""import(export(map)) gives back the map's phases, steps, personas and emotions.

The export is read back with the importer in strict mode, i.e. by a parser
that accepts exactly what Mermaid 11 accepts (tests/cases/mermaid has the
evidence) and fails on anything it would have to drop or guess.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjmap.interop import import_mermaid
from cjmap.model import Journey, Step, validate
from cjmap.pipeline import load_journey
from cjmap.render.mermaid import mermaid_score, render_mermaid

ROOT = Path(__file__).resolve().parents[3]
EXPORT = ROOT / "tests" / "cases" / "mermaid" / "export"
MAPS = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml",
    *sorted((ROOT / "tests" / "cases" / "valid" / "branching").glob("*.yaml")),
    EXPORT / "hostile.yaml",
]


def _personas(journey: Journey, step: Step) -> set[str]:
    ids = step.personas if step.personas is not None else [p.id for p in journey.personas]
    return {journey.persona_by_id[i].name for i in ids}


def _view(journey: Journey, exported: bool = False) -> list[object]:
    """What a Mermaid journey can carry, per phase: names, personas, emotion."""
    out: list[object] = []
    for phase in journey.phases:
        steps = []
        for step in phase.steps:
            if exported:
                score = mermaid_score(journey, step)
                emotion = 0 if score is None else score - 3
            else:
                assert not isinstance(step.emotion, dict)
                emotion = step.emotion
            steps.append((" ".join(step.name.split("\n")), _personas(journey, step), emotion))
        out.append((phase.name.replace("\n", " "), steps))
    return out


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_import_of_export_gives_back_phases_steps_personas_emotions(path: Path) -> None:
    journey = load_journey(path).journey
    text = render_mermaid(journey)
    back = import_mermaid(text, "export.mmd", strict=True).journey
    assert back.title == journey.title
    assert back.description == journey.description
    assert {p.name for p in back.personas} == {
        journey.persona_by_id[i].name for s in journey.steps for i in _persona_ids(journey, s)
    }
    assert _view(back) == _view(journey, exported=True)


def _persona_ids(journey: Journey, step: Step) -> list[str]:
    return list(step.personas) if step.personas is not None else [p.id for p in journey.personas]


def test_maps_with_one_written_emotion_per_step_round_trip_exactly() -> None:
    exact = [
        p for p in MAPS if all(isinstance(s.emotion, int) for s in load_journey(p).journey.steps)
    ]
    assert exact, "at least one map with nothing to average"
    for path in exact:
        journey = load_journey(path).journey
        back = import_mermaid(render_mermaid(journey), strict=True).journey
        assert [s.emotion for s in back.steps] == [s.emotion for s in journey.steps]


def test_hostile_export_is_the_golden_that_mermaid_drew_exactly() -> None:
    journey = load_journey(EXPORT / "hostile.yaml").journey
    text = render_mermaid(journey)
    assert text == (EXPORT / "hostile.mmd").read_text(encoding="utf-8")
    # hostile.drawn.json is read from the SVG Mermaid 11.17.2 made of hostile.mmd.
    drawn = json.loads((EXPORT / "hostile.drawn.json").read_text(encoding="utf-8"))
    back = import_mermaid(text, strict=True).journey
    assert back.title == drawn["title"]
    assert back.description == drawn["description"]
    assert [p.name for p in back.phases] == drawn["sections"]
    names = {p.id: p.name for p in back.personas}
    assert [
        [s.name, (s.emotion or 0) + 3, [names[i] for i in _persona_ids(back, s)]]
        for s in back.steps
    ] == drawn["tasks"]


# Text that exercises every escape: the grammar's characters, keywords,
# comment and directive markers, HTML, entity codes and non-ASCII letters.
_PIECES = st.sampled_from(
    [
        ":", "#", ";", "%", "%%", ",", "{", "}", "<", ">", "&", "&amp;", "<br>", "#58;",
        "title ", "section ", "journey", "accDescr {", "accTitle:", "style", "classDef",
        " ", "a", "Z", "9", "é", "ſ", "中", "\u00a0", "'", '"', "\\", "|", "-", "=",
    ]
)  # fmt: skip
_NAMES = st.lists(_PIECES, min_size=1, max_size=8).map("".join).filter(lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_NAMES, phase=_NAMES, step=_NAMES, persona=_NAMES, emotion=st.integers(-2, 2))
def test_any_text_survives_export_and_import(
    title: str, phase: str, step: str, persona: str, emotion: int
) -> None:
    data = {
        "cjmap": 1,
        "title": title,
        "description": f"{title}\n\n{step}",
        "personas": [{"id": "p", "name": persona}],
        "phases": [{"name": phase, "steps": [{"id": "s", "name": step, "emotion": emotion}]}],
    }
    journey = validate(Journey, data)
    back = import_mermaid(render_mermaid(journey), strict=True).journey
    assert back.title == journey.title
    assert back.description == "\n".join(
        line.strip() for line in (journey.description or "").split("\n")
    ).replace("\n\n\n", "\n\n")
    assert back.phases[0].name == journey.phases[0].name
    assert back.steps[0].name == journey.steps[0].name
    assert back.steps[0].emotion == emotion
    assert [p.name for p in back.personas] == [persona.strip()]
