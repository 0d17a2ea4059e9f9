"""`cjmap validate`: check maps for CI and pre-commit."""

from __future__ import annotations

from enum import StrEnum

import typer

from cjmap.cli import console
from cjmap.cli.files import expand_paths
from cjmap.cli.reporters import (
    FileReport,
    GithubReporter,
    JsonReporter,
    Reporter,
    RunReport,
    TextReporter,
)
from cjmap.errors import InvalidMap, UsageError


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


HELP = """Check journey maps: YAML syntax, keys, types, ranges and references.

PATHS may be files, globs or directories (searched recursively for .yaml/.yml
files with a top-level `cjmap` key). Every problem in every file is reported
with file:line:col.

Exit status: 0 all valid, 1 a map is invalid (or has warnings with --strict),
2 usage error.

Examples:

  cjmap validate checkout.yaml

  cjmap validate maps/ --strict

  cjmap validate 'maps/**/*.yaml' --format github   # annotations in GitHub Actions

  cjmap validate maps/ --format json > report.json
"""


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP, no_args_is_help=True)(validate)


def validate(
    paths: list[str] = typer.Argument(..., help="Map files, globs or directories."),
    fmt: OutputFormat = typer.Option(
        OutputFormat.text, "--format", "-f", help="Output format: text, json or github."
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems and the summary only."),
) -> None:
    console.stdout()
    try:
        fileset = expand_paths(paths)
    except UsageError as exc:
        console.stderr().print(f"cjmap validate: {exc}")
        raise typer.Exit(2) from None
    run = RunReport(skipped=fileset.skipped, strict=strict)
    reporter = make_reporter(fmt, quiet)
    for name in fileset.files:
        report = check_file(name)
        run.files.append(report)
        reporter.file(report)
    reporter.finish(run)
    raise typer.Exit(0 if run.ok else 1)


def make_reporter(fmt: str, quiet: bool = False) -> Reporter:
    out = console.stdout()
    if fmt == "json":
        return JsonReporter(out)
    if fmt == "github":
        return GithubReporter(out)
    return TextReporter(out, _source_lines, quiet=quiet)


_LINES: dict[str, list[str]] = {}


def _source_lines(file: str) -> list[str] | None:
    return _LINES.get(file)


def check_file(name: str) -> FileReport:
    """Validate one file into a `FileReport` (never raises for bad input)."""
    from cjmap.pipeline import load_journey

    try:
        loaded = load_journey(name)
    except InvalidMap as exc:
        _remember_lines(name, exc)
        return FileReport(name, list(exc.diagnostics))
    except UsageError as exc:
        from cjmap.errors import Diagnostic

        return FileReport(name, [Diagnostic(name, None, None, "read-error", str(exc))])
    _LINES.update(loaded.document.lines_by_file)
    j = loaded.journey
    summary = (
        f"{name}: ok — {j.title!r}: {len(j.phases)} phases, {len(j.steps)} steps, "
        f"{len(j.personas)} personas, "
        f"{sum(len(s.pain_points) for s in j.steps)} pain points, "
        f"{sum(len(s.opportunities) for s in j.steps)} opportunities"
    )
    return FileReport(name, list(loaded.warnings), summary=summary)


def _remember_lines(name: str, exc: InvalidMap) -> None:
    files = {d.file for d in exc.diagnostics} | {name}
    for file in files:
        if file in _LINES:
            continue
        try:
            with open(file, encoding="utf-8-sig", errors="replace") as fh:
                _LINES[file] = fh.read(4 * 1024 * 1024).splitlines()
        except OSError:
            continue
