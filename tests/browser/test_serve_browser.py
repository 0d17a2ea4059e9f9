"""`cjmap serve` in headless Chromium: the open page reloads itself after a save."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.browser.support import NORMATIVE

pytestmark = pytest.mark.browser


def test_the_page_reloads_when_the_map_is_saved(tmp_path: Path, browser: Any) -> None:
    shutil.copy(NORMATIVE, tmp_path / "map.yaml")
    shutil.copy(NORMATIVE.with_name("personas.yaml"), tmp_path / "personas.yaml")
    path = tmp_path / "map.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cjmap", "serve", str(path), "--port", "0", "--exit-after", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    context = browser.new_context()
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        problems: list[str] = []
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(url)
        assert page.locator("h1").inner_text() == "First purchase at Plantly"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: First purchase", "title: Live edit of"), "utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1').textContent === 'Live edit of at Plantly'",
            timeout=30_000,
        )
        # a broken save shows its problems in the page, a fixed one the report again
        path.write_text(text.replace("emotion: -2\n", "emotion: -9\n", 1), "utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1').textContent.includes('has 1 problem')",
            timeout=30_000,
        )
        assert "emotion-range" in page.inner_text(".cj-diagnostics")
        path.write_text(text, "utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1').textContent === 'First purchase at Plantly'",
            timeout=30_000,
        )
        assert problems == []
    finally:
        context.close()
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
    assert proc.returncode == 0
