"""The flow graph inside the HTML report: started first, embedded only when it is small.

The report embeds the flow graph (the one `-f flow` draws) when the journey
branches. Two things keep it from slowing the report down:

- `dot` (through `run_dot`, as for `-f flow`) runs in a worker thread,
  started before the swimlane is laid out and collected after; the thread
  waits on the `dot` process without the GIL, so on a machine with more than
  one core its time hides behind the layout's (the output is the same
  whichever finishes first).
- A page that can turn dark (no theme, or `--theme dark`, which prints
  light) needs the graph in dark colours too: Graphviz writes colours into
  the SVG, so a second `dot` draws the dark graph in a second thread (the
  two run side by side) and `merge_themed_svg` keeps one SVG plus the CSS
  that recolours it, as for the swimlane.
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

from cjmap._record import Record

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

FLOW_EMBED_MAX_STEPS = 300  # steps; dot takes ~0.2 s here and ~10× that at 1,000
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_SIZE_PT = re.compile(r'<svg\b[^>]*? width="([0-9.]+)pt" height="([0-9.]+)pt"')
FLOW_SCOPE = ".cj-flow-viewport svg"  # where the flow graph's dark-mode rules apply


@dataclass(frozen=True, eq=False, repr=False)
class FlowSection(Record):
    """What the report's Flow section shows: the graph, or a note why not (or neither)."""

    svg: str | None = None
    note: str | None = None
    command: str | None = None  # shown after the note, as code
    width: float | None = None  # px, the graph's natural size (zoom 100%)
    height: float | None = None  # px; also the page's placeholder before it is drawn
    dark_rules: str = ""  # CSS that turns the graph dark, for the page's dark mode

    @property
    def shown(self) -> bool:
        return self.svg is not None or self.note is not None


class PendingFlow:
    """The flow section being drawn: `dot` may still be running."""

    def __init__(
        self,
        done: FlowSection | None = None,
        drawing: Future[str] | None = None,
        title: str = "",
        dark: Future[str] | None = None,
    ) -> None:
        self._done, self._drawing, self._title, self._dark = done, drawing, title, dark

    def result(self) -> FlowSection:
        """Wait for `dot` and return the section.

        Raises:
            CjmapError: `dot` failed (as for `-f flow`).
        """
        if self._done is not None or self._drawing is None:
            return self._done or FlowSection()
        from cjmap.errors import ToolMissing

        try:
            svg = self._embeddable(self._drawing.result())
            dark = self._embeddable(self._dark.result()) if self._dark is not None else None
        except ToolMissing as exc:
            self._done = FlowSection(note=f"The flow graph is not included: {exc}")
            return self._done
        rules = ""
        if dark is not None:
            from cjmap.render._report_theme import merge_themed_svg

            # `dot` places the same graph the same way whatever its colours;
            # if the two still differ in more than colours, the light one stays
            merged = merge_themed_svg(svg, dark, scope=FLOW_SCOPE, prefix="cjf")
            if merged is not None:
                svg, rules = merged
        size = _SIZE_PT.search(svg)
        width = height = None
        if size:  # Graphviz sizes in pt; a CSS px is 3/4 pt
            width, height = (round(float(v) * 4 / 3, 2) for v in size.groups())
        self._done = FlowSection(svg=svg, width=width, height=height, dark_rules=rules)
        return self._done

    def _embeddable(self, svg: str) -> str:
        # the page embeds one Inter subset for all its text; drop the graph's own copy
        svg = _STYLE.sub("", svg[svg.index("<svg") :], count=1)
        # an accessible name of its own: the page already has a <title> of the same text
        label = escape(f"Flow graph of {self._title}", quote=True)
        return svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)


def flow_embeddable(journey: Journey) -> bool:
    """Whether the report embeds the journey's flow graph: it branches, and is small enough.

    Args:
        journey: the validated map.

    Returns:
        True when the report draws the graph with `dot` (`flow_started`).
    """
    from cjmap.model.flow import is_branching

    return len(journey.steps) <= FLOW_EMBED_MAX_STEPS and is_branching(journey)


@contextlib.contextmanager
def flow_started(
    journey: Journey, options: RenderOptions, theme: str, dark: bool = False
) -> Iterator[PendingFlow]:
    """Start drawing the report's flow section, if the journey branches.

    Args:
        journey: the validated map.
        options: persona (as for `-f flow`).
        theme: the report's base theme: `print` draws the graph in print
            colours, any other in light ones.
        dark: the page can turn dark: draw the dark graph as well, and merge
            the two (`FlowSection.dark_rules`).

    Yields:
        The pending section; nothing to show for a journey that does not branch.
        Leaving the block waits for `dot` (also when the report failed meanwhile).
    """
    from cjmap.model.flow import is_branching

    if not flow_embeddable(journey):
        steps = len(journey.steps)
        section = FlowSection()  # nothing to show: the journey does not branch
        # (the step count first: each path tests `is_branching` once)
        if steps > FLOW_EMBED_MAX_STEPS and is_branching(journey):
            section = FlowSection(
                note=f"This journey has {steps:,} steps, so its flow graph is not embedded "
                f"here: the report embeds it up to {FLOW_EMBED_MAX_STEPS:,} steps, to stay quick "
                "to open. Draw it on its own, to zoom and scroll through:",
                command="cjmap render MAP.yaml -f flow",
            )
        yield PendingFlow(section)
        return
    from cjmap.render._flow_svg import run_dot
    from cjmap.render.flow_dot import flow_digraph

    graph = flow_digraph(journey, replace(options, theme="print" if theme == "print" else "light"))
    with ThreadPoolExecutor(2 if dark else 1, thread_name_prefix="cjmap-dot") as pool:
        drawing = pool.submit(run_dot, graph, journey.title)
        dark_drawing = None
        if dark:
            dark_graph = flow_digraph(journey, replace(options, theme="dark"))
            dark_drawing = pool.submit(run_dot, dark_graph, journey.title)
        yield PendingFlow(drawing=drawing, title=journey.title, dark=dark_drawing)
