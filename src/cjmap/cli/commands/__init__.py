"""One module per subcommand; `register` adds them to the app in help order."""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import typer

#: `--data` of render and show
DATA_HELP = (
    "CSV/JSON step data to join (step ids in `step`, `step_id` or the column the map's "
    "`data:` uses); repeatable."
)

# Help order. Each module has `register(app)`.
COMMAND_MODULES = (
    "validate",
    "render",
    "lint",
    "diff",
    "show",
    "init",
    "watch",
    "serve",
    "import_",
    "schema",
)


def register(app: typer.Typer, only: str | None = None) -> None:
    """Add the subcommands to `app`; with `only` (a command name), just that one.

    Importing only the command being run skips the others' imports (rich
    tables, http.server …): about 0.1 s of CPU on every run (bench/results.md).
    Commands already on `app` are left as they are, so calling this again
    (one process running several commands, as tests do) adds what is missing.
    """
    present = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    for name in COMMAND_MODULES:
        if only is not None and name.rstrip("_") != only:
            continue
        if name.rstrip("_") in present:
            continue
        module_name = f"cjmap.cli.commands.{name}"
        # TODO(#8, #9): drop this guard once every command module has landed.
        if importlib.util.find_spec(module_name) is None:
            continue
        importlib.import_module(module_name).register(app)
