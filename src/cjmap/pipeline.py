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
from collections.abc import Sequence
from dataclasses import dataclass

from cjmap._record import Record
from cjmap.errors import Diagnostic, Limits
from cjmap.load import DEFAULT_LIMITS, SourceDocument, load_document
from cjmap.model import Journey, build_journey


@dataclass(frozen=True, eq=False, repr=False)
class LoadedMap(Record):
    """A valid map with the document it came from and its warnings."""

    path: str
    document: SourceDocument
    journey: Journey
    warnings: list[Diagnostic]


@dataclass(frozen=True, eq=False, repr=False)
class RenderOptions(Record):
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


def load_journey(
    path: str | os.PathLike[str],
    limits: Limits = DEFAULT_LIMITS,
    data_files: Sequence[str] = (),
) -> LoadedMap:
    """Load and validate one map file, and join its data files onto it.

    Args:
        path: the map file.
        limits: resource limits.
        data_files: `--data` CSV/JSON files joined after the map's own `data:`.

    Raises:
        UsageError: no such file (map or data file), or a directory.
        InvalidMap: every error in the map, or in its data files.
    """
    doc = load_document(path, limits)
    result = build_journey(doc, limits)
    journey, warnings = result.journey, result.warnings
    if journey.data or data_files:
        from cjmap.data import join_data

        joined = join_data(journey, doc, data_files, limits)
        journey, warnings = joined.journey, joined.settle(warnings)
        doc.files.extend(f for f in joined.files if f not in doc.files)
    return LoadedMap(os.fspath(path), doc, journey, warnings)


def render_journey(journey: Journey, options: RenderOptions) -> bytes:
    """Render a journey to the bytes of one output file.

    Raises:
        UsageError: unknown format, unknown persona or lane.
        ToolMissing: an external program the format needs is not installed.
    """
    from cjmap.render import render

    return render(journey, options)
