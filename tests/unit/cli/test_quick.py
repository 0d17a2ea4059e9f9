"""`cjmap.cli.quick` reads plain command lines as typer would, and declines the rest."""

from __future__ import annotations

import enum
import errno
import importlib
import inspect
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cjmap.cli import commands, quick
from cjmap.cli.app import app

ROOT = Path(__file__).resolve().parents[3]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml"


def _click_command(name: str) -> Any:
    commands.register(app)
    return typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]


def _function(name: str) -> Any:
    command = quick.COMMAND_BY_NAME[name]
    return getattr(__import__(command.module, fromlist=["_"]), command.function)


@pytest.mark.parametrize("name", sorted(quick.COMMAND_BY_NAME))
def test_the_table_spells_every_option_as_the_typer_command_does(name: str) -> None:
    # typer vendors click (`typer._click`): tell the kinds apart by their names
    spec = quick.COMMAND_BY_NAME[name]
    click_command = _click_command(name)
    arguments = [p for p in click_command.params if p.param_type_name == "argument"]
    assert [a.name for a in arguments] == [spec.positional]
    assert all(a.nargs == -1 and a.required for a in arguments)
    options = {p.name: p for p in click_command.params if p.param_type_name == "option"}
    assert sorted(options) == sorted(o.param for o in spec.options)
    for option in spec.options:
        declared = options[option.param]
        assert sorted(option.names) == sorted(declared.opts + declared.secondary_opts)
        assert (option.kind == quick.FLAG) == declared.is_flag
        assert (option.kind == quick.LIST) == declared.multiple
        if option.kind == quick.SCALE:
            assert type(declared.type).__name__ == "FloatRange"
            assert option.range == (declared.type.min, declared.type.max)
            assert not (declared.type.min_open or declared.type.max_open or declared.type.clamp)
        choices = getattr(declared.type, "choices", None)
        assert option.choices == (tuple(str(c) for c in choices) if choices else ())


@pytest.mark.parametrize("name", sorted(quick.COMMAND_BY_NAME))
def test_the_function_has_typers_defaults(name: str) -> None:
    # What quick leaves out, the function's own defaults fill in: they must be typer's.
    spec = quick.COMMAND_BY_NAME[name]
    signature = inspect.signature(_function(name))
    assert list(signature.parameters) == [spec.positional, *(o.param for o in spec.options)]
    for param in _click_command(name).params:
        if param.name == spec.positional:
            continue
        default = signature.parameters[param.name].default
        assert _plain(default) == _plain(param.default), param.name


def _plain(value: object) -> object:
    # typer hands lists and enum members; quick hands lists and strings
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return value


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["render", "a.yaml"], ("render", {"maps": ["a.yaml"]})),
        (
            ["render", "a.yaml", "b.yaml", "-o", "out/", "-f", "png", "--scale", "2"],
            (
                "render",
                {"maps": ["a.yaml", "b.yaml"], "output": "out/", "fmt": "png", "scale": 2.0},
            ),
        ),
        (
            ["render", "--format=svg", "a.yaml", "-o", "-", "--data", "x.csv", "--data=y.json"],
            (
                "render",
                {
                    "fmt": "svg",
                    "maps": ["a.yaml"],
                    "output": "-",
                    "data_files": ["x.csv", "y.json"],
                },
            ),
        ),
        (
            ["--traceback", "validate", "maps/", "--strict", "-q", "--format", "github"],
            ("validate", {"paths": ["maps/"], "strict": True, "quiet": True, "fmt": "github"}),
        ),
        (
            ["validate", "-", "--skip-non-maps"],
            ("validate", {"paths": ["-"], "skip_non_maps": True}),
        ),
    ],
)
def test_plain_command_lines_run_without_typer(argv: list[str], expected: object) -> None:
    assert quick.parse(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["render"],  # typer prints the command's help
        ["lint", "a.yaml"],
        ["render", "a.yaml", "--help"],
        ["render", "-h", "a.yaml"],
        ["render", "a.yaml", "--nope"],
        ["render", "a.yaml", "-fpng"],  # glued short value
        ["validate", "a.yaml", "-qf", "json"],  # bundled flags
        ["render", "a.yaml", "-o"],  # missing value
        ["render", "a.yaml", "-o", "--theme", "dark"],  # a value that looks like an option
        ["render", "a.yaml", "--scale", "9"],  # out of range: typer's message
        ["render", "a.yaml", "--scale", "nan"],
        ["render", "a.yaml", "--scale", "1e0"],
        ["render", "a.yaml", "-f", "png", "--format", "svg"],  # given twice
        ["validate", "a.yaml", "--strict", "--strict"],
        ["validate", "a.yaml", "--strict=yes"],
        ["validate", "a.yaml", "--format", "JSON"],  # not a choice
        ["render", "--", "-a.yaml"],
        ["--version", "render", "a.yaml"],
        ["render", "a.yaml", "--traceback"],  # a root option after the command
    ],
)
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert quick.parse(argv) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert quick.runner(["render", "a.yaml"]) is not None
    monkeypatch.setenv(quick.COMPLETION_VARIABLE, "bash_complete")
    assert quick.runner(["render", "a.yaml"]) is None


