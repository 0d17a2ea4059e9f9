"""`cjmap show`: the terminal view, snapshotted at a fixed width."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.conftest import ROOT, Run

GOLDEN = ROOT / "tests" / "golden" / "show"


def check_golden(config: pytest.Config, expected: Path, got: str) -> None:
    """The snapshot must equal `expected`; a mismatch leaves `*.got.txt` beside it.

    `pytest --update-golden` (when the suite registers it) rewrites the snapshot.
    """
    got_path = expected.with_name(expected.name.replace(".exp.", ".got."))
    if config.getoption("--update-golden", default=False):
        expected.write_text(got, encoding="utf-8")
    if expected.read_text(encoding="utf-8") == got:
        got_path.unlink(missing_ok=True)
        return
    got_path.write_text(got, encoding="utf-8")
    pytest.fail(f"{expected.name} differs from the output; see {got_path} (accept: copy it over)")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("normative", ["--width", "100"]),
        ("normative-ascii", ["--width", "100", "--ascii"]),
        ("normative-ben", ["--width", "80", "--persona", "ben"]),
    ],
)
def test_show_snapshot(
    cli: Run, normative: Path, pytestconfig: pytest.Config, name: str, args: list[str]
) -> None:
    result = cli("show", str(normative), *args)
    assert result.exit_code == 0, result.output
    check_golden(pytestconfig, GOLDEN / f"{name}.exp.txt", result.stdout)


def test_show_fits_the_width(cli: Run, normative: Path) -> None:
    from rich.cells import cell_len

    for width in (60, 100, 140):
        lines = cli("show", str(normative), "--width", str(width)).stdout.splitlines()
        assert max(cell_len(line) for line in lines) <= width


def test_ascii_output_is_ascii(cli: Run, normative: Path) -> None:
    assert cli("show", str(normative), "--ascii", "-w", "90").stdout.isascii()


def test_invalid_map_prints_diagnostics_and_exits_1(
    cli: Run, normative: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(normative.read_text().replace("emotion: 2\n", "emotion: 9\n"))
    result = cli("show", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:74:18: error: emotion 9 is out of range" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args", [["missing.yaml"], ["MAP", "--persona", "zoe"], ["MAP", "--width", "10"]]
)
def test_usage_errors_exit_2(cli: Run, normative: Path, args: list[str]) -> None:
    args = [str(normative) if a == "MAP" else a for a in args]
    result = cli("show", *args)
    assert result.exit_code == 2
    if "zoe" in args:
        assert "unknown persona `zoe` (personas: maya, ben)" in result.stderr
