"""`cjmap validate` output: text with source line and caret, JSON, GitHub annotations,
colour only on a terminal, help and version, and the internal-error path."""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import ROOT, RunCli

from cjmap.cli import app as app_module
from cjmap.cli.commands import COMMAND_MODULES

INVALID = ROOT / "tests" / "cases" / "invalid"
JSON_KEYS = {"file", "line", "column", "severity", "code", "message", "hint", "loc"}


def test_text_quotes_the_line_with_a_caret_under_the_column(run_cli: RunCli) -> None:
    code, out, _ = run_cli("validate", "yaml-unclosed-bracket.yaml", cwd=INVALID)
    assert code == 1
    assert out == (
        "yaml-unclosed-bracket.yaml:9:7: error: YAML syntax error: the `[` list opened here "
        "is not closed (expected `]` before line 10, column 7) [yaml-syntax]\n"
        "    9 | tags: [ecommerce, web\n"
        "      |       ^\n"
        "      hint: add the missing `]`, or a `,` between the items\n"
        "1 of 1 map invalid: 1 error, 0 warnings\n"
    )


def test_caret_counts_wide_characters_twice(run_cli: RunCli) -> None:
    _, out, _ = run_cli("validate", "unicode-columns.yaml", cwd=INVALID)
    source, caret = out.splitlines()[1:3]
    assert source == "   16 |       - {id: browse, name: 浏览目录 🌱 «ok», emotion: 9}"
    # 27 narrow + 4 CJK (2 columns each) + 1 + 🌱 (2) + 1 + «ok» (4) + ", emotion: " (11)
    assert caret == "      | " + " " * 54 + "^"


def test_json_report_has_stable_keys(run_cli: RunCli, tmp_path: Path) -> None:
    code, out, _ = run_cli(
        "validate", "--format", "json", "several-errors.yaml", "unknown-key-step.yaml", cwd=INVALID
    )
    assert code == 1
    report = json.loads(out)
    assert set(report) == {"valid", "files", "skipped", "diagnostics", "summary"}
    assert report["valid"] is False
    assert report["files"][1] == {
        "file": "unknown-key-step.yaml",
        "valid": False,
        "errors": 1,
        "warnings": 0,
    }
    assert all(set(d) == JSON_KEYS for d in report["diagnostics"])
    last = report["diagnostics"][-1]
    assert last == {
        "file": "unknown-key-step.yaml",
        "line": 19,
        "column": 9,
        "severity": "error",
        "code": "unknown-key",
        "message": "unknown key `pain_point`",
        "hint": "did you mean `pain_points`?",
        "loc": "phases[0].steps[1].pain_point",
    }
    assert [(d["line"], d["code"]) for d in report["diagnostics"][:4]] == [
        (9, "unknown-key"),
        (19, "emotion-range"),
        (20, "dangling-reference"),
        (26, "unknown-key"),
    ]
    assert report["summary"] == "2 of 2 maps invalid: 5 errors, 0 warnings"


def test_github_format_prints_workflow_commands(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "warn.yaml").write_text(
        "cjmap: 1\ntitle: W\nphases:\n  - name: P\n    steps:\n      - name: A\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(
        "validate",
        "-f",
        "github",
        str(INVALID / "unknown-key-step.yaml"),
        "warn.yaml",
        cwd=tmp_path,
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"::error file={INVALID / 'unknown-key-step.yaml'},line=19,col=9::unknown key "
        "`pain_point` (did you mean `pain_points`?) [unknown-key]"
    )
    assert lines[1] == (
        "::warning file=warn.yaml,line=6,col=9::step `A` has no emotion, so the emotion curve "
        "skips it (add `emotion: 0` (neutral) if nothing is known yet) [missing-emotion]"
    )
    assert lines[2:] == ["1 of 2 maps invalid: 1 error, 1 warning"]


def test_github_format_without_a_position(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_bytes(b"#" * (11 * 1024 * 1024))
    code, out, _ = run_cli("validate", "-f", "github", "big.yaml", cwd=tmp_path)
    assert code == 1
    assert out.splitlines()[0].startswith("::error file=big.yaml::`big.yaml` is larger than")


def test_no_colour_when_not_a_terminal(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    _, out, _ = run_cli("validate", "unknown-key-step.yaml", cwd=INVALID, env={"TERM": "xterm"})
    assert "unknown key `pain_point`" in out
    assert "\x1b[" not in out


def test_colour_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    leader, follower = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "cjmap", "validate", "unknown-key-step.yaml"],
        cwd=INVALID,
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "TERM": "xterm-256color"},
        timeout=60,
        check=False,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    out = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 1
    assert "\x1b[" in out and "pain_point" in out


def test_version(run_cli: RunCli) -> None:
    from cjmap import __version__

    assert run_cli("--version") == (0, f"cjmap {__version__}\n", "")
    assert run_cli("-V") == (0, f"cjmap {__version__}\n", "")


def test_help_has_examples(run_cli: RunCli) -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "Examples:" in out and "cjmap validate maps/" in out


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_every_command_help_has_an_example(run_cli: RunCli, module: str) -> None:
    if importlib.util.find_spec(f"cjmap.cli.commands.{module}") is None:
        pytest.skip(f"cjmap/cli/commands/{module}.py is not written yet")
    command = module.rstrip("_")
    code, out, _ = run_cli(command, "--help")
    assert code == 0
    if "\nCommands:\n" in out:  # a group: each of its subcommands shows an example
        subcommands = [line.split()[0] for line in out.split("\nCommands:\n")[1].splitlines()]
        assert subcommands
        for sub in subcommands:
            code, text, _ = run_cli(command, sub, "--help")
            assert code == 0
            assert "Example" in text and f"cjmap {command} {sub}" in text
    else:
        assert "Example" in out
        assert f"cjmap {command}" in out


def test_internal_error_prints_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cjmap.cli.commands import validate

    def broken(name: str) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(validate, "check_file", broken)
    monkeypatch.setattr(sys, "argv", ["cjmap", "validate", str(INVALID / "empty-file.yaml")])
    with pytest.raises(SystemExit) as info:
        app_module.main()
    assert info.value.code == app_module.EXIT_INTERNAL
    captured = capsys.readouterr()
    assert captured.err == (
        "cjmap: internal error: RuntimeError: simulated bug (this is a bug; rerun as "
        "`cjmap --traceback …` with the same arguments and report it)\n"
    )
    monkeypatch.setattr(
        sys, "argv", ["cjmap", "--traceback", "validate", str(INVALID / "empty-file.yaml")]
    )
    with pytest.raises(RuntimeError, match="simulated bug"):
        app_module.main()


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_characters_from_the_map_stay_inert(
    run_cli: RunCli, tmp_path: Path, fmt: str
) -> None:
    (tmp_path / "esc.yaml").write_text(
        'cjmap: 1\ntitle: T\n"\\e[31mEVIL\\e]0;pwned\\a": x\nphases: []\n'
        'colour: "\u202eevil"\n',  # a right-to-left override on a quoted source line
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "--format", fmt, "esc.yaml", cwd=tmp_path)
    assert code == 1
    assert "unknown key `\\x1b[31mEVIL\\x1b]0;pwned\\x07`" in out
    assert "unknown key `colour`" in out
    assert not any(ch in out for ch in "\x1b\x07\u202e")
