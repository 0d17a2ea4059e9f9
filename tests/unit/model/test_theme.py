"""`theme.colors`: only names the palette has; the model's list stays the layout's."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from cjmap.errors import InvalidMap
from cjmap.layout.themes import COLOR_NAMES, resolve_palette
from cjmap.load import load_text
from cjmap.model import build_journey
from cjmap.model.schema import json_schema
from cjmap.model.theme import PALETTE_COLOR_NAMES, THEME_COLOR_NAMES

MAP = """cjmap: 1
title: T
theme:
  colors: {COLORS}
phases:
  - name: P
    steps:
      - {name: a, emotion: 0}
"""


def _map(colors: str) -> str:
    return MAP.replace("{COLORS}", colors)


def _errors(colors: str) -> list[tuple[str, int | None, int | None, str, str | None]]:
    with pytest.raises(InvalidMap) as info:
        build_journey(load_text(_map(colors), "m.yaml"))
    return [(d.code, d.line, d.column, d.message, d.hint) for d in info.value.diagnostics]


def test_model_names_are_the_layouts_palette_colours() -> None:
    # The model may not import the layout, so it keeps its own copy of the names.
    assert PALETTE_COLOR_NAMES == COLOR_NAMES


def test_every_name_the_model_accepts_changes_the_palette() -> None:
    for name in THEME_COLOR_NAMES:
        changed = resolve_palette("light", "light", {name: "#123456"})
        assert changed != resolve_palette("light", "light", None), name


def test_known_names_are_accepted() -> None:
    journey = build_journey(
        load_text(_map('{accent: "#0b6e4f", phase8: "#fff", persona6: "#000"}'))
    )
    assert journey.journey.theme is not None
    assert journey.journey.theme.colors == {
        "accent": "#0b6e4f",
        "phase8": "#fff",
        "persona6": "#000",
    }


def test_unknown_name_is_an_error_at_the_key_with_a_suggestion() -> None:
    assert _errors('{acent: "#ffffff"}') == [
        ("unknown-key", 4, 12, "unknown colour `acent`", "did you mean `accent`?")
    ]


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("phase9", "phase colours are `phase1` … `phase8`"),
        ("phase0", "phase colours are `phase1` … `phase8`"),
        ("persona7", "persona colours are `persona1` … `persona6`"),
        ("Accent", "did you mean `accent`?"),
    ],
)
def test_numbered_and_cased_names_get_their_own_hint(name: str, hint: str) -> None:
    [(code, line, column, message, got)] = _errors(f'{{{name}: "#ffffff"}}')
    assert (code, line, column, message, got) == (
        "unknown-key",
        4,
        12,
        f"unknown colour `{name}`",
        hint,
    )


def test_a_name_like_none_lists_the_names() -> None:
    [(*_, hint)] = _errors('{zzz: "#ffffff"}')
    assert hint is not None
    assert hint.startswith("colour names: background, surface, surface_alt, ")
    assert hint.endswith(", curve, phase1 … phase8, persona1 … persona6")


def test_unknown_name_and_bad_value_are_both_reported() -> None:
    assert [e[:3] for e in _errors('{acent: "#fff", accent: "green"}')] == [
        ("unknown-key", 4, 12),
        ("bad-value", 4, 35),
    ]


def test_schema_allows_exactly_the_names() -> None:
    validator = Draft202012Validator(json_schema())
    good = {"cjmap": 1, "title": "T", "phases": [], "theme": {"colors": {"phase8": "#fff"}}}
    assert list(validator.iter_errors(good)) == []
    bad = {**good, "theme": {"colors": {"acent": "#fff"}}}
    [error] = validator.iter_errors(bad)  # `theme` may also be null: an anyOf
    assert [(e.validator, e.instance) for e in error.context or []] == [
        ("enum", "acent"),  # under propertyNames
        ("type", {"colors": {"acent": "#fff"}}),
    ]
