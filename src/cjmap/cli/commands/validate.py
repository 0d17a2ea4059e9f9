"""`cjmap validate`: check maps for CI and pre-commit."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, NoReturn

from cjmap.cli import console
from cjmap.cli.files import MapSelection, select_maps
from cjmap.cli.reporters import (
    FileReport,
    GithubReporter,
    JsonReporter,
    Reporter,
    RunReport,
    TextReporter,
    quote_source,
    read_source_lines,
)
from cjmap.errors import Diagnostic, InvalidMap, UsageError
from cjmap.text.words import counted, shortened

if TYPE_CHECKING:  # pragma: no cover
    import typer

# Below this many files one process is quicker than starting workers.
PARALLEL_MIN_FILES = 24
# Files go to the workers in chunks, about this many per worker. The last
# chunk decides when the run ends, so chunks should be short: at 3 ms per
# typical map, 1,000 maps in chunks of 15 leave a worker idle for at most
# ~45 ms at the end (chunks of 62, the former 8 per worker: ~190 ms). Each
# chunk costs the parent ~0.25 ms (measured with ProcessPoolExecutor), so
# not much shorter than this.
_CHUNKS_PER_WORKER = 32


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


HELP = """Check journey maps: YAML syntax, keys, types, ranges and references.

PATHS may be files, globs or directories (searched recursively for .yaml/.yml
maps: files with a top-level `cjmap` key - or a key one typo away from it, or
`title` and `phases` - so a mistyped map is reported, not skipped; other YAML
files there, such as shared personas, are skipped and counted). Every problem
in every file is reported with file:line:col.

Exit status: 0 all valid, 1 a map is invalid (or has warnings with --strict,
or no map was found), 2 usage error (no such file, bad option).

Examples:

\b
  cjmap validate checkout.yaml
  cjmap validate maps/ --strict
  cjmap validate 'maps/**/*.yaml' --format github   # annotations in GitHub Actions
  cjmap validate maps/ --format json > report.json
  cjmap validate --skip-non-maps $(git ls-files '*.yaml')   # as the pre-commit hook does
