"""A diff as terminal text, Markdown and JSON."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

from rich.console import Console
from tests.unit.diff._maps import BASE, step

from cjmap.diff import diff_journeys
from cjmap.diff.report import markdown, summary, text_lines, to_json
from cjmap.model import Journey, validate


def pair() -> tuple[Journey, Journey]:
    data: dict[str, Any] = copy.deepcopy(BASE)
    step(data, "checkout")["emotion"] = 0
    step(data, "checkout")["emotion"] = {"maya": 0, "ben": -1}
    step(data, "compare")["name"] = "Compares | prices"
    step(data, "checkout")["pain_points"].pop(0)
    step(data, "checkout")["opportunities"][0]["status"] = "done"
    data["phases"][1]["steps"].append({"id": "review", "name": "Writes a *review*", "emotion": 2})
    return validate(Journey, BASE), validate(Journey, data)


def plain(lines: list[str]) -> list[str]:
    console = Console(width=200, no_color=True, highlight=False, record=True, file=io.StringIO())
    for line in lines:
        console.print(line, soft_wrap=True)
    return console.export_text().splitlines()


def test_text_report() -> None:
    old, new = pair()
    lines = plain(text_lines(diff_journeys(old, new, "old.yaml", "new.yaml")))
    assert lines == [
        "cjmap diff: old.yaml → new.yaml",
        "",
        "Steps",
        "  + review “Writes a *review*” added in phase Buy",
        "  ~ compare renamed “Compares” → “Compares | prices”",
        "",
        "Emotions",
        "  checkout (maya)  −2 → 0   ▲2",
        "  checkout (ben)   −2 → −1  ▲1",
        "",
        "Pain points",
        "  ✓ [high] “Hidden fees” at step checkout resolved",
        "",
        "Opportunities",
        "  ~ “Show fees early” at step checkout: status planned → done",
        "",
        "6 changes: 2 step changes, 2 emotions, 1 pain point, 1 opportunity",
    ]


def test_markdown_report_escapes_and_tabulates_emotions() -> None:
    old, new = pair()
    text = markdown(diff_journeys(old, new, "HEAD:maps/x.yaml", "maps/x.yaml"))
    assert text.splitlines()[:3] == [
        "### Journey map changes: Checkout",
        "",
        "`HEAD:maps/x.yaml` → `maps/x.yaml`: **6 changes: 2 step changes, 2 emotions, "
        "1 pain point, 1 opportunity**",
    ]
    assert "- `review` “Writes a \\*review\\*” added in phase Buy" in text
    assert "- `compare` renamed “Compares” → “Compares \\| prices”" in text
    assert "| Step | Persona | Before | After | Change |" in text
    assert "| Checks out (`checkout`) | `maya` | −2 | 0 | ▲2 |" in text
    assert "- [high] “Hidden fees” at step `checkout` resolved" in text
    assert text.endswith("status planned → done\n")


def test_json_report_has_stable_keys() -> None:
    old, new = pair()
    data = json.loads(to_json(diff_journeys(old, new, "a", "b")))
    assert list(data) == ["old", "new", "changed", "counts", "changes"]
    assert data["changed"] is True
    assert data["counts"]["emotion-changed"] == 2
    first = data["changes"][0]
    assert list(first) == [
        "kind",
        "section",
        "subject",
        "label",
        "old",
        "new",
        "field",
        "step",
        "persona",
        "detail",
    ]


def test_no_changes() -> None:
    old = validate(Journey, BASE)
    diff = diff_journeys(old, old, "a", "b")
    assert summary(diff) == "no changes"
    assert plain(text_lines(diff)) == ["cjmap diff: a → b", "no changes"]
    assert markdown(diff).splitlines()[-1] == "`a` → `b`: **no changes**"
