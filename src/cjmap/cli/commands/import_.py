"""`cjmap import mermaid`: Mermaid journey diagrams -> cjmap maps."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console

from cjmap.cli import console
from cjmap.cli.outputs import OverwritesInput, write_atomic
from cjmap.cli.reporters import FileReport, TextReporter
from cjmap.errors import Diagnostic, InvalidMap, OutputError

HELP = "Import journeys written for other tools as cjmap maps."

MERMAID_HELP = """Convert a Mermaid `journey` diagram into a cjmap map.

Sections become phases, tasks become steps, actors become personas, and
scores 1…5 become emotions -2…+2 (score - 3). accTitle/accDescr become the
map's description. FILE is a .mmd file, Markdown holding a ```mermaid block
(the first journey block is used), or `-` for standard input.

Without -o the YAML goes to standard output. Warnings (scores outside 1…5,
ignored front matter config or directives) and errors go to standard error
with file:line:col. A diagram that Mermaid itself rejects exits with 1 and
writes nothing; the input file is never overwritten, and an existing map
is kept unless --force is given.

Examples:

\b
  cjmap import mermaid journey.mmd -o checkout.yaml
  cjmap import mermaid docs/README.md > map.yaml
  cjmap import mermaid journey.mmd --strict    # fail on anything the import drops
"""

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode=None)
    group.command("mermaid", help=MERMAID_HELP, no_args_is_help=True)(mermaid)
    app.add_typer(group, name="import")


def mermaid(
    file: str = typer.Argument(
        ..., help="Mermaid file (.mmd), Markdown, or `-` for stdin.", metavar="FILE"
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Map file to write (default: standard output).", metavar="FILE"
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Fail on warnings too: scores must be whole numbers 1…5."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing -o file."),
) -> None:
    from cjmap.interop import import_mermaid

    err = console.stderr()
    if output not in (None, "-") and os.path.exists(output) and not force:
        # a hand-written map must not vanish under an import (as `cjmap init`)
        err.print(
            f"cjmap import mermaid: {output} already exists; pass --force to overwrite it",
            markup=False,
        )
        raise typer.Exit(2)
    lines: dict[str, list[str]] = {}
    name = "<stdin>" if file == "-" else file
    text = _read(file, name, err)
    report = FileReport(name)
    reporter = TextReporter(err, lines.get)
    try:
        text, notes = _journey_text(text, name)
        lines[name] = text.split("\n")
        result = import_mermaid(text, name, strict=strict)
        report.diagnostics.extend([*notes, *result.warnings])
        data = result.yaml_text.encode("utf-8")
        if output is None or output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            write_atomic(Path(output), data, [] if file == "-" else [file])
            j = result.journey
            report.summary = (
                f"{name} -> {output}: {len(j.phases)} phases, {len(j.steps)} steps, "
                f"{len(j.personas)} personas"
            )
    except InvalidMap as exc:
        report.diagnostics.extend(exc.diagnostics)
    except OverwritesInput as exc:  # -o names the input: called wrong, as in render
        err.print(f"cjmap import mermaid: {exc}", markup=False)
        raise typer.Exit(2) from None
    except OutputError as exc:
        report.diagnostics.append(Diagnostic(name, None, None, "output-error", str(exc)))
    reporter.file(report)
    raise typer.Exit(1 if report.errors else 0)


def _read(file: str, name: str, err: Console) -> str:
    from cjmap.load import DEFAULT_LIMITS, decode_text

    limit = DEFAULT_LIMITS.max_file_bytes
    if file == "-":
        raw = sys.stdin.buffer.read(limit + 1)
    elif not os.path.isfile(file):
        what = "is a directory" if os.path.isdir(file) else "no such file"
        err.print(f"cjmap import mermaid: {file}: {what}", markup=False)
        raise typer.Exit(2)
    else:
        with open(file, "rb") as fh:
            raw = fh.read(limit + 1)
    try:
        if len(raw) > limit:
            raise InvalidMap(
                [
                    Diagnostic(
                        name,
                        None,
                        None,
                        "limit-file-size",
                        f"the file is larger than {limit // 1_048_576} MB",
                    )
                ]
            )
        return decode_text(raw, name)
    except InvalidMap as exc:
        TextReporter(err, lambda _: None).file(FileReport(name, list(exc.diagnostics)))
        raise typer.Exit(1) from None


def _journey_text(text: str, name: str) -> tuple[str, list[Diagnostic]]:
    """The Mermaid text to import: the file itself, or a Markdown file's journey block."""
    from cjmap.interop.markdown import mermaid_blocks

    if not name.lower().endswith(MARKDOWN_SUFFIXES):
        return text, []
    journeys = [b for b in mermaid_blocks(text) if b.is_journey]
    if not journeys:
        raise InvalidMap(
            [
                Diagnostic(
                    name,
                    None,
                    None,
                    "mermaid-no-journey-block",
                    "no ```mermaid block holding a `journey` diagram in this Markdown file",
                )
            ]
        )
    notes = []
    if len(journeys) > 1:
        lines = ", ".join(str(b.line) for b in journeys[1:])
        notes.append(
            Diagnostic(
                name,
                journeys[0].line,
                None,
                "mermaid-several-journeys",
                f"this Markdown file holds {len(journeys)} journey diagrams; imported the first "
                f"(the others start at line {lines})",
                severity="warning",
            )
        )
    return journeys[0].text, notes
