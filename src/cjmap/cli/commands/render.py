"""`cjmap render`: maps -> SVG, PNG, PDF (and further formats as they register)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from cjmap.cli import console
from cjmap.cli.commands import DATA_HELP
from cjmap.cli.outputs import FileKey, OverwritesInput, file_keys, write_atomic
from cjmap.cli.reporters import (
    FileReport,
    RunReport,
    TextReporter,
    quote_source,
    read_source_lines,
)
from cjmap.errors import CjmapError, InvalidMap, OutputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    import typer

    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

#: the lanes' names for `--help` (kept equal to `cjmap.model.lanes.Lane` by a
#: test; importing the model here would slow every `--help`)
LANES_HELP = (
    "steps, touchpoints, actions, thoughts, expectations, emotions, intensity, "
    "pain_points, opportunities, backstage, support, owners, metrics, evidence"
)

HELP = """Render journey maps to a swimlane diagram (svg, png, pdf) or another format.

Without -o, MAP.yaml is written as MAP.<format> beside it. With several maps,
-o names a directory (end it with /); missing directories are created.
Without -f, the -o extension picks the format. An invalid map prints its
problems and writes nothing; outputs are written atomically, so a failure
never leaves a partial file.

Examples:

\b
  cjmap render checkout.yaml                      # checkout.svg
  cjmap render checkout.yaml -o docs/checkout.png --scale 2
  cjmap render maps/*.yaml -f pdf --theme print -o out/
  cjmap render checkout.yaml --persona maya --lanes steps,emotions,pain_points
"""


def register(app: typer.Typer) -> None:
    import typer

    def command(
        maps: list[str] = typer.Argument(..., help="Map files to render.", metavar="MAP..."),
        fmt: str | None = typer.Option(
            None,
            "--format",
            "-f",
            help="svg, png, pdf, html, flow, dot, mermaid or csv "
            "(default: from the -o suffix, else svg).",
            metavar="FORMAT",
        ),
        output: str | None = typer.Option(
            None,
            "--output",
            "-o",
            help="Output file, or a directory; `-` for standard output.",
            metavar="PATH",
        ),
        theme: str | None = typer.Option(
            None, "--theme", "-t", help="light (default), dark or print.", metavar="THEME"
        ),
        persona: str | None = typer.Option(
            None, "--persona", "-p", help="Draw one persona's journey.", metavar="ID"
        ),
        lanes: str | None = typer.Option(
            None,
            "--lanes",
            help=f"Comma-separated lanes to draw, in order, from: {LANES_HELP}.",
            metavar="LANES",
        ),
        scale: float = typer.Option(
            1.0, "--scale", min=0.25, max=8.0, help="PNG zoom factor.", metavar="N"
        ),
        flow_format: str | None = typer.Option(
            None,
            "--flow-format",
            help="For -f flow: svg, png, pdf or dot (default: from the -o suffix, else svg).",
            metavar="FORMAT",
        ),
        table: str = typer.Option(
            "steps",
            "--table",
            help="For -f csv: steps, pain-points or opportunities.",
            metavar="TABLE",
        ),
        data_files: list[str] = typer.Option(
            [],
            "--data",
            help=DATA_HELP,
            metavar="FILE",
        ),
    ) -> None:
        render(
            maps,
            fmt=fmt,
            output=output,
            theme=theme,
            persona=persona,
            lanes=lanes,
            scale=scale,
            flow_format=flow_format,
            table=table,
            data_files=data_files,
        )

    app.command("render", help=HELP, no_args_is_help=True)(command)


def render(
    maps: list[str],
    *,
    fmt: str | None = None,
    output: str | None = None,
    theme: str | None = None,
    persona: str | None = None,
    lanes: str | None = None,
    scale: float = 1.0,
    flow_format: str | None = None,
    table: str = "steps",
    data_files: Sequence[str] = (),
) -> NoReturn:
    """Run `cjmap render` with its options parsed (by typer, or by `cjmap.cli.quick`).

    Raises:
        SystemExit: always; 0 when every map was rendered, 1 when one was
            invalid or not written, 2 for a usage error, 130 on Ctrl-C.
    """
    from cjmap.pipeline import RenderOptions, load_journey, render_journey
    from cjmap.render import FORMAT_BY_NAME

    err = console.stderr()
    to_stdout = output == "-"
    out_path = Path(output) if output and not to_stdout else None
    to_dir = out_path is not None and (out_path.is_dir() or str(output).endswith(("/", "\\")))
    if to_dir and out_path is not None and out_path.exists() and not out_path.is_dir():
        _usage(f"{output}: -o names a directory, but a file is there")
    if len(maps) > 1 and output is not None and not to_dir:
        _usage("with several maps, -o must name a directory")
    fmt, flow_format = _formats(fmt, flow_format, out_path if not to_dir else None)
    table = table.lower()
    for name in maps:
        if Path(name).is_dir():
            _usage(f"{name}: is a directory; give map files (e.g. {name.rstrip('/')}/*.yaml)")
        if not Path(name).exists():
            _usage(f"{name}: no such file")
    maps = _unique(maps)
    if table not in CSV_TABLES:
        _usage(f"unknown table `{table}`; choose one of {', '.join(CSV_TABLES)}")
    options = RenderOptions(
        format=fmt,
        theme=theme,
        persona=persona,
        lanes=_lane_names(lanes),
        scale=scale,
        flow_format=flow_format,
        table=table,
    )
    _check_options(options)
    suffix = _suffix(fmt, flow_format, table, FORMAT_BY_NAME[fmt].suffix)
    # Every output is known before any map is read: two maps written to one
    # file, or an output that is an input, are refused before anything is written.
    targets = {} if to_stdout else {n: _target(n, out_path, to_dir, suffix) for n in maps}
    _check_targets(targets, [*maps, *data_files])
    run = RunReport(verb="rendered")
    reporter = TextReporter(err)
    progress = _progress(len(maps))
    written_files: dict[FileKey, tuple[str, Path]] = {}  # this run's outputs: (map, output)
    try:
        for name in maps:
            report = FileReport(name)
            run.files.append(report)
            try:
                loaded = load_journey(name, data_files=data_files)
                report.diagnostics.extend(loaded.warnings)
                report.source = quote_source(loaded.warnings, loaded.document.lines_by_file.get)
                data = render_journey(loaded.journey, options)
                if fmt == "mermaid":  # say what Mermaid's journey cannot hold
                    from cjmap.render.mermaid import mermaid_losses

                    losses = mermaid_losses(loaded.journey, options)
                    if losses:
                        err.print(
                            f"{name}: the Mermaid export leaves out or changes:", markup=False
                        )
                        err.print("\n".join(f"  - {loss}" for loss in losses), markup=False)
                if fmt == "html":
                    _warn_flow_left_out(name, loaded.journey)
                target = targets.get(name)
                if target is None:
                    sys.stdout.buffer.write(data)
                    sys.stdout.flush()
                else:
                    _refuse_written(target, written_files)
                    write_atomic(target, data, [name, *loaded.document.files])
                    written_files.update(dict.fromkeys(file_keys(target), (name, target)))
                    report.summary = f"{name} -> {target}"
            except InvalidMap as exc:
                report.diagnostics.extend(exc.diagnostics)
                report.source = quote_source(exc.diagnostics, read_source_lines)
            except (UsageError, OverwritesInput) as exc:  # an included or data file as -o
                if progress is not None:
                    progress.stop()
                _usage(str(exc))
            except (OutputError, CjmapError) as exc:
                from cjmap.errors import Diagnostic

                report.diagnostics.append(Diagnostic(name, None, None, "output-error", str(exc)))
            reporter.file(report)
            if progress is not None:
                progress.advance(0)
    except KeyboardInterrupt:
        # outputs are written by rename, so whatever exists is complete
        if progress is not None:
            progress.stop()
        written = sum(1 for r in run.files if r.summary)
        err.print(
            f"cjmap render: interrupted; {written} of {len(maps)} outputs written, none partial",
            markup=False,
        )
        raise SystemExit(130) from None
    if progress is not None:
        progress.stop()
    failed = [r for r in run.files if run.failed(r)]
    # A single map whose only problem is writing its output already said so in
    # one line; "1 of 1 map invalid" would be wrong about the map.
    if len(maps) > 1 or (failed and not all(_output_failed(r) for r in failed)):
        reporter.finish(run)
    if len(maps) > 1 and failed:
        names = ", ".join(
            f"{r.file} ({'output error' if _output_failed(r) else 'invalid map'})" for r in failed
        )
        err.print(f"not rendered: {names}", markup=False, highlight=False)
    raise SystemExit(0 if run.ok else 1)


def _refuse_written(target: Path, written: dict[FileKey, tuple[str, Path]]) -> None:
    """Refuse to overwrite an output this run wrote: the file system names them alike.

    Targets were checked to differ before anything was written, but on a file
    system that ignores case (macOS, Windows) `A.svg` and `a.svg` are one
    file, which only shows once the first exists (same inode).
    """
    earlier = next((written[key] for key in file_keys(target) if key in written), None)
    if earlier is not None:
        source, output = earlier
        raise OutputError(
            f"{target}: the file system takes this for {output}, just written for {source} "
            "(are the names the same but for upper and lower case?); render them into "
            "different directories"
        )


def _output_failed(report: FileReport) -> bool:
    return any(d.code == "output-error" for d in report.diagnostics)


FLOW_FORMATS = ("svg", "png", "pdf", "dot")
CSV_TABLES = ("steps", "pain-points", "opportunities")


def _suffix(fmt: str, flow_format: str, table: str, default: str) -> str:
    if fmt == "flow":
        return f".flow.{flow_format}"
    if fmt == "csv" and table != "steps":
        return f".{table}.csv"
    return default


def _usage(message: str) -> NoReturn:
    console.stderr().print(f"cjmap render: {message}", markup=False, highlight=False)
    raise SystemExit(2)


def _formats(fmt: str | None, flow_format: str | None, out_file: Path | None) -> tuple[str, str]:
    """The format and flow format to write, from -f, --flow-format and the -o file's extension.

    Without -f the extension decides, and one that names no format is refused
    (a `.jpg` would otherwise get SVG in it). With -f, an extension that names
    another format is refused too; an unknown one is the user's choice.
    """
    from cjmap.render import FORMAT_BY_SUFFIX, available_formats

    known = available_formats()
    suffix = out_file.suffix.lower() if out_file is not None else ""
    named = FORMAT_BY_SUFFIX.get(suffix)
    if fmt is None and out_file is not None and named is None:
        extensions = ", ".join(s for s, f in FORMAT_BY_SUFFIX.items() if f in known)
        what = f"its extension `{suffix}`" if suffix else "a name without an extension"
        _usage(
            f"{out_file}: cannot tell the output format from {what}; use one of {extensions}, "
            "pass -f, or end -o with / to write into a directory"
        )
    fmt = fmt.lower() if fmt is not None else named or "svg"
    if fmt not in known:
        _usage(f"unknown format `{fmt}`; choose one of {', '.join(known)}")
    asked = f"-f {fmt}"
    if flow_format is None:
        flow_format = named if fmt == "flow" and named in FLOW_FORMATS else "svg"
    elif fmt == "flow":
        asked += f" --flow-format {flow_format}"
    flow_format = flow_format.lower()
    if flow_format not in FLOW_FORMATS:
        _usage(f"unknown flow format `{flow_format}`; choose one of {', '.join(FLOW_FORMATS)}")
    written = flow_format if fmt == "flow" else fmt
    if named is not None and named != written:
        _usage(
            f"{out_file}: the format and the extension disagree: {asked} writes "
            f"{written.upper()}, but `{suffix}` is the extension of {named.upper()} files; "
            f"rename the output or change -f"
        )
    return fmt, flow_format


def _lane_names(lanes: str | None) -> tuple[str, ...] | None:
    if lanes is None:
        return None
    names = tuple(x.strip() for x in lanes.split(",") if x.strip())
    if not names:
        from cjmap.model.lanes import Lane

        _usage(f"--lanes is empty; name the lanes to draw, e.g. {','.join(list(Lane)[:3])}")
    return names


def _check_options(options: RenderOptions) -> None:
    """Theme, persona and lanes are checked before any map is read: fail fast with exit 2."""
    from cjmap.layout.themes import require_theme
    from cjmap.model.references import parse_lanes

    if options.persona is not None and not options.persona.strip():
        _usage("--persona is empty; name a persona id from the map")
    try:
        require_theme(options.theme)
        parse_lanes(options.lanes or ())  # every unknown lane in one message
    except UsageError as exc:
        _usage(str(exc))


def _unique(maps: list[str]) -> list[str]:
    # A map named twice (`maps/*.yaml maps/a.yaml`) is rendered once.
    seen: set[Path] = set()
    out = []
    for name in maps:
        key = Path(name).resolve()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def _target(name: str, out_path: Path | None, to_dir: bool, suffix: str) -> Path:
    if out_path is None:
        return Path(name).with_suffix(suffix)
    if to_dir:
        return out_path / (Path(name).stem + suffix)
    return out_path


def _check_targets(targets: dict[str, Path], inputs: list[str]) -> None:
    """Refuse (exit 2) two maps written to one file, and an output that is an input."""
    # keyed by path and by inode (`file_keys`, as `same_file` judges): hard links count
    by_key = {key: s for s in inputs for key in file_keys(s)}
    claimed: dict[Path, str] = {}
    for name, target in targets.items():
        resolved = target.resolve()
        source = next((by_key[k] for k in file_keys(target) if k in by_key), None)
        if source is not None:
            _usage(f"{target}: refusing to overwrite the input file {source}")
        if resolved in claimed:
            _usage(
                f"{claimed[resolved]} and {name} would both be written to {target}; "
                "render them one at a time, or into different directories"
            )
        claimed[resolved] = name


def _warn_flow_left_out(name: str, journey: Journey) -> None:
    """Say on stderr what the report says only inside the page: no `dot`, no flow graph."""
    import shutil

    if shutil.which("dot") is not None:
        return
    from cjmap.render._report_flow import flow_embeddable

    if flow_embeddable(journey):  # the report's own test: it would have drawn the graph
        console.stderr().print(
            f"{name}: warning: the report leaves out its flow graph: Graphviz `dot` is not on "
            "PATH; install Graphviz to include it (Debian/Ubuntu: apt-get install graphviz, "
            "macOS: brew install graphviz, Windows: winget install graphviz)",
            markup=False,
            highlight=False,
        )


class _Progress:
    def __init__(self, total: int) -> None:
        from rich.progress import Progress

        self.progress = Progress(console=console.stderr(), transient=True)
        self.task = self.progress.add_task("rendering", total=total)
        self.progress.start()

    def advance(self, _: int) -> None:
        self.progress.advance(self.task)

    def stop(self) -> None:
        self.progress.stop()


def _progress(total: int) -> _Progress | None:
    if total < 2 or not console.stderr().is_terminal:
        return None
    return _Progress(total)
