"""Shared pieces of the browser tests: the maps, Chromium's flags, screenshots."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml"
MAPS = [*sorted((ROOT / "examples").glob("*.yaml")), NORMATIVE]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("CJMAP_ARTIFACTS") or ROOT / "tests" / "artifacts")


def map_name(path: Path) -> str:
    return path.parent.name if path.name == "map.yaml" else path.stem


@dataclass
class Opened:
    """A report open in a page, with everything that went wrong while loading it."""

    page: Any
    problems: list[str] = field(default_factory=list)


OpenReport = Callable[..., Opened]


def screenshot(page: Any, name: str) -> Path:
    """Save a screenshot under the artifacts folder.

    The first screenful by default; the whole page with
    CJMAP_SCREENSHOTS=full (a full page of a large map takes seconds to paint).
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=os.environ.get("CJMAP_SCREENSHOTS") == "full")
    return target
