"""The impact × effort matrix of the report: a 2×2 drawn as inline SVG.

    impact
    high  +-------------+-------------+
          | Quick wins  | Big bets    |     each axis has three levels;
    med   |- - - -+- - -|- - -+- - - -|     `medium` sits on the divider,
          | Fill-ins    | Money pits  |     so the quadrants read 2×2 and
    low   +-------------+-------------+     no rated item is left out
            low    medium    high   effort

Each rated opportunity is a numbered dot (`3` is `O3` in the table) packed
into its cell; unrated ones are listed under the matrix by the template.
Colours come from the page's CSS variables, so the matrix follows the theme.
"""

from __future__ import annotations

from collections.abc import Sequence

from cjmap.model.lanes import LEVEL_RANK
from cjmap.render._report_data import OpportunityRow
from cjmap.render._xml import attr, esc

WIDTH = 560  # px, viewBox units
HEIGHT = 440
PLOT_X = 100  # left of the plot: room for the axis title and the impact ticks
PLOT_Y = 16
PLOT_W = WIDTH - PLOT_X - 16
PLOT_H = HEIGHT - PLOT_Y - 64  # bottom: effort ticks and axis title
DOT_R = 13  # px; fits a 3-digit number at 10 px
DOT_GAP = 5
QUADRANTS = (  # (name, left?, top?)
    ("Quick wins", True, True),
    ("Big bets", False, True),
    ("Fill-ins", True, False),
    ("Money pits", False, False),
)
LEVELS = ("low", "medium", "high")


def opportunity_matrix_svg(rows: Sequence[OpportunityRow]) -> str:
    """The matrix for the rated opportunities (both impact and effort set)."""
    rated = [r for r in rows if r.opportunity.impact and r.opportunity.effort]
    cell_w, cell_h = PLOT_W / 3, PLOT_H / 3
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cj-matrix" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" role="img" aria-labelledby="cj-matrix-title cj-matrix-desc">',
        '<title id="cj-matrix-title">Opportunities by impact and effort</title>',
        f'<desc id="cj-matrix-desc">{esc(_summary(rated))}</desc>',
    ]
    half_w, half_h = PLOT_W / 2, PLOT_H / 2
    for name, left, top in QUADRANTS:
        x = PLOT_X + (0 if left else half_w)
        y = PLOT_Y + (0 if top else half_h)
        cls = "cj-matrix-quadrant" + (" cj-matrix-quick" if left and top else "")
        out.append(
            f'<rect class="{cls}" x="{_n(x)}" y="{_n(y)}" width="{_n(half_w)}" '
            f'height="{_n(half_h)}"/>'
        )
        tx = x + 10 if left else x + half_w - 10
        ty = y + 22 if top else y + half_h - 12
        anchor = "start" if left else "end"
        out.append(
            f'<text class="cj-matrix-qlabel" x="{_n(tx)}" y="{_n(ty)}" '
            f'text-anchor="{anchor}">{name}</text>'
        )
    for k in (1, 2):
        gx = PLOT_X + k * cell_w
        gy = PLOT_Y + k * cell_h
        out.append(
            f'<line class="cj-matrix-grid" x1="{_n(gx)}" y1="{PLOT_Y}" x2="{_n(gx)}" '
            f'y2="{_n(PLOT_Y + PLOT_H)}"/>'
        )
        out.append(
            f'<line class="cj-matrix-grid" x1="{PLOT_X}" y1="{_n(gy)}" '
            f'x2="{_n(PLOT_X + PLOT_W)}" y2="{_n(gy)}"/>'
        )
    out.append(
        f'<rect class="cj-matrix-frame" x="{PLOT_X}" y="{PLOT_Y}" width="{_n(PLOT_W)}" '
        f'height="{_n(PLOT_H)}"/>'
    )
    for i, level in enumerate(LEVELS):
        x = PLOT_X + (i + 0.5) * cell_w
        y = PLOT_Y + PLOT_H - (i + 0.5) * cell_h
        out.append(
            f'<text class="cj-matrix-tick" x="{_n(x)}" y="{_n(PLOT_Y + PLOT_H + 22)}" '
            f'text-anchor="middle">{level}</text>'
        )
        out.append(
            f'<text class="cj-matrix-tick" x="{PLOT_X - 10}" y="{_n(y + 5)}" '
            f'text-anchor="end">{level}</text>'
        )
    out.append(
        f'<text class="cj-matrix-axis" x="{_n(PLOT_X + PLOT_W / 2)}" y="{HEIGHT - 12}" '
        'text-anchor="middle">Effort →</text>'
    )
    out.append(
        f'<text class="cj-matrix-axis" x="18" y="{_n(PLOT_Y + PLOT_H / 2)}" '
        f'text-anchor="middle" transform="rotate(-90 18 {_n(PLOT_Y + PLOT_H / 2)})">'
        "Impact →</text>"
    )
    cells: dict[tuple[int, int], list[OpportunityRow]] = {}
    for row in rated:
        key = (LEVEL_RANK[row.opportunity.effort or ""], LEVEL_RANK[row.opportunity.impact or ""])
        cells.setdefault(key, []).append(row)
    for (effort, impact), items in sorted(cells.items()):
        cx = PLOT_X + (effort + 0.5) * cell_w
        cy = PLOT_Y + PLOT_H - (impact + 0.5) * cell_h
        out.extend(_dots(items, cx, cy, cell_w, cell_h))
    out.append("</svg>")
    return "\n".join(out)


def _dots(items: list[OpportunityRow], cx: float, cy: float, w: float, h: float) -> list[str]:
    step = 2 * DOT_R + DOT_GAP
    cols = max(1, int((w - 2 * DOT_GAP) // step))
    rows = max(1, int((h - 2 * DOT_GAP) // step))
    capacity = cols * rows
    shown = items if len(items) <= capacity else items[: capacity - 1]
    count = len(shown) + (1 if len(shown) < len(items) else 0)
    used_cols = min(cols, count)
    used_rows = (count + cols - 1) // cols
    x0 = cx - (used_cols - 1) * step / 2
    y0 = cy - (used_rows - 1) * step / 2
    out = []
    for k, row in enumerate(shown):
        x = x0 + (k % cols) * step
        y = y0 + (k // cols) * step
        size = 12 if row.number < 100 else 10
        tip = f"{row.label}: {row.opportunity.text} ({row.opportunity.status})"
        out.append(
            f'<g class="cj-matrix-dot" data-opportunity="{attr(row.anchor)}" '
            f'data-status="{attr(row.opportunity.status)}">'
            f"<title>{esc(tip)}</title>"
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{DOT_R}"/>'
            f'<text x="{_n(x)}" y="{_n(y + size * 0.36)}" font-size="{size}" '
            f'text-anchor="middle">{row.number}</text></g>'
        )
    if len(shown) < len(items):
        k = len(shown)
        x = x0 + (k % cols) * step
        y = y0 + (k // cols) * step
        out.append(
            f'<text class="cj-matrix-more" x="{_n(x)}" y="{_n(y + 4)}" '
            f'text-anchor="middle">+{len(items) - len(shown)}</text>'
        )
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
    return f"{len(rated)} rated opportunities. " + "; ".join(parts) + "."


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
