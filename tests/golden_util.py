"""Golden files: output compared byte for byte with `tests/golden/**/*.exp.*`.

On a mismatch the new output is written beside the expected file as
`*.got.*` (gitignored) and the test fails with a diff. Accept new output with
`pytest --update-golden`, which rewrites the expected files instead.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

UPDATE_OPTION = "--update-golden"
_DIFF_LINES = 60


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register `--update-golden` (hooked in from tests/conftest.py)."""
    parser.addoption(
        UPDATE_OPTION,
        action="store_true",
        default=False,
        help="rewrite golden files (tests/golden/**/*.exp.*) with the current output",
    )


def check_golden(config: pytest.Config, expected: Path, got: str | bytes) -> None:
    """Fail unless `got` equals the golden file `expected` (or update it).

    Args:
        config: the pytest config (`request.config` / `pytestconfig`).
        expected: path of the `*.exp.*` file.
        got: the output, text (compared as UTF-8) or bytes.
    """
    data = got.encode("utf-8") if isinstance(got, str) else got
    got_path = expected.with_name(expected.name.replace(".exp.", ".got.", 1))
    if config.getoption(UPDATE_OPTION):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(data)
        got_path.unlink(missing_ok=True)
        return
    if expected.exists() and expected.read_bytes() == data:
        got_path.unlink(missing_ok=True)
        return
    got_path.write_bytes(data)
    if not expected.exists():
        pytest.fail(f"no golden file {expected}; run `pytest {UPDATE_OPTION}` to create it")
    diff = difflib.unified_diff(
        expected.read_bytes().decode("utf-8", "replace").splitlines(),
        data.decode("utf-8", "replace").splitlines(),
        str(expected),
        str(got_path),
        lineterm="",
    )
    shown = "\n".join(list(diff)[:_DIFF_LINES])
    pytest.fail(
        f"{expected} differs (new output in {got_path.name}; accept with "
        f"`pytest {UPDATE_OPTION}`):\n{shown}"
    )
