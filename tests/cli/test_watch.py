"""`cjmap watch`: re-renders after a save, survives a briefly invalid file.

The watcher runs as a real process; the test edits the map and waits (with a
bound, never a fixed sleep) for the watcher to report each render.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.cli.conftest import Run

WAIT = 60.0  # seconds; a bound for slow CI machines, not a speed expectation


class Watcher:
    """`cjmap watch` in a subprocess, its stderr lines collected as they come."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cjmap", "watch", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.proc.stderr is not None
        stream = self.proc.stderr
        threading.Thread(target=lambda: [self.lines.put(x) for x in stream], daemon=True).start()

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        pytest.fail(f"no line with {text!r} from cjmap watch; got:\n{''.join(self.seen)}")

    def finish(self) -> int:
        try:
            return self.proc.wait(timeout=WAIT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def test_rerenders_after_save_and_survives_an_invalid_file(normative: Path) -> None:
    folder = normative.parent
    text = normative.read_text(encoding="utf-8")
    watcher = Watcher("map.yaml", "--max-runs", "3", "--exit-after", str(WAIT), cwd=folder)
    watcher.wait_for("[1] map.yaml -> map.svg")
    first = (folder / "map.svg").read_bytes()
    assert b"First purchase at Plantly" in first

    normative.write_text(text + "phases_typo: []\n", encoding="utf-8")
    watcher.wait_for("unknown key `phases_typo`")
    watcher.wait_for("[2] map.yaml: not rendered")
    assert (folder / "map.svg").read_bytes() == first  # the last good output stays

    normative.write_text(text.replace("First purchase at Plantly", "Second visit"), "utf-8")
    watcher.wait_for("[3] map.yaml -> map.svg")
    assert watcher.finish() == 0
    assert b"Second visit" in (folder / "map.svg").read_bytes()
    assert "Traceback" not in "".join(watcher.seen)


def test_included_file_changes_rerender(normative: Path) -> None:
    folder = normative.parent
    watcher = Watcher("map.yaml", "-o", "out.svg", "--max-runs", "2", cwd=folder)
    watcher.wait_for("[1] map.yaml -> out.svg")
    (folder / "personas.yaml").write_text(
        "personas:\n  - {id: zoe, name: Zoe Included}\n", encoding="utf-8"
    )
    watcher.wait_for("[2] map.yaml -> out.svg")
    assert watcher.finish() == 0
    assert b"Zoe Included" in (folder / "out.svg").read_bytes()


def test_usage_errors_exit_2(cli: Run, normative: Path) -> None:
    assert cli("watch", str(normative.parent / "missing.yaml")).exit_code == 2
    assert cli("watch", str(normative), "-f", "gif").exit_code == 2
    assert cli("watch", str(normative), "--theme", "neon").exit_code == 2
    unknown = cli("watch", str(normative), "--persona", "zoe")  # fails the first render: stops
    assert unknown.exit_code == 2
    assert "zoe" in unknown.stderr
    assert not (normative.parent / "map.svg").exists()
