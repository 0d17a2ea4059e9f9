"""The impact × effort matrix: a rating decides the zone, and marks stay inside it.

+-----------+ +---------------------+
| QUICK     | | BIG BETS            |   each (impact, effort) is one cell;
| WINS   ●  | |  ● ● ●              |   all its marks sit in that cell, and
+-----------+ +---------------------+   no mark touches a zone's edge or
+-----------+ +---------------------+   its name
| FILL-INS  | | MONEY PITS     ■    |
+-----------+ +---------------------+
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjmap.layout.themes import PALETTE_BY_NAME, MapColors
from cjmap.pipeline import load_journey
from cjmap.render._matrix import LABEL_BAND, opportunity_matrix_svg
from cjmap.render._report_data import OpportunityRow, build_report_data

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
LEVELS = ("low", "medium", "high")
# The stated rule, written out cell by cell: medium counts as high on both axes.
EXPECTED_ZONE = {
    ("high", "low"): "quick-wins",
    ("medium", "low"): "quick-wins",
    ("high", "medium"): "big-bets",
    ("high", "high"): "big-bets",
    ("medium", "medium"): "big-bets",
    ("medium", "high"): "big-bets",
    ("low", "low"): "fill-ins",
    ("low", "medium"): "money-pits",
    ("low", "high"): "money-pits",
}
Rect = tuple[float, float, float, float]  # left, top, right, bottom


def _rows(path: Path) -> list[OpportunityRow]:
    journey = load_journey(path).journey
    light = MapColors(PALETTE_BY_NAME["light"], adapt=False)
    return list(build_report_data(journey, light, None).opportunities)


def _map(tmp_path: Path, ratings: list[tuple[str, str, str]]) -> Path:
    """A map with one opportunity per (impact, effort, status), in that order."""
    steps = "\n".join(
        f"      - name: Step {i}\n        opportunities:\n"
        f"          - {{text: Idea {i}, impact: {imp}, effort: {eff}, status: {st}}}"
        for i, (imp, eff, st) in enumerate(ratings)
    )
    path = tmp_path / "map.yaml"
    path.write_text(f"cjmap: 1\ntitle: Ratings\nphases:\n  - name: All\n    steps:\n{steps}\n")
    return path


def _attrs(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def _box(a: dict[str, str]) -> Rect:
    x, y, w, h = (float(a[k]) for k in ("x", "y", "width", "height"))
    return (x, y, x + w, y + h)


def _rects(svg: str, cls: str) -> list[dict[str, str]]:
    return [_attrs(t) for t in re.findall(rf'<rect class="{cls}"[^>]*/>', svg)]


def _marks(svg: str) -> dict[str, tuple[str, Rect]]:
    """Anchor -> (shape, bounding box) of each opportunity's mark."""
    out = {}
    for head, shape in re.findall(
        r'(<g class="cj-matrix-dot"[^>]*>)<title>[^<]*</title>(<(?:circle|rect)[^>]*/>)', svg
    ):
        a = _attrs(shape)
        if shape.startswith("<circle"):
            cx, cy, r = float(a["cx"]), float(a["cy"]), float(a["r"])
            box = (cx - r, cy - r, cx + r, cy + r)
        else:
            box = _box(a)
        out[_attrs(head)["data-opportunity"]] = (shape[1:].split()[0], box)
    return out


def _inside(inner: Rect, outer: Rect, margin: float = 0.0) -> bool:
    return (
        inner[0] >= outer[0] + margin
        and inner[1] >= outer[1] + margin
        and inner[2] <= outer[2] - margin
        and inner[3] <= outer[3] - margin
    )


