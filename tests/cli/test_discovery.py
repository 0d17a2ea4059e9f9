"""Directory searches by `cjmap validate` and `cjmap lint`: nothing a map could hide in is skipped.

A CI job runs `cjmap validate maps/`; it must not pass having checked nothing
because a version key was mistyped or a directory could not be read.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from tests.cli.conftest import ROOT, Run

MAP = """cjmap: 1
title: T
phases:
  - name: Visit
    steps:
      - name: Arrives
        emotion: 1
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["validate", "lint"])
@pytest.mark.parametrize("key", ["cjamp", "Cjmap"])
def test_a_mistyped_version_key_is_reported_not_skipped(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, key: str
) -> None:
    _write(tmp_path / "maps" / "good.yaml", MAP)
    _write(tmp_path / "maps" / "typo.yaml", MAP.replace("cjmap:", f"{key}:"))
    _write(tmp_path / "maps" / "personas.yaml", "personas: []\n")
    monkeypatch.chdir(tmp_path)
    result = cli(command, "maps")
    assert result.exit_code == 1
    assert "maps/typo.yaml:1:1: error: missing `cjmap: 1`" in result.stdout
    assert f"unknown key `{key}`" in result.stdout and "did you mean `cjmap`?" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("; 1 file skipped (no `cjmap` key)")


def test_a_map_without_its_version_key_is_reported(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "maps" / "bare.yaml", MAP.replace("cjmap: 1\n", ""))
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "maps")
    assert result.exit_code == 1
    assert "maps/bare.yaml:1:1: error: missing `cjmap: 1`" in result.stdout


def test_examples_stay_valid_with_the_shared_personas_skipped(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("validate", "examples/")
    assert result.exit_code == 0, result.stdout
    maps = len(list((ROOT / "examples").glob("*.yaml")))
    assert result.stdout.splitlines()[-1] == f"{maps} maps valid; 1 file skipped (no `cjmap` key)"


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_an_unreadable_directory_fails_the_run(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    _write(tmp_path / "maps" / "good.yaml", MAP)
    _write(tmp_path / "maps" / "private" / "hidden-map.yaml", MAP)
    real_scandir = os.scandir

    # Tests run as root, where chmod 000 does not stop reads: refuse as the OS would.
    def scandir(path: str) -> object:
        if os.fspath(path) == "maps/private":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "maps/private")
        return real_scandir(path)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "scandir", scandir)
    result = cli(command, "maps")
    assert result.exit_code == 2
    assert result.stderr == (
        f"cjmap {command}: cannot search the directory maps/private (Permission denied)\n"
    )
