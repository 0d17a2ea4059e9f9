"""Shared pytest configuration: a pinned environment and a subprocess CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.golden_util import pytest_addoption  # noqa: F401  (registers --update-golden)

ROOT = Path(__file__).resolve().parents[1]
# The smallest useful map: one phase, two steps; `{title}` to fill in.
TWO_STEP_MAP = """cjmap: 1
title: {title}
phases:
  - name: Visit
    steps:
      - name: Arrives
        emotion: 1
      - name: Leaves
        emotion: 0
"""

RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same output on every machine: no colour, a fixed width, UTC."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def run_cli() -> RunCli:
    """`run_cli("validate", "map.yaml")` runs `python -m cjmap validate map.yaml` in a subprocess.

    Returns `(exit code, stdout, stderr)`. Keyword `cwd` sets the working
    directory; `env` adds environment variables.
    """

    def run(
        *args: str | os.PathLike[str],
        cwd: str | os.PathLike[str] | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> tuple[int, str, str]:
        proc = subprocess.run(
            [sys.executable, "-m", "cjmap", *map(os.fspath, args)],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run