"""


SKIP_NON_MAPS_HELP = (
    "Also skip files named explicitly that have no top-level `cjmap` key (for pre-commit, "
    "which passes every changed .yaml file); the maps under the current directory that "
    "include such a file are checked in its stead. Finding no map is then no failure."
)


def register(app: typer.Typer) -> None:
    import typer

    def command(
        paths: list[str] = typer.Argument(
            ..., help="Map files, globs or directories.", metavar="PATH..."
        ),
        fmt: OutputFormat = typer.Option(
            OutputFormat.text, "--format", "-f", help="Output format: text, json or github."
        ),
        strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
        quiet: bool = typer.Option(
            False,
            "--quiet",
            "-q",
            help="Print problems and the summary only, no line per valid map.",
        ),
        skip_non_maps: bool = typer.Option(
            False,
            "--skip-non-maps",
            help=SKIP_NON_MAPS_HELP,
        ),
        data_files: list[str] = typer.Option(
            [],
            "--data",
            help="CSV/JSON step data to join onto each map and check; repeatable.",
            metavar="FILE",
        ),
    ) -> None:
        validate(
            paths,
            fmt=fmt,
            strict=strict,
            quiet=quiet,
            skip_non_maps=skip_non_maps,
            data_files=data_files,
        )

    app.command("validate", help=HELP, no_args_is_help=True)(command)


def validate(
    paths: list[str],
    *,
    fmt: str = OutputFormat.text,
    strict: bool = False,
    quiet: bool = False,
    skip_non_maps: bool = False,
    data_files: Sequence[str] = (),
) -> NoReturn:
    """Run `cjmap validate` with its options parsed (by typer, or by `cjmap.cli.quick`).

    Raises:
        SystemExit: always; 0 when every map is valid, 1 when one is not (or
            no map was found), 2 for a usage error, 130 on Ctrl-C (as `render`:
            the same whether typer or `quick` read the command line).
    """
    try:
        _validate(paths, fmt, strict, quiet, skip_non_maps, data_files)
    except KeyboardInterrupt:
        console.stderr().print("cjmap validate: interrupted", markup=False, highlight=False)
        raise SystemExit(130) from None


def _validate(
    paths: list[str],
    fmt: str,
    strict: bool,
    quiet: bool,
    skip_non_maps: bool,
    data_files: Sequence[str],
) -> NoReturn:
    try:
        selection = select_maps(paths, skip_non_maps)
    except UsageError as exc:
        console.stderr().print(f"cjmap validate: {exc}", markup=False, highlight=False)
        raise SystemExit(2) from None
    for data_file in data_files:
        if not os.path.isfile(data_file):
            console.stderr().print(f"cjmap validate: {data_file}: no such data file", markup=False)
            raise SystemExit(2)
    reports = check_files(selection.files, tuple(data_files))  # a generator: not started yet
    run = RunReport(skipped=selection.skipped, strict=strict)
    report_run("validate", paths, selection, reports, run, fmt=fmt, quiet=quiet)


def report_run(
    command: str,
    paths: list[str],
    selection: MapSelection,
    reports: Iterable[FileReport],
    run: RunReport,
    *,
    fmt: str,
    quiet: bool,
) -> NoReturn:
    """Print a validate or lint run, file by file, and exit with its status.

    Finding no map at all fails the run (exit 1), unless the selection skips
    non-maps (the pre-commit hooks). A map that fails only because `--strict`
    counts its warnings says so in its line.

    Args:
        command: `validate` or `lint`, for the message when no map is found.
        paths: the paths as given, for that message.
        selection: the maps found (`select_maps`).
        reports: each map's report, made lazily: none is made when no map is found.
        run: the run's summary (skipped files, strictness, verb), filled in here.
        fmt: the output format (`OutputFormat`).
        quiet: no line per clean map.

    Raises:
        SystemExit: 0 when the run passes, 1 when it fails or found no map.
    """
    if not selection.files and not selection.skip_non_maps:
        console.stderr().print(f"cjmap {command}: {selection.nothing_found(paths)}", markup=False)
        raise SystemExit(1)
    reporter = make_reporter(fmt, quiet)
    if fmt == OutputFormat.text and not quiet:
        selection.print_notes()
    for report in reports:
        if run.strict and report.warnings and not report.errors:
            warnings = counted(report.warnings, "warning")
            report.summary = f"{report.file}: {warnings}, failing the run with --strict"
        run.files.append(report)
        reporter.file(report)
    reporter.finish(run)
    raise SystemExit(0 if run.ok else 1)


def make_reporter(fmt: str, quiet: bool = False) -> Reporter:
    """The reporter for an output format name (`text`, `json`, `github`), printing to stdout."""
    out = console.stdout()
    if fmt == "json":
        return JsonReporter(out)
    if fmt == "github":
        return GithubReporter(out)
    return TextReporter(out, quiet=quiet)


def check_files(files: list[str], data_files: tuple[str, ...] = ()) -> Iterator[FileReport]:
    """Validate files in order; many files are spread over the CPU cores.

    Validating is CPU-bound (YAML events, the model's checks), so a CI run over a
    whole repository of maps uses forked worker processes. Reports still
    come back in the order given, so output stays deterministic.
    """
    work = functools.partial(check_file, data_files=data_files) if data_files else check_file
    workers = min(_cpus(), 8)
    if len(files) < PARALLEL_MIN_FILES or workers < 2 or not _can_fork():
        yield from map(work, files)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import cjmap.pipeline  # noqa: F401  (imported once here, inherited by every worker)
    from cjmap.model import Journey
    from cjmap.model._validate import compiled

    compiled(Journey)  # and the model's validator, compiled once (~5 ms per process)

    # No gc.freeze() before forking: with the CLI's GC threshold the workers
    # never run a full collection, and over 1,000 maps the workers' page
    # faults stayed at ~6,700 with or without it.

    chunk = max(1, len(files) // (workers * _CHUNKS_PER_WORKER))
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield from pool.map(work, files, chunksize=chunk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _cpus() -> int:
    # The CPUs this process may run on (a CI container's share, not the host's).
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS, Windows


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def check_file(name: str, data_files: tuple[str, ...] = ()) -> FileReport:
    """Validate one file into a `FileReport` (never raises for bad input).

    Args:
        name: the map file, as the user named it.
        data_files: `--data` files joined onto the map.

    Returns:
        The file's diagnostics (errors and warnings), the source lines of the
        files they point into, and a one-line summary when the map is valid.
    """
    from cjmap.pipeline import load_journey

    try:
        loaded = load_journey(name, data_files=data_files)
    except InvalidMap as exc:
        diagnostics = list(exc.diagnostics)
        return FileReport(name, diagnostics, source=quote_source(diagnostics, read_source_lines))
    except UsageError as exc:
        return FileReport(name, [Diagnostic(name, None, None, "read-error", str(exc))])
    j = loaded.journey
    counts = (
        (len(j.phases), "phase"),
        (len(j.steps), "step"),
        (len(j.personas), "persona"),
        (sum(len(s.pain_points) for s in j.steps), "pain point"),
        (sum(len(s.opportunities) for s in j.steps), "opportunity"),
    )
    summary = f"{name}: ok — {shortened(j.title, 80)!r}: " + ", ".join(counted(*c) for c in counts)
    warnings = list(loaded.warnings)
    source = quote_source(warnings, loaded.document.lines_by_file.get)
    return FileReport(name, warnings, summary=summary, source=source)
