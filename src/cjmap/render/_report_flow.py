"""The flow graph inside the HTML report: started first, embedded only when it is small.

The report embeds the flow graph (the one `-f flow` draws) when the journey
branches. Two things keep it from slowing the report down:

- `dot` (through `run_dot`, as for `-f flow`) runs in a worker thread,
  started before the swimlane is laid out and collected after; the thread
  waits on the `dot` process without the GIL, so on a machine with more than
  one core its time hides behind the layout's (the output is the same
  whichever finishes first).
- Past `FLOW_EMBED_MAX_STEPS` the graph is not embedded; the section says
  so and how to draw it with `-f flow`. `dot` grows faster than linearly
  (0.2 s at 300 steps, 1.5–2 s at 1,000, 8 s at 3,000), its SVG would be
  most of the page (1.7 MB at 1,000 steps) that a browser has to lay out,
  and a graph that size is read on its own, zoomed, not in a page column.
"""

from __future__ import annotations

import contextlib
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

FLOW_EMBED_MAX_STEPS = 300  # steps; dot takes ~0.2 s here and ~10× that at 1,000
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_HEIGHT_PT = re.compile(r'<svg\b[^>]*? height="([0-9.]+)pt"')


@dataclass(frozen=True)
class FlowSection:
    """What the report's Flow section shows: the graph, or a note why not (or neither)."""

    svg: str | None = None
    note: str | None = None
    command: str | None = None  # shown after the note, as code
    height: float | None = None  # px, the graph's, for the page's placeholder before it is drawn

    @property
    def shown(self) -> bool:
        return self.svg is not None or self.note is not None


class PendingFlow:
    """The flow section being drawn: `dot` may still be running."""

    def __init__(
        self, done: FlowSection | None = None, drawing: Future[str] | None = None, title: str = ""
    ) -> None:
        self._done, self._drawing, self._title = done, drawing, title

    def result(self) -> FlowSection:
        """Wait for `dot` and return the section.

        Raises:
            CjmapError: `dot` failed (as for `-f flow`).
        """
        if self._done is not None or self._drawing is None:
            return self._done or FlowSection()
        from cjmap.errors import ToolMissing

        try:
            svg = self._drawing.result()
        except ToolMissing as exc:
            self._done = FlowSection(note=f"The flow graph is not included: {exc}")
            return self._done
        # the page embeds one Inter subset for all its text; drop the graph's own copy
        svg = _STYLE.sub("", svg[svg.index("<svg") :], count=1)
        # an accessible name of its own: the page already has a <title> of the same text
        label = escape(f"Flow graph of {self._title}", quote=True)
        svg = svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
        height = _HEIGHT_PT.search(svg)
        # Graphviz sizes in pt; a CSS px is 3/4 pt
        px = round(float(height.group(1)) * 4 / 3, 2) if height else None
        self._done = FlowSection(svg=svg, height=px)
        return self._done


@contextlib.contextmanager
def flow_started(journey: Journey, options: RenderOptions, theme: str) -> Iterator[PendingFlow]:
    """Start drawing the report's flow section, if the journey branches.

    Args:
        journey: the validated map.
        options: persona (as for `-f flow`).
        theme: the report's base theme; the graph is drawn on white in every
            page theme (Graphviz colours are fixed), with print colours for `print`.

    Yields:
        The pending section; nothing to show for a journey that does not branch.
        Leaving the block waits for `dot` (also when the report failed meanwhile).
    """
    from cjmap.model.flow import is_branching

    if not is_branching(journey):
        yield PendingFlow(FlowSection())
        return
    steps = len(journey.steps)
    if steps > FLOW_EMBED_MAX_STEPS:
        yield PendingFlow(
            FlowSection(
                note=f"This journey has {steps:,} steps, so its flow graph is not embedded "
                f"here: the report embeds it up to {FLOW_EMBED_MAX_STEPS:,} steps, to stay quick "
                "to open. Draw it on its own, to zoom and scroll through:",
                command="cjmap render MAP.yaml -f flow",
            )
        )
        return
    from cjmap.render._flow_svg import run_dot
    from cjmap.render.flow_dot import flow_digraph

    graph = flow_digraph(journey, replace(options, theme="print" if theme == "print" else "light"))
    with ThreadPoolExecutor(1, thread_name_prefix="cjmap-dot") as pool:
        yield PendingFlow(drawing=pool.submit(run_dot, graph, journey.title), title=journey.title)
