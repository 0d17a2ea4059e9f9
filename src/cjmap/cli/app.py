"""Stage 5: the `cjmap` command. Options -> pipeline -> reporter -> exit code.

A plain `cjmap render …` or `cjmap validate …` is read by `cjmap.cli.quick`
and runs without importing typer; every other command line goes to typer.

Exit codes: 0 valid/rendered, 1 the map is wrong (or some outputs failed),
2 the tool was called wrong (typer's usage errors, no such file, missing
external program). An unexpected exception prints one line and suggests
`--traceback`, exiting with 3.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from cjmap import __version__

if TYPE_CHECKING:
    import typer

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

HELP = (
    "Customer journey maps as code.\n\n"
    "Write a journey (personas, phases, steps, touchpoints, emotions, pain points, "
    "opportunities …) in YAML, check it in CI, and render it as a swimlane diagram, "
    "an HTML report or a flow graph.\n\n"
    "Examples:\n\n\b\n"  # \b: click keeps the example lines as written
    "  cjmap validate maps/            # every map under maps/, for CI\n"
    "  cjmap render checkout.yaml      # writes checkout.svg beside it\n"
    "  cjmap render checkout.yaml -f png --theme dark -o out/\n"
    "  cjmap schema > cjmap.schema.json"
)

_state = {"traceback": False}


def __getattr__(name: str) -> Any:
    # `app` is built on first use: importing typer costs more than the whole
    # `cjmap --version` budget (100 ms), so the module itself stays light.
    if name == "app":
        return _build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _build_app() -> typer.Typer:
    import typer

    app = typer.Typer(
        name="cjmap",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        rich_markup_mode=None,
        add_completion=False,
    )

    def _version(value: bool) -> None:
        if value:
            print(f"cjmap {__version__}")
            raise typer.Exit(EXIT_OK)

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False,
            "--version",
            "-V",
            help="Print the version and exit.",
            callback=_version,
            is_eager=True,
        ),
        traceback: bool = typer.Option(
            False, "--traceback", help="Show the Python traceback of an internal error."
        ),
    ) -> None:
        _state["traceback"] = traceback

    return app


def _register() -> typer.Typer:
    from cjmap.cli import commands

    app = _build_app()
    commands.register(app, only=_invoked_command(sys.argv[1:], commands.COMMAND_MODULES))
    return app


def _invoked_command(argv: list[str], modules: tuple[str, ...]) -> str | None:
    # Only the subcommand being run needs importing; `cjmap --help` and a
    # mistyped name get every command (for the listing and typer's suggestions).
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in {m.rstrip("_") for m in modules} else None


def _tune_short_process() -> None:
    """Settings for a process that lives for one command (the CLI, not the library).

    - Importing typer and rich and reading a map allocate many thousands of
      objects, and with the default threshold (700) the cyclic collector runs
      again and again while nothing is garbage yet. With a higher first
      threshold cycles are still collected, only less often.
    """
    import gc

    gc.set_threshold(100_000, 50, 100)


def main() -> None:
    """Entry point of the `cjmap` console script and `python -m cjmap`."""
    argv = sys.argv[1:]
    if argv in (["--version"], ["-V"]):  # fast path: no heavy imports
        try:
            print(f"cjmap {__version__}", flush=True)
        except OSError as exc:
            _system_error(exc)
        raise SystemExit(EXIT_OK)
    _tune_short_process()
    from cjmap.cli import quick

    # a plain `render` or `validate` runs without importing typer (see `quick`)
    command: Callable[[], object] | None = quick.runner(argv)
    if command is None:
        command = functools.partial(_register(), prog_name="cjmap")
    try:
        command()
    except KeyboardInterrupt:
        print("cjmap: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except SystemExit:
        raise
    except Exception as exc:  # an internal error: one line, no traceback by default
        if "--traceback" in argv or _state["traceback"]:
            raise
        if isinstance(exc, OSError) and exc.errno is not None:
            _system_error(exc)
        name = type(exc).__name__
        print(
            f"cjmap: internal error: {name}: {exc} (this is a bug; rerun as "
            "`cjmap --traceback …` with the same arguments and report it)",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_INTERNAL) from None


def _system_error(exc: OSError) -> NoReturn:
    # the system refused (a full disk under `> out.json`, an I/O error): not a bug
    where = f" ({exc.filename})" if exc.filename else ""
    print(f"cjmap: {exc.strerror or exc}{where}", file=sys.stderr)
    raise SystemExit(EXIT_INVALID) from None


def run() -> NoReturn:
    """The `cjmap` console script and `python -m cjmap`: `main()`, then a quick exit.

    A normal interpreter exit tears down every module typer and
    rich built (~30 ms of a one-map run, measured with and without). Nothing
    cjmap leaves behind needs that: outputs are closed and renamed before
    this point, worker pools are shut down. Exit handlers still run and the
    standard streams are flushed; then the process ends with the code `main()`
    chose. Other exceptions (`--traceback`) propagate as usual.
    """
    try:
        main()
        code: object = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    if code is None:
        status = EXIT_OK
    elif isinstance(code, int):
        status = code
    else:  # as the interpreter does for `sys.exit("message")`
        print(code, file=sys.stderr)
        status = EXIT_INVALID
    _leave(status)


def _leave(status: int) -> NoReturn:
    import atexit
    import contextlib
    import os

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (`cjmap … | head -1`): nothing to tell
        pass
    except (OSError, ValueError) as exc:  # output lost (`> /dev/full`): must not exit 0
        reason = getattr(exc, "strerror", None) or exc
        with contextlib.suppress(OSError, ValueError):
            print(f"cjmap: cannot write to standard output: {reason}", file=sys.stderr)
        status = status or EXIT_INVALID
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)
