"""One module per subcommand; `register` adds them all to the app in help order."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from cjmap.cli.commands import render, schema, validate

    validate.register(app)
    render.register(app)
    schema.register(app)
