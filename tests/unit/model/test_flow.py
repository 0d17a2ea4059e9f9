"""The flow graph: links, main path, exits, persona views, and the flow warnings."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from cjmap.load.source_map import SourceMap
from cjmap.model import Journey, validate
from cjmap.model.flow import check_flow, is_branching, journey_flow
from cjmap.pipeline import load_journey

CASES = Path(__file__).resolve().parents[2] / "cases" / "valid" / "branching"


def journey(*phases: list[dict[str, Any]], personas: tuple[str, ...] = ()) -> Journey:
    """A journey with one phase per list of steps (`{"id": …}` plus any fields)."""
    return validate(
        Journey,
        {
            "cjmap": 1,
            "title": "t",
            "personas": [{"id": p, "name": p.title()} for p in personas],
            "phases": [
                {
                    "id": f"p{n}",
                    "name": f"Phase {n}",
                    "steps": [{"name": s["id"], **s} for s in steps],
                }
                for n, steps in enumerate(phases)
            ],
        },
    )


def links(j: Journey, persona: str | None = None) -> list[tuple[str, str, str | None, bool]]:
    return [(k.source, k.target, k.label, k.main) for k in journey_flow(j, persona).links]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_step_without_next_leads_to_the_step_written_after_it_across_phases() -> None:
    j = journey([{"id": "a"}, {"id": "b"}], [{"id": "c"}])
    assert links(j) == [("a", "b", None, True), ("b", "c", None, True)]
    assert journey_flow(j).exits == {"c"}
    assert journey_flow(j).main_path == ("a", "b", "c")


def test_next_lists_labelled_branches_and_an_empty_next_ends_the_journey() -> None:
    j = journey(
        [
            {"id": "a", "next": [{"to": "c", "label": "fast"}, "b"]},
            {"id": "b", "next": []},
            {"id": "c"},
        ]
    )
    assert links(j) == [("a", "c", "fast", True), ("a", "b", None, False)]
    assert journey_flow(j).exits == {"b", "c"}
    assert journey_flow(j).main_path == ("a", "c")


def test_main_path_skips_a_retry_listed_first() -> None:
    j = journey([{"id": "a", "next": ["a", "b"]}, {"id": "b", "next": ["a"]}])
    flow = journey_flow(j)
    assert flow.main_path == ("a", "b")
    assert [(k.source, k.target, k.main) for k in flow.links] == [
        ("a", "a", False),
        ("a", "b", True),
        ("b", "a", False),
    ]


def test_repeated_targets_are_drawn_once_per_label() -> None:
    j = journey([{"id": "a", "next": ["b", "b", {"to": "b", "label": "x"}]}, {"id": "b"}])
    assert links(j) == [("a", "b", None, True), ("a", "b", "x", False)]


def test_unreachable_steps_in_written_order() -> None:
    j = journey([{"id": "a", "next": ["d"]}, {"id": "b"}, {"id": "c", "next": ["b"]}, {"id": "d"}])
    assert journey_flow(j).unreachable() == ("b", "c")


def test_only_loops_without_a_way_out_are_closed() -> None:
    j = journey(
        [
            {"id": "start"},
            # retry loop with an exit: fine
            {"id": "pay", "next": ["declined", "menu"]},
            {"id": "declined", "next": ["pay", "gone"]},
            {"id": "gone", "next": []},
            # a loop that can only reach the closed loop below is not itself reported
            {"id": "x", "next": ["y"]},
            {"id": "y", "next": ["x", "menu"]},
            # closed: menu -> hold -> transfer -> menu
            {"id": "menu", "next": ["hold"]},
            {"id": "hold", "next": ["transfer"]},
            {"id": "transfer", "next": ["menu"]},
            # a step that only leads to itself
            {"id": "stuck", "next": ["stuck"]},
        ]
    )
    assert journey_flow(j).closed_loops() == (("menu", "hold", "transfer"), ("stuck",))


def test_persona_view_bridges_the_steps_the_persona_skips() -> None:
    j = journey(
        [
            {"id": "a", "next": [{"to": "gift", "label": "gift"}, "c"]},
            {"id": "gift", "personas": ["ben"], "next": ["wrap"]},
            {"id": "wrap", "personas": ["ben"], "next": ["gift", "d"]},
            {"id": "c"},
            {"id": "d"},
        ],
        personas=("maya", "ben"),
    )
    # maya never meets gift/wrap: the labelled link goes on to where they lead
    assert links(j, "maya") == [
        ("a", "d", "gift", True),
        ("a", "c", None, False),
        ("c", "d", None, False),
    ]
    assert [s.id for s in journey_flow(j, "maya").steps] == ["a", "c", "d"]
    assert links(j, "ben")[:2] == [("a", "gift", "gift", True), ("a", "c", None, False)]


def test_persona_view_default_successor_is_the_next_step_the_persona_takes() -> None:
    j = journey(
        [{"id": "a"}, {"id": "b", "personas": ["ben"], "next": ["d"]}, {"id": "c"}, {"id": "d"}],
        personas=("maya", "ben"),
    )
    assert links(j, "maya") == [("a", "c", None, True), ("c", "d", None, True)]


def test_is_branching() -> None:
    straight = journey([{"id": "a"}, {"id": "b", "next": ["c"]}], [{"id": "c"}])
    assert not is_branching(straight)
    assert is_branching(journey([{"id": "a", "next": ["b", "c"]}, {"id": "b"}, {"id": "c"}]))
    assert is_branching(journey([{"id": "a", "next": []}, {"id": "b"}]))


def test_a_long_map_needs_no_recursion() -> None:
    steps = [{"id": f"s{n}"} for n in range(5_000)]
    steps[-1]["next"] = ["s0"]
    flow = journey_flow(journey(steps))
    assert flow.closed_loops() == (tuple(f"s{n}" for n in range(5_000)),)
    assert flow.unreachable() == ()


def test_check_flow_is_silent_when_ids_are_not_unique() -> None:
    j = journey([{"id": "a", "next": ["a"]}, {"id": "a", "next": ["a"]}])
    assert check_flow(j, "map.yaml", SourceMap()) == []


def test_validation_warns_about_unreachable_steps_and_closed_loops(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        cjmap: 1
        title: t
        phases:
          - name: P
            steps:
              - {id: a, name: A, emotion: 0}
              - {id: b, name: B, emotion: 0, next: [c]}
              - {id: c, name: C, emotion: 0, next: [b]}
              - {id: orphan, name: O, emotion: 0, next: []}
        """,
    )
    found = [(d.code, d.line, d.severity, d.message) for d in load_journey(path).warnings]
    assert found == [
        (
            "unreachable-step",
            9,
            "warning",
            "no path from the first step `a` reaches step `orphan`",
        ),
        (
            "loop-without-exit",
            7,
            "warning",
            "steps `b`, `c` loop with no way out: no exit or end of the journey can be reached",
        ),
    ]


def test_branching_case_warnings_are_exactly_the_intended_ones() -> None:
    warnings = {
        path.name: sorted((d.code, d.line) for d in load_journey(path).warnings)
        for path in sorted(CASES.glob("*.yaml"))
    }
    assert warnings == {
        "checkout-retries.yaml": [],
        "loan-application.yaml": [("missing-emotion", 60)],
        "support-dead-ends.yaml": [("loop-without-exit", 45), ("unreachable-step", 66)],
    }


def test_a_personas_own_first_step_is_an_entry_not_unreachable(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        cjmap: 1
        title: t
        personas: [{id: a, name: A}, {id: b, name: B}]
        phases:
          - name: P
            steps:
              - {id: a1, name: A starts, personas: [a], emotion: 0, next: [shared]}
              - {id: b1, name: B starts, personas: [b], emotion: 0}
              - {id: shared, name: Shared, emotion: 1, next: []}
              - {id: lost, name: Lost, personas: [a], emotion: 0, next: []}
        """,
    )
    found = [(d.code, d.line) for d in load_journey(path).warnings]
    assert found == [("unreachable-step", 10)]  # `lost`; `b1` is B's entry
