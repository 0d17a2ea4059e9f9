"""The emotion lane: one smooth curve per persona through one point per step.

Scores map linearly onto the plot box, +2 at the top and -2 at the bottom:

    plot.y ───────────── +2
                  ●
    zero_y ─ ─ ─ ╱ ─ ╲─ ─  0      (dashed zero line)
               ●       ●
    plot.bottom ──────── -2

Curves use monotone cubic interpolation (Fritsch–Carlson), which never
overshoots between two points, so every part of a curve stays inside the
plot — a Catmull-Rom spline would bulge past ±2 at peaks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cjmap._record import Record
from cjmap.layout.geometry import Curve, CurvePoint, r
from cjmap.model import Journey, Step


@dataclass(frozen=True, eq=False, repr=False)
class Series(Record):
    """The scores of one curve, per step column index (None: no point there)."""

    persona_id: str | None
    name: str
    color: str
    scores: tuple[int | None, ...]
    sources: tuple[str, ...]


def emotion_series(
    journey: Journey,
    steps: Sequence[Step],
    persona_colors: dict[str, str],
    only_persona: str | None,
    single_color: str,
) -> list[Series]:
    """One series per persona when the map has per-persona emotions, else one shared."""
    per_persona = any(isinstance(s.emotion, dict) for s in steps)
    sources = tuple(_source(s) for s in steps)
    if only_persona is not None:
        persona = journey.persona_by_id[only_persona]
        scores = tuple(_score(s, persona.id) for s in steps)
        return [Series(persona.id, persona.name, persona_colors[persona.id], scores, sources)]
    if not per_persona or not journey.personas:
        scores = tuple(s.emotion if isinstance(s.emotion, int) else None for s in steps)
        return [Series(None, "Emotion", single_color, scores, sources)]
    out = []
    for persona in journey.personas:
        scores = tuple(_score(s, persona.id) for s in steps)
        if any(v is not None for v in scores):
            out.append(
                Series(persona.id, persona.name, persona_colors[persona.id], scores, sources)
            )
    return out


def _score(step: Step, persona: str) -> int | None:
    """A persona's score at a step; a per-persona score counts even where the
    step's `personas` list leaves the persona out (nothing written is dropped)."""
    if isinstance(step.emotion, dict) or step.takes_part(persona):
        return step.emotion_for(persona)
    return None


def _source(step: Step) -> str:
    return step.emotion_source or "map"


def score_y(score: float, top: float, height: float) -> float:
    """y of a score: +2 at `top`, -2 at `top + height`."""
    return top + (2 - score) / 4 * height


def build_curve(
    series: Series,
    step_ids: Sequence[str],
    xs: Sequence[float],
    top: float,
    height: float,
    offset: float,
    point_color: dict[int, str],
) -> Curve:
    """Points, smooth segments and gap connectors of one series."""
    points: list[CurvePoint] = []
    runs: list[list[tuple[float, float]]] = [[]]
    last_index: int | None = None
    gaps: list[str] = []
    for index, score in enumerate(series.scores):
        if score is None:
            continue
        x, y = xs[index] + offset, score_y(score, top, height)
        if last_index is not None and index != last_index + 1:
            px, py = runs[-1][-1]
            gaps.append(f"M{r(px)} {r(py)}L{r(x)} {r(y)}")
            runs.append([])
        runs[-1].append((x, y))
        last_index = index
        face: Literal["happy", "neutral", "sad"] = (
            "happy" if score > 0 else ("sad" if score < 0 else "neutral")
        )
        points.append(
            CurvePoint(
                step_id=step_ids[index],
                x=r(x),
                y=r(y),
                score=score,
                fill=point_color[score],
                face=face,
                source="data" if series.sources[index] == "data" else "map",
            )
        )
    paths = tuple(monotone_path(run) for run in runs if len(run) >= 2)
    return Curve(series.persona_id, series.name, series.color, paths, tuple(gaps), tuple(points))


def monotone_path(pts: Sequence[tuple[float, float]]) -> str:
    """SVG path data of a monotone cubic through points with increasing x."""
    n = len(pts)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    dx = [xs[i + 1] - xs[i] for i in range(n - 1)]
    slope = [(ys[i + 1] - ys[i]) / dx[i] if dx[i] else 0.0 for i in range(n - 1)]
    tangent = [0.0] * n
    tangent[0], tangent[-1] = slope[0], slope[-1]
    for i in range(1, n - 1):
        if slope[i - 1] * slope[i] <= 0:
            tangent[i] = 0.0
        else:
            # weighted harmonic mean keeps the curve monotone between points
            w1 = 2 * dx[i] + dx[i - 1]
            w2 = dx[i] + 2 * dx[i - 1]
            tangent[i] = (w1 + w2) / (w1 / slope[i - 1] + w2 / slope[i])
    parts = [f"M{r(xs[0])} {r(ys[0])}"]
    for i in range(n - 1):
        h = dx[i] / 3
        c1 = (xs[i] + h, ys[i] + tangent[i] * h)
        c2 = (xs[i + 1] - h, ys[i + 1] - tangent[i + 1] * h)
        parts.append(f"C{r(c1[0])} {r(c1[1])} {r(c2[0])} {r(c2[1])} {r(xs[i + 1])} {r(ys[i + 1])}")
    return "".join(parts)
