"""The header counts what the diagram draws, in correct English.

Northbank current account                    title
[Current state]  Owner: … · 4 of 5 phases · 11 of 13 steps
● Kofi — Newcomer to the UK   Showing Kofi's journey only
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjmap.layout import JourneyLayout, LayoutOptions, layout_journey
from cjmap.layout.header import counted
from cjmap.load import load_text
from cjmap.model import Journey, build_journey
from cjmap.pipeline import load_journey
from cjmap.text.measure import default_measurer

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BANK = ROOT / "examples" / "bank-account-opening.yaml"
COUNTS = re.compile(r"(\d+)(?: of (\d+))? (phases?) · (\d+)(?: of (\d+))? (steps?)")


def _layout(journey: Journey, persona: str | None = None) -> JourneyLayout:
    return layout_journey(journey, default_measurer(), LayoutOptions(persona=persona))


def _meta(layout: JourneyLayout) -> str:
    meta = [t for t in layout.header if t.cls == "cjm-meta"]
    assert len(meta) == 1
    return " ".join(meta[0].lines)


def _drawn(layout: JourneyLayout) -> tuple[int, int]:
    return len({band.phase_id for band in layout.phases}), len(layout.columns)


def test_persona_filtered_map_counts_what_is_drawn_out_of_the_whole() -> None:
    # the audit: "5 phases · 13 steps" beside "Showing Kofi's journey only"
    journey = load_journey(BANK).journey
    assert journey.view.persona == "kofi"
    layout = _layout(journey)
    assert _drawn(layout) == (4, 11)
    assert "4 of 5 phases · 11 of 13 steps" in _meta(layout)
    assert layout.description.startswith("Customer journey map for Kofi in 4 phases and 11 steps.")


def _cases() -> list[tuple[Path, str | None]]:
    out: list[tuple[Path, str | None]] = []
    for path in EXAMPLES:
        journey = load_journey(path).journey
        out.append((path, None))
        out.extend((path, p.id) for p in journey.personas)
    return out


@pytest.mark.parametrize(
    ("path", "persona"), _cases(), ids=[f"{p.stem}-{who}" for p, who in _cases()]
)
def test_header_numbers_match_the_drawn_phases_and_steps(path: Path, persona: str | None) -> None:
    journey = load_journey(path).journey
    layout = _layout(journey, persona)
    found = COUNTS.search(_meta(layout))
    assert found is not None, _meta(layout)
    phases, phases_total, phase_word, steps, steps_total, step_word = found.groups()
    assert (int(phases), int(steps)) == _drawn(layout)
    # the whole map's numbers are there exactly when less than all is drawn
    assert int(phases_total or phases) == len(journey.phases)
    assert int(steps_total or steps) == len(journey.steps)
    assert (phases_total is None) == (int(phases) == len(journey.phases))
    assert phase_word == ("phase" if int(phases_total or phases) == 1 else "phases")
    assert step_word == ("step" if int(steps_total or steps) == 1 else "steps")


ONE = """\
cjmap: 1
title: One of each
personas:
  - {id: ana, name: Ana}
  - {id: bo, name: Bo}
phases:
  - name: Only
    steps:
      - name: Just this
        personas: [ana]
        pain_points: [Slow]
        opportunities: [Faster]
  - name: Later
    steps:
      - {name: Then this, personas: [bo]}
"""


def test_one_phase_and_one_step_are_singular_in_header_and_description() -> None:
    journey = build_journey(load_text(ONE, "one.yaml")).journey
    layout = _layout(journey, "ana")
    assert "1 of 2 phases · 1 of 2 steps" in _meta(layout)
    assert layout.description == (
        "Customer journey map for Ana in 1 phase and 1 step. Only: Just this. "
        "1 pain point, 1 opportunity."
    )
    whole = _layout(journey)
    assert "2 phases · 2 steps" in _meta(whole)
    assert "in 2 phases and 2 steps." in whole.description


def test_counted_picks_singular_and_plural() -> None:
    assert counted(1, "phase") == "1 phase"
    assert counted(0, "step") == "0 steps"
    assert counted(2, "opportunity", "opportunities") == "2 opportunities"
