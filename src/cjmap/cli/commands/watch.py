"""`cjmap watch`: re-render a map on every save, through the same path as `cjmap render`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.markup import escape

from cjmap.cli import console
from cjmap.cli.outputs import Stamp, file_stamp
from cjmap.errors import InvalidMap, OutputError, ToolMissing, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.pipeline import RenderOptions

HELP = """Re-render a map every time it (or a file it includes) is saved.

While the file is briefly invalid, its problems are printed and the last good
output stays in place; the next valid save renders again. Stop with Ctrl+C.

Examples:

\b
  cjmap watch checkout.yaml                 # keeps checkout.svg up to date
  cjmap watch checkout.yaml -o out/checkout.png --theme dark
"""

# Editors save in bursts (write, rename, touch); changes closer than this are one save.
DEBOUNCE_MS = 300


def register(app: typer.Typer) -> None:
    app.command("watch", help=HELP, no_args_is_help=True)(watch)


def watch(
    path: str = typer.Argument(..., help="The map file.", metavar="MAP"),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Output format (default: from the -o suffix, else svg).",
        metavar="FORMAT",
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Output file (default: MAP with the format's suffix).",
        metavar="PATH",
    ),
    theme: str | None = typer.Option(
        None, "--theme", "-t", help="light (default), dark or print.", metavar="THEME"
    ),
    persona: str | None = typer.Option(
        None, "--persona", "-p", help="Draw one persona's journey.", metavar="ID"
    ),
    max_runs: int | None = typer.Option(
        None,
        "--max-runs",
        min=1,
        help="Stop after this many renders (the first counts).",
        hidden=True,
        metavar="N",
    ),
    exit_after: float | None = typer.Option(
        None,
        "--exit-after",
        min=0.1,
        help="Stop after this many seconds.",
        hidden=True,
        metavar="SECONDS",
    ),
) -> None:
    from cjmap.layout.themes import require_theme
    from cjmap.pipeline import RenderOptions
    from cjmap.render import FORMAT_BY_NAME, FORMAT_BY_SUFFIX, available_formats

    if not Path(path).is_file():
        _usage(f"{path}: no such file")
    out_path = Path(output) if output else None
    fmt = fmt or FORMAT_BY_SUFFIX.get(out_path.suffix.lower() if out_path else "", "svg")
    if fmt not in available_formats():
        _usage(f"unknown format `{fmt}`; choose one of {', '.join(available_formats())}")
    try:
        require_theme(theme)
    except UsageError as exc:
        _usage(str(exc))
    target = out_path or Path(path).with_suffix(FORMAT_BY_NAME[fmt].suffix)
    options = RenderOptions(format=fmt, theme=theme, persona=persona)
    stop = threading.Event()
    if exit_after is not None:
        timer = threading.Timer(exit_after, stop.set)
        timer.daemon = True
        timer.start()
    err = console.stderr()
    err.print(f"watching {escape(path)} -> {escape(str(target))} (Ctrl+C to stop)", highlight=False)
    state = _State(path, target, options, [path], max_runs)
    state.render()
    while not stop.is_set() and not state.done():
        _watch_until_moved(state, stop)
    err.print("stopped watching", highlight=False)


# Checked on every file event and at least this often, so a save that lands
# while a render runs (before the watcher is back) is never missed.
POLL_MS = 1000


def _same_text(name: str, lines: list[str] | None) -> bool:
    """Whether the file on disk still holds the text the loader read."""
    from cjmap.load import decode_text

    try:
        with open(name, "rb") as fh:
            return lines is not None and decode_text(fh.read(), name).splitlines() == lines
    except (OSError, InvalidMap):
        return False


class _State:
    """What the watch loop knows: the files the map was read from, as of the last render."""

    def __init__(
        self,
        path: str,
        target: Path,
        options: RenderOptions,
        inputs: list[str],
        max_runs: int | None,
    ) -> None:
        self.path, self.target, self.options = path, target, options
        self.inputs = inputs
        self.max_runs = max_runs
        self.runs = 0
        self.seen: dict[str, Stamp] = {}

    def done(self) -> bool:
        return self.max_runs is not None and self.runs >= self.max_runs

    def changed(self) -> bool:
        return any(file_stamp(f) != self.seen.get(f) for f in self.inputs)

    def folders(self) -> list[str]:
        return sorted({str(Path(f).resolve().parent) for f in self.inputs})

    def render(self) -> None:
        """Load, render and write atomically, as `cjmap render` does; never raise for a bad map."""
        from cjmap import pipeline
        from cjmap.cli.commands.lint import print_invalid
        from cjmap.cli.outputs import write_atomic

        self.runs += 1
        # Stamped before loading, so a save during the render is seen afterwards.
        self.seen = {f: file_stamp(f) for f in self.inputs}
        err, run, path = console.stderr(), self.runs, escape(self.path)
        try:
            loaded = pipeline.load_journey(self.path)
            data = pipeline.render_journey(loaded.journey, self.options)
            write_atomic(self.target, data, [self.path, *loaded.document.files])
        except InvalidMap as exc:
            print_invalid(self.path, exc, err)
            err.print(f"[{run}] {path}: not rendered; waiting for the next save", highlight=False)
            return
        except ToolMissing as exc:
            _usage(str(exc))
        except UsageError as exc:
            if run == 1:  # unknown persona or lane: no save will fix the command line
                _usage(str(exc))
            err.print(f"[{run}] {escape(str(exc))}", highlight=False)  # e.g. gone mid-save
            return
        except OutputError as exc:
            err.print(f"[{run}] {escape(str(exc))}", highlight=False)
            return
        err.print(f"[{run}] {path} -> {escape(str(self.target))}", highlight=False)
        inputs = [self.path, *(f for f in loaded.document.files if f != self.path)]
        for name in inputs:
            if name not in self.seen:  # a newly included file: stamp what was read
                stamp = file_stamp(name)
                same = _same_text(name, loaded.document.lines_by_file.get(name))
                self.seen[name] = stamp if same else None  # changed since: render again
        self.inputs = inputs


def _watch_until_moved(state: _State, stop: threading.Event) -> None:
    """Render on each change until stopped, done, or the files to watch move folders."""
    import watchfiles

    folders = state.folders()
    for _batch in watchfiles.watch(
        *folders,
        stop_event=stop,
        debounce=DEBOUNCE_MS,
        recursive=False,
        raise_interrupt=False,
        rust_timeout=POLL_MS,
        yield_on_timeout=True,
    ):
        # Compare the files themselves rather than trust event paths: editors
        # save through temporary files and renames.
        if not state.changed():
            continue
        state.render()
        if state.done():
            stop.set()
            return
        if state.folders() != folders:
            return
    stop.set()  # the watcher ended on its own: Ctrl+C, or the folder vanished


def _usage(message: str) -> NoReturn:
    console.stderr().print(f"cjmap watch: {escape(message)}", highlight=False)
    raise typer.Exit(2)