# Command lines made of files, options with values (apart or after `=`),
# flags, and now and then a value or a token that typer must be left with.
_FILES = ["a.yaml", "maps/", "-", "x=y.yaml"]
_TEXT = ["png", "svg", "out/", "-", "", "a=b", "--x"]
_SCALES = ["0.25", "1", "2.5", "8.0", "8.01", "0.2"]
_ODD = ["--", "-h", "--help", "--nope", "-qf", "-fpng", "--strict=1", "-1", "--format="]


def _values(option: quick.Option) -> st.SearchStrategy[str]:
    if option.kind == quick.SCALE:
        return st.sampled_from(_SCALES)
    if option.choices:
        return st.sampled_from([*option.choices, "JSON"])
    return st.sampled_from(_TEXT)


def _words(name: str) -> st.SearchStrategy[list[str]]:
    spec = quick.COMMAND_BY_NAME[name]
    flags = [n for o in spec.options if o.kind == quick.FLAG for n in o.names]
    valued = [(n, o) for o in spec.options if o.kind != quick.FLAG for n in o.names]
    pair = st.sampled_from(valued).flatmap(lambda no: st.tuples(st.just(no[0]), _values(no[1])))
    return st.one_of(
        st.sampled_from(_FILES).map(lambda f: [f]),
        pair.map(list),
        pair.map(lambda t: [f"{t[0]}={t[1]}"]),
        st.sampled_from(flags or _FILES).map(lambda f: [f]),
        st.sampled_from(_ODD).map(lambda t: [t]),
    )


def _tokens(name: str) -> st.SearchStrategy[list[str]]:
    return st.lists(_words(name), max_size=6).map(lambda words: [t for w in words for t in w])


@pytest.mark.parametrize("name", sorted(quick.COMMAND_BY_NAME))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_quick_accepts_typer_reads_the_same(name: str, data: st.DataObject) -> None:
    argv = [name, *data.draw(_tokens(name))]
    parsed = quick.parse(argv)
    if parsed is None:
        return
    assert parsed[0] == name
    function = _function(name)
    bound = inspect.signature(function).bind(**parsed[1])
    bound.apply_defaults()
    seen: dict[str, Any] = {}

    def record(*args: Any, **kwargs: Any) -> None:
        call = inspect.signature(function).bind(*args, **kwargs)
        call.apply_defaults()
        seen.update(call.arguments)

    module = importlib.import_module(quick.COMMAND_BY_NAME[name].module)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, quick.COMMAND_BY_NAME[name].function, record)
        commands.register(app)
        result = CliRunner().invoke(app, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert {k: _plain(v) for k, v in seen.items()} == {
        k: _plain(v) for k, v in bound.arguments.items()
    }


def test_a_plain_render_imports_no_typer_and_a_help_does(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    probe = (
        "import sys\nfrom cjmap.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        "    print(e.code, 'typer' in sys.modules, file=sys.stderr)\n"
    )

    def run(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True
        )
        return proc.stderr.splitlines()[-1]

    out = tmp_path / "m.svg"
    assert run("render", str(NORMATIVE), "-o", str(out)) == "0 False"
    assert out.read_bytes().startswith(b"<svg")
    assert run("validate", "-q", str(NORMATIVE)) == "0 False"
    assert run("render", str(NORMATIVE), "--scale", "9") == "2 True"  # typer's range message


def test_a_reader_that_leaves_early_ends_a_quick_run_with_1_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `cjmap render map.yaml -o - | head -c 1`, as click's main handles it for typer
    def gone(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    module = importlib.import_module(quick.COMMAND_BY_NAME["render"].module)
    monkeypatch.setattr(module, "render", gone)
    run = quick.runner(["render", "a.yaml", "-o", "-"])
    assert run is not None
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 1
    assert capsys.readouterr() == ("", "")


def test_other_system_errors_reach_the_entry_points_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(
        importlib.import_module(quick.COMMAND_BY_NAME["render"].module), "render", full
    )
    run = quick.runner(["render", "a.yaml", "-o", "-"])
    assert run is not None
    with pytest.raises(OSError, match="No space"):
        run()
