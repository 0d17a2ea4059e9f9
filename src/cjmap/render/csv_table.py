"""Journey -> CSV tables for spreadsheets and backlog trackers.

Reads the `Journey` (a table has no geometry). Three tables, chosen with
`RenderOptions.table`:

- `steps`: one row per step: phase, step, personas, channel, touchpoint,
  emotion (plus one `emotion.<persona>` column per persona when a map has
  per-persona emotions), pain points and opportunities (one per line in the
  cell), owner, and one `metrics.<name>` column per metric.
- `pain-points` and `opportunities`: one row per item, with its id (the
  written id, else `<step id>-pain-<n>` / `<step id>-opportunity-<n>`), its
  step and phase, and every attribute a tracker can import.

Output is RFC 4180: UTF-8 without a byte-order mark, a header row, CRLF
between records, fields quoted only when they hold `,` `"` or a line break.
Rows follow the map's order, so the same map gives the same bytes.

Spreadsheet formula injection: Excel, LibreOffice and Google Sheets run a
cell that starts with `=`, `+`, `-` or `@` (and, in some versions, a tab or
carriage return) as a formula, so such text cells get a leading `'` (the
OWASP advice). Numbers, including `-2` and `-5%`, are left as they are: they
are values, not formulas.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cjmap.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey, Phase, Step
    from cjmap.pipeline import RenderOptions

TABLES = ("steps", "pain-points", "opportunities")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def render_csv(journey: Journey, options: RenderOptions | None = None) -> str:
    """One table of a map as CSV text.

    Args:
        journey: the map.
        options: `table` (`steps`, `pain-points`, `opportunities`) and
            `persona` (only the steps that persona takes, with their emotion).

    Returns:
        CSV text, header first, CRLF line ends.

    Raises:
        UsageError: unknown table or persona.
    """
    table = getattr(options, "table", "steps") or "steps"
    persona = getattr(options, "persona", None)
    if persona is not None and persona not in journey.persona_by_id:
        known = ", ".join(journey.persona_by_id) or "none"
        raise UsageError(f"unknown persona `{persona}`; this map's personas: {known}")
    rows = [(phase, step) for phase in journey.phases for step in phase.steps]
    rows = [(ph, s) for ph, s in rows if persona is None or s.takes_part(persona)]
    if table == "steps":
        records = _steps(journey, rows, persona)
    elif table == "pain-points":
        records = _pain_points(journey, rows)
    elif table == "opportunities":
        records = _opportunities(rows)
    else:
        raise UsageError(f"unknown table `{table}`; choose one of {', '.join(TABLES)}")
    return _write(records)


def render_csv_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """`render_csv` as UTF-8 bytes (the `-f csv` backend)."""
    return render_csv(journey, options).encode("utf-8")


def safe_cell(value: Any) -> str:
    """A value as CSV cell text, guarded against formula injection.

    Args:
        value: text, a number, a bool or None.

    Returns:
        The text; text that a spreadsheet would run as a formula gets a
        leading `'`.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _write(records: list[list[Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for record in records:
        writer.writerow([safe_cell(v) for v in record])
    return buffer.getvalue()


def _lines(items: Iterable[str]) -> str:
    return "\n".join(items)


def _steps(
    journey: Journey, rows: list[tuple[Phase, Step]], persona: str | None
) -> list[list[Any]]:
    per_persona = [
        p.id
        for p in journey.personas
        if persona is None and any(isinstance(s.emotion, dict) for _, s in rows)
    ]
    metric_names = list(dict.fromkeys(k for _, s in rows for k in s.metrics))
    from_data = any(s.emotion_source == "data" for _, s in rows)
    header = ["phase_id", "phase", "step_id", "step", "personas", "channel", "touchpoint"]
    header += ["emotion", *(f"emotion.{p}" for p in per_persona)]
    header += ["emotion_source"] if from_data else []
    header += ["feeling", "moment_of_truth", "pain_points", "opportunities", "owner"]
    header += [f"metrics.{m}" for m in metric_names]
    out: list[list[Any]] = [header]
    for phase, step in rows:
        takes = step.personas if step.personas is not None else [p.id for p in journey.personas]
        emotion = step.emotion_for(persona) if persona else step.emotion
        record: list[Any] = [
            phase.id,
            phase.name,
            step.id,
            step.name,
            ", ".join([persona] if persona else takes),
            step.channel,
            step.touchpoint,
            emotion if not isinstance(emotion, dict) else None,
        ]
        record += [step.emotion_for(p) if step.takes_part(p) else None for p in per_persona]
        record += [step.emotion_source or "map"] if from_data else []
        record += [
            step.feeling,
            step.moment_of_truth,
            _lines(f"{pp.text} ({pp.severity})" for pp in step.pain_points),
            _lines(f"{o.text} ({o.status})" for o in step.opportunities),
            step.owner,
        ]
        record += [step.metrics.get(m) for m in metric_names]
        out.append(record)
    return out


def pain_point_id(step: Step, index: int) -> str:
    """The written id of a step's pain point, else `<step id>-pain-<n>` (1-based)."""
    written = step.pain_points[index].id
    return written if written else f"{step.id}-pain-{index + 1}"


def opportunity_id(step: Step, index: int) -> str:
    """The written id of a step's opportunity, else `<step id>-opportunity-<n>`."""
    written = step.opportunities[index].id
    return written if written else f"{step.id}-opportunity-{index + 1}"


def _where(phase: Phase, step: Step) -> list[str]:
    return [step.id, step.name, phase.id, phase.name]


def _pain_points(journey: Journey, rows: list[tuple[Phase, Step]]) -> list[list[Any]]:
    relieved_by: dict[str, list[str]] = {}
    for step in journey.steps:
        for n, opp in enumerate(step.opportunities):
            for ref in opp.addresses:
                relieved_by.setdefault(ref, []).append(opportunity_id(step, n))
    header = ["id", "text", "severity", "frequency", "owner", "evidence"]
    header += ["opportunities", "step_id", "step", "phase_id", "phase", "moment_of_truth"]
    out: list[list[Any]] = [header]
    for phase, step in rows:
        for n, pp in enumerate(step.pain_points):
            out.append(
                [
                    pain_point_id(step, n),
                    pp.text,
                    pp.severity,
                    pp.frequency,
                    pp.owner or step.owner,
                    _lines(pp.evidence),
                    ", ".join(relieved_by.get(pp.id, [])) if pp.id else "",
                    *_where(phase, step),
                    step.moment_of_truth,
                ]
            )
    return out


def _opportunities(rows: list[tuple[Phase, Step]]) -> list[list[Any]]:
    header = ["id", "text", "impact", "effort", "status", "owner", "addresses"]
    header += ["step_id", "step", "phase_id", "phase"]
    out: list[list[Any]] = [header]
    for phase, step in rows:
        for n, opp in enumerate(step.opportunities):
            out.append(
                [
                    opportunity_id(step, n),
                    opp.text,
                    opp.impact,
                    opp.effort,
                    opp.status,
                    opp.owner or step.owner,
                    ", ".join(opp.addresses),
                    *_where(phase, step),
                ]
            )
    return out
