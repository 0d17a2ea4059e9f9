"""Stage 3: a `Journey` and a `TextMeasurer` -> `JourneyLayout` (pure geometry).

Every card, wrapped text line, band, icon and curve point gets coordinates
and a resolved colour; renderers only turn the result into bytes.
"""

from cjmap.layout.geometry import JourneyLayout
from cjmap.layout.grid import LayoutOptions, layout_journey

__all__ = ["JourneyLayout", "LayoutOptions", "layout_journey"]
