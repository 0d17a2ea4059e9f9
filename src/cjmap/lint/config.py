"""Repository-wide lint settings: `[tool.cjmap.lint]` or a `.cjmap.toml`.

The nearest configuration wins, found by walking up from the map's folder:
in each folder a `.cjmap.toml` (table `[lint]`) is read first, then a
`pyproject.toml` that has a `[tool.cjmap]` table (lint settings under
`[tool.cjmap.lint]`). A `pyproject.toml` without `[tool.cjmap]` belongs to
another tool and the search goes on above it, as ruff and mypy do.

    [tool.cjmap.lint]
    disable = ["single-step-phase"]
    severity = { "unused-persona" = "error", "assumption-only" = "off" }
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjmap._record import Record
from cjmap.errors import Severity, UsageError
from cjmap.lint.registry import RULE_BY_CODE
from cjmap.model.references import did_you_mean

CONFIG_NAME = ".cjmap.toml"
PYPROJECT_NAME = "pyproject.toml"
# Warnings that validation itself emits; a configuration may disable them too.
MODEL_WARNING_CODES = ("empty-phase", "missing-emotion", "unreachable-step", "loop-without-exit")
SEVERITY_VALUES = ("error", "warning", "off")
_KEYS = ("disable", "severity")


@dataclass(frozen=True, eq=False, repr=False)
class LintConfig(Record):
    """Lint settings for a repository (the defaults when no file is found).

    Attributes:
        disable: rule codes switched off.
        severity: severity overrides by rule code.
        source: the file the settings came from, or None for the defaults.
    """

    disable: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    source: str | None = None


def known_codes() -> list[str]:
    """Every code a configuration may name: lint rules and validation's warnings."""
    return [*RULE_BY_CODE, *(c for c in MODEL_WARNING_CODES if c not in RULE_BY_CODE)]


def find_config(start: Path) -> Path | None:
    """The nearest `.cjmap.toml`, or `pyproject.toml` with `[tool.cjmap]`, at or above `start`.

    Args:
        start: a folder (usually the map's).

    Returns:
        The configuration file, or None.

    Raises:
        UsageError: a `pyproject.toml` on the way is not valid TOML.
    """
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT_NAME
        if pyproject.is_file() and "cjmap" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path) -> LintConfig:
    """Read the lint settings of one configuration file.

    Args:
        path: a `.cjmap.toml` or `pyproject.toml`.

    Returns:
        The settings (defaults where the file has no lint table).

    Raises:
        UsageError: the file is not valid TOML, or its lint table is wrong.
    """
    data = _read_toml(path)
    if path.name == PYPROJECT_NAME:
        table, where = data.get("tool", {}).get("cjmap", {}).get("lint", {}), "[tool.cjmap.lint]"
    else:
        table, where = data.get("lint", {}), "[lint]"
    if not isinstance(table, dict):
        raise UsageError(f"{path}: {where} should be a table")
    for key in table:
        if key not in _KEYS:
            hint = did_you_mean(key, _KEYS)
            raise UsageError(
                f"{path}: unknown key `{key}` in {where}"
                + (f"; {hint}" if hint else "")
                + f" (allowed: {', '.join(_KEYS)})"
            )
    disable = table.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(c, str) for c in disable):
        raise UsageError(f"{path}: `disable` in {where} should be a list of rule codes")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise UsageError(f"{path}: `severity` in {where} should be a table of code = level")
    for code in [*disable, *severity]:
        _check_code(path, where, code)
    levels: dict[str, Severity] = {}
    off = set(disable)
    for code, level in severity.items():
        if level not in SEVERITY_VALUES:
            raise UsageError(
                f"{path}: severity of `{code}` in {where} cannot be {level!r}; "
                f"use {', '.join(SEVERITY_VALUES)}"
            )
        if level == "off":
            off.add(code)
        else:
            levels[code] = level
    return LintConfig(frozenset(off), levels, str(path))


def config_for(map_path: Path) -> LintConfig:
    """The settings that apply to one map: its nearest configuration, else defaults.

    Raises:
        UsageError: the configuration file found is wrong.
    """
    found = find_config(map_path.parent)
    return load_config(found) if found is not None else LintConfig()


def _check_code(path: Path, where: str, code: str) -> None:
    codes = known_codes()
    if code not in codes:
        hint = did_you_mean(code, codes)
        raise UsageError(
            f"{path}: unknown lint rule `{code}` in {where}"
            + (f"; {hint}" if hint else "; `cjmap lint --list-rules` lists them")
        )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
