"""`cjmap diff`: what changed between two maps, or two revisions of one."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.markup import escape

from cjmap.cli import console
from cjmap.errors import InvalidMap, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.diff import JourneyDiff
    from cjmap.diff.revisions import MapSource


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


HELP = """Show what changed between two journey maps, by meaning rather than by line.

OLD and NEW are map files or git revisions of a file (`HEAD~3:maps/checkout.yaml`,
path relative to the repository root, or to the current folder with `./`).
`--rev REV MAP` compares the working copy of MAP with its version at REV.

Reported: phases and steps added, removed, renamed and moved; emotions per step
and persona (`checkout  −2 → 0  ▲2`); pain points added and resolved;
opportunities added and changed status; KPIs, metrics and personas. Items are
matched by id, then by name. The same command compares a current-state map
with its future-state map.

`--render FILE.svg` also draws NEW's swimlane with OLD's emotion curve dashed
behind it and changed cards outlined (green added, amber changed).

Exit status: 0 no difference, 1 differences, 2 errors (usage, invalid map).

Examples:

\b
  cjmap diff before.yaml after.yaml
  cjmap diff --rev main maps/checkout.yaml --format markdown > comment.md
  cjmap diff HEAD~3:maps/checkout.yaml maps/checkout.yaml --format json
  cjmap diff current.yaml future.yaml --render compare.svg
"""


def register(app: typer.Typer) -> None:
    app.command("diff", help=HELP, no_args_is_help=True)(diff)


def diff(
    maps: list[str] = typer.Argument(
        ..., help="OLD NEW (or only MAP with --rev).", metavar="OLD NEW"
    ),
    rev: str | None = typer.Option(
        None,
        "--rev",
        "-r",
        help="Compare MAP's working copy with its version at this revision.",
        metavar="REV",
    ),
    fmt: DiffFormat = typer.Option(
        DiffFormat.text, "--format", "-f", help="text (terminal), markdown (PR comment) or json."
    ),
    render: str | None = typer.Option(
        None,
        "--render",
        help="Also write NEW's swimlane as SVG, with OLD's emotion curve dashed behind it "
        "and changed cards outlined.",
        metavar="FILE.svg",
    ),
) -> None:
    from cjmap.diff import diff_journeys
    from cjmap.diff.report import markdown, text_lines, to_json

    if rev is not None:
        if len(maps) != 1:
            _usage("with --rev, give exactly one map (its working copy is NEW)")
        old_spec, new_spec = None, maps[0]
    elif len(maps) != 2:
        _usage("give two maps, OLD and NEW (or one map with --rev REV)")
    else:
        old_spec, new_spec = maps
    try:
        old = _read(old_spec) if old_spec is not None else _read(new_spec, rev)
        new = _read(new_spec)
    except UsageError as exc:
        _usage(str(exc))
    result = diff_journeys(old.journey, new.journey, old.name, new.name)
    if render is not None:
        _render(render, old, new, result)
    out = console.stdout()
    if fmt == DiffFormat.json:
        out.out(to_json(result), highlight=False)
    elif fmt == DiffFormat.markdown:
        out.out(markdown(result), highlight=False, end="")
    else:
        for line in text_lines(result):
            out.print(line, highlight=False, soft_wrap=True)
    raise typer.Exit(1 if result else 0)


def _read(spec: str, rev: str | None = None) -> MapSource:
    """`spec` (a file or `REV:path`), or with `rev` the file `spec` at that revision."""
    from cjmap.cli.commands.lint import print_invalid
    from cjmap.diff.revisions import read_at_revision, read_map

    try:
        return read_map(spec) if rev is None else read_at_revision(spec, rev)
    except InvalidMap as exc:
        print_invalid(spec, exc, console.stderr())
        console.stderr().print(f"cjmap diff: {escape(spec)} is not a valid map", highlight=False)
        raise typer.Exit(2) from None


def _render(target: str, old: MapSource, new: MapSource, result: JourneyDiff) -> None:
    from pathlib import Path

    from cjmap.cli.outputs import write_atomic
    from cjmap.diff.overlay import render_diff_svg
    from cjmap.errors import OutputError

    if not target.lower().endswith(".svg"):
        _usage(f"--render writes SVG; name a .svg file, not {target}")
    data = render_diff_svg(old.journey, new.journey, result)
    try:
        write_atomic(Path(target), data, [*old.lines_by_file, *new.lines_by_file])
    except OutputError as exc:
        _usage(str(exc))


def _usage(message: str) -> NoReturn:
    console.stderr().print(f"cjmap diff: {escape(message)}", highlight=False)
    raise typer.Exit(2)
