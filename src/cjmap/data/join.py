"""Join data-file rows onto a journey's steps: metrics, and emotions where none is written.

Rules (documented for users in `cjmap.model.data_source`):

- a row names a step id (and optionally a persona id); its metric columns
  become `Step.metrics` entries, `csat` for a whole-step row and
  `csat (Maya)` for a persona's row;
- the first value wins: values written in the map, then `data:` entries in
  order, then `--data` files; a data value that loses is a warning;
- `emotion_from` maps a column linearly from its `scale` onto −2…+2, rounded
  half away from zero, only for steps whose emotion is not written; such
  steps are marked `Step.emotion_source == "data"` so diagrams can tell them
  apart;
- an empty cell is no value; any other cell must be a number (a trailing `%`
  is kept as written).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cjmap._record import Record
from cjmap.data.tables import Cell, Row, Table, read_table
from cjmap.data.values import (
    Metric,
    cell_diagnostic,
    cell_number,
    combine,
    round_half_away,
    show,
)
from cjmap.errors import Diagnostic, InvalidMap, Limits, UsageError
from cjmap.load import SourceDocument
from cjmap.load.source_map import format_path
from cjmap.model import Journey, Step
from cjmap.model.data_source import DataSource
from cjmap.model.references import did_you_mean


@dataclass(frozen=True, eq=False, repr=False)
class JoinResult(Record):
    """The journey with data joined, and what the join found.

    Attributes:
        journey: a new `Journey` (the model is frozen).
        warnings: values that lost to written ones, rows for personas that do
            not take the step.
        files: the data files read, for output guards and watching.
        emotion_locs: `phases[i].steps[j]` of the steps whose emotion came from data.
    """

    journey: Journey
    warnings: list[Diagnostic]
    files: list[str]
    emotion_locs: frozenset[str]

    def settle(self, warnings: Sequence[Diagnostic]) -> list[Diagnostic]:
        """Build warnings minus `missing-emotion` for steps the data filled, plus the join's."""
        kept = [
            w for w in warnings if not (w.code == "missing-emotion" and w.loc in self.emotion_locs)
        ]
        return kept + self.warnings


@dataclass
class _Source:
    spec: DataSource
    path: str
    from_map: bool
    table: Table | None = None


@dataclass
class _Joined:
    """What the data says about one step, gathered over every source."""

    metrics: dict[str, Metric] = field(default_factory=dict)
    shared: int | None = None
    per_persona: dict[str, int] = field(default_factory=dict)


def join_data(
    journey: Journey,
    doc: SourceDocument,
    extra_files: Sequence[str] = (),
    limits: Limits | None = None,
) -> JoinResult:
    """Join the map's `data:` files and `extra_files` onto its steps.

    Args:
        journey: the validated map.
        doc: its document (path, for relative data paths; positions of `data:`).
        extra_files: `--data` files, relative to the working directory.
        limits: file-size limit for data files.

    Returns:
        The joined journey and warnings.

    Raises:
        UsageError: an `extra_files` entry does not exist.
        InvalidMap: every problem in the data, at file:line:column.
    """
    from cjmap.load import DEFAULT_LIMITS

    limits = limits or DEFAULT_LIMITS
    errors: list[Diagnostic] = []
    sources: list[_Source] = []
    base = os.path.dirname(doc.path)
    for i, spec in enumerate(journey.data):
        path = os.path.normpath(os.path.join(base, spec.file))
        if not os.path.isfile(path):
            at = doc.source_map.value(("data", i, "file")) or doc.source_map.value(("data", i))
            errors.append(
                Diagnostic(
                    at.file if at else doc.path,
                    at.line if at else None,
                    at.column if at else None,
                    "data-file-missing",
                    f"data file `{spec.file}` does not exist (looked for {path})",
                    hint="paths under `data:` are relative to the map file",
                    loc=format_path(("data", i, "file")),
                )
            )
            continue
        sources.append(_Source(spec, path, True))
    for name in extra_files:
        if not os.path.isfile(name):
            raise UsageError(f"{name}: no such data file")
        sources.append(_Source(DataSource(file=name), name, False))
    joiner = _Joiner(journey)
    step_columns = [spec.step_column for spec in journey.data]
    for source in sources:
        try:
            source.table = read_table(source.path, limits)
        except InvalidMap as exc:
            errors.extend(exc.diagnostics)
            continue
        if not source.from_map:
            source.spec = _guess_step_column(source.spec, source.table, step_columns)
        errors.extend(joiner.add(source))
    if errors:
        raise InvalidMap(list(dict.fromkeys(errors)))  # a cell can fail as metric and as emotion
    new, locs = joiner.apply()
    return JoinResult(new, joiner.warnings, [s.path for s in sources], locs)


