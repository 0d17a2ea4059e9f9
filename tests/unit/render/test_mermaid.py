"""`-f mermaid`: the journey as Mermaid text, and what the export leaves out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjmap.errors import UsageError
from cjmap.interop import parse_journey
from cjmap.model import Journey, validate
from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render import render
from cjmap.render.mermaid import escape, mermaid_losses, mermaid_score, render_mermaid

ROOT = Path(__file__).resolve().parents[3]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml"
EXPORT = ROOT / "tests" / "cases" / "mermaid" / "export"


def journey_of(steps: list[dict[str, Any]], personas: tuple[str, ...] = ()) -> Journey:
    return validate(
        Journey,
        {
            "cjmap": 1,
            "title": "T",
            "personas": [{"id": p, "name": p.title()} for p in personas],
            "phases": [{"name": "P", "steps": steps}],
        },
    )


def test_normative_map_exports_to_the_golden_file() -> None:
    journey = load_journey(NORMATIVE).journey
    data = render(journey, RenderOptions(format="mermaid"))
    assert data == (EXPORT / "normative.mmd").read_bytes()
    assert data.endswith(b"\n") and b"\r" not in data


def test_export_is_a_journey_mermaid_accepts() -> None:
    diagram = parse_journey((EXPORT / "normative.mmd").read_text(encoding="utf-8"))
    assert [s.name for s in diagram.sections] == ["Discover", "Buy"]
    assert [(t.name, t.score, t.actors) for t in diagram.sections[1].tasks] == [
        ("Checks out", 1, ("Maya", "Ben")),
        ("Abandons the cart", 1, ("Maya", "Ben")),
        ("Sees the order confirmation", 5, ("Maya", "Ben")),
    ]


@pytest.mark.parametrize(
    ("emotion", "score"),
    [
        (-2, 1),
        (2, 5),
        ({"a": 0, "b": 1}, 4),  # mean 0.5 rounds away from zero
        ({"a": -1, "b": 0}, 2),  # mean -0.5 rounds away from zero
        ({"a": 2, "b": 1, "c": 1}, 4),  # mean 1.33
        ({"a": -2, "b": 2}, 3),
    ],
)
def test_score_is_emotion_plus_three_with_per_persona_mean(emotion: Any, score: int) -> None:
    journey = journey_of([{"name": "S", "emotion": emotion}], ("a", "b", "c"))
    assert mermaid_score(journey, journey.steps[0]) == score


def test_mean_uses_only_the_personas_that_take_the_step() -> None:
    journey = journey_of(
        [{"name": "S", "personas": ["a"], "emotion": {"a": -2, "b": 2}}], ("a", "b")
    )
    assert mermaid_score(journey, journey.steps[0]) == 1


def test_step_without_emotion_is_neutral_and_reported() -> None:
    journey = journey_of([{"name": "S"}])
    assert render_mermaid(journey).splitlines()[-1] == "    S: 3"
    assert mermaid_losses(journey) == ["missing emotions, exported as score 3 (neutral): s"]


def test_persona_option_exports_one_journey() -> None:
    journey = load_journey(NORMATIVE).journey
    text = render_mermaid(journey, RenderOptions(format="mermaid", persona="ben"))
    assert text.splitlines()[3:] == [
        "  section Discover",
        "    Sees a social ad: 4: Ben",
        "  section Buy",
        "    Checks out: 1: Ben",
        "    Abandons the cart: 1: Ben",
        "    Sees the order confirmation: 5: Ben",
    ]
    with pytest.raises(UsageError, match="unknown persona `zoe`"):
        render_mermaid(journey, RenderOptions(format="mermaid", persona="zoe"))


def test_losses_name_everything_mermaid_cannot_hold() -> None:
    assert mermaid_losses(load_journey(NORMATIVE).journey) == [
        "pain points (2)",
        "opportunities (2)",
        "channels (4 steps)",
        "touchpoints (1 step)",
        "actions (1 step)",
        "thoughts (1 step)",
        "feelings (1 step)",
        "moments of truth (1 step)",
        "backstage (1 step)",
        "support processes (1 step)",
        "owners (1 step)",
        "evidence (1 step)",
        "metrics (1 step)",
        "branches set with `next` (1 step)",
        "map KPIs (1)",
        "step ids, which an import derives from names (5 steps)",
        "persona details such as role and goals (2 personas)",
        "the map's owner, tags, state and view settings",
        "per-persona emotions, averaged to one score: browse",
    ]


def test_a_plain_map_loses_nothing() -> None:
    journey = journey_of([{"name": "Buys", "emotion": 1}], ("ann",))
    assert mermaid_losses(journey) == []
    assert render_mermaid(journey) == "journey\n  title T\n  section P\n    Buys: 4: Ann\n"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("a:b", "a#58;b"),
        ("a#b", "a#35;b"),
        ("a;b", "a#59;b"),
        ("100%%", "100#37;#37;"),
        ("%x", "#37;x"),
        ("50% off", "50% off"),
        ("<b>x</b>", "#60;b>x#60;/b>"),
        ("a < b", "a < b"),
        ("R&D", "R#38;D"),
        ("Q & A", "Q & A"),
        ("two\nlines", "two lines"),
        ("中文 é", "中文 é"),
    ],
)
def test_escape_writes_what_mermaids_grammar_cannot_hold_as_codes(text: str, written: str) -> None:
    assert escape(text) == written


def test_task_names_starting_with_a_keyword_get_a_coded_first_letter() -> None:
    steps = [
        {"id": f"s{i}", "name": name, "emotion": 0}
        for i, name in enumerate(
            ["Title page", "section two", "Journey start", "accDescr {x}", "journeyſ"]
        )
    ]
    lines = render_mermaid(journey_of(steps)).splitlines()[3:]
    assert lines == [
        "    #84;itle page: 3",
        "    #115;ection two: 3",
        "    #74;ourney start: 3",
        "    #97;ccDescr {x}: 3",
        "    #106;ourneyſ: 3",  # JS `\b` sees `ſ` as a non-word character
    ]


def test_actor_names_escape_the_comma_and_repeated_names_get_ids() -> None:
    journey = validate(
        Journey,
        {
            "cjmap": 1,
            "title": "T",
            "personas": [
                {"id": "a", "name": "Lee, Jo"},
                {"id": "b", "name": "Sam"},
                {"id": "c", "name": "Sam"},
            ],
            "phases": [{"name": "P", "steps": [{"name": "S", "emotion": 0}]}],
        },
    )
    assert render_mermaid(journey).splitlines()[-1] == "    S: 3: Lee#44; Jo, Sam (b), Sam (c)"


def test_multiline_description_keeps_paragraphs() -> None:
    journey = validate(
        Journey,
        {
            "cjmap": 1,
            "title": "T",
            "description": "One {x}\nTwo\n\nThree",
            "phases": [{"name": "P", "steps": [{"name": "S", "emotion": 0}]}],
        },
    )
    text = render_mermaid(journey)
    assert text.splitlines()[2:7] == [
        "  accDescr {",
        "    One {x#125;",
        "    Two",
        "    #10;Three",
        "  }",
    ]
    assert parse_journey(text).acc_descr == "One {x}\nTwo\n\nThree"


def test_cli_prints_the_losses_on_stderr(run_cli: Any, tmp_path: Path) -> None:
    code, out, err = run_cli("render", NORMATIVE, "-f", "mermaid", "-o", "-")
    assert code == 0
    assert out == (EXPORT / "normative.mmd").read_text(encoding="utf-8")
    lines = err.splitlines()
    assert f"{NORMATIVE}: the Mermaid export leaves out or changes:" in lines
    assert "  - pain points (2)" in lines
    assert "  - per-persona emotions, averaged to one score: browse" in lines
