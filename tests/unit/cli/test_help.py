"""Help texts a newcomer copies from: examples whole, lane names complete."""

from __future__ import annotations

import re

import pytest
from tests.conftest import RunCli

from cjmap.cli.commands.render import LANES_HELP
from cjmap.model.lanes import Lane

COMMANDS = [
    [],
    ["validate"],
    ["render"],
    ["lint"],
    ["diff"],
    ["show"],
    ["init"],
    ["watch"],
    ["serve"],
    ["schema"],
    ["import", "mermaid"],
]


def test_the_lanes_named_in_render_help_are_the_models() -> None:
    assert LANES_HELP.split(", ") == [lane.value for lane in Lane]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "cjmap")
def test_examples_stay_whole_on_a_narrow_terminal(run_cli: RunCli, command: list[str]) -> None:
    code, out, _ = run_cli(*command, "--help", env={"COLUMNS": "60"})
    assert code == 0
    lines = out.splitlines()
    examples = [i for i, line in enumerate(lines) if re.match(r"^ {4}cjmap ", line)]
    assert examples, "every command's help shows examples"
    for i in examples:
        # a wrapped example would continue on the next line, indented, without `cjmap`
        follower = lines[i + 1] if i + 1 < len(lines) else ""
        assert not re.match(r"^ {4}\S", follower) or follower.startswith("    cjmap "), (
            lines[i],
            follower,
        )
    prose = [line for k, line in enumerate(lines) if k not in examples]
    assert max(map(len, prose)) <= 60  # the narrow width really was in force


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "cjmap")
def test_arguments_and_options_are_named_for_what_they_take(
    run_cli: RunCli, command: list[str]
) -> None:
    # typer's own placeholders read as code (`-o <str>`, `{maps}...`); each
    # value says what it is (`-o PATH`, `MAP...`), as `--help` of git or dot do
    code, out, _ = run_cli(*command, "--help", env={"COLUMNS": "100"})
    assert code == 0
    assert not re.search(r"<(str|int|float)[^>]*>|\{[a-z_]+\}", out), out
    if command == ["render"]:
        assert "Usage: cjmap render [OPTIONS] {MAP...}" in out
        assert "-o, --output PATH" in out and "--scale N" in out
