"""`cjmap render`: maps -> SVG, PNG, PDF (and further formats as they register)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cjmap.cli import console
from cjmap.cli.files import write_atomic
from cjmap.cli.reporters import (
    FileReport,
    RunReport,
    TextReporter,
    quote_source,
    read_source_lines,
)
from cjmap.errors import CjmapError, InvalidMap, OutputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.pipeline import RenderOptions

HELP = """Render journey maps to a swimlane diagram (svg, png, pdf) or another format.

Without -o, MAP.yaml is written as MAP.<format> beside it. With several maps,
-o names a directory. An invalid map prints its problems and writes nothing;
outputs are written atomically, so a failure never leaves a partial file.

Examples:

  cjmap render checkout.yaml                      # checkout.svg

  cjmap render checkout.yaml -o docs/checkout.png --scale 2

  cjmap render maps/*.yaml -f pdf --theme print -o out/

  cjmap render checkout.yaml --persona maya --lanes steps,emotions,pain_points
"""


def register(app: typer.Typer) -> None:
    app.command("render", help=HELP, no_args_is_help=True)(render)


def render(
    maps: list[str] = typer.Argument(..., help="Map files to render."),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="svg, png, pdf, html, flow, dot, mermaid or csv "
        "(default: from the -o suffix, else svg).",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Output file, or a directory; `-` for standard output."
    ),
    theme: str | None = typer.Option(None, "--theme", "-t", help="light (default), dark or print."),
    persona: str | None = typer.Option(None, "--persona", "-p", help="Draw one persona's journey."),
    lanes: str | None = typer.Option(
        None, "--lanes", help="Comma-separated lanes to draw, in order (e.g. steps,emotions)."
    ),
    scale: float = typer.Option(1.0, "--scale", min=0.25, max=8.0, help="PNG zoom factor."),
    flow_format: str | None = typer.Option(
        None,
        "--flow-format",
        help="For -f flow: svg, png, pdf or dot (default: from the -o suffix, else svg).",
    ),
    table: str = typer.Option(
        "steps", "--table", help="For -f csv: steps, pain-points or opportunities."
    ),
    data_files: list[str] = typer.Option(
        [], "--data", help="CSV/JSON file of step data to join (step id column `step`); repeatable."
    ),
) -> None:
    from cjmap.pipeline import RenderOptions, load_journey, render_journey
    from cjmap.render import FORMAT_BY_NAME, FORMAT_BY_SUFFIX, available_formats

    err = console.stderr()
    to_stdout = output == "-"
    out_path = Path(output) if output and not to_stdout else None
    to_dir = out_path is not None and (out_path.is_dir() or str(output).endswith(("/", "\\")))
    if fmt is None:
        suffix = out_path.suffix.lower() if out_path is not None and not to_dir else ""
        fmt = FORMAT_BY_SUFFIX.get(suffix, "svg")
    if fmt not in available_formats():
        _usage(f"unknown format `{fmt}`; choose one of {', '.join(available_formats())}")
    if len(maps) > 1 and output is not None and not to_dir:
        _usage("with several maps, -o must name a directory")
    for name in maps:
        if Path(name).is_dir():
            _usage(f"{name}: is a directory; give map files (e.g. {name.rstrip('/')}/*.yaml)")
        if not Path(name).exists():
            _usage(f"{name}: no such file")
    lane_list = tuple(x.strip() for x in lanes.split(",") if x.strip()) if lanes else None
    if fmt == "flow" and flow_format is None:
        out_suffix = out_path.suffix.lower().lstrip(".") if out_path and not to_dir else ""
        flow_format = out_suffix if out_suffix in FLOW_FORMATS else "svg"
    flow_format = flow_format or "svg"
    if flow_format not in FLOW_FORMATS:
        _usage(f"unknown flow format `{flow_format}`; choose one of {', '.join(FLOW_FORMATS)}")
    if table not in CSV_TABLES:
        _usage(f"unknown table `{table}`; choose one of {', '.join(CSV_TABLES)}")
    options = RenderOptions(
        format=fmt,
        theme=theme,
        persona=persona,
        lanes=lane_list,
        scale=scale,
        flow_format=flow_format,
        table=table,
    )
    _check_options(options)
    suffix = _suffix(fmt, flow_format, table, FORMAT_BY_NAME[fmt].suffix)
    run = RunReport(verb="rendered")
    reporter = TextReporter(err)
    progress = _progress(len(maps))
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
                target = None if to_stdout else _target(name, out_path, to_dir, suffix)
                if target is None:
                    sys.stdout.buffer.write(data)
                    sys.stdout.flush()
                else:
                    write_atomic(target, data, [name, *loaded.document.files])
                    report.summary = f"{name} -> {target}"
            except InvalidMap as exc:
                report.diagnostics.extend(exc.diagnostics)
                report.source = quote_source(exc.diagnostics, read_source_lines)
            except UsageError as exc:
                err.print(f"cjmap render: {exc}")
                raise typer.Exit(2) from None
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
        raise typer.Exit(130) from None
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
    raise typer.Exit(0 if run.ok else 1)


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


def _usage(message: str) -> None:
    console.stderr().print(f"cjmap render: {message}")
    raise typer.Exit(2)


def _check_options(options: RenderOptions) -> None:
    """Theme and lanes are known before any map is read: fail fast with exit 2."""
    from cjmap.layout.themes import require_theme
    from cjmap.model.references import parse_lanes

    try:
        require_theme(options.theme)
        parse_lanes(options.lanes or ())
    except UsageError as exc:
        _usage(str(exc))


def _target(name: str, out_path: Path | None, to_dir: bool, suffix: str) -> Path:
    if out_path is None:
        return Path(name).with_suffix(suffix)
    if to_dir:
        out_path.mkdir(parents=True, exist_ok=True)
        return out_path / (Path(name).stem + suffix)
    return out_path


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
