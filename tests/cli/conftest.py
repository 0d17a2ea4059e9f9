"""Fixtures for end-to-end CLI tests: the real `cjmap` app, run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cjmap.cli import commands
from cjmap.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative"

Run = Callable[..., Result]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Run:
    """`cli("lint", "map.yaml")` runs the app as `cjmap lint map.yaml` would, without colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    commands.register(app)  # adds whatever an earlier test's `main()` left out
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture
def normative(tmp_path: Path) -> Path:
    """A copy of the normative example map (and the personas file it includes)."""
    for name in ("map.yaml", "personas.yaml"):
        shutil.copy(NORMATIVE / name, tmp_path / name)
    return tmp_path / "map.yaml"
