"""Reporters print diagnostics as text (with the source line and a caret), JSON or
GitHub Actions annotations. They only print; exit codes are the app's job."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cjmap.errors import Diagnostic
from cjmap.text.words import counted

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

# Source lines longer than this are shown as a window around the column.
MAX_QUOTED_WIDTH = 120
# Reading a file again to quote it stops here (the loader's own size limit is larger).
_QUOTE_READ_BYTES = 4 * 1024 * 1024

SourceLines = dict[str, dict[int, str]]


@dataclass
class FileReport:
    """The outcome for one file.

    Attributes:
        file: the map file as the user named it.
        diagnostics: its errors and warnings (some may point into included files).
        summary: a line describing the map when it is valid.
        source: the source lines the diagnostics point at, by file and line
            number, so the text reporter can quote them.
    """

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: str | None = None
    source: SourceLines = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


@dataclass
class RunReport:
    """All files of one command, plus skipped files and lines for the summary."""

    files: list[FileReport] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    strict: bool = False
    verb: str = "valid"

    def failed(self, report: FileReport) -> bool:
        return report.errors > 0 or (self.strict and report.warnings > 0)

    @property
    def ok(self) -> bool:
        return not any(self.failed(r) for r in self.files)


def summary_line(run: RunReport) -> str:
    """e.g. `2 of 5 maps invalid: 7 errors, 2 warnings; 1 file skipped (no cjmap key)`."""
    total = len(run.files)
    bad = sum(run.failed(r) for r in run.files)
    errors = sum(r.errors for r in run.files)
    warnings = sum(r.warnings for r in run.files)
    if bad:
        # A map with warnings only fails because of --strict: say so, or
        # "invalid: 0 errors" reads as a contradiction.
        invalid = sum(r.errors > 0 for r in run.files)
        on_warnings = bad - invalid
        parts = [f"{invalid} of {counted(total, 'map')} invalid"] if invalid else []
        if on_warnings:
            of = "" if invalid else f" of {counted(total, 'map')}"
            parts.append(f"{on_warnings}{of} failed on warnings (--strict)")
        text = " and ".join(parts) + f": {counted(errors, 'error')}, {counted(warnings, 'warning')}"
    else:
        text = f"{counted(total, 'map')} {run.verb}"
        if warnings:
            text += f" ({counted(warnings, 'warning')})"
    if run.skipped:
        text += f"; {counted(len(run.skipped), 'file')} skipped (no `cjmap` key)"
    return text


class TextReporter:
    """Human output: `file:line:col: error: message [code]`, source line, caret, hint.

    Args:
        console: where to print (rich decides colour: only on a terminal, never with NO_COLOR).
        source_lines: a file's lines, for diagnostics whose report carries no `source`.
        quiet: print problems and the summary only.
    """

    def __init__(
        self,
        console: Console,
        source_lines: Callable[[str], Sequence[str] | None] | None = None,
        quiet: bool = False,
    ) -> None:
        self.console = console
        self.source_lines = source_lines
        self.quiet = quiet

    def file(self, report: FileReport) -> None:
        for d in report.diagnostics:
            self._diagnostic(d, report.source)
        if report.summary and not self.quiet:
            _write(self.console, _inert(report.summary))

    def _diagnostic(self, d: Diagnostic, source: SourceLines) -> None:
        colour = "red" if d.severity == "error" else "yellow"
        where = d.file
        if d.line is not None:
            where += f":{d.line}" + (f":{d.column}" if d.column is not None else "")
        self.console.print(
            f"[bold]{escape(_inert(where))}[/]: [{colour} bold]{d.severity}[/]: "
            f"{escape(_inert(d.message))} "
            f"[dim]\\[{d.code}][/]",
            highlight=False,
            soft_wrap=True,
        )
        text = source.get(d.file, {}).get(d.line) if d.line is not None else None
        if text is None and d.line is not None and self.source_lines is not None:
            text = quote_source([d], self.source_lines).get(d.file, {}).get(d.line)
        if text is not None:
            src, column = _window(_printable(text), d.column)
            gutter = f"{d.line:>5} | "
            self.console.print(f"[dim]{gutter}[/]{escape(src)}", highlight=False, soft_wrap=True)
            if column is not None:
                pad = _caret_pad(src, column)
                self.console.print(
                    " " * (len(gutter) - 2) + "| " + pad + f"[{colour} bold]^[/]",
                    highlight=False,
                )
        if d.hint:
            self.console.print(f"      [cyan]hint[/]: {escape(_inert(d.hint))}", highlight=False)

    def finish(self, run: RunReport) -> None:
        style = "green" if run.ok else "red"
        self.console.print(f"[{style}]{escape(summary_line(run))}[/]", highlight=False)


class JsonReporter:
    """Machine output with stable keys, printed once at the end."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def file(self, report: FileReport) -> None:
        pass

    def finish(self, run: RunReport) -> None:
        import json  # here only: ~3 ms that text output never needs

        payload = {
            "valid": run.ok,
            "files": [
                {
                    "file": r.file,
                    "valid": not run.failed(r),
                    "errors": r.errors,
                    "warnings": r.warnings,
                }
                for r in run.files
            ],
            "skipped": run.skipped,
            "diagnostics": [d.to_json() for r in run.files for d in r.diagnostics],
            "summary": summary_line(run),
        }
        _write(self.console, json.dumps(payload, indent=2, ensure_ascii=False))


