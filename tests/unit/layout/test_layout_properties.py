"""Geometry properties of the swimlane layout, on every example and on generated maps.

┌ label ┬──── col 0 ────┬──── col 1 ────┐
│ Steps │ ┌───────────┐ │ ┌───────────┐ │   cards stay inside their column,
│       │ │ card      │ │ │ card      │ │   never overlap in a lane,
│       │ └───────────┘ │ │ …         │ │   and the row is as tall as
│       │               │ └───────────┘ │   its tallest cell
└───────┴───────────────┴───────────────┘
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.mapgen import generate_map

from cjmap.errors import UsageError
from cjmap.layout import JourneyLayout, LayoutOptions, layout_journey
from cjmap.layout import constants as C
from cjmap.layout.themes import contrast_ratio
from cjmap.load import load_text
from cjmap.model import Journey, build_journey
from cjmap.pipeline import load_journey
from cjmap.text.measure import default_measurer

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml"
EPS = 0.02


def _journey_from_text(text: str) -> Journey:
    return build_journey(load_text(text, "generated.yaml")).journey


def _layout(journey: Journey, **options: object) -> JourneyLayout:
    return layout_journey(journey, default_measurer(), LayoutOptions(**options))  # type: ignore[arg-type]


def _all_layouts() -> list[tuple[str, JourneyLayout]]:
    out = []
    for path in [*EXAMPLES, NORMATIVE]:
        journey = load_journey(path).journey
        for theme in ("light", "dark", "print"):
            out.append((f"{path.stem}-{theme}", _layout(journey, theme=theme)))
    for steps in (1, 2, 30):
        out.append((f"gen{steps}", _layout(_journey_from_text(generate_map(steps, branches=2)))))
    return out


LAYOUTS = _all_layouts()
IDS = [name for name, _ in LAYOUTS]


@pytest.mark.parametrize(("name", "layout"), LAYOUTS, ids=IDS)
def test_cards_in_a_lane_never_overlap(name: str, layout: JourneyLayout) -> None:
    for lane in layout.lanes:
        cards = lane.cards
        for i, a in enumerate(cards):
            for b in cards[i + 1 :]:
                assert not a.box.overlaps(b.box), (name, lane.name, a.step_id, b.step_id)


@pytest.mark.parametrize(("name", "layout"), LAYOUTS, ids=IDS)
def test_every_wrapped_line_fits_its_card(name: str, layout: JourneyLayout) -> None:
    for card in layout.cards():
        for text in card.texts:
            assert card.box.contains(text.box, tolerance=EPS), (name, card.kind, text.lines)
            for line, width in zip(text.lines, text.widths, strict=True):
                assert width <= text.box.width + EPS, (name, card.kind, line, width)
                # padding stays clear on the right too
                assert text.box.x + width <= card.box.right - C.CARD_PAD + EPS + 1


@pytest.mark.parametrize(("name", "layout"), LAYOUTS, ids=IDS)
def test_cards_stay_in_their_column_and_rows_grow_to_the_tallest(
    name: str, layout: JourneyLayout
) -> None:
    column = {c.step_id: c.box for c in layout.columns}
    for lane in layout.lanes:
        for card in lane.cards:
            col = column[card.step_id]
            assert col.x - EPS <= card.box.x and card.box.right <= col.right + EPS
            assert card.box.bottom + C.ROW_PAD_Y <= lane.box.bottom + EPS, (name, lane.name)
            assert card.box.y >= lane.box.y + C.ROW_PAD_Y - EPS
        if lane.cards:
            tallest = max(card.box.bottom for card in lane.cards)
            assert lane.box.bottom == pytest.approx(
                max(tallest, lane.label.box.bottom) + C.ROW_PAD_Y, abs=0.05
            )


@pytest.mark.parametrize(("name", "layout"), LAYOUTS, ids=IDS)
def test_lanes_stack_without_gaps_or_overlap(name: str, layout: JourneyLayout) -> None:
    for above, below in zip(layout.lanes, layout.lanes[1:], strict=False):
        assert below.box.y == pytest.approx(above.box.bottom, abs=0.05)
    assert layout.lanes[-1].box.bottom <= layout.height - C.MARGIN + EPS


@pytest.mark.parametrize(("name", "layout"), LAYOUTS, ids=IDS)
def test_curve_points_and_paths_lie_inside_the_emotion_plot(
    name: str, layout: JourneyLayout
) -> None:
    lane = layout.emotion
    if lane is None:
        pytest.skip("no emotions")
    plot = lane.plot
    for curve in lane.curves:
        for point in curve.points:
            assert plot.y - EPS <= point.y <= plot.bottom + EPS
            assert plot.x <= point.x <= plot.right
        for d in curve.paths:
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
            ys = numbers[1::2]
            assert all(plot.y - EPS <= y <= plot.bottom + EPS for y in ys), (name, d)


@pytest.mark.parametrize(("name", "layout"), LAYOUTS, ids=IDS)
def test_every_text_meets_wcag_aa_contrast(name: str, layout: JourneyLayout) -> None:
    for text in layout.texts():
        ratio = contrast_ratio(text.fill, text.background)
        assert ratio >= 4.5, (name, text.lines, text.fill, text.background, round(ratio, 2))


def test_column_count_equals_step_count_and_width_grows_with_steps() -> None:
    widths = {}
    for steps in (1, 2, 30, 100):
        journey = _journey_from_text(generate_map(steps))
        layout = _layout(journey)
        assert len(layout.columns) == len(journey.steps) == steps
        widths[steps] = layout.width
        if steps >= 30:
            # a long journey grows wider; columns keep their width (nothing is squashed)
            assert {c.box.width for c in layout.columns} == {C.COLUMN_WIDTH}
    assert widths[100] == pytest.approx(2 * C.MARGIN + C.LANE_LABEL_WIDTH + 100 * C.COLUMN_WIDTH)
    # tiny maps widen their columns so the header has room
    assert widths[1] == widths[2] == 2 * C.MARGIN + C.MIN_CONTENT_WIDTH


def test_a_thousand_step_map_lays_out_with_readable_columns() -> None:
    journey = _journey_from_text(generate_map(1000, branches=20))
    layout = _layout(journey)
    assert len(layout.columns) == 1000
    assert all(c.box.width == C.COLUMN_WIDTH for c in layout.columns)
    assert min(t.size for t in layout.texts()) >= C.SMALL_SIZE


def test_lanes_follow_view_then_command_line_and_drop_empty_ones() -> None:
    journey = load_journey(NORMATIVE).journey
    # the normative map's view.lanes leaves `support` out, and `thoughts` etc. are drawn
    default = [lane.name for lane in _layout(journey).lanes]
    assert default[:2] == ["steps", "touchpoints"]
    assert "support" not in default
    chosen = [
        lane.name for lane in _layout(journey, lanes=("pain_points", "steps", "intensity")).lanes
    ]
    assert chosen == ["pain_points", "steps"]  # intensity has no content here
    with pytest.raises(UsageError, match="did you mean `pain_points`"):
        _layout(journey, lanes=("pain_point",))


def test_persona_filter_draws_only_that_personas_steps_and_curve() -> None:
    journey = load_journey(NORMATIVE).journey
    both = _layout(journey)
    assert both.emotion is not None
    assert [c.persona_id for c in both.emotion.curves] == ["maya", "ben"]
    ben = _layout(journey, persona="ben")
    assert [c.step_id for c in ben.columns] == ["see-ad", "checkout", "abandon", "confirmation"]
    assert ben.emotion is not None
    assert [c.persona_id for c in ben.emotion.curves] == ["ben"]
    with pytest.raises(UsageError, match="did you mean `ben`"):
        _layout(journey, persona="bne")


def test_per_persona_scores_place_points_on_their_scores() -> None:
    journey = load_journey(NORMATIVE).journey
    layout = _layout(journey)
    assert layout.emotion is not None
    plot = layout.emotion.plot
    maya, ben = layout.emotion.curves
    browse_maya = next(p for p in maya.points if p.step_id == "browse")
    browse_ben = next(p for p in ben.points if p.step_id == "browse")
    assert browse_maya.score == 0 and browse_ben.score == 1
    assert browse_maya.y == pytest.approx(plot.y + plot.height / 2, abs=0.01)
    assert browse_ben.y == pytest.approx(plot.y + plot.height / 4, abs=0.01)
    # side by side, not on top of each other
    assert abs(browse_maya.x - browse_ben.x) >= 2 * C.POINT_RADIUS


def test_moment_of_truth_and_branches_are_marked_on_the_step() -> None:
    journey = load_journey(NORMATIVE).journey
    layout = _layout(journey)
    checkout = next(c for c in layout.cards() if c.kind == "step" and c.step_id == "checkout")
    lines = [line for t in checkout.texts for line in t.lines]
    assert "★ Moment of truth" in lines
    assert "→ Abandons the cart" in lines and "→ Sees the order confirmation" in lines
    assert next(c for c in layout.columns if c.step_id == "checkout").moment_of_truth


def test_pain_points_and_opportunities_differ_in_shape_not_only_colour() -> None:
    layout = _layout(load_journey(NORMATIVE).journey)
    pains = [c for c in layout.cards() if c.kind == "pain-point"]
    opps = [c for c in layout.cards() if c.kind == "opportunity"]
    assert pains and opps
    assert {c.rx for c in pains} != {c.rx for c in opps}
    assert {m.name for c in pains for m in c.marks if m.kind == "icon"} == {"pain"}
    assert {m.name for c in opps for m in c.marks if m.kind == "icon"} == {"opportunity"}


CJK = "顧客がアプリを開いて商品を探しますがフィルターが見つかりません"


def test_long_words_and_cjk_wrap_inside_cards() -> None:
    text = (
        "cjmap: 1\ntitle: Wrap\nphases:\n  - name: P\n    steps:\n"
        "      - name: Supercalifragilisticexpialidocious-antidisestablishmentarianism\n"
        "        emotion: 0\n"
        "        thoughts: ['"
        + "顧客がアプリを開いて商品を探しますがフィルターが見つかりません"
        * 3
        + "']\n"
        "        actions: ['🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 party emoji everywhere']\n"
    )
    layout = _layout(_journey_from_text(text))
    for card in layout.cards():
        for t in card.texts:
            assert all(w <= t.box.width + EPS for w in t.widths)
    thought = next(c for c in layout.cards() if c.kind == "thought").texts[0]
    # 94 CJK characters at 1 em each cannot fit one line of a card
    assert len(thought.lines) >= 3
    assert "".join(thought.lines).count("顧") == 3


def test_layout_is_deterministic_and_serialisable() -> None:
    journey = load_journey(NORMATIVE).journey
    first = _layout(journey).to_json()
    second = _layout(journey).to_json()
    assert first == second
    assert '"theme": "light"' in first


def test_bidi_overrides_and_controls_are_not_drawn() -> None:
    text = (
        'cjmap: 1\ntitle: "Evil \\u202Egnp.exe\\u0007 title"\nphases:\n  - name: P\n'
        "    steps:\n      - name: A\n        emotion: 0\n"
    )
    layout = _layout(_journey_from_text(text))
    drawn = "".join(line for t in layout.texts() for line in t.lines)
    assert "\u202e" not in drawn and "\x07" not in drawn
    assert "Evil gnp.exe title" in drawn


def test_emotions_from_data_are_hollow_and_explained_in_the_legend() -> None:
    journey = load_journey(ROOT / "examples" / "broadband-outage-support.yaml").journey
    lane = _layout(journey).emotion
    assert lane is not None
    assert any(p.source == "data" for c in lane.curves for p in c.points)
    assert any(m.cls == "cjm-data-key" for m in lane.marks)
    assert "from data" in [line for t in lane.ticks for line in t.lines]
    plain = _layout(load_journey(NORMATIVE).journey).emotion
    assert plain is not None and not any(m.cls == "cjm-data-key" for m in plain.marks)
