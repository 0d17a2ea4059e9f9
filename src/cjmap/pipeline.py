"""The whole path on one screen: file -> data -> Journey -> layout -> bytes.

    load_document(path)        cjmap.load     SourceDocument (data + positions)
    build_journey(doc)         cjmap.model    Journey (+ warnings) or InvalidMap
    layout_journey(journey)    cjmap.layout   JourneyLayout (pure geometry)
    RENDERER_BY_FORMAT[fmt]    cjmap.render   str / bytes

The CLI turns options into `RenderOptions` and calls these; nothing here
prints or exits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cjmap.errors import Diagnostic, Limits
from cjmap.load import DEFAULT_LIMITS, SourceDocument, load_document
from cjmap.model import Journey, build_journey


@dataclass(frozen=True)
class LoadedMap:
    """A valid map with the document it came from and its warnings."""

    path: str
    document: SourceDocument
    journey: Journey
    warnings: list[Diagnostic]


@dataclass(frozen=True)
class RenderOptions:
    """Everything a renderer may be asked for, already parsed from the CLI.

    Attributes:
        format: `svg`, `png`, `pdf`, `html`, `dot`, `flow`, `mermaid`, `csv` …
        theme: `light`, `dark`, `print`, or None for the map's own / default.
        persona: draw only this persona's journey.
        lanes: lane names in order, overriding `view.lanes`.
        scale: raster zoom for PNG.
        flow_format: output format of the flow graph (`svg`, `png`, `pdf`, `dot`).
        table: for CSV: `steps`, `pain-points` or `opportunities`.
    """

    format: str = "svg"
    theme: str | None = None
    persona: str | None = None
    lanes: tuple[str, ...] | None = None
    scale: float = 1.0
    flow_format: str = "svg"
    table: str = "steps"
    extra: dict[str, str] = field(default_factory=dict)


def load_journey(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> LoadedMap:
    """Load and validate one map file.

    Raises:
        UsageError: no such file, or a directory.
        InvalidMap: every error in the map.
    """
    doc = load_document(path, limits)
    result = build_journey(doc, limits)
    return LoadedMap(os.fspath(path), doc, result.journey, result.warnings)


def render_journey(journey: Journey, options: RenderOptions) -> bytes:
    """Render a journey to the bytes of one output file.

    Raises:
        UsageError: unknown format, unknown persona or lane.
        ToolMissing: an external program the format needs is not installed.
    """
    from cjmap.render import render

    return render(journey, options)