class GithubReporter:
    """`::error file=PATH,line=N,col=M::MESSAGE`, which GitHub Actions turns into annotations."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def file(self, report: FileReport) -> None:
        for d in report.diagnostics:
            props = [f"file={_gh_prop(_inert(d.file))}"]
            if d.line is not None:
                props.append(f"line={d.line}")
                if d.column is not None:
                    props.append(f"col={d.column}")
            message = _inert(d.message + (f" ({d.hint})" if d.hint else "") + f" [{d.code}]")
            _write(self.console, f"::{d.severity} {','.join(props)}::{_gh_data(message)}")

    def finish(self, run: RunReport) -> None:
        _write(self.console, summary_line(run))


Reporter = TextReporter | JsonReporter | GithubReporter
REPORTER_NAMES = ("text", "json", "github")


def _write(console: Console, text: str) -> None:
    # Plain lines go straight to the stream: exact bytes (no markup, emoji
    # codes or wrapping applied to user text) and much cheaper than rich's
    # rendering, which matters when a CI run reports on 1,000 maps.
    console.file.write(text + "\n")


def escape(text: str) -> str:
    """`text` with rich markup escaped (rich is imported only once something is printed)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _inert(text: str) -> str:
    """User text in a message with control and bidi characters shown as escapes.

    A key or value quoted in a message comes from the map file; an escape
    sequence or a right-to-left override in it must not reach the terminal
    (or the pull request page) as a command.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _printable(line: str) -> str:
    return "".join(ch if ch == "\t" or ch.isprintable() else "\ufffd" for ch in line).replace(
        "\t", " "
    )


def _window(line: str, column: int | None) -> tuple[str, int | None]:
    """At most `MAX_QUOTED_WIDTH` characters of `line` around `column` (1-based)."""
    if len(line) <= MAX_QUOTED_WIDTH:
        return line, column
    at = (column or 1) - 1
    start = min(max(0, at - MAX_QUOTED_WIDTH // 2), len(line) - MAX_QUOTED_WIDTH)
    text = line[start : start + MAX_QUOTED_WIDTH]
    if start > 0:
        text = "…" + text[1:]
    if start + MAX_QUOTED_WIDTH < len(line):
        text = text[:-1] + "…"
    return text, (at - start + 1) if column is not None else None


def quote_source(
    diagnostics: Sequence[Diagnostic], lines_of: Callable[[str], Sequence[str] | None]
) -> SourceLines:
    """The source lines `diagnostics` point at, looked up with `lines_of(file)`.

    Args:
        diagnostics: the problems to quote.
        lines_of: a file's lines (without line ends), or None when unknown.

    Returns:
        `{file: {line number: text}}` for every diagnostic that has a line.
    """
    out: SourceLines = {}
    for d in diagnostics:
        if d.line is None:
            continue
        lines = lines_of(d.file)
        if lines is not None and 0 < d.line <= len(lines):
            out.setdefault(d.file, {})[d.line] = lines[d.line - 1]
    return out


def read_source_lines(file: str) -> list[str] | None:
    """A file's lines for quoting (BOM dropped, undecodable bytes replaced), or None."""
    try:
        with open(file, "rb") as fh:
            raw = fh.read(_QUOTE_READ_BYTES)
    except OSError:
        return None
    return raw.decode("utf-8-sig", errors="replace").splitlines()


def _caret_pad(line: str, column: int) -> str:
    width = 0
    for ch in line[: max(column - 1, 0)]:
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return " " * width