class _Joiner:
    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        self.joined: dict[str, _Joined] = {}
        self.warnings: list[Diagnostic] = []

    def add(self, source: _Source) -> list[Diagnostic]:
        table = source.table
        assert table is not None
        spec = source.spec
        errors = _check_columns(source, table)
        if errors:
            return errors
        persona_col = spec.persona_column or ("persona" if "persona" in table.columns else None)
        skip = {spec.step_column, persona_col}
        metric_cols = (
            list(spec.columns)
            if spec.columns is not None
            else [c for c in table.columns if c not in skip]
        )
        groups: dict[tuple[str, str | None], list[Row]] = {}
        for row in table.rows:
            key = self._key(row, spec, persona_col, table.file, errors)
            if key is None:
                continue
            groups.setdefault(key, []).append(row)
        for (step_id, persona), rows in groups.items():
            values = {c: combine(rows, c, spec.aggregate, table.file, errors) for c in metric_cols}
            if len(rows) > 1 and spec.aggregate is None:
                errors.append(_duplicate(table.file, rows, step_id, persona, source.from_map))
                continue
            self._metrics(step_id, persona, values, rows[0], table.file)
            if spec.emotion_from is not None:
                self._emotion(step_id, persona, rows, spec, table.file, errors)
        return errors

    def _key(
        self,
        row: Row,
        spec: DataSource,
        persona_col: str | None,
        file: str,
        errors: list[Diagnostic],
    ) -> tuple[str, str | None] | None:
        cell = row.cells.get(spec.step_column)
        step_id = _text(cell)
        if not step_id:
            errors.append(
                cell_diagnostic(
                    file,
                    cell,
                    row,
                    "data-missing-step",
                    f"this row has no step id in `{spec.step_column}`",
                )
            )
            return None
        if step_id not in self.journey.step_by_id:
            hint = did_you_mean(step_id, self.journey.step_by_id)
            errors.append(
                cell_diagnostic(
                    file, cell, row, "data-unknown-step", f"unknown step `{step_id}`", hint
                )
            )
            return None
        persona: str | None = None
        if persona_col is not None:
            pcell = row.cells.get(persona_col)
            persona = _text(pcell) or None
            if persona is not None and persona not in self.journey.persona_by_id:
                hint = did_you_mean(persona, self.journey.persona_by_id)
                errors.append(
                    cell_diagnostic(
                        file,
                        pcell,
                        row,
                        "data-unknown-persona",
                        f"unknown persona `{persona}`",
                        hint,
                    )
                )
                return None
            step = self.journey.step_by_id[step_id]
            if persona is not None and not step.takes_part(persona):
                self.warnings.append(
                    cell_diagnostic(
                        file,
                        pcell,
                        row,
                        "data-persona-not-in-step",
                        f"persona `{persona}` does not take step `{step_id}`; row ignored",
                        severity="warning",
                    )
                )
                return None
        return step_id, persona

    def _metrics(
        self,
        step_id: str,
        persona: str | None,
        values: dict[str, Metric | None],
        row: Row,
        file: str,
    ) -> None:
        step = self.journey.step_by_id[step_id]
        joined = self.joined.setdefault(step_id, _Joined())
        suffix = f" ({self.journey.persona_by_id[persona].name})" if persona else ""
        for column, value in values.items():
            if value is None:
                continue
            name = column + suffix
            if name in step.metrics or name in joined.metrics:
                self.warnings.append(
                    cell_diagnostic(
                        file,
                        row.cells.get(column),
                        row,
                        "data-metric-shadowed",
                        f"step `{step_id}` already has metric `{name}`; this value is not used",
                        hint="a value written in the map (or an earlier data file) wins",
                        severity="warning",
                    )
                )
                continue
            joined.metrics[name] = value

    def _emotion(
        self,
        step_id: str,
        persona: str | None,
        rows: list[Row],
        spec: DataSource,
        file: str,
        errors: list[Diagnostic],
    ) -> None:
        assert spec.emotion_from is not None
        column = spec.emotion_from.column
        low, high = spec.emotion_from.scale
        numbers: list[float] = []
        for row in rows:
            cell = row.cells.get(column)
            number = cell_number(cell, row, column, file, errors)
            if number is None:
                continue
            if not min(low, high) <= number <= max(low, high):
                errors.append(
                    cell_diagnostic(
                        file,
                        cell,
                        row,
                        "data-scale-range",
                        f"`{column}` {show(number)} is outside its scale {show(low)}…{show(high)}",
                        hint="fix the value, or widen `emotion_from.scale`",
                    )
                )
                continue
            numbers.append(number)
        if not numbers or self.journey.step_by_id[step_id].emotion is not None:
            return
        value = sum(numbers) / len(numbers) if spec.aggregate != "sum" else sum(numbers)
        emotion = round_half_away(-2 + 4 * (value - low) / (high - low))
        emotion = max(-2, min(2, emotion))  # a summed value may pass the scale's end
        joined = self.joined.setdefault(step_id, _Joined())
        if persona is None:
            if joined.shared is None:
                joined.shared = emotion
        else:
            joined.per_persona.setdefault(persona, emotion)

    def apply(self) -> tuple[Journey, frozenset[str]]:
        locs: set[str] = set()
        phases = []
        for i, phase in enumerate(self.journey.phases):
            steps = []
            for j, step in enumerate(phase.steps):
                joined = self.joined.get(step.id)
                if joined is None:
                    steps.append(step)
                    continue
                new = self._step(step, joined)
                if new.emotion_source == "data":
                    locs.add(format_path(("phases", i, "steps", j)))
                steps.append(new)
            phases.append(dataclasses.replace(phase, steps=tuple(steps)))
        # a new Journey: its cached `steps`, `step_by_id` … are computed from the new phases
        return dataclasses.replace(self.journey, phases=tuple(phases)), frozenset(locs)

    def _step(self, step: Step, joined: _Joined) -> Step:
        update: dict[str, Any] = {"metrics": {**step.metrics, **joined.metrics}}
        emotion: int | dict[str, int] | None = None
        if step.emotion is None and joined.per_persona:
            ids = step.personas if step.personas is not None else list(self.journey.persona_by_id)
            shared = {p: joined.shared for p in ids if joined.shared is not None}
            emotion = {**shared, **joined.per_persona}
        elif step.emotion is None:
            emotion = joined.shared
        if emotion is not None:
            update["emotion"] = emotion
            update["emotion_source"] = "data"
        return dataclasses.replace(step, **update)


