"""The journey parser accepts and rejects what Mermaid 11 does, and reads what Mermaid draws.

The expectations in tests/cases/mermaid/*/expected.json come from rendering
each file with the real Mermaid CLI (see the README there).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cjmap.errors import InvalidMap
from cjmap.interop import MermaidDiagram, parse_journey
from cjmap.interop._mermaid_text import js_number

CASES = Path(__file__).resolve().parents[2] / "cases" / "mermaid"
ACCEPTED = sorted((CASES / "accepted").glob("*.mmd"))
REJECTED = sorted((CASES / "rejected").glob("*.mmd"))
DRAWN = json.loads((CASES / "accepted" / "expected.json").read_text(encoding="utf-8"))
REJECTIONS = json.loads((CASES / "rejected" / "expected.json").read_text(encoding="utf-8"))


def parse(text: str) -> MermaidDiagram:
    return parse_journey(text, "t.mmd")


def errors_of(text: str) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(InvalidMap) as info:
        parse(text)
    return [(d.code, d.line, d.column) for d in info.value.diagnostics]


def drawn(diagram: MermaidDiagram) -> dict[str, object]:
    """The parse in the shape of expected.json: what Mermaid draws."""

    def score(x: float) -> object:
        return "NaN" if math.isnan(x) else int(x) if x.is_integer() else x

    return {
        "sections": [s.name for s in diagram.sections if s.tasks and s.name is not None],
        "tasks": [[t.name, score(t.score), [a for a in t.actors if a]] for t in diagram.tasks],
    }


def test_the_corpus_is_complete() -> None:
    assert len(ACCEPTED) == len(DRAWN) >= 30
    assert len(REJECTED) == len(REJECTIONS) >= 15


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.name)
def test_accepted_input_reads_as_mermaid_draws_it(path: Path) -> None:
    diagram = parse_journey(path.read_text(encoding="utf-8"), path.name)
    expected = DRAWN[path.name]
    assert drawn(diagram) == {"sections": expected["sections"], "tasks": expected["tasks"]}
    if expected["title"] is not None:
        assert diagram.title == expected["title"]


@pytest.mark.parametrize("path", REJECTED, ids=lambda p: p.name)
def test_rejected_input_fails_with_code_and_line(path: Path) -> None:
    with pytest.raises(InvalidMap) as info:
        parse_journey(path.read_text(encoding="utf-8"), path.name)
    got = [{"code": d.code, "line": d.line} for d in info.value.diagnostics]
    assert got == REJECTIONS[path.name]
    assert all(d.file == path.name and d.severity == "error" for d in info.value.diagnostics)


def test_task_objects_match_mermaids_own_parser_spec() -> None:
    # journey.spec.js "should handle a task definition": people as journeyDb keeps them.
    diagram = parse_journey((CASES / "accepted" / "spec-tasks.mmd").read_text(), "spec-tasks.mmd")
    people = [(t.name, t.score, t.actors) for t in diagram.tasks]
    assert people == [
        ("A task", 5, ("Alice", "Bob", "Charlie")),
        ("B task", 3, ("Bob", "Charlie")),
        ("C task", 5, ()),
        ("D task", 5, ("Charlie", "Alice")),
        ("E task", 5, ("",)),
        ("P task", 5, ("",)),
        ("Q task", 5, ("",)),
        ("R task", 5, ("",)),
    ]
    assert [s.name for s in diagram.sections] == ["Documentation", "Another section"]
    assert diagram.actors == ("", "Alice", "Bob", "Charlie")


def test_multiline_accdescr_matches_mermaids_spec() -> None:
    text = (CASES / "accepted" / "spec-accdescr-multiline.mmd").read_text()
    diagram = parse(text)
    assert diagram.acc_descr == "A user journey for\nfamily shopping"
    assert diagram.title == "Adding journey diagram functionality to mermaid"
    assert diagram.acc_title == "Adding acc journey diagram functionality to mermaid"


def test_front_matter_gives_the_title_and_its_config_is_noted() -> None:
    diagram = parse("---\ntitle: From front matter\nconfig:\n  theme: dark\n---\njourney\n  T: 3\n")
    assert diagram.title == "From front matter"
    assert [(n.code, n.line, n.severity) for n in diagram.notes] == [
        ("mermaid-front-matter-ignored", 1, "warning")
    ]
    assert "`config`" in diagram.notes[0].message


def test_title_statement_wins_over_front_matter_title() -> None:
    assert parse("---\ntitle: A\n---\njourney\ntitle B\n").title == "B"


def test_directive_is_cut_out_and_noted_at_its_line() -> None:
    text = "journey\n  %%{init: {'journey': {'width': 3}}}%%\n  section S\n  T: 3: Me\n"
    diagram = parse(text)
    assert [(n.code, n.line, n.column) for n in diagram.notes] == [
        ("mermaid-directive-ignored", 2, 3)
    ]
    assert [t.name for t in diagram.tasks] == ["T"]


def test_line_numbers_stay_those_of_the_file() -> None:
    # Front matter, a directive spread over two lines and whole-line comments
    # are removed by Mermaid; our positions still point into the original file.
    text = (
        "---\ntitle: x\n---\n%%{init:\n {} }%%\njourney\n%% note\n  section S\n"
        "  Fine: 3\n  Broken line\n"
    )
    assert errors_of(text) == [("mermaid-not-a-task", 10, 3)]


def test_every_error_is_reported_not_only_the_first() -> None:
    text = "journey\n  section A:B\n  ok: 3\n  no score\n  x: 1; y: 2\n"
    assert [(c, line) for c, line, _ in errors_of(text)] == [
        ("mermaid-section-colon", 2),
        ("mermaid-not-a-task", 4),
        ("mermaid-semicolon", 5),
    ]


def test_entity_codes_decode_and_escape_the_grammar() -> None:
    diagram = parse(
        "journey\n  title A#58;B #35; c#59;\n  section S#58;x\n  T#58; one: 3: Me#44;you, Cat\n"
    )
    assert diagram.title == "A:B # c;"
    assert diagram.sections[0].name == "S:x"
    assert diagram.tasks[0].name == "T: one"
    assert diagram.tasks[0].actors == ("Me,you", "Cat")


def test_named_and_unknown_entities_decode_as_the_browser_shows_them() -> None:
    diagram = parse("journey\n  A #amp; B #9829; #nosuch;: 3\n")
    assert diagram.tasks[0].name == "A & B ♥ &nosuch;"


def test_hash_starts_a_comment_and_cuts_the_title() -> None:
    diagram = parse("journey\n  title Sales # Q3\n  T: 4 # the score\n")
    assert diagram.title == "Sales"
    assert diagram.tasks[0].score == 4


def test_a_token_that_starts_with_x_percent_percent_hides_its_line() -> None:
    diagram = parse("journey\n  section S\n  A%% B: 3: Me\n  Kept: 2\n")
    assert [t.name for t in diagram.tasks] == ["Kept"]


def test_task_named_like_a_keyword_is_read_as_the_keyword() -> None:
    assert parse("journey\n  Title page: 4: Me\n").title == "page: 4: Me"
    assert errors_of("journey\n  journey review: 4\n")[0][0] == "mermaid-keyword"
    assert [t.name for t in parse("journey\n  journeys: 4\n").tasks] == ["journeys"]


def test_style_rule_of_encode_entities_applies_to_journeys_too() -> None:
    # Mermaid trims the last `;` of a line like `style…:#…;` before decoding
    # entities, so `#35;` loses its `;` and `#35` starts a comment.
    assert parse("journey\n  title Pick a style:#35;1\n").title == "Pick a style:"


def test_text_after_a_third_colon_is_ignored_with_a_warning() -> None:
    diagram = parse("journey\n  T: 4: Ann, Bob: extra\n")
    assert diagram.tasks[0].actors == ("Ann", "Bob")
    assert [(n.code, n.line, n.column) for n in diagram.notes] == [("mermaid-extra-colon", 2, 17)]


def test_br_is_a_line_break_in_task_and_section_names_only() -> None:
    diagram = parse("journey\n  title A<br>B\n  section One <br/> Two\n  X<BR>Y: 3\n")
    assert diagram.title == "A<br>B"
    assert diagram.sections[0].name == "One\nTwo"
    assert diagram.tasks[0].name == "X\nY"


def test_an_escaped_br_stays_text() -> None:
    assert parse("journey\n  T#60;br>x: 3\n").tasks[0].name == "T<br>x"


@pytest.mark.parametrize(
    ("text", "value"),
    [("5", 5.0), (" 5 ", 5.0), ("", 0.0), ("  ", 0.0), ("0x3", 3.0), ("1e0", 1.0), ("+2", 2.0)],
)
def test_scores_are_javascript_numbers(text: str, value: float) -> None:
    assert js_number(text) == value


@pytest.mark.parametrize("text", ["2rem", "five", "5 5", "1_000", "0x", "\ue000"])
def test_scores_that_javascript_cannot_read_are_nan(text: str) -> None:
    assert math.isnan(js_number(text))


def test_a_score_written_as_an_entity_is_not_a_number() -> None:
    # Mermaid parses the placeholder the entity became, not the digit.
    assert math.isnan(parse("journey\n  T: #53;\n").tasks[0].score)


def test_header_must_be_lower_case_journey() -> None:
    code, line, _ = errors_of("Journey\n  T: 3\n")[0]
    assert (code, line) == ("mermaid-not-journey", 1)
    assert errors_of("flowchart TD\n  A --> B\n")[0][0] == "mermaid-not-journey"
    assert errors_of("")[0][0] == "mermaid-not-journey"


def test_unclosed_or_broken_front_matter_is_an_error_with_its_line() -> None:
    assert errors_of("---\ntitle: x\njourney\n  T: 3\n") == [("mermaid-front-matter", 1, 1)]
    assert errors_of("---\ntitle: [x\n---\njourney\n  T: 3\n")[0][:2] == ("mermaid-front-matter", 2)


def test_crlf_files_parse_like_lf_files() -> None:
    text = (CASES / "accepted" / "docs-working-day.mmd").read_text()
    assert drawn(parse(text.replace("\n", "\r\n"))) == drawn(parse(text))
