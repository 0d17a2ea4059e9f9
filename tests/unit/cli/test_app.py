"""The entry point registers the invoked subcommand, and later ones in the same process."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from cjmap.cli import commands
from cjmap.cli.app import _build_app, main

ROOT = Path(__file__).resolve().parents[3]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative"


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["cjmap", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return int(exit_info.value.code or 0)


def test_a_second_command_in_the_same_process_is_registered_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build_app.cache_clear()  # a fresh app, as in a new process (earlier tests filled it)
    shutil.copytree(NORMATIVE, tmp_path / "m")
    source = tmp_path / "m" / "map.yaml"
    monkeypatch.setenv("NO_COLOR", "1")
    # `lint` and `schema` go through typer (`render` and `validate` may not: see quick)
    assert _main(monkeypatch, "lint", str(source)) == 0
    assert _main(monkeypatch, "schema") == 0
    out = tmp_path / "out.svg"
    assert _main(monkeypatch, "render", str(source), "-o", str(out)) == 0
    assert out.read_bytes().startswith(b"<svg")
    assert _main(monkeypatch, "validate", "--quiet", "--format", "JSON", str(source)) == 2


def test_registering_again_adds_nothing_twice() -> None:
    app = _build_app()
    commands.register(app, only="import")
    commands.register(app)
    commands.register(app)
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert sorted(names) == sorted(m.rstrip("_") for m in commands.COMMAND_MODULES)


def _run_entry(code: str, tmp_path: Path) -> tuple[int, str, str]:
    import subprocess

    script = tmp_path / "entry.py"
    script.write_text(
        "import atexit, sys\n"
        "from cjmap.cli import app\n"
        "atexit.register(print, 'exit handler ran')\n"
        f"{code}\n"
        "app.run()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [
        ("sys.argv = ['cjmap', '--version']", 0, ""),
        ("sys.argv = ['cjmap', 'render', 'no-such-map.yaml']", 2, "no such file"),
        ("app.main = lambda: sys.exit('stopped: reason')", 1, "stopped: reason"),
        ("app.main = lambda: None", 0, ""),
    ],
)
def test_the_console_entry_keeps_exit_status_handlers_and_output(
    tmp_path: Path, code: str, status: int, stderr: str
) -> None:
    # run() leaves with os._exit: what the interpreter would do on the way out
    # (exit handlers, flushing buffered stdout, the status) must still happen.
    returncode, out, err = _run_entry(code, tmp_path)
    assert returncode == status
    assert out.endswith("exit handler ran\n")
    assert stderr in err
    if "--version" in code:
        assert out.startswith("cjmap ")


def test_an_exception_under_traceback_still_shows_the_traceback(tmp_path: Path) -> None:
    returncode, _, err = _run_entry(
        "sys.argv = ['cjmap', '--traceback', 'validate', 'x.yaml']\n"
        "def boom():\n    raise RuntimeError('kaboom')\n"
        "app.main = boom",
        tmp_path,
    )
    assert returncode == 1
    assert "Traceback" in err and "RuntimeError: kaboom" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("args", [["--version"], ["schema"], ["validate", str(NORMATIVE)]])
def test_output_the_system_refuses_is_an_error_not_exit_0(args: list[str]) -> None:
    import subprocess

    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cjmap", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.strip().startswith("cjmap: ")
    assert "No space left on device" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
