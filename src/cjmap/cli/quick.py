"""`cjmap render` and `cjmap validate` without typer, when the command line is plain.

Importing typer (its vendored click, shell completion, `platform`,
`subprocess` …) is about 35 ms of the ~230 ms that rendering a 30-step map
takes, and of every `cjmap validate` a pre-commit hook runs. Most command
lines are plain: the command, its files, and options spelt out whole
(`-o out.png`, `--format=json`, `--strict`). Those are read here, from a
table of each command's options, and the command runs without typer.

Anything else returns None, and typer reads the whole command line as before,
with its own messages: `--help`, an unknown, misspelt or bundled option
(`-qf json`), a value that starts with `-` (except `-` itself), an option
given twice (other than the repeatable `--data`), `--`, a missing value, a
scale typer would convert or refuse, and shell completion. So this module
never prints and never rejects anything; it only declines.

`tests/unit/cli/test_quick.py` checks the tables against the typer commands,
and parses generated command lines both ways: whatever this module accepts,
typer must turn into the same arguments.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
from collections.abc import Callable
from typing import Any, NoReturn

#: the kinds of option: text (one value), flag (no value), list (repeatable
#: text), scale (a decimal number within bounds), and a fixed set of words.
TEXT, FLAG, LIST, SCALE = "text", "flag", "list", "scale"
_DECIMAL = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,6})?")


class Option:
    """One option of a command: its spellings and the parameter it fills."""

    __slots__ = ("choices", "kind", "names", "param", "range")

    def __init__(
        self,
        param: str,
        *names: str,
        kind: str = TEXT,
        choices: tuple[str, ...] = (),
        range: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        self.param, self.names, self.kind = param, names, kind
        self.choices, self.range = choices, range

    def convert(self, value: str) -> object | None:
        """The value the command gets, or None to leave the command line to typer."""
        if self.kind == SCALE:
            low, high = self.range
            if not _DECIMAL.fullmatch(value) or not low <= float(value) <= high:
                return None
            return float(value)
        if self.choices and value not in self.choices:
            return None
        return value


class Command:
    """A command's positional parameter, its options, and the function that runs it."""

    __slots__ = ("by_name", "function", "module", "options", "positional")

    def __init__(self, module: str, function: str, positional: str, *options: Option) -> None:
        self.module, self.function, self.positional = module, function, positional
        self.options = options
        self.by_name = {name: option for option in options for name in option.names}


COMMAND_BY_NAME = {
    "render": Command(
        "cjmap.cli.commands.render",
        "render",
        "maps",
        Option("fmt", "--format", "-f"),
        Option("output", "--output", "-o"),
        Option("theme", "--theme", "-t"),
        Option("persona", "--persona", "-p"),
        Option("lanes", "--lanes"),
        Option("scale", "--scale", kind=SCALE, range=(0.25, 8.0)),
        Option("flow_format", "--flow-format"),
        Option("table", "--table"),
        Option("data_files", "--data", kind=LIST),
    ),
    "validate": Command(
        "cjmap.cli.commands.validate",
        "validate",
        "paths",
        Option("fmt", "--format", "-f", choices=("text", "json", "github")),
        Option("strict", "--strict", kind=FLAG),
        Option("quiet", "--quiet", "-q", kind=FLAG),
        Option("skip_non_maps", "--skip-non-maps", kind=FLAG),
        Option("data_files", "--data", kind=LIST),
    ),
}
#: what may come before the command (`cjmap --traceback render …`)
ROOT_FLAGS = frozenset({"--traceback"})
#: set by click's shell completion scripts; typer answers those
COMPLETION_VARIABLE = "_CJMAP_COMPLETE"


def parse(argv: list[str]) -> tuple[str, dict[str, Any]] | None:
    """Read a plain command line.

    Args:
        argv: the arguments after `cjmap`.

    Returns:
        (command name, the keyword arguments of its function), or None when
        typer should read this command line. A root `--traceback` is left to
        the caller (`cjmap.cli.app` looks for it in the arguments).
    """
    position = 0
    while position < len(argv) and argv[position] in ROOT_FLAGS:
        position += 1
    if position == len(argv) or argv[position] not in COMMAND_BY_NAME:
        return None
    name = argv[position]
    values = _options(COMMAND_BY_NAME[name], argv[position + 1 :])
    if values is None:
        return None
    return name, values


def _options(command: Command, args: list[str]) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    positional: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            positional.append(arg)
            continue
        spelt, equals, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        option = command.by_name.get(spelt)
        if option is None:
            return None
        if option.kind == FLAG:
            if equals or option.param in values:
                return None
            values[option.param] = True
            continue
        value = inline if equals else next(rest, None)
        if value is None or (value.startswith("-") and value != "-"):
            return None
        converted = option.convert(value)
        if converted is None:
            return None
        if option.kind == LIST:
            values.setdefault(option.param, []).append(converted)
        elif option.param in values:
            return None
        else:
            values[option.param] = converted
    if not positional:
        return None  # typer prints the command's help
    values[command.positional] = positional
    return values


def runner(argv: list[str]) -> Callable[[], NoReturn] | None:
    """The command to run without typer, or None to run typer.

    Args:
        argv: the arguments after `cjmap`.

    Returns:
        A function that runs the command and exits (`SystemExit`), or None.
    """
    if COMPLETION_VARIABLE in os.environ:
        return None
    parsed = parse(argv)
    if parsed is None:
        return None
    name, values = parsed
    command = COMMAND_BY_NAME[name]

    def run() -> NoReturn:
        function = getattr(importlib.import_module(command.module), command.function)
        try:
            function(**values)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            # as click does: the reader of stdout has gone (`| head`); exit 1, quietly
            raise SystemExit(1) from None
        raise SystemExit(0)

    return run
