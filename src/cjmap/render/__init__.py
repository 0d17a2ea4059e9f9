"""Stage 4: render backends. In: a `Journey` (and its `JourneyLayout`). Out: bytes.

Backends return `str`/`bytes` and never touch files; the CLI writes them
atomically. PNG and PDF are converted from the SVG, so the formats can never
disagree. The flow view hands the model to Graphviz, not the layout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cjmap.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

Renderer = Callable[["Journey", "RenderOptions"], bytes]

# format -> (module, function, file suffix); imported lazily to keep start-up fast.
RENDERER_BY_FORMAT: dict[str, tuple[str, str, str]] = {
    "svg": ("cjmap.render.svg", "render_svg_bytes", ".svg"),
    "png": ("cjmap.render.png", "render_png_bytes", ".png"),
    "pdf": ("cjmap.render.pdf", "render_pdf_bytes", ".pdf"),
}

FORMAT_BY_SUFFIX = {suffix: fmt for fmt, (_, _, suffix) in RENDERER_BY_FORMAT.items()}


def renderer_for(fmt: str) -> Renderer:
    """The render function of a format.

    Raises:
        UsageError: the format is unknown.
    """
    import importlib

    try:
        module_name, func_name, _ = RENDERER_BY_FORMAT[fmt]
    except KeyError:
        known = ", ".join(RENDERER_BY_FORMAT)
        raise UsageError(f"unknown format `{fmt}`; choose one of {known}") from None
    func: Renderer = getattr(importlib.import_module(module_name), func_name)
    return func


def render(journey: Journey, options: RenderOptions) -> bytes:
    """Render `journey` in `options.format`."""
    return renderer_for(options.format)(journey, options)
