"""Themes for renderers; the palettes live with the layout, which resolves colours."""

from cjmap.layout.themes import (
    PALETTE_BY_NAME,
    THEME_NAMES,
    Palette,
    contrast_ratio,
    readable_on,
    resolve_palette,
)

__all__ = [
    "PALETTE_BY_NAME",
    "THEME_NAMES",
    "Palette",
    "contrast_ratio",
    "readable_on",
    "resolve_palette",
]
