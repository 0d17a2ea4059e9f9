"""`build_journey`: limits, union errors, warnings (positions of everything else: the corpus)."""

from __future__ import annotations

import pytest

from cjmap.errors import InvalidMap, Limits
from cjmap.load import load_text
from cjmap.model import build_journey

TWO_PHASES = """cjmap: 1
title: T
phases:
  - name: A
    steps:
      - {name: a1, emotion: 0}
      - {name: a2, emotion: 0}
  - name: B
    steps:
      - {name: b1, emotion: 0}
      - {name: b2, emotion: 0}
      - {name: b3, emotion: 0}
"""


def _errors(text: str, limits: Limits = Limits()) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(InvalidMap) as info:
        build_journey(load_text(text, "m.yaml"), limits)
    return [(d.code, d.line, d.column) for d in info.value.diagnostics]


def test_step_limit_points_at_the_first_step_too_many() -> None:
    assert _errors(TWO_PHASES, Limits(max_steps=3)) == [("limit-steps", 11, 9)]
    assert len(build_journey(load_text(TWO_PHASES, "m.yaml"), Limits(max_steps=5)).journey.steps)


def test_step_limit_message_names_both_counts() -> None:
    with pytest.raises(InvalidMap) as info:
        build_journey(load_text(TWO_PHASES, "m.yaml"), Limits(max_steps=4))
    assert info.value.diagnostics[0].message == "the map has 5 steps; the limit is 4 steps per map"


def test_each_bad_persona_score_is_its_own_error() -> None:
    text = TWO_PHASES.replace("{name: a1, emotion: 0}", "{name: a1, emotion: {x: 9, y: sad}}")
    assert _errors(text) == [("emotion-range", 6, 33), ("emotion-type", 6, 39)]


def test_reference_errors_are_reported_beside_structural_ones() -> None:
    text = TWO_PHASES.replace("{name: a1, emotion: 0}", "{name: a1, emotion: 0, next: [b9]}")
    text = text.replace("{name: b3, emotion: 0}", "{name: b3, emotion: 0, colour: red}")
    assert _errors(text) == [("dangling-reference", 6, 39), ("unknown-key", 12, 32)]


def test_warnings_come_back_with_a_valid_journey() -> None:
    text = TWO_PHASES.replace("{name: b2, emotion: 0}", "{name: b2}")
    result = build_journey(load_text(text, "m.yaml"))
    assert [(d.code, d.severity, d.line) for d in result.warnings] == [
        ("missing-emotion", "warning", 11)
    ]


def test_a_mistyped_next_gives_one_error_not_a_warning_per_step_behind_it() -> None:
    linked = TWO_PHASES.replace("{name: a1, emotion: 0}", "{name: a1, emotion: 0, next: [b1]}")
    # Correct, the link leaves a2 unreachable: a real warning.
    result = build_journey(load_text(linked, "m.yaml"))
    assert [(d.code, d.line) for d in result.warnings] == [("unreachable-step", 7)]
    # Mistyped, every step would be "unreachable": only the typo is reported.
    with pytest.raises(InvalidMap) as info:
        build_journey(load_text(linked.replace("next: [b1]", "next: [b11]"), "m.yaml"))
    assert [(d.code, d.severity, d.line, d.hint) for d in info.value.diagnostics] == [
        ("dangling-reference", "error", 6, "did you mean `b1`?")
    ]