def _disjoint(a: Rect, b: Rect) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def _check_geometry(rows: list[OpportunityRow]) -> None:
    svg = opportunity_matrix_svg(rows)
    zones = {z["data-zone"]: _box(z) for z in _rects(svg, "cj-matrix-zone")}
    cells = {(c["data-impact"], c["data-effort"]): c for c in _rects(svg, "cj-matrix-cell")}
    marks = _marks(svg)
    assert set(zones) == {"quick-wins", "big-bets", "fill-ins", "money-pits"}
    assert len(cells) == 9
    cell_of_rating: dict[tuple[str, str], set[tuple[str, str]]] = {}
    hidden = 0  # past a full cell's last place, which says "+N"
    for row in rows:
        impact, effort = row.opportunity.impact, row.opportunity.effort
        if impact is None or effort is None:
            assert row.anchor not in marks
            continue
        if row.anchor not in marks:
            hidden += 1
            continue
        shape, box = marks[row.anchor]
        # the rating alone decides the zone, and the mark is wholly inside it
        # (clear of its 1.5 px outline) and clear of every other zone
        zone = EXPECTED_ZONE[(impact, effort)]
        assert _inside(box, zones[zone], margin=1), (row.label, zone, box)
        for other, rect in zones.items():
            if other != zone:
                assert _disjoint(box, rect), (row.label, "crosses into", other)
        # ... and clear of the zone's name, drawn in the band at its top
        z = zones[zone]
        assert _disjoint(box, (z[0], z[1], z[2], z[1] + LABEL_BAND)), row.label
        cell = cells[(impact, effort)]
        assert cell["data-zone"] == zone and _inside(box, _box(cell))
        cell_of_rating.setdefault((impact, effort), set()).add((cell["x"], cell["y"]))
        assert shape == ("rect" if row.opportunity.status == "done" else "circle")
    assert all(len(c) == 1 for c in cell_of_rating.values())
    assert hidden == sum(int(n) for n in re.findall(r'class="cj-matrix-more"[^>]*>\+(\d+)<', svg))
    boxes = [box for _, box in marks.values()]
    for i, a in enumerate(boxes):
        assert all(_disjoint(a, b) for b in boxes[i + 1 :]), "marks overlap"
    # zones are apart: the boundary is a visible gap, not a shared edge
    names = sorted(zones)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            ra, rb = zones[a], zones[b]
            gap = max(rb[0] - ra[2], ra[0] - rb[2], rb[1] - ra[3], ra[1] - rb[3])
            assert gap >= 8, (a, b, gap)


def test_four_equal_ratings_share_one_zone_and_cell(tmp_path: Path) -> None:
    # the audit's case: four high-impact, medium-effort ideas were split
    # between "Quick wins" and "Big bets" by a divider through the cell
    ratings = [("high", "medium", "planned")] * 4 + [("medium", "low", "idea")] * 3
    _check_geometry(_rows(_map(tmp_path, ratings)))


def test_every_rating_and_status_lands_in_its_zone(tmp_path: Path) -> None:
    ratings = [
        (imp, eff, status)
        for imp in LEVELS
        for eff in LEVELS
        for status in ("idea", "done", "in progress")
    ]
    _check_geometry(_rows(_map(tmp_path, ratings)))


def test_a_full_cell_keeps_its_marks_and_its_count_inside(tmp_path: Path) -> None:
    rows = _rows(_map(tmp_path, [("medium", "medium", "idea")] * 30))
    _check_geometry(rows)
    svg = opportunity_matrix_svg(rows)
    more = re.search(r'<text class="cj-matrix-more" x="([\d.]+)" y="([\d.]+)"[^>]*>\+(\d+)<', svg)
    assert more is not None and len(_marks(svg)) + int(more.group(3)) == 30
    bets = _box(next(z for z in _rects(svg, "cj-matrix-zone") if z["data-zone"] == "big-bets"))
    x, y = float(more.group(1)), float(more.group(2))
    assert bets[0] < x < bets[2] and bets[1] < y < bets[3]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_marks_stay_in_their_zones(path: Path) -> None:
    _check_geometry(_rows(path))


def test_legend_explains_each_mark_and_the_rule_for_medium(tmp_path: Path) -> None:
    svg = opportunity_matrix_svg(_rows(_map(tmp_path, [("high", "low", "done")])))
    legend = re.search(r'<g class="cj-matrix-legend">(.*?)</g>\n</svg>', svg, re.S)
    assert legend is not None
    keys = dict(
        re.findall(r'<g class="cj-matrix-key" data-status="([^"]+)"><(\w+)[^>]*/>', legend[1])
    )
    assert keys == {"idea": "circle", "done": "rect"}  # the same shapes the marks use
    assert "To do: idea, planned or in progress" in legend[1] and ">Done<" in legend[1]
    assert "Medium counts as high on both axes." in legend[1]
    # zone names are drawn, and coloured by zone, not by position
    assert re.findall(r'class="cj-matrix-zlabel" data-zone="[^"]+"[^>]*>([^<]+)<', svg) == [
        "Quick wins",
        "Big bets",
        "Fill-ins",
        "Money pits",
    ]


def test_text_alternative_names_zones_and_counts_in_the_singular(tmp_path: Path) -> None:
    svg = opportunity_matrix_svg(_rows(_map(tmp_path, [("medium", "low", "idea")])))
    desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg)
    assert desc is not None
    assert desc[1] == (
        "1 rated opportunity. medium impact, low effort: O1. Quick wins: O1. "
        "Medium counts as high on both axes."
    )
