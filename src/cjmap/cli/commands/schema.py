"""`cjmap schema`: the JSON Schema of the map format, for editors and other tools."""

from __future__ import annotations

import typer

HELP = """Print the JSON Schema (draft 2020-12) of the map format.

Point your editor at it for completion and checking: put this first line in a map

  # yaml-language-server: $schema=../schemas/cjmap.schema.json

Example:

  cjmap schema > schemas/cjmap.schema.json
"""


def register(app: typer.Typer) -> None:
    app.command("schema", help=HELP)(schema)


def schema() -> None:
    from cjmap.model.schema import schema_text

    typer.echo(schema_text(), nl=False)
