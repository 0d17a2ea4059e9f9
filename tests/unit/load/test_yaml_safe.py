"""The position-keeping YAML reader: scalars, positions, refusals."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml

from cjmap.errors import Limits
from cjmap.load import decode_text, load_text
from cjmap.load.source_map import Position, SourceMap
from cjmap.load.yaml_safe import YamlFailure, parse_yaml

LIMITS = Limits()


def _data(text: str) -> Any:
    return parse_yaml(text, "m.yaml", LIMITS)[0]


def _failure(text: str, limits: Limits = LIMITS) -> tuple[str, int | None, int | None]:
    with pytest.raises(YamlFailure) as info:
        parse_yaml(text, "m.yaml", limits)
    d = info.value.diagnostic
    return d.code, d.line, d.column


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NO", "NO"),  # YAML 1.2: not a boolean (Norway stays Norway)
        ("yes", "yes"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("+2", 2),
        ("007", 7),  # decimal, not octal
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("2024-05-01", "2024-05-01"),  # dates stay text
        ("12:30", "12:30"),  # no sexagesimal numbers
        ('"12"', "12"),
        ("'true'", "true"),
        ("!!str 12", "12"),
        ("!!int '5'", 5),
        ("Netflix", "Netflix"),
        ("2.1%", "2.1%"),
        ("nan", "nan"),  # only `.nan` and `.inf` are special floats
        ("inf", "inf"),
        ("nULL", "nULL"),  # null and booleans in three spellings only
        ("tRUE", "tRUE"),
        ("-5%", "-5%"),
        ("+1 555 0100", "+1 555 0100"),
        ("1\u0661", "1\u0661"),  # an Arabic-Indic digit is a digit, but not an ASCII one
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    got = _data(f"v: {text}\n")["v"]
    assert got == value and type(got) is type(value)


def test_special_floats() -> None:
    data = _data("a: .inf\nb: -.Inf\nc: .nan\n")
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


def test_every_value_and_key_has_its_position() -> None:
    data, sm = parse_yaml(
        "title: T\nphases:\n  - name: P\n    steps: [{name: S, emotion: 1}]\n", "m.yaml", LIMITS
    )
    assert data["phases"][0]["steps"][0]["emotion"] == 1
    assert sm.value(("phases", 0, "steps", 0, "emotion")) == Position("m.yaml", 4, 32)
    assert sm.key(("phases", 0, "steps", 0, "emotion")) == Position("m.yaml", 4, 23)
    assert sm.value(("phases", 0)) == Position("m.yaml", 3, 5)
    assert sm.value(("phases",)) == Position("m.yaml", 3, 3)
    # a path below a value resolves to its nearest ancestor
    assert sm.value(("phases", 0, "steps", 0, "emotion", "x")) == Position("m.yaml", 4, 32)


def test_aliases_share_their_value() -> None:
    data = _data("team: &t Growth\nowner: *t\nlist: &l [a, b]\nagain: *l\n")
    assert data == {"team": "Growth", "owner": "Growth", "list": ["a", "b"], "again": ["a", "b"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", ("duplicate-key", 3, 1)),
        ("x:\n  1: a\n  '1': b\n", ("duplicate-key", 3, 3)),  # 1 and "1" are the same key
        ("? [a, b]\n: c\n", ("yaml-complex-key", 1, 3)),
        ("a: *nowhere\n", ("yaml-syntax", 1, 4)),
        ("a: !!binary aGk=\n", ("yaml-tag", 1, 4)),
        ("a: !!set {x}\n", ("yaml-tag", 1, 4)),
        ("a: 1\n---\nb: 2\n", ("multiple-documents", 2, 1)),
        ("a: [1, [2, [3]]]\n", ("limit-depth", 1, 12)),
    ],
)
def test_refusals_are_positioned(text: str, expected: tuple[str, int, int]) -> None:
    limits = Limits(max_depth=3) if "limit" in expected[0] else LIMITS
    assert _failure(text, limits) == expected


def test_alias_expansion_counts_the_values_behind_each_alias() -> None:
    text = "a: &a [1, 2, 3, 4]\nb: [*a, *a]\nc: *a\n"
    # each *a stands for 5 values (the list and its items): 15 > 12
    assert _failure(text, Limits(max_alias_expansion=12)) == ("limit-aliases", 3, 4)
    assert _data(text)["c"] == [1, 2, 3, 4]


def test_decode_accepts_bom_and_utf16() -> None:
    assert decode_text(b"\xef\xbb\xbfcjmap: 1\r\n", "m.yaml") == "cjmap: 1\r\n"
    assert decode_text("cjmap: 1\n".encode("utf-16"), "m.yaml") == "cjmap: 1\n"


def test_load_text_keeps_lines_for_quoting() -> None:
    doc = load_text("cjmap: 1\r\ntitle: T\r\n", "m.yaml")
    assert doc.data == {"cjmap": 1, "title": "T"}
    assert doc.lines_by_file == {"m.yaml": ["cjmap: 1", "title: T"]}


def _mark(line: int, column: int) -> yaml.Mark:
    # A raw entry as the parser stores it: a libyaml mark, 0-based.
    return yaml.Mark("<unicode string>", 0, line, column, None, None)


def test_rebased_entries_keep_their_file() -> None:
    child = SourceMap("personas.yaml")
    child.values[("personas", 0)] = _mark(1, 2)
    child.keys[("personas", 0, "name")] = _mark(2, 4)
    moved = child.rebased(("personas", 0), ("personas", 3))
    parent = SourceMap("map.yaml")
    parent.values[("title",)] = _mark(0, 7)
    parent.update(moved)
    assert parent.value(("personas", 3, "name")) == Position("personas.yaml", 2, 3)
    assert parent.key(("personas", 3, "name")) == Position("personas.yaml", 3, 5)
    assert parent.value(("title",)) == Position("map.yaml", 1, 8)


def _diagnostic(text: str | bytes) -> tuple[str, int | None, int | None, str, str | None]:
    with pytest.raises(YamlFailure) as info:
        parse_yaml(text, "m.yaml", LIMITS)
    d = info.value.diagnostic
    return d.code, d.line, d.column, d.message, d.hint


TAB_MESSAGE = "YAML syntax error: a tab character cannot be used for indentation in YAML"


@pytest.mark.parametrize(
    ("text", "line", "column", "tab_column"),
    [
        # libyaml: "found character that cannot start any token"
        ("cjmap: 1\nphases:\n\t- name: P\n", 3, 1, 1),
        ("a:\n\tb: 1\n", 2, 1, 1),
        # libyaml: "found a tab character that violates indentation"
        ("a:\n  b: 1\n\tc: 2\n", 3, 1, 1),
        ("a:\n  - b: 1\n  \tc: 2\n", 3, 3, 3),
        (b"a:\n\tb: 1\r\n", 2, 1, 1),
    ],
)
def test_a_tab_in_the_indentation_says_so_and_where(
    text: str | bytes, line: int, column: int, tab_column: int
) -> None:
    hint = (
        f"YAML indentation must use spaces, not tabs (this line has a tab at column {tab_column})"
    )
    assert _diagnostic(text) == ("yaml-syntax", line, column, TAB_MESSAGE, hint)


def test_libyaml_words_a_leading_tab_as_a_bad_token() -> None:
    # Why the message is rewritten: libyaml's own words don't mention the tab.
    with pytest.raises(yaml.scanner.ScannerError, match="cannot start any token"):
        yaml.safe_load("a:\n\tb: 1\n")


def test_a_tab_indented_line_adds_the_hint_to_another_error() -> None:
    # Tabs may indent inside brackets; here the mistake is the unclosed `{`.
    code, line, column, message, hint = _diagnostic("a: [\n\tb, {c: 1,\n\td: 2\nx: 1\n")
    assert (code, line, column) == ("yaml-syntax", 2, 5)
    assert message.startswith("YAML syntax error: the `{` mapping opened here is not closed")
    assert hint == (
        "YAML indentation must use spaces, not tabs (this line has a tab at column 1); "
        "add the missing `}`, or a `,` between the items"
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: [1\nb: 2\n",
        "a: 'x\ty'\nb: c: d\n",  # a tab inside a value
        "a: 1\nb: [x,\tc: d\n",  # a tab between flow items, on the line reported
    ],
)
def test_syntax_errors_without_a_tab_in_the_indentation_get_no_tab_hint(text: str) -> None:
    assert "tab" not in (_diagnostic(text)[4] or "")
