"""Stage 4: render backends. In: a `Journey` (and its `JourneyLayout`). Out: bytes.

Backends return `str`/`bytes` and never touch files; the CLI writes them
atomically. PNG and PDF are converted from the SVG, so the formats can never
disagree. The flow view hands the model to Graphviz, not the layout.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cjmap._record import Record
from cjmap.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

Renderer = Callable[["Journey", "RenderOptions"], bytes]


@dataclass(frozen=True, eq=False, repr=False)
class OutputFormat(Record):
    """A format the `render` command can write; imported lazily on first use."""

    module: str
    function: str
    suffix: str
    summary: str


FORMAT_BY_NAME: dict[str, OutputFormat] = {
    "svg": OutputFormat("cjmap.render.svg", "render_svg_bytes", ".svg", "swimlane diagram"),
    "png": OutputFormat("cjmap.render.png", "render_png_bytes", ".png", "swimlane as PNG"),
    "pdf": OutputFormat("cjmap.render.pdf", "render_pdf_bytes", ".pdf", "swimlane as PDF"),
    "html": OutputFormat("cjmap.render.html", "render_html_bytes", ".html", "journey report"),
    "flow": OutputFormat(
        "cjmap.render.flow_dot", "render_flow_bytes", ".flow.svg", "flow graph (Graphviz)"
    ),
    "dot": OutputFormat("cjmap.render.flow_dot", "render_dot_bytes", ".dot", "flow as DOT"),
    "mermaid": OutputFormat(
        "cjmap.render.mermaid", "render_mermaid_bytes", ".mmd", "Mermaid journey"
    ),
    "csv": OutputFormat("cjmap.render.csv_table", "render_csv_bytes", ".csv", "spreadsheet"),
}

# `-o map.png` picks the format from the suffix.
FORMAT_BY_SUFFIX = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".csv": "csv",
}


def available_formats() -> list[str]:
    """Formats whose backend is installed in this build."""
    return [
        name
        for name, fmt in FORMAT_BY_NAME.items()
        if importlib.util.find_spec(fmt.module) is not None
    ]


def renderer_for(fmt: str) -> Renderer:
    """The render function of a format.

    Raises:
        UsageError: the format is unknown.
    """
    spec = FORMAT_BY_NAME.get(fmt)
    if spec is None or fmt not in available_formats():
        known = ", ".join(available_formats())
        raise UsageError(f"unknown format `{fmt}`; choose one of {known}")
    func: Renderer = getattr(importlib.import_module(spec.module), spec.function)
    return func


def render(journey: Journey, options: RenderOptions) -> bytes:
    """Render `journey` in `options.format`."""
    from cjmap.render._gc import gc_paused

    renderer = renderer_for(options.format)
    with gc_paused():  # no reference cycles, ~10^5 objects per 1,000 steps: see _gc.py
        return renderer(journey, options)
