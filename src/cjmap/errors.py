"""Diagnostics and the small exception tree every stage raises.

Stages never print and never exit: they collect `Diagnostic`s and raise one
`InvalidMap`, or raise another `CjmapError`; the CLI maps these to exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from cjmap._record import Record

Severity = Literal["error", "warning"]


@dataclass(frozen=True, eq=False, repr=False)
class Diagnostic(Record):
    """One problem found in a map, positioned at the offending value.

    Attributes:
        file: the path as the user gave it.
        line: 1-based line, or None when the problem has no position.
        column: 1-based column, or None.
        code: stable identifier such as `unknown-key` or `emotion-range`.
        message: one sentence for a human.
        severity: `error` fails validation; `warning` fails only with `--strict`.
        hint: an optional suggestion, e.g. "did you mean `pain_points`?".
        loc: the path of the value in the document, e.g. `phases[0].steps[2].emotion`.
    """

    file: str
    line: int | None
    column: int | None
    code: str
    message: str
    severity: Severity = "error"
    hint: str | None = None
    loc: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {self.message} [{self.code}]"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "loc": self.loc,
        }


class CjmapError(Exception):
    """Base of every error cjmap raises on purpose."""

    exit_code = 1


class InvalidMap(CjmapError):
    """The map (or a file it includes) has errors; holds every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=_diagnostic_order)
        super().__init__("; ".join(str(d) for d in self.diagnostics[:3]))


class UsageError(CjmapError):
    """The tool was called wrong: no such file, bad option value (exit 2)."""

    exit_code = 2


class ToolMissing(UsageError):
    """An external program (Graphviz `dot`, a browser) is needed and not installed (exit 2)."""


class OutputError(CjmapError):
    """An output file could not be written (read-only directory, full disk, same as input)."""


@dataclass(frozen=True, eq=False, repr=False)
class Limits(Record):
    """Resource limits that keep hostile or runaway files from hanging cjmap.

    Each is far above what a hand-written journey map needs, and each is
    reported with a diagnostic (`limit-…` code) that names the limit. With
    these values a refused file costs at most a few seconds and a few
    hundred MB; documented in the README.

    Attributes:
        max_file_bytes: size of one map or included file (10 MB; a large
            real map is well under 1 MB). `limit-file-size`.
        max_depth: nesting of mappings and lists (64; a map needs about
            ten). Checked while parsing, so 20,000 `[` fail at the 65th.
            `limit-depth`.
        max_alias_expansion: values that YAML aliases (`*name`) may expand
            to in total (10,000): refuses "billion laughs" bombs. `limit-aliases`.
        max_nodes: values in one file, aliases counted expanded
            (1,000,000: about 250 MB of parsed data). `limit-nodes`.
        max_steps: steps in one map (5,000; a readable map has tens,
            issue 7 renders 3,000). Checked before validation. `limit-steps`.
        max_include_depth: files including files (16). `limit-include-depth`.
    """

    max_file_bytes: int = 10 * 1024 * 1024
    max_depth: int = 64
    max_alias_expansion: int = 10_000
    max_nodes: int = 1_000_000
    max_steps: int = 5_000
    max_include_depth: int = 16


def _diagnostic_order(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line or 0, d.column or 0, d.code)
