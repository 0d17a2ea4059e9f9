"""Reading CSV and JSON data files into rows whose every cell knows its line and column.

Python's `csv` module reports only where a record *ends*, and `json` no
positions at all, so both are read here: a small RFC 4180 reader (quoted
fields with `""` and line breaks, CRLF/LF/CR, `,` `;` or tab) and a JSON
reader that decodes a top-level list one object at a time to know where each
row starts.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

from cjmap._record import Record
from cjmap.errors import Diagnostic, InvalidMap, Limits
from cjmap.load import decode_text

CellValue = str | int | float | bool | None
SUFFIXES = (".csv", ".tsv", ".json")


@dataclass(frozen=True, eq=False, repr=False)
class Cell(Record):
    """One value and where it was written (column None: only the row is known)."""

    value: CellValue
    line: int
    column: int | None


@dataclass(frozen=True, eq=False, repr=False)
class Row(Record):
    """One record: its first line, and its cells by column name."""

    line: int
    cells: dict[str, Cell]


@dataclass
class Table:
    """A data file: column names (in order) with their header position, and rows."""

    file: str
    columns: dict[str, Cell] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)


def read_table(path: str, limits: Limits) -> Table:
    """Read a `.csv`, `.tsv` or `.json` file.

    Args:
        path: the file, as it should appear in diagnostics.
        limits: `max_file_bytes` bounds the file size.

    Returns:
        The table.

    Raises:
        InvalidMap: unreadable file, bad encoding, CSV/JSON syntax, ragged rows.
    """
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        raise InvalidMap(
            [
                _diag(
                    path,
                    None,
                    None,
                    "data-file-type",
                    f"`{path}` is not a .csv, .tsv or .json file",
                )
            ]
        )
    try:
        size = os.path.getsize(path)
        if size > limits.max_file_bytes:
            raise InvalidMap(
                [
                    _diag(
                        path,
                        None,
                        None,
                        "limit-file-size",
                        f"`{path}` is {size / 1_048_576:.1f} MB; the limit is "
                        f"{limits.max_file_bytes // 1_048_576} MB per data file",
                    )
                ]
            )
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InvalidMap(
            [_diag(path, None, None, "read-error", f"cannot read `{path}`: {exc.strerror}")]
        ) from None
    text = decode_text(raw, path)
    if suffix == ".json":
        return _read_json(text, path)
    return _read_csv(text, path, "\t" if suffix == ".tsv" else _delimiter(text))


def _diag(
    file: str,
    line: int | None,
    column: int | None,
    code: str,
    message: str,
    hint: str | None = None,
) -> Diagnostic:
    return Diagnostic(file, line, column, code, message, hint=hint)


def _delimiter(text: str) -> str:
    # Spreadsheets in locales with a decimal comma write `;`-separated "CSV".
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Positions:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def _syntax(
    path: str, pos: _Positions, offset: int, message: str, hint: str | None = None
) -> InvalidMap:
    line, col = pos.at(offset)
    return InvalidMap([_diag(path, line, col, "data-csv-syntax", message, hint)])


def _records(text: str, path: str, delimiter: str) -> list[list[tuple[str, int]]]:
    """RFC 4180 records as lists of (field text, start offset); blank lines skipped."""
    pos = _Positions(text)
    records: list[list[tuple[str, int]]] = []
    record: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n or record:
        start = i
        if i < n and text[i] == '"':
            parts: list[str] = []
            j = i + 1
            while True:
                q = text.find('"', j)
                if q < 0:
                    raise _syntax(path, pos, start, "this quoted cell is never closed")
                parts.append(text[j:q])
                if text.startswith('""', q):
                    parts.append('"')
                    j = q + 2
                    continue
                i = q + 1
                break
            value = "".join(parts)
            if i < n and text[i] not in (delimiter, "\r", "\n"):
                raise _syntax(
                    path,
                    pos,
                    i,
                    "unexpected text after a closing quote",
                    'write a quote inside a quoted cell as `""`',
                )
        else:
            j = i
            while j < n and text[j] not in (delimiter, "\r", "\n"):
                j += 1
            value, i = text[start:j], j
        record.append((value, start))
        if i < n and text[i] == delimiter:
            i += 1
            if i == n:
                record.append(("", i))
            else:
                continue
        if i < n and text[i] == "\r":
            i += 1
        if i < n and text[i] == "\n":
            i += 1
        if not (len(record) == 1 and record[0][0] == ""):
            records.append(record)
        record = []
        if i >= n:
            break
    return records


def _read_csv(text: str, path: str, delimiter: str) -> Table:
    pos = _Positions(text)
    records = _records(text, path, delimiter)
    table = Table(path)
    if not records:
        raise InvalidMap([_diag(path, 1, 1, "data-empty", "the file has no header row")])
    errors: list[Diagnostic] = []
    names: list[str] = []
    for value, offset in records[0]:
        name = value.strip()
        line, col = pos.at(offset)
        if name in table.columns:
            errors.append(
                _diag(path, line, col, "data-duplicate-column", f"column `{name}` appears twice")
            )
        table.columns[name] = Cell(name, line, col)
        names.append(name)
    for record in records[1:]:
        line, _ = pos.at(record[0][1])
        extra = [(v, o) for v, o in record[len(names) :] if v.strip()]
        if extra:
            eline, ecol = pos.at(extra[0][1])
            errors.append(
                _diag(
                    path,
                    eline,
                    ecol,
                    "data-row-length",
                    f"this row has {len(record)} cells but the header names {len(names)} columns",
                )
            )
            continue
        cells = {}
        for name, (value, offset) in zip(names, record, strict=False):
            cline, ccol = pos.at(offset)
            cells[name] = Cell(value, cline, ccol)
        table.rows.append(Row(line, cells))
    if errors:
        raise InvalidMap(errors)
    return table


def _read_json(text: str, path: str) -> Table:
    pos = _Positions(text)
    decoder = json.JSONDecoder()
    table = Table(path)

    def fail(offset: int, message: str, code: str = "data-json-syntax") -> InvalidMap:
        line, col = pos.at(offset)
        return InvalidMap([_diag(path, line, col, code, message)])

    def skip(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    i = skip(0)
    if not text.startswith("[", i):
        raise fail(i, "a JSON data file holds a list of objects, one per row: `[{...}, ...]`")
    i = skip(i + 1)
    seen: dict[str, Cell] = {}
    while not text.startswith("]", i):
        try:
            item, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise fail(exc.pos, exc.msg) from None
        line, col = pos.at(i)
        if not isinstance(item, dict):
            raise fail(i, 'each row must be a JSON object (`{"step": …}`)', "data-json-row")
        cells: dict[str, Cell] = {}
        for key, value in item.items():
            seen.setdefault(key, Cell(key, line, col))
            cells[key] = Cell(_json_value(value), line, col)
        table.rows.append(Row(line, cells))
        i = skip(end)
        if text.startswith(",", i):
            i = skip(i + 1)
        elif not text.startswith("]", i):
            raise fail(i, "expected `,` or `]` after a row")
    if skip(i + 1) < len(text):
        raise fail(skip(i + 1), "unexpected text after the list of rows")
    table.columns = seen
    return table


def _json_value(value: Any) -> CellValue:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return json.dumps(value)  # a list or object: kept as text, so it reports as non-numeric
