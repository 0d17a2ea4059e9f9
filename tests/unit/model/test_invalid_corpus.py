"""Every file in tests/cases/invalid/ fails with the diagnostics listed in expected.json.

Each expected diagnostic gives its `code` and exact `line` (and `column`;
`file` when it points into an included file, relative to the corpus folder;
`hint` where the "did you mean" suggestion is the point of the case). The
wording of messages is free to improve, so messages are not compared.
Only errors are compared: warnings are checked elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from cjmap.errors import InvalidMap
from cjmap.pipeline import load_journey

CORPUS = Path(__file__).resolve().parents[2] / "cases" / "invalid"
EXPECTED: dict[str, list[dict[str, Any]]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)


def _actual(case: str) -> list[dict[str, Any]]:
    path = CORPUS / f"{case}.yaml"
    with pytest.raises(InvalidMap) as info:
        load_journey(path)
    got = []
    for d in info.value.diagnostics:
        if d.severity != "error":
            continue
        item: dict[str, Any] = {"code": d.code, "line": d.line}
        if d.column is not None:
            item["column"] = d.column
        rel = os.path.relpath(d.file, CORPUS)
        if rel != path.name:
            item["file"] = rel.replace(os.sep, "/")
        item["hint"] = d.hint
        got.append(item)
    return got


def test_every_case_file_has_an_expectation() -> None:
    cases = {p.stem for p in CORPUS.glob("*.yaml")}
    assert cases == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_invalid_case(case: str) -> None:
    got = _actual(case)
    expected = EXPECTED[case]
    # Compare hints only where the corpus names one.
    for want, have in zip(expected, got, strict=False):
        if "hint" not in want:
            have.pop("hint", None)
    for have in got[len(expected) :]:
        have.pop("hint", None)
    assert got == expected


def test_diagnostics_point_at_the_offending_text() -> None:
    """Spot checks that the column lands on the value, not on its key or parent."""
    src = (CORPUS / "emotion-persona-range.yaml").read_text(encoding="utf-8").splitlines()
    (want,) = EXPECTED["emotion-persona-range"]
    assert src[want["line"] - 1][want["column"] - 1 :].startswith("3}")
    src = (CORPUS / "dangling-next-mapping.yaml").read_text(encoding="utf-8").splitlines()
    (want,) = EXPECTED["dangling-next-mapping"]
    assert src[want["line"] - 1][want["column"] - 1 :] == "chekout"
    src = (CORPUS / "unicode-columns.yaml").read_text(encoding="utf-8").splitlines()
    (want,) = EXPECTED["unicode-columns"]
    assert src[want["line"] - 1][want["column"] - 1 :] == "9}"


def test_bom_and_crlf_positions_count_characters() -> None:
    raw = (CORPUS / "bom-crlf-error.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    lines = raw.decode("utf-8-sig").split("\r\n")
    (want,) = EXPECTED["bom-crlf-error"]
    assert lines[want["line"] - 1][want["column"] - 1 :] == "7"
