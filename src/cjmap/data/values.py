"""Data cells as metric values: numbers, `12.5%` kept as written, and diagnostics."""

from __future__ import annotations

import math
import re
from typing import Any

from cjmap.data.tables import Cell, Row
from cjmap.errors import Diagnostic

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
Metric = str | int | float


def cell_diagnostic(
    file: str,
    cell: Cell | None,
    row: Row,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Any = "error",
) -> Diagnostic:
    """A diagnostic at a cell, or at its row when the cell is missing.

    Args:
        file: the data file.
        cell: the offending cell, if the row has one.
        row: its row.
        code, message, hint, severity: as in `Diagnostic`.

    Returns:
        The diagnostic.
    """
    line = cell.line if cell is not None else row.line
    column = cell.column if cell is not None else None
    return Diagnostic(file, line, column, code, message, severity=severity, hint=hint)


def cell_number(
    cell: Cell | None, row: Row, column: str, file: str, errors: list[Diagnostic]
) -> float | None:
    """A cell as a plain number (`12.5%` -> 12.5); None when empty or not a number.

    Args:
        cell, row, column, file: where the value is.
        errors: receives `data-not-a-number`.
    """
    value = cell_metric(cell, row, column, file, errors)
    if value is None:
        return None
    if isinstance(value, str):
        return float(value.rstrip("%"))
    return float(value)


def cell_metric(
    cell: Cell | None, row: Row, column: str, file: str, errors: list[Diagnostic]
) -> Metric | None:
    """A cell as a metric: None when empty, a number, or `12.5%` kept as text.

    Args:
        cell, row, column, file: where the value is.
        errors: receives `data-not-a-number` for any other text.

    Returns:
        The value, or None.
    """
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, bool):
        pass
    elif isinstance(value, int | float):
        return value
    else:
        text = str(value).strip()
        if not text:
            return None
        if _NUMBER.fullmatch(text):
            number = float(text)
            return int(number) if re.fullmatch(r"[+-]?\d+", text) else number
        if text.endswith("%") and _NUMBER.fullmatch(text[:-1].strip()):
            return text
    errors.append(
        cell_diagnostic(
            file,
            cell,
            row,
            "data-not-a-number",
            f"`{column}` should be a number, not {show(value)}",
            hint="list only numeric columns under `columns:`; write numbers without "
            "thousands separators",
        )
    )
    return None


def combine(
    rows: list[Row], column: str, aggregate: str | None, file: str, errors: list[Diagnostic]
) -> Metric | None:
    """One value of a column over several rows of the same step (and persona).

    Args:
        rows: the rows; every cell is checked, so each bad one is reported.
        column: the column.
        aggregate: `mean`, `sum`, or None (the first value; duplicates are
            reported by the caller).
        file: the data file.
        errors: receives the cells' diagnostics.

    Returns:
        The value (percentages stay text with `%`), or None when all are empty.
    """
    values = [cell_metric(r.cells.get(column), r, column, file, errors) for r in rows]
    present = [v for v in values if v is not None]
    if not present:
        return None
    if len(present) == 1 or aggregate is None:
        return present[0]
    percent = all(isinstance(v, str) for v in present)
    numbers = [float(str(v).rstrip("%")) if isinstance(v, str) else float(v) for v in present]
    total = math.fsum(numbers) / (1 if aggregate == "sum" else len(numbers))
    result: int | float = int(total) if total.is_integer() else round(total, 4)
    return f"{show(result)}%" if percent else result


def round_half_away(x: float) -> int:
    """Round to a whole number, halves away from zero (0.5 -> 1, -0.5 -> -1)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def show(value: Any) -> str:
    """A value for a message: `3.0` as `3`, text in backticks."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"`{value}`" if isinstance(value, str) else str(value)
