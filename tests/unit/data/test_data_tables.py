"""Reading CSV/TSV/JSON data files with the line and column of every cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.data import read_table
from cjmap.data.tables import Table
from cjmap.errors import InvalidMap, Limits

LIMITS = Limits()


def read(tmp_path: Path, name: str, content: str | bytes) -> Table:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return read_table(str(path), LIMITS)


def failure(
    tmp_path: Path, name: str, content: str | bytes
) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(InvalidMap) as info:
        read(tmp_path, name, content)
    return [(d.code, d.line, d.column) for d in info.value.diagnostics]


def test_cells_know_their_line_and_column(tmp_path: Path) -> None:
    table = read(tmp_path, "d.csv", 'step,note,csat\r\na,"two\r\nlines, ""quoted""",4\r\nb,,5\r\n')
    assert list(table.columns) == ["step", "note", "csat"]
    assert [(c.line, c.column) for c in table.columns.values()] == [(1, 1), (1, 6), (1, 11)]
    first, second = table.rows
    assert first.line == 2 and second.line == 4
    assert first.cells["note"].value == 'two\r\nlines, "quoted"'
    assert (first.cells["csat"].value, first.cells["csat"].line, first.cells["csat"].column) == (
        "4",
        3,
        20,
    )
    assert (second.cells["csat"].line, second.cells["csat"].column) == (4, 4)


def test_blank_lines_and_trailing_empty_cells_are_fine(tmp_path: Path) -> None:
    table = read(tmp_path, "d.csv", "step,csat\n\na,4,\nb\n")
    assert [(r.line, {k: c.value for k, c in r.cells.items()}) for r in table.rows] == [
        (3, {"step": "a", "csat": "4"}),
        (4, {"step": "b"}),
    ]


def test_semicolon_csv_and_tsv_are_recognised(tmp_path: Path) -> None:
    assert read(tmp_path, "d.csv", "step;csat\na;3,5\n").rows[0].cells["csat"].value == "3,5"
    assert read(tmp_path, "d.tsv", "step\tcsat\na\t4\n").rows[0].cells["csat"].value == "4"


def test_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    assert list(read(tmp_path, "d.csv", b"\xef\xbb\xbfstep,csat\na,4\n").columns) == [
        "step",
        "csat",
    ]


def test_csv_syntax_errors_are_positioned(tmp_path: Path) -> None:
    assert failure(tmp_path, "d.csv", 'step,csat\na,"4\n') == [("data-csv-syntax", 2, 3)]
    assert failure(tmp_path, "d.csv", 'step,csat\na,"4"x\n') == [("data-csv-syntax", 2, 6)]


def test_a_row_longer_than_the_header_is_an_error(tmp_path: Path) -> None:
    assert failure(tmp_path, "d.csv", "step,csat\na,4,oops\n") == [("data-row-length", 2, 5)]


def test_duplicate_header_and_empty_file(tmp_path: Path) -> None:
    assert failure(tmp_path, "d.csv", "step,csat,csat\n") == [("data-duplicate-column", 1, 11)]
    assert failure(tmp_path, "d.csv", "") == [("data-empty", 1, 1)]


def test_invalid_utf8_is_an_encoding_error(tmp_path: Path) -> None:
    assert failure(tmp_path, "d.csv", b"step,csat\ncaf\xe9,4\n") == [("encoding", 2, 4)]


def test_unknown_file_type(tmp_path: Path) -> None:
    assert failure(tmp_path, "d.xlsx", "x") == [("data-file-type", None, None)]


def test_json_rows_know_their_line(tmp_path: Path) -> None:
    table = read(
        tmp_path, "d.json", '[\n  {"step": "a", "csat": 4.5},\n\n  {"step": "b", "n": null}\n]\n'
    )
    assert [(r.line, r.cells["step"].value) for r in table.rows] == [(2, "a"), (4, "b")]
    assert table.rows[0].cells["csat"].value == 4.5
    assert list(table.columns) == ["step", "csat", "n"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"step": "a",}]', ("data-json-syntax", 1, 15)),
        ('{"step": "a"}', ("data-json-syntax", 1, 1)),
        ('[{"step": "a"},\n 3]', ("data-json-row", 2, 2)),
        ('[{"step": "a"} {"step": "b"}]', ("data-json-syntax", 1, 16)),
        ('[{"step": "a"}] x', ("data-json-syntax", 1, 17)),
    ],
)
def test_json_errors_are_positioned(
    tmp_path: Path, content: str, expected: tuple[str, int, int]
) -> None:
    assert failure(tmp_path, "d.json", content) == [expected]
