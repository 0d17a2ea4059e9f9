"""The model's own validator: what it converts, what it refuses, and where it says so."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cjmap.model import Journey, ModelError, Step, validate
from cjmap.model.data_source import DataSource, EmotionFrom
from cjmap.model.lanes import Lane, PainPoint
from cjmap.model.persona import Persona
from cjmap.model.theme import Theme


def _errors(cls: type, data: object) -> list[tuple[str, tuple[object, ...]]]:
    with pytest.raises(ModelError) as caught:
        validate(cls, data)
    return [(e["type"], e["loc"]) for e in caught.value.errors]


def test_numbers_written_bare_are_text_but_true_is_not() -> None:
    step = validate(Step, {"name": 2024, "owner": 1.5, "actions": [" Taps ", 7]})
    assert (step.name, step.owner, step.actions) == ("2024", "1.5", ("Taps", "7"))
    assert _errors(Step, {"name": True}) == [("string_type", ("name",))]


def test_text_is_stripped_before_its_length_is_checked() -> None:
    assert _errors(Step, {"name": "   "}) == [("string_too_short", ("name",))]
    assert validate(Step, {"name": "x", "owner": "  "}).owner == ""  # optional text may be empty


def test_whole_numbers_and_booleans_are_strict() -> None:
    assert _errors(Step, {"name": "x", "intensity": 2.0, "moment_of_truth": 1}) == [
        ("int_type", ("intensity",)),
        ("bool_type", ("moment_of_truth",)),
    ]


def test_metric_values_keep_their_type_and_a_boolean_becomes_a_number() -> None:
    step = validate(
        Step, {"name": "x", "metrics": {" csat ": 3.9, "n": 12, "s": " ok ", "b": True}}
    )
    assert step.metrics == {"csat": 3.9, "n": 12, "s": "ok", "b": 1.0}
    assert type(step.metrics["n"]) is int and type(step.metrics["b"]) is float


def test_an_emotion_is_one_score_or_one_per_persona() -> None:
    assert validate(Step, {"name": "x", "emotion": -2}).emotion == -2
    assert validate(Step, {"name": "x", "emotion": {" maya ": 1}}).emotion == {"maya": 1}
    # both branches of the union explain themselves; build.py picks the telling one
    assert _errors(Step, {"name": "x", "emotion": 3}) == [
        ("less_than_equal", ("emotion",)),
        ("dict_type", ("emotion",)),
    ]
    assert _errors(Step, {"name": "x", "emotion": {"ben": 9}}) == [
        ("int_type", ("emotion",)),
        ("less_than_equal", ("emotion", "ben")),
    ]


def test_strings_are_shorthand_and_ids_derive_from_names() -> None:
    step = validate(Step, {"name": "Checks out", "pain_points": ["Slow"], "next": ["pay"]})
    assert step.id == "checks-out"
    assert step.pain_points == (PainPoint(text="Slow"),)
    assert step.next is not None and step.next[0].to == "pay"
    assert validate(Persona, {"name": "Ünïcode Name!"}).id == "ünïcode-name"
    assert validate(Journey, {"cjmap": 1, "title": "t", "phases": [], "data": ["a.csv"]}).data == (
        DataSource(file="a.csv"),
    )


def test_every_problem_is_reported_in_one_run_in_field_order_then_unknown_keys() -> None:
    data = {"name": "x", "zz": 1, "severity": "huge", "text": None}
    assert _errors(PainPoint, data) == [
        ("string_type", ("text",)),
        ("literal_error", ("severity",)),
        ("extra_forbidden", ("name",)),  # unknown keys in the order written
        ("extra_forbidden", ("zz",)),
    ]
    assert _errors(Journey, {"title": "t"}) == [
        ("missing", ("cjmap",)),
        ("missing", ("phases",)),
    ]


def test_literals_and_enums_list_their_choices() -> None:
    with pytest.raises(ModelError) as caught:
        validate(Journey, {"cjmap": 1, "title": "t", "phases": [], "state": "past"})
    assert caught.value.errors[0]["ctx"] == {"expected": "'current' or 'future'"}
    journey = validate(
        Journey, {"cjmap": 1, "title": "t", "phases": [], "view": {"lanes": ["steps"]}}
    )
    assert journey.view.lanes == (Lane.steps,)


def test_a_rule_across_fields_runs_once_the_fields_are_valid() -> None:
    assert _errors(EmotionFrom, {"column": "c", "scale": [1, 1]}) == [("value_error", ())]
    assert _errors(EmotionFrom, {"column": "c", "scale": [1]}) == [("missing", ("scale", 1))]
    assert validate(EmotionFrom, {"column": "c", "scale": [30, 0]}).scale == (30, 0)


def test_an_unknown_colour_name_is_located_at_the_key() -> None:
    assert _errors(Theme, {"colors": {"acent": "#fff"}}) == [
        ("unknown_color", ("colors", "acent", "[key]"))
    ]
    assert validate(Theme, {"base": "dark"}).base_written
    assert not validate(Theme, {"colors": {}}).base_written


def test_the_pipeline_imports_no_validation_library() -> None:
    # pydantic cost ~250 ms of a ~420 ms small render; it must not creep back in
    code = (
        "import sys, cjmap.pipeline, cjmap.render, cjmap.lint, cjmap.model.schema;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
