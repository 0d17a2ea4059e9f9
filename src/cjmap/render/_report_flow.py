"""The flow graph inside the HTML report: started first, embedded only when it is small.

The report embeds the flow graph (the one `-f flow` draws) when the journey
branches. Two things keep it from slowing the report down:

- `dot` runs as its own process, started before the swimlane is laid out
  and collected after, so on a machine with more than one core its time
  hides behind the layout's (the output is the same whichever finishes
  first). Its input, output and errors go through temporary files: a pipe
  that nobody reads while the layout runs could fill up and stall `dot`.
- Past `FLOW_EMBED_MAX_STEPS` the graph is not embedded; the section says
  so and how to draw it with `-f flow`. `dot` grows faster than linearly
  (0.2 s at 300 steps, 1.5–2 s at 1,000, 8 s at 3,000), its SVG would be
  most of the page (1.7 MB at 1,000 steps) that a browser has to lay out,
  and a graph that size is read on its own, zoomed, not in a page column.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from html import escape
from typing import IO, TYPE_CHECKING

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
    """The flow section being drawn: `dot` may still be running.

    Call `result()` once, or `close()` when the report fails before that.
    """

    def __init__(
        self,
        done: FlowSection | None = None,
        proc: subprocess.Popen[bytes] | None = None,
        files: tuple[IO[bytes], IO[bytes]] | None = None,
        title: str = "",
        cleanup: contextlib.ExitStack | None = None,
    ) -> None:
        self._done, self._proc, self._files, self._title = done, proc, files, title
        self._cleanup = cleanup or contextlib.ExitStack()

    def result(self) -> FlowSection:
        """Wait for `dot` and return the section.

        Raises:
            CjmapError: `dot` failed (as for `-f flow`).
        """
        if self._done is not None or self._proc is None or self._files is None:
            return self._done or FlowSection()
        from cjmap.errors import CjmapError
        from cjmap.render._flow_svg import tidy_svg

        code = self._proc.wait()
        out, err = self._files
        out.seek(0)
        err.seek(0)
        raw, detail = out.read(), err.read().decode("utf-8", "replace").strip().splitlines()
        self.close()
        if code != 0:
            raise CjmapError(f"Graphviz `dot` failed: {detail[0] if detail else f'exit {code}'}")
        svg = tidy_svg(raw.decode("utf-8"), self._title)
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

    def close(self) -> None:
        """Stop `dot` if it still runs and remove the temporary files."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._cleanup.close()
        self._proc = None


def start_flow(journey: Journey, options: RenderOptions, theme: str) -> PendingFlow:
    """Start drawing the report's flow section, if the journey branches.

    Args:
        journey: the validated map.
        options: persona (as for `-f flow`).
        theme: the report's base theme; the graph is drawn on white in every
            page theme (Graphviz colours are fixed), with print colours for `print`.

    Returns:
        The pending section; nothing to show for a journey that does not branch.
    """
    from cjmap.model.flow import is_branching

    if not is_branching(journey):
        return PendingFlow(FlowSection())
    steps = len(journey.steps)
    if steps > FLOW_EMBED_MAX_STEPS:
        return PendingFlow(
            FlowSection(
                note=f"This journey has {steps:,} steps, so its flow graph is not embedded "
                f"here: the report embeds it up to {FLOW_EMBED_MAX_STEPS:,} steps, to stay quick "
                "to open. Draw it on its own, to zoom and scroll through:",
                command="cjmap render MAP.yaml -f flow",
            )
        )
    from cjmap.render._flow_svg import INSTALL_HINT
    from cjmap.render.flow_dot import flow_digraph

    dot = shutil.which("dot")
    if dot is None:
        return PendingFlow(FlowSection(note=f"The flow graph is not included: {INSTALL_HINT}"))
    graph = flow_digraph(journey, replace(options, theme="print" if theme == "print" else "light"))
    # dot's output and errors outlive this call: PendingFlow.close closes (deletes) them
    files = contextlib.ExitStack()
    out = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
    err = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
    with tempfile.TemporaryFile() as source:
        source.write(graph.source.encode("utf-8"))
        source.seek(0)
        try:
            proc = subprocess.Popen(
                [dot, f"-K{graph.engine}", "-Tsvg"], stdin=source, stdout=out, stderr=err
            )
        except OSError:  # vanished since `which`, or not executable
            files.close()
            return PendingFlow(FlowSection(note=f"The flow graph is not included: {INSTALL_HINT}"))
    return PendingFlow(proc=proc, files=(out, err), title=journey.title, cleanup=files)


@contextlib.contextmanager
def flow_started(journey: Journey, options: RenderOptions, theme: str) -> Iterator[PendingFlow]:
    """`start_flow` as a context: `dot` is stopped if the report fails meanwhile."""
    pending = start_flow(journey, options, theme)
    try:
        yield pending
    finally:
        pending.close()
