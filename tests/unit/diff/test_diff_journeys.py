"""`diff_journeys` on pairs of maps, one kind of change at a time."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tests.unit.diff._maps import BASE, step

from cjmap.diff import Change, diff_journeys
from cjmap.diff.match import moved
from cjmap.model import Journey, validate


def journey(data: dict[str, Any]) -> Journey:
    return validate(Journey, data)


def changed(edit: Callable[[dict[str, Any]], None]) -> list[Change]:
    """The changes from BASE to BASE after `edit`."""
    data = copy.deepcopy(BASE)
    edit(data)
    return list(diff_journeys(journey(BASE), journey(data)).changes)


def kinds(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.kind, c.subject) for c in changes]


def test_same_map_has_no_changes() -> None:
    diff = diff_journeys(journey(BASE), journey(copy.deepcopy(BASE)), "a.yaml", "b.yaml")
    assert not diff and diff.changes == () and diff.counts() == {}
    assert diff.to_json()["changed"] is False


def test_map_fields() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["title"] = "Checkout v2"
        d["state"] = "future"

    assert [(c.kind, c.field, c.old, c.new) for c in changed(edit)] == [
        ("map-changed", "title", "Checkout", "Checkout v2"),
        ("map-changed", "state", "current", "future"),
    ]


# phases


def test_phase_added_and_removed() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["phases"][0] = {"id": "discover", "name": "Discover", "steps": d["phases"][0]["steps"]}

    changes = [c for c in changed(edit) if c.section == "phases"]
    assert kinds(changes) == [("phase-removed", "find"), ("phase-added", "discover")]
    # its steps did not go anywhere: they moved to the new phase
    assert {c.subject for c in changed(edit) if c.kind == "step-moved"} == {"search", "compare"}


def test_phase_renamed_keeps_its_id() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["phases"][1]["name"] = "Purchase"

    assert [(c.kind, c.subject, c.old, c.new) for c in changed(edit)] == [
        ("phase-renamed", "buy", "Buy", "Purchase")
    ]


def test_phase_moved() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["phases"].reverse()

    changes = changed(edit)
    assert [(c.kind, c.subject, c.old, c.new) for c in changes] == [("phase-moved", "buy", 2, 1)]


# steps


def test_step_added_and_removed() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["phases"][1]["steps"][1] = {"id": "review", "name": "Writes a review", "emotion": 1}

    changes = changed(edit)
    assert [(c.kind, c.subject, c.detail) for c in changes if c.section == "steps"] == [
        ("step-removed", "receipt", "from phase Buy"),
        ("step-added", "review", "in phase Buy"),
    ]
    assert [c for c in changes if c.section == "emotions"] == []


def test_step_renamed() -> None:
    def edit(d: dict[str, Any]) -> None:
        step(d, "compare")["name"] = "Compares prices"

    assert [(c.kind, c.subject, c.old, c.new) for c in changed(edit)] == [
        ("step-renamed", "compare", "Compares", "Compares prices")
    ]


def test_step_moved_to_another_phase() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["phases"][1]["steps"].insert(0, d["phases"][0]["steps"].pop(1))

    assert [(c.kind, c.subject, c.detail) for c in changed(edit)] == [
        ("step-moved", "compare", "from phase Find to phase Buy")
    ]


def test_step_moved_within_its_phase_marks_only_that_step() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["phases"][1]["steps"].reverse()

    assert [(c.kind, c.subject, c.old, c.new) for c in changed(edit)] == [
        ("step-moved", "receipt", 2, 1)
    ]


def test_step_field_changed() -> None:
    def edit(d: dict[str, Any]) -> None:
        step(d, "search")["channel"] = "mobile app"
        step(d, "search")["actions"] = ["Types a query"]

    assert [(c.kind, c.field, c.old, c.new) for c in changed(edit)] == [
        ("step-changed", "channel", "web", "mobile app"),
        ("step-changed", "actions", [], ["Types a query"]),
    ]


def test_steps_pair_by_name_when_the_id_changed() -> None:
    def edit(d: dict[str, Any]) -> None:
        step(d, "compare")["id"] = "compare-prices"
        step(d, "compare-prices")["emotion"] = -1

    assert [(c.kind, c.subject, c.old, c.new) for c in changed(edit)] == [
        ("emotion-changed", "compare-prices", 0, -1)
    ]


def test_step_with_new_id_and_new_name_is_removed_and_added() -> None:
    def edit(d: dict[str, Any]) -> None:
        step(d, "compare").update(id="weigh", name="Weighs options")

    assert kinds(changed(edit)) == [("step-removed", "compare"), ("step-added", "weigh")]


# emotions


def test_emotion_change_has_direction_and_size() -> None:
    def edit(d: dict[str, Any]) -> None:
        step(d, "checkout")["emotion"] = 0
        step(d, "receipt")["emotion"] = -1

    assert [(c.subject, c.persona, c.old, c.new, c.detail) for c in changed(edit)] == [
        ("checkout", None, -2, 0, "▲2"),
        ("receipt", None, 1, -1, "▼2"),
    ]


def test_emotion_per_persona() -> None:
    def edit(d: dict[str, Any]) -> None:
        step(d, "checkout")["emotion"] = {"maya": -2, "ben": 1}

    # the shared -2 applied to both personas; only Ben's score moved
    assert [(c.subject, c.persona, c.old, c.new, c.detail) for c in changed(edit)] == [
        ("checkout", "ben", -2, 1, "▲3")
    ]


def test_emotion_added_has_no_direction() -> None:
    def edit(d: dict[str, Any]) -> None:
        del step(d, "compare")["emotion"]

    old = journey(BASE)
    data = copy.deepcopy(BASE)
    edit(data)
    back = diff_journeys(journey(data), old).changes
    assert [(c.kind, c.old, c.new, c.detail) for c in back] == [("emotion-changed", None, 0, None)]


# pain points


def test_pain_point_added_and_resolved() -> None:
    def edit(d: dict[str, Any]) -> None:
        pains = step(d, "checkout")["pain_points"]
        pains.pop(0)
        step(d, "search")["pain_points"] = [{"text": "No filters", "severity": "medium"}]

    changes = changed(edit)
    assert [(c.kind, c.subject, c.step, c.old, c.new) for c in changes] == [
        ("pain-point-resolved", "fees", "checkout", "high", None),
        ("pain-point-added", "No filters", "search", None, "medium"),
    ]


def test_pain_point_severity_changed_and_moved() -> None:
    def edit(d: dict[str, Any]) -> None:
        fees = step(d, "checkout")["pain_points"].pop(0)
        fees["severity"] = "critical"
        step(d, "receipt")["pain_points"] = [fees]

    assert [(c.kind, c.field, c.old, c.new) for c in changed(edit)] == [
        ("pain-point-changed", "step", "checkout", "receipt"),
        ("pain-point-changed", "severity", "high", "critical"),
    ]


def test_pain_points_without_id_pair_by_text() -> None:
    def edit(d: dict[str, Any]) -> None:
        step(d, "checkout")["pain_points"][1] = {"text": "slow  page", "frequency": "often"}

    assert [(c.kind, c.subject, c.field) for c in changed(edit)] == [
        ("pain-point-changed", "slow  page", "text"),
        ("pain-point-changed", "slow  page", "frequency"),
    ]


# opportunities


def test_opportunity_status_and_impact_changed() -> None:
    def edit(d: dict[str, Any]) -> None:
        opp = step(d, "checkout")["opportunities"][0]
        opp["status"] = "done"
        opp["impact"] = "medium"

    assert [(c.kind, c.field, c.old, c.new) for c in changed(edit)] == [
        ("opportunity-status-changed", "status", "planned", "done"),
        ("opportunity-changed", "impact", "high", "medium"),
    ]


def test_opportunity_added_and_removed() -> None:
    def edit(d: dict[str, Any]) -> None:
        step(d, "checkout")["opportunities"] = ["Cache the page"]

    assert [(c.kind, c.subject, c.old, c.new) for c in changed(edit)] == [
        ("opportunity-removed", "Show fees early", "planned", None),
        ("opportunity-added", "Cache the page", None, "idea"),
    ]


# KPIs, metrics, personas


def test_kpis_and_metrics() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["kpis"][0]["current"] = "2.5%"
        d["kpis"].append({"name": "NPS", "current": 31})
        step(d, "search")["metrics"] = {"csat": 4.2, "visits": 100}

    assert [(c.kind, c.subject, c.old, c.new) for c in changed(edit)] == [
        ("kpi-added", "NPS", None, 31),
        ("kpi-changed", "Conversion", "2%", "2.5%"),
        ("metric-changed", "search.csat", 3.9, 4.2),
        ("metric-changed", "search.visits", None, 100),
    ]


def test_kpi_removed() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["kpis"] = []

    assert kinds(changed(edit)) == [("kpi-removed", "Conversion")]


def test_personas() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["personas"][0]["role"] = "Repeat buyer"
        d["personas"][1] = {"id": "priya", "name": "Priya"}

    assert [(c.kind, c.subject, c.field) for c in changed(edit)] == [
        ("persona-removed", "ben", None),
        ("persona-added", "priya", None),
        ("persona-changed", "maya", "role"),
    ]


def test_sections_come_in_a_fixed_order() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["personas"][0]["role"] = "Repeat buyer"
        step(d, "checkout")["emotion"] = 0
        d["title"] = "New"

    assert [c.section for c in changed(edit)] == ["map", "emotions", "personas"]


def test_moved_marks_only_the_item_that_jumped() -> None:
    assert moved(["a", "b", "c", "d"], ["d", "a", "b", "c"]) == {"d"}
    assert moved(["a", "b"], ["a", "b"]) == set()
