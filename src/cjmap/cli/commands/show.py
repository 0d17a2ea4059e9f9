"""`cjmap show`: a journey in the terminal, readable over SSH and in CI logs."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cjmap.cli import console
from cjmap.cli.commands import DATA_HELP
from cjmap.errors import InvalidMap, UsageError
from cjmap.text.words import counted

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey, Step

HELP = """Print a journey map as a table: phases and steps, emotion as faces and a
sparkline, pain points and opportunities counted.

The output depends only on the map and the width, so it reads the same in a
CI log as in a terminal; `--width` fixes the width, `--ascii` avoids emoji and
box-drawing characters.

Examples:

\b
  cjmap show checkout.yaml
  cjmap show checkout.yaml --persona maya --width 100
  cjmap show checkout.yaml --ascii > checkout.txt
"""

MOMENT_OF_TRUTH = "★"  # marks a moment of truth in the step column
ASCII_MOMENT_OF_TRUTH = "*"
MIN_WIDTH = 40  # columns; narrower than this, the table cannot fit its headers


def register(app: typer.Typer) -> None:
    app.command("show", help=HELP, no_args_is_help=True)(show)


def show(
    path: str = typer.Argument(..., help="The map file.", metavar="MAP"),
    persona: str | None = typer.Option(
        None, "--persona", "-p", help="Only this persona's steps and emotions.", metavar="ID"
    ),
    width: int | None = typer.Option(
        None,
        "--width",
        "-w",
        help=f"Columns to fit (at least {MIN_WIDTH}; default: terminal).",
        metavar="COLUMNS",
    ),
    ascii_only: bool = typer.Option(
        False, "--ascii", help="ASCII faces, sparkline and borders instead of emoji and boxes."
    ),
    data_files: list[str] = typer.Option(
        [],
        "--data",
        help=DATA_HELP,
        metavar="FILE",
    ),
) -> None:
    from cjmap.cli.commands.lint import print_invalid
    from cjmap.pipeline import load_journey

    if width is not None and width < MIN_WIDTH:
        _usage(f"--width must be at least {MIN_WIDTH}")
    try:
        loaded = load_journey(path, data_files=data_files)
    except UsageError as exc:
        _usage(str(exc))
    except InvalidMap as exc:
        print_invalid(path, exc, console.stderr())
        raise typer.Exit(1) from None
    journey = loaded.journey
    from cjmap.model.references import require_persona

    try:
        require_persona(journey, persona)
    except UsageError as exc:
        _usage(str(exc))
    out = console.stdout() if width is None else Console(width=width, highlight=False, emoji=False)
    print_journey(out, journey, persona, ascii_only)


def print_journey(out: Console, journey: Journey, persona: str | None, ascii_only: bool) -> None:
    """Print the heading, the step table and the emotion sparklines.

    Args:
        out: the console (its width decides the layout).
        journey: the valid map.
        persona: show only this persona's steps and emotions, or None for all.
        ascii_only: no emoji and no box-drawing characters.
    """
    from cjmap.diff.scores import ASCII_FACES, ASCII_SPARK, FACES, SPARK

    faces, spark = (ASCII_FACES, ASCII_SPARK) if ascii_only else (FACES, SPARK)
    star = ASCII_MOMENT_OF_TRUTH if ascii_only else MOMENT_OF_TRUTH
    steps = [s for s in journey.steps if persona is None or s.takes_part(persona)]
    out.print(f"[bold]{escape(journey.title)}[/]", highlight=False)
    out.print(
        escape(_facts(journey, steps, persona, " | " if ascii_only else " · ")), highlight=False
    )
    table = Table(box=box.ASCII if ascii_only else box.SQUARE, show_edge=True, expand=False)
    table.add_column("Phase", overflow="fold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Step", overflow="fold", ratio=3)
    table.add_column("Channel", overflow="fold", ratio=1)
    table.add_column("Emotion", no_wrap=True)
    table.add_column("Pain", no_wrap=True)
    table.add_column("Opp.", no_wrap=True)
    number = {s.id: k for k, s in enumerate(journey.steps, start=1)}
    for phase in journey.phases:
        shown = [s for s in phase.steps if s in steps]
        for k, step in enumerate(shown):
            name = (f"{star} " if step.moment_of_truth else "") + step.name
            table.add_row(
                escape(phase.name) if k == 0 else "",
                str(number[step.id]),
                escape(name),
                escape(step.channel or ""),
                escape(_emotion(journey, step, persona, faces, ascii_only)),
                _pains(step),
                _opportunities(step),
                end_section=k == len(shown) - 1,
            )
    out.print(table)
    for label, line in _sparklines(journey, steps, persona, spark):
        out.print(escape(f"{label}  {line}"), highlight=False)
    if any(s.moment_of_truth for s in steps):
        out.print(f"{star} moment of truth", highlight=False)


def _facts(journey: Journey, steps: list[Step], persona: str | None, sep: str) -> str:
    pains = sum(len(s.pain_points) for s in steps)
    opportunities = sum(len(s.opportunities) for s in steps)
    who = (
        f"persona {journey.persona_by_id[persona].name}"
        if persona
        else counted(len(journey.personas), "persona")
        + (f" ({', '.join(p.name for p in journey.personas)})" if journey.personas else "")
    )
    return sep.join(
        [
            f"{journey.state} state",
            who,
            counted(len(journey.phases), "phase"),
            counted(len(steps), "step"),
            counted(pains, "pain point"),
            counted(opportunities, "opportunity"),
        ]
    )


def _emotion(
    journey: Journey, step: Step, persona: str | None, faces: dict[int, str], ascii_only: bool
) -> str:
    from cjmap.diff.scores import MINUS, signed

    def one(score: int | None) -> str:
        if score is None:
            return ""
        text = signed(score)
        return f"{faces[score]} {text.replace(MINUS, '-') if ascii_only else text}"

    if not isinstance(step.emotion, dict) or persona is not None:
        return one(step.emotion_for(persona))
    return "\n".join(
        f"{p.id} {one(step.emotion[p.id])}" for p in journey.personas if p.id in step.emotion
    )


def _pains(step: Step) -> str:
    from cjmap.model.lanes import SEVERITY_RANK

    if not step.pain_points:
        return ""
    worst = max(step.pain_points, key=lambda p: SEVERITY_RANK[p.severity]).severity
    return f"{len(step.pain_points)} {worst}"


def _opportunities(step: Step) -> str:
    if not step.opportunities:
        return ""
    done = sum(o.status == "done" for o in step.opportunities)
    return f"{len(step.opportunities)}" + (f" ({done} done)" if done else "")


def _sparklines(
    journey: Journey, steps: list[Step], persona: str | None, spark: dict[int, str]
) -> list[tuple[str, str]]:
    """`(label, bars)` per curve: one bar per step shown, a space where a score is missing."""
    per_persona = persona is None and any(isinstance(s.emotion, dict) for s in steps)
    curves: list[str | None] = [p.id for p in journey.personas] if per_persona else [persona]
    rows = []
    for curve in curves:
        # As the drawn curve counts scores: a shared one only where the persona
        # takes the step, a per-persona one always.
        scores = [
            s.emotion_for(curve)
            if curve is None or isinstance(s.emotion, dict) or s.takes_part(curve)
            else None
            for s in steps
        ]
        bars = "".join(" " if score is None else spark[score] for score in scores)
        if bars.strip():
            rows.append((curve or "emotion", bars))
    width = max((len(label) for label, _ in rows), default=0)
    return [(label.ljust(width), bars) for label, bars in rows]


def _usage(message: str) -> NoReturn:
    console.stderr().print(f"cjmap show: {escape(message)}", highlight=False)
    raise typer.Exit(2)
