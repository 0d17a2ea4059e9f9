"""The entry point registers the invoked subcommand, and later ones in the same process."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from cjmap.cli import commands
from cjmap.cli.app import _build_app, main

ROOT = Path(__file__).resolve().parents[3]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative"


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["cjmap", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return int(exit_info.value.code or 0)


def test_a_second_command_in_the_same_process_is_registered_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build_app.cache_clear()  # a fresh app, as in a new process (earlier tests filled it)
    shutil.copytree(NORMATIVE, tmp_path / "m")
    source = tmp_path / "m" / "map.yaml"
    monkeypatch.setenv("NO_COLOR", "1")
    assert _main(monkeypatch, "validate", "-q", str(source)) == 0
    out = tmp_path / "out.svg"
    assert _main(monkeypatch, "render", str(source), "-o", str(out)) == 0
    assert out.read_bytes().startswith(b"<svg")


def test_registering_again_adds_nothing_twice() -> None:
    app = _build_app()
    commands.register(app, only="import")
    commands.register(app)
    commands.register(app)
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert sorted(names) == sorted(m.rstrip("_") for m in commands.COMMAND_MODULES)
