"""Mermaid journey -> cjmap map: what each Mermaid construct becomes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cjmap.errors import InvalidMap
from cjmap.interop import import_mermaid
from cjmap.pipeline import load_journey

CASES = Path(__file__).resolve().parents[2] / "cases" / "mermaid"
WITH_TASKS = [
    p
    for p in sorted((CASES / "accepted").glob("*.mmd"))
    if p.stem
    not in {
        "cypress-simple",
        "spec-title",
        "spec-accdescr",
        "spec-accdescr-multiline",
        "spec-acctitle",
        "spec-section",
        "spec-section-br",
        "trap-percent-comment",
        "trap-title-keyword-task",
    }
]


def test_docs_example_becomes_this_map() -> None:
    text = (CASES / "accepted" / "docs-working-day.mmd").read_text(encoding="utf-8")
    result = import_mermaid(text, "docs/working-day.mmd")
    data = yaml.safe_load(result.yaml_text)
    assert data == {
        "cjmap": 1,
        "title": "My working day",
        "personas": [{"id": "me", "name": "Me"}, {"id": "cat", "name": "Cat"}],
        "phases": [
            {
                "id": "go-to-work",
                "name": "Go to work",
                "steps": [
                    {"id": "make-tea", "name": "Make tea", "personas": ["me"], "emotion": 2},
                    {"id": "go-upstairs", "name": "Go upstairs", "personas": ["me"], "emotion": 0},
                    {"id": "do-work", "name": "Do work", "emotion": -2},
                ],
            },
            {
                "id": "go-home",
                "name": "Go home",
                "steps": [
                    {
                        "id": "go-downstairs",
                        "name": "Go downstairs",
                        "personas": ["me"],
                        "emotion": 2,
                    },
                    {"id": "sit-down", "name": "Sit down", "personas": ["me"], "emotion": 2},
                ],
            },
        ],
    }
    assert result.warnings == []
    assert result.yaml_text.startswith(
        "# Imported from working-day.mmd by `cjmap import mermaid`.\n"
    )


@pytest.mark.parametrize(("score", "emotion"), [(1, -2), (2, -1), (3, 0), (4, 1), (5, 2)])
def test_scores_map_onto_emotions(score: int, emotion: int) -> None:
    result = import_mermaid(f"journey\n  section S\n  T: {score}\n")
    assert result.journey.steps[0].emotion == emotion


def test_out_of_range_score_is_reported_with_its_line_not_clamped() -> None:
    text = (CASES / "accepted" / "am-score-out-of-range.mmd").read_text()
    result = import_mermaid(text, "score.mmd")
    step = result.journey.steps[0]
    assert step.emotion is None
    assert step.metrics == {"mermaid_score": 9}
    warn = [w for w in result.warnings if w.code == "mermaid-score-range"]
    assert [(w.file, w.line, w.column, w.severity) for w in warn] == [
        ("score.mmd", 2, 9, "warning")
    ]
    assert "9" in warn[0].message


@pytest.mark.parametrize(("score", "kept"), [("0", 0), ("6", 6), ("2.5", 2.5), ("-1", -1)])
def test_every_score_outside_whole_1_to_5_is_kept_as_metric(score: str, kept: float) -> None:
    result = import_mermaid(f"journey\n  section S\n  T: {score}\n")
    assert result.journey.steps[0].emotion is None
    assert result.journey.steps[0].metrics == {"mermaid_score": kept}
    assert [w.code for w in result.warnings] == ["mermaid-score-range"]


def test_score_that_is_not_a_number_keeps_its_text() -> None:
    text = (CASES / "accepted" / "cypress-title-styling.mmd").read_text()
    result = import_mermaid(text, "styling.mmd")
    size = result.journey.step_by_id["size"]
    assert size.emotion is None and size.metrics == {"mermaid_score": "2rem"}
    assert [(w.code, w.line) for w in result.warnings] == [
        ("mermaid-front-matter-ignored", 1),
        ("mermaid-score-nan", 21),
    ]


def test_strict_turns_every_warning_into_an_error() -> None:
    text = (CASES / "accepted" / "am-score-out-of-range.mmd").read_text()
    with pytest.raises(InvalidMap) as info:
        import_mermaid(text, "s.mmd", strict=True)
    assert {(d.code, d.severity) for d in info.value.diagnostics} == {
        ("mermaid-score-range", "error"),
        ("mermaid-no-section", "error"),
    }


def test_a_diagram_without_tasks_makes_no_map() -> None:
    text = (CASES / "accepted" / "spec-section.mmd").read_text()
    with pytest.raises(InvalidMap) as info:
        import_mermaid(text, "s.mmd")
    assert [(d.code, d.line) for d in info.value.diagnostics] == [("mermaid-no-tasks", 3)]


def test_actors_become_personas_and_steps_name_them_unless_all() -> None:
    text = (CASES / "accepted" / "am-journey-many-actors.mmd").read_text()
    journey = import_mermaid(text).journey
    assert [p.id for p in journey.personas] == [
        "pm", "design", "eng", "qa", "legal", "support", "ops", "marketing",
    ]  # fmt: skip
    assert journey.step_by_id["plan"].personas == ("pm", "design", "eng")


def test_persona_and_step_ids_are_made_unique() -> None:
    text = "journey\n  section A\n  Go: 3: Bob, bob, BOB\n  section A\n  Go: 4: bob\n"
    journey = import_mermaid(text).journey
    assert [(p.id, p.name) for p in journey.personas] == [
        ("bob", "Bob"),
        ("bob-2", "bob"),
        ("bob-3", "BOB"),
    ]
    assert [ph.id for ph in journey.phases] == ["a", "a-2"]
    assert [s.id for s in journey.steps] == ["go", "go-2"]
    assert journey.steps[1].personas == ("bob-2",)


def test_empty_actor_of_a_trailing_colon_is_no_persona() -> None:
    journey = import_mermaid("journey\n  section S\n  T: 5:\n").journey
    assert journey.personas == () and journey.steps[0].personas is None


def test_tasks_before_the_first_section_get_a_phase_and_a_note() -> None:
    result = import_mermaid((CASES / "accepted" / "am-journey-single-task.mmd").read_text())
    assert [p.name for p in result.journey.phases] == ["(no section)"]
    assert [(w.code, w.line) for w in result.warnings] == [("mermaid-no-section", 2)]


def test_accessibility_text_becomes_the_description() -> None:
    text = (CASES / "accepted" / "demo-front-matter.mmd").read_text()
    journey = import_mermaid(text).journey
    assert journey.title == "My working day"
    assert journey.description == (
        "Very simple journey demo\n\n2 main sections: work and home, each with just a few tasks"
    )


def test_title_falls_back_to_acc_title_then_file_name() -> None:
    assert import_mermaid("journey\naccTitle: Acc\nT: 3\n").journey.title == "Acc"
    assert import_mermaid("journey\nT: 3\n", "maps/late_delivery.mmd").journey.title == (
        "Late delivery"
    )
    assert import_mermaid("journey\nT: 3\n").journey.title == "Imported journey"


def test_line_breaks_and_quotes_survive_into_yaml() -> None:
    text = 'journey\n  section One<br>Two\n  Say "yes": 3: Ann\n  yes: 2\n  null: 4\n'
    result = import_mermaid(text)
    again = yaml.safe_load(result.yaml_text)
    assert again["phases"][0]["name"] == "One\nTwo"
    assert [s["name"] for s in again["phases"][0]["steps"]] == ['Say "yes"', "yes", "null"]


@pytest.mark.parametrize("path", WITH_TASKS, ids=lambda p: p.name)
def test_every_accepted_input_with_tasks_imports_to_a_valid_map(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = import_mermaid(text, path.name)
    out = tmp_path / "map.yaml"
    out.write_text(result.yaml_text, encoding="utf-8")
    loaded = load_journey(out)
    assert [s.name for s in loaded.journey.steps] == [t.name for t in result.diagram.tasks]
    assert import_mermaid(text, path.name).yaml_text == result.yaml_text  # deterministic
