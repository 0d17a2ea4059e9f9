"""The impact × effort matrix of the report: a 3×3 grid drawn as inline SVG.

Each axis has three levels, and every one of the nine cells belongs to
exactly one of four zones. The rule: *medium counts as high on both axes*,
so a quick win needs low effort and a fill-in or money pit needs low impact.
Zone boundaries therefore run between `low` and `medium`, never through a
cell, and every opportunity with the same rating sits in the same cell:

    impact
    high   +----------+ +---------------------+
           | QUICK    | | BIG BETS            |
    medium | WINS     | |                     |     3 px seams between the
           +----------+ +---------------------+     cells of one zone,
    low    +----------+ +---------------------+     10 px gaps between zones
           | FILL-INS | | MONEY PITS          |
           +----------+ +---------------------+
              low         medium      high     effort

Each rated opportunity is a numbered mark (`3` is `O3` in the table) packed
inside its cell: a circle while it is open, a rounded square once it is
done, explained by the legend under the axis. Unrated ones are listed under
the matrix by the template. Colours come from the page's CSS variables: the
classes drawn here are styled by assets/report.css (the SVG lives only in
the report), so the matrix follows the theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap._record import Record
from cjmap.model.lanes import LEVEL_RANK
from cjmap.render._report_data import OpportunityRow
from cjmap.render._xml import attr, esc
from cjmap.text.words import counted

LEVELS = ("low", "medium", "high")
# The rule for the middle level: which side of each zone boundary it counts on.
SIDE = {"low": "low", "medium": "high", "high": "high"}
RULE = "Medium counts as high on both axes."


@dataclass(frozen=True, eq=False, repr=False)
class Zone(Record):
    """A named region of the matrix: the cells whose ratings fall on these sides."""

    slug: str
    name: str
    impact_side: str
    effort_side: str

    def holds(self, impact: str, effort: str) -> bool:
        return SIDE[impact] == self.impact_side and SIDE[effort] == self.effort_side


ZONES = (
    Zone("quick-wins", "Quick wins", "high", "low"),
    Zone("big-bets", "Big bets", "high", "high"),
    Zone("fill-ins", "Fill-ins", "low", "low"),
    Zone("money-pits", "Money pits", "low", "high"),
)

WIDTH = 560  # px, viewBox units
PLOT_X = 100  # left of the plot: room for the axis title and the impact ticks
PLOT_Y = 16
PLOT_W = WIDTH - PLOT_X - 16
SEAM = 3  # px between two cells of one zone
ZONE_GAP = 10  # px between zones: wide enough to read as a boundary, not a seam
CELL_PAD = 6  # px between a cell's edge and its marks
LABEL_BAND = 26  # px at the top of a zone's top row, for the zone's name (14 px caps)
DOT_R = 13  # px; fits a 3-digit number at 10 px
DOT_GAP = 5
DOT_STEP = 2 * DOT_R + DOT_GAP
CELL_W = (PLOT_W - ZONE_GAP - SEAM) / 3  # one boundary and one seam across
CELL_H = LABEL_BAND + 2 * CELL_PAD + 3 * DOT_STEP - DOT_GAP  # three rows of marks
PLOT_H = 3 * CELL_H + ZONE_GAP + SEAM
LEGEND_Y = PLOT_Y + PLOT_H + 82  # first baseline: below the effort ticks and axis title
LEGEND_LINE = 22  # px between legend lines (13 px text)
HEIGHT = LEGEND_Y + 3 * LEGEND_LINE - 8


@dataclass(frozen=True, eq=False, repr=False)
class Cell(Record):
    """Where one (impact, effort) rating is drawn, and the part its marks may use."""

    impact: str
    effort: str
    zone: Zone
    x: float
    y: float
    w: float
    h: float
    top: float  # marks start here: below the zone's name in a zone's top row


def zone_of(impact: str, effort: str) -> Zone:
    """The zone of a rating, e.g. `zone_of("medium", "low")` is quick wins."""
    return next(z for z in ZONES if z.holds(impact, effort))


def matrix_cells() -> dict[tuple[str, str], Cell]:
    """Every (impact, effort) cell with its box, laid out by the zone rule."""
    xs = _offsets(PLOT_X, CELL_W, LEVELS)  # effort: low at the left
    ys = _offsets(PLOT_Y, CELL_H, tuple(reversed(LEVELS)))  # impact: high at the top
    cells = {}
    for impact in LEVELS:
        for effort in LEVELS:
            zone = zone_of(impact, effort)
            y = ys[impact]
            # the whole top row of a zone keeps the label band, so its rows line up
            labelled = impact == _highest(zone.impact_side)
            top = y + CELL_PAD + (LABEL_BAND if labelled else 0)
            cells[(impact, effort)] = Cell(impact, effort, zone, xs[effort], y, CELL_W, CELL_H, top)
    return cells


def opportunity_matrix_svg(rows: Sequence[OpportunityRow]) -> str:
    """The matrix for the rated opportunities (both impact and effort set)."""
    rated = [r for r in rows if r.rated]
    cells = matrix_cells()
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cj-matrix" viewBox="0 0 {WIDTH} '
        f'{_n(HEIGHT)}" role="img" aria-labelledby="cj-matrix-title cj-matrix-desc">',
        '<title id="cj-matrix-title">Opportunities by impact and effort</title>',
        f'<desc id="cj-matrix-desc">{esc(_summary(rated))}</desc>',
    ]
    for cell in cells.values():
        out.append(
            f'<rect class="cj-matrix-cell" data-zone="{cell.zone.slug}" '
            f'data-impact="{cell.impact}" data-effort="{cell.effort}" x="{_n(cell.x)}" '
            f'y="{_n(cell.y)}" width="{_n(cell.w)}" height="{_n(cell.h)}"/>'
        )
    for zone in ZONES:
        mine = [c for c in cells.values() if c.zone is zone]
        x, y = min(c.x for c in mine), min(c.y for c in mine)
        right = max(c.x + c.w for c in mine)
        bottom = max(c.y + c.h for c in mine)
        out.append(
            f'<rect class="cj-matrix-zone" data-zone="{zone.slug}" x="{_n(x)}" y="{_n(y)}" '
            f'width="{_n(right - x)}" height="{_n(bottom - y)}" rx="4"/>'
        )
        out.append(
            f'<text class="cj-matrix-zlabel" data-zone="{zone.slug}" x="{_n(x + CELL_PAD + 4)}" '
            f'y="{_n(y + LABEL_BAND - 6)}">{zone.name}</text>'
        )
    plot_bottom = PLOT_Y + PLOT_H
    for level in LEVELS:
        column = cells[("low", level)]  # effort ticks under the columns
        line = cells[(level, "low")]  # impact ticks beside the rows
        out.append(
            f'<text class="cj-matrix-tick" x="{_n(column.x + column.w / 2)}" '
            f'y="{_n(plot_bottom + 22)}" text-anchor="middle">{level}</text>'
        )
        out.append(
            f'<text class="cj-matrix-tick" x="{PLOT_X - 10}" y="{_n(line.y + line.h / 2 + 5)}" '
            f'text-anchor="end">{level}</text>'
        )
    mid_y = _n(PLOT_Y + PLOT_H / 2)
    out.append(
        f'<text class="cj-matrix-axis" x="{_n(PLOT_X + PLOT_W / 2)}" '
        f'y="{_n(plot_bottom + 50)}" text-anchor="middle">Effort →</text>'
    )
    out.append(
        f'<text class="cj-matrix-axis" x="18" y="{mid_y}" text-anchor="middle" '
        f'transform="rotate(-90 18 {mid_y})">Impact →</text>'
    )
    by_cell: dict[tuple[str, str], list[OpportunityRow]] = {}
    for row in rated:
        impact, effort = row.opportunity.impact or "", row.opportunity.effort or ""
        by_cell.setdefault((impact, effort), []).append(row)
    for rating in sorted(by_cell, key=lambda k: (-LEVEL_RANK[k[0]], LEVEL_RANK[k[1]])):
        out.extend(_marks(by_cell[rating], cells[rating]))
    out.extend(_legend())
    out.append("</svg>")
    return "\n".join(out)


def _offsets(start: float, size: float, levels: tuple[str, ...]) -> dict[str, float]:
    """Start of each level along an axis: a zone gap where the side changes, else a seam."""
    out = {}
    at = start
    for k, level in enumerate(levels):
        if k:
            at += size + (ZONE_GAP if SIDE[level] != SIDE[levels[k - 1]] else SEAM)
        out[level] = at
    return out


def _highest(side: str) -> str:
    return max((lv for lv in LEVELS if SIDE[lv] == side), key=LEVEL_RANK.__getitem__)


def _marks(items: list[OpportunityRow], cell: Cell) -> list[str]:
    """Numbered marks packed row by row, centred in the cell's free area."""
    left, right = cell.x + CELL_PAD, cell.x + cell.w - CELL_PAD
    bottom = cell.y + cell.h - CELL_PAD
    cols = max(1, int((right - left + DOT_GAP) // DOT_STEP))
    rows = max(1, int((bottom - cell.top + DOT_GAP) // DOT_STEP))
    capacity = cols * rows
    shown = items if len(items) <= capacity else items[: capacity - 1]
    count = len(shown) + (1 if len(shown) < len(items) else 0)
    used_cols = min(cols, count)
    used_rows = (count + cols - 1) // cols
    x0 = (left + right) / 2 - (used_cols - 1) * DOT_STEP / 2
    y0 = (cell.top + bottom) / 2 - (used_rows - 1) * DOT_STEP / 2
    out = []
    for k, row in enumerate(shown):
        x = x0 + (k % cols) * DOT_STEP
        y = y0 + (k // cols) * DOT_STEP
        size = 12 if row.number < 100 else 10
        status = row.opportunity.status
        tip = f"{row.label}: {row.opportunity.text} ({status})"
        out.append(
            f'<g class="cj-matrix-dot" data-opportunity="{attr(row.anchor)}" '
            f'data-status="{attr(status)}">'
            f"<title>{esc(tip)}</title>{_shape(status == 'done', x, y)}"
            f'<text x="{_n(x)}" y="{_n(y + size * 0.36)}" font-size="{size}" '
            f'text-anchor="middle">{row.number}</text></g>'
        )
    if len(shown) < len(items):
        k = len(shown)
        x = x0 + (k % cols) * DOT_STEP
        y = y0 + (k // cols) * DOT_STEP
        out.append(
            f'<text class="cj-matrix-more" x="{_n(x)}" y="{_n(y + 4)}" '
            f'text-anchor="middle">+{len(items) - len(shown)}</text>'
        )
    return out


def _shape(done: bool, x: float, y: float, r: float = DOT_R) -> str:
    """A circle while open; a rounded square once done (shape, not colour alone)."""
    if done:
        side = 2 * r - 2
        return (
            f'<rect x="{_n(x - side / 2)}" y="{_n(y - side / 2)}" width="{_n(side)}" '
            f'height="{_n(side)}" rx="{_n(r / 3)}"/>'
        )
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"/>'


def _legend() -> list[str]:
    # One key a line, under the plot's left edge: where a phone that scrolls
    # the matrix sideways shows it first, and no text width has to be guessed.
    keys = (("idea", "To do: idea, planned or in progress"), ("done", "Done"))
    out = ['<g class="cj-matrix-legend">']
    y = float(LEGEND_Y)
    for status, label in keys:
        out.append(
            f'<g class="cj-matrix-key" data-status="{status}">'
            f"{_shape(status == 'done', PLOT_X + 8, y - 5, 8)}"
            f'<text x="{PLOT_X + 22}" y="{_n(y)}">{label}</text></g>'
        )
        y += LEGEND_LINE
    out.append(f'<text class="cj-matrix-rule" x="{PLOT_X}" y="{_n(y + 2)}">{RULE}</text>')
    out.append("</g>")
    return out


def _summary(rated: list[OpportunityRow]) -> str:
    if not rated:
        return "No opportunity has both impact and effort rated yet."
    parts = []
    for impact in reversed(LEVELS):
        for effort in LEVELS:
            members = [
                r.label
                for r in rated
                if r.opportunity.impact == impact and r.opportunity.effort == effort
            ]
            if members:
                parts.append(f"{impact} impact, {effort} effort: {', '.join(members)}")
    zones = []
    for zone in ZONES:
        members = [
            r.label
            for r in rated
            if zone.holds(r.opportunity.impact or "", r.opportunity.effort or "")
        ]
        if members:
            zones.append(f"{zone.name}: {', '.join(members)}.")
    count = counted(len(rated), "rated opportunity")
    return f"{count}. " + "; ".join(parts) + ". " + " ".join(zones) + " " + RULE


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