#: step-id column names a `--data` file may use instead of `step` (a CLI
#: option cannot say which column, as a `data:` entry's `step_column` does)
STEP_COLUMN_NAMES = ("step", "step_id", "step-id", "stepId", "step id")


def _guess_step_column(spec: DataSource, table: Table, from_map: list[str]) -> DataSource:
    # The map's own `data:` entries name the column a team's exports use
    # (`--data next-month.csv` beside `step_column: step_id`); then the usual names.
    if spec.step_column in table.columns:
        return spec
    for name in (*from_map, *STEP_COLUMN_NAMES):
        if name in table.columns:
            return dataclasses.replace(spec, step_column=name)
    return spec  # the missing column is reported with the file's columns


def _check_columns(source: _Source, table: Table) -> list[Diagnostic]:
    spec = source.spec
    wanted = [spec.step_column]
    if spec.persona_column is not None:
        wanted.append(spec.persona_column)
    wanted += list(spec.columns or ())
    if spec.emotion_from is not None:
        wanted.append(spec.emotion_from.column)
    errors = []
    for name in dict.fromkeys(wanted):
        if name in table.columns:
            continue
        hint = did_you_mean(name, table.columns) or (
            "the file's columns: " + ", ".join(table.columns) if table.columns else None
        )
        errors.append(
            Diagnostic(
                table.file,
                1,
                1,
                "data-missing-column",
                f"the file has no column `{name}`",
                hint=hint,
            )
        )
    return errors


def _text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    return str(cell.value).strip()


def _duplicate(
    file: str, rows: list[Row], step_id: str, persona: str | None, from_map: bool
) -> Diagnostic:
    who = f" for persona `{persona}`" if persona else ""
    hint = (
        "set `aggregate: mean` or `aggregate: sum` on this `data:` entry"
        if from_map
        else "list the file under `data:` in the map with `aggregate: mean` or `sum`"
    )
    return Diagnostic(
        file,
        rows[1].line,
        None,
        "data-duplicate-row",
        f"step `{step_id}`{who} already has a row at line {rows[0].line}",
        hint=hint,
    )
