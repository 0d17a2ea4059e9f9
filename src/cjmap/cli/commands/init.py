"""`cjmap init`: write a starter map from a template."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.markup import escape

from cjmap.cli import console
from cjmap.errors import OutputError

TEMPLATES = ("ecommerce", "saas", "service")
DEFAULT_PATH = "journey.yaml"

HELP = f"""Write a starter journey map from a template, commented so you learn the
format by editing it.

On a terminal it asks for a title, personas and phases; --yes (or no
terminal) takes the template's defaults. The new map validates, lints clean
and renders as written. An existing file is kept unless --force is given.
PATH `-` prints the map instead.

Templates: {", ".join(TEMPLATES)}.

Examples:

\b
  cjmap init                                  # {DEFAULT_PATH}, asking on a terminal
  cjmap init maps/onboarding.yaml --template saas --yes
  cjmap init - --template service --yes > repair.yaml
"""


def register(app: typer.Typer) -> None:
    app.command("init", help=HELP)(init)


def init(
    path: str = typer.Argument(
        DEFAULT_PATH, help="Where to write the map (`-`: print it).", metavar="PATH"
    ),
    template: str | None = typer.Option(
        None,
        "--template",
        "-t",
        help=f"{' | '.join(TEMPLATES)} (default: ecommerce).",
        metavar="NAME",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Take the defaults; ask nothing."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    from cjmap.cli.outputs import write_atomic
    from cjmap.init import defaults, starter_map

    if template is not None and template not in TEMPLATES:
        _usage(f"unknown template `{template}`; choose one of {', '.join(TEMPLATES)}")
    to_stdout = path == "-"
    target = Path(path)
    if not to_stdout and target.exists() and not force:
        _usage(f"{path} already exists; pass --force to overwrite it")
    ask = not yes and _is_terminal()
    if ask:
        template = template or _choose("Template", TEMPLATES, "ecommerce")
    template = template or "ecommerce"
    title, personas, phases = defaults(template)
    if ask:
        title = _ask("Title", title)
        personas = _split(_ask("Personas (comma-separated names)", ", ".join(personas)))
        phases = _split(_ask("Phases, left to right (comma-separated)", ", ".join(phases)))
        if not phases:
            _usage("a map needs at least one phase")
    text = starter_map(template, title, personas, phases, file_name=_shown(path))
    _self_check(text)
    if to_stdout:
        sys.stdout.write(text)
        sys.stdout.flush()
        raise typer.Exit(0)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"), [])
    except OSError as exc:
        console.stderr().print(f"cjmap init: {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    except OutputError as exc:
        console.stderr().print(f"cjmap init: {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    out = console.stdout()
    out.print(f"wrote {escape(path)} (template {template})", highlight=False)
    out.print(f"next: cjmap validate {escape(path)} · cjmap render {escape(path)}", highlight=False)


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(question: str, default: str) -> str:
    from rich.prompt import Prompt

    return Prompt.ask(question, default=default, console=console.stdout())


def _choose(question: str, choices: tuple[str, ...], default: str) -> str:
    from rich.prompt import Prompt

    return Prompt.ask(question, choices=list(choices), default=default, console=console.stdout())


def _split(answer: str) -> list[str]:
    return [part.strip() for part in answer.split(",") if part.strip()]


def _shown(path: str) -> str:
    return "journey.yaml" if path == "-" else Path(path).name


def _self_check(text: str) -> None:
    """The starter map must validate; a failure here is a bug in a template."""
    from cjmap.load import load_text
    from cjmap.model import build_journey

    build_journey(load_text(text, "<starter map>"))


def _usage(message: str) -> NoReturn:
    console.stderr().print(f"cjmap init: {escape(message)}", highlight=False)
    raise typer.Exit(2)
