"""`cjmap lint`: quality rules beyond validity, for CI and pre-commit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from cjmap.cli import console
from cjmap.cli.commands.validate import (
    SKIP_NON_MAPS_HELP,
    OutputFormat,
    report_run,
)
from cjmap.cli.files import select_maps
from cjmap.cli.reporters import (
    FileReport,
    RunReport,
    TextReporter,
    quote_source,
    read_source_lines,
)
from cjmap.errors import Diagnostic, InvalidMap, UsageError
from cjmap.text.words import counted

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.lint import LintConfig

HELP = """Check journey maps for quality problems beyond validity.

Rules flag, for example, a pain point with no opportunity, a critical pain
point with no owner, a step with no emotion or a map with no moment of truth;
`--list-rules` lists every rule with its code, severity and rationale. An
invalid map gets validate's diagnostics.

Settings: `[tool.cjmap.lint]` in the nearest pyproject.toml, or `[lint]` in a
.cjmap.toml (found walking up from each map), with `disable = [codes]` and
`severity = {code = "error" | "warning" | "off"}`; per map, `lint: {disable: [codes]}`.

Exit status: 0 no error-level findings, 1 findings at error severity (or any
with --strict), an invalid map or no map found, 2 usage error.

Examples:

\b
  cjmap lint maps/
  cjmap lint checkout.yaml --strict
  cjmap lint 'maps/**/*.yaml' --format github
  cjmap lint --list-rules
"""


def register(app: typer.Typer) -> None:
    app.command("lint", help=HELP, no_args_is_help=True)(lint)


def lint(
    paths: list[str] | None = typer.Argument(
        None, help="Map files, globs or directories.", metavar="PATH..."
    ),
    fmt: OutputFormat = typer.Option(
        OutputFormat.text, "--format", "-f", help="Output format: text, json or github."
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems and the summary only."),
    list_rules: bool = typer.Option(
        False, "--list-rules", help="List the rules (code, severity, rationale) and exit."
    ),
    skip_non_maps: bool = typer.Option(
        False,
        "--skip-non-maps",
        help=SKIP_NON_MAPS_HELP,
    ),
) -> None:
    if list_rules:
        _print_rules(fmt)
        raise typer.Exit(0)
    if not paths:
        _usage("give map files, globs or directories to lint (or --list-rules)")
    try:
        selection = select_maps(paths or [], skip_non_maps)
    except UsageError as exc:
        _usage(str(exc))
    run = RunReport(skipped=selection.skipped, strict=strict, verb="linted")
    report_run(
        "lint", paths or [], selection, _lint_files(selection.files), run, fmt=fmt, quiet=quiet
    )


def _lint_files(files: list[str]) -> Iterator[FileReport]:
    configs: dict[Path, LintConfig] = {}
    for name in files:
        try:
            yield lint_file(name, configs)
        except UsageError as exc:  # a wrong configuration file
            _usage(str(exc))


def lint_file(name: str, configs: dict[Path, LintConfig] | None = None) -> FileReport:
    """Validate and lint one file into a `FileReport` (never raises for a bad map).

    Args:
        name: the map file.
        configs: a cache of settings by folder, shared across the files of one run.

    Returns:
        Validation's diagnostics for an invalid map, else the lint findings.

    Raises:
        UsageError: the configuration file that applies is wrong.
    """
    from cjmap.lint import config_for, lint_journey
    from cjmap.pipeline import load_journey

    try:
        loaded = load_journey(name)
    except InvalidMap as exc:
        return _invalid_report(name, exc)
    except UsageError as exc:
        return FileReport(name, [Diagnostic(name, None, None, "read-error", str(exc))])
    cache = configs if configs is not None else {}
    folder = Path(name).parent.resolve()
    if folder not in cache:
        cache[folder] = config_for(Path(name))
    found = lint_journey(loaded.journey, loaded.document, cache[folder], loaded.warnings)
    summary = f"{name}: " + (_counts(found) if found else "clean")
    source = quote_source(found, loaded.document.lines_by_file.get)
    return FileReport(name, found, summary=summary, source=source)


def _counts(found: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in found)
    warnings = len(found) - errors
    pairs = ((errors, "error"), (warnings, "warning"))
    return ", ".join(counted(n, word) for n, word in pairs if n)


def print_invalid(name: str, exc: InvalidMap, out: Console) -> None:
    """Print an invalid map's diagnostics as `validate` does (used by show, watch and diff).

    Args:
        name: the map as the user named it.
        exc: the error holding every diagnostic.
        out: where to print (usually standard error).
    """
    TextReporter(out).file(_invalid_report(name, exc))


def _invalid_report(name: str, exc: InvalidMap) -> FileReport:
    found = list(exc.diagnostics)
    return FileReport(name, found, source=quote_source(found, read_source_lines))


def _print_rules(fmt: str) -> None:
    from cjmap.lint import RULE_BY_CODE

    out = console.stdout()
    if fmt == OutputFormat.json:
        rules = [
            {"code": r.code, "severity": r.severity, "rationale": r.rationale}
            for r in RULE_BY_CODE.values()
        ]
        out.out(json.dumps(rules, indent=2, ensure_ascii=False), highlight=False)
        return
    width = max(len(code) for code in RULE_BY_CODE)
    for r in RULE_BY_CODE.values():
        out.print(
            f"[bold]{r.code:<{width}}[/]  {r.severity:<7}  {escape(r.rationale)}",
            highlight=False,
            soft_wrap=True,
        )


def _usage(message: str) -> NoReturn:
    console.stderr().print(f"cjmap lint: {escape(message)}", highlight=False)
    raise typer.Exit(2)
