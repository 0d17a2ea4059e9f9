"""cjmap: customer journey maps as code.

Load a YAML journey map, validate it into a model, lay it out and render it.
Heavy modules (rendering, fonts) are imported lazily so `cjmap --version`
stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model.journey import Journey

__all__ = ["__version__", "load_map", "render"]


def load_map(path: str) -> Journey:
    """Load and validate a map file.

    Args:
        path: the YAML file to read.

    Returns:
        The validated, frozen `Journey`.

    Raises:
        InvalidMap: with every diagnostic found in the file.
    """
    from cjmap.pipeline import load_journey

    return load_journey(path).journey


def render(path: str, fmt: str = "svg", **options: Any) -> bytes:
    """Render a map file to bytes in the given format (`svg`, `png`, `pdf`, `html`, `dot` …)."""
    from cjmap.pipeline import RenderOptions, load_journey, render_journey

    loaded = load_journey(path)
    return render_journey(loaded.journey, RenderOptions(format=fmt, **options))
