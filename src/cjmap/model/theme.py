"""A map's `theme:`: a built-in base and colour overrides by name.

The names a map may override are the layout's palette colours plus the
cycling phase fills and persona colours. They are written out here because
the model may not import the layout (imports flow layout -> model);
`tests/unit/model/test_theme.py` fails when this list and
`cjmap.layout.themes.COLOR_NAMES` drift apart.
"""

from dataclasses import dataclass
from typing import Annotated, Literal

from cjmap.model._base import HexColor, Model, Str, field, internal

#: The palette's named colours, in the order of `cjmap.layout.themes.Palette`.
PALETTE_COLOR_NAMES = (
    "background",
    "surface",
    "surface_alt",
    "text",
    "muted",
    "grid",
    "accent",
    "card",
    "card_border",
    "step_card",
    "step_border",
    "pain",
    "pain_border",
    "pain_text",
    "opportunity",
    "opportunity_border",
    "opportunity_text",
    "thought",
    "thought_border",
    "backstage",
    "backstage_border",
    "moment",
    "moment_border",
    "future",
    "future_text",
    "assumption",
    "assumption_text",
    "emotion_neg2",
    "emotion_neg1",
    "emotion_zero",
    "emotion_pos1",
    "emotion_pos2",
    "curve",
)
PHASE_COLOR_COUNT = 8  # phase1 … phase8: header band fills, cycling over the phases
PERSONA_COLOR_COUNT = 6  # persona1 … persona6: curve colours of personas without `color`
#: Every name `theme.colors` accepts.
THEME_COLOR_NAMES = (
    *PALETTE_COLOR_NAMES,
    *(f"phase{n}" for n in range(1, PHASE_COLOR_COUNT + 1)),
    *(f"persona{n}" for n in range(1, PERSONA_COLOR_COUNT + 1)),
)
_KNOWN = frozenset(THEME_COLOR_NAMES)


def _known_color_name(name: str) -> tuple[str, str] | None:
    # A typo (`acent`) would otherwise be accepted and change nothing.
    return None if name in _KNOWN else ("unknown_color", f"unknown colour name `{name}`")


ColorName = Annotated[str, Str(check=_known_color_name)]


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Theme(Model):
    """Colour overrides on top of a built-in theme."""

    base: Literal["light", "dark", "print"] = field(default="light", description="Built-in theme.")
    colors: dict[ColorName, HexColor] = field(
        factory=dict,
        description="Palette overrides by name (e.g. `accent`, `pain`, `opportunity`, "
        "`background`, `phase1`…`phase8`, `persona1`…`persona6`), tuned for `base`. "
        "Rendered in another theme, a colour that does not suit it (a pale fill on dark) "
        "gives way to that theme's own.",
        schema_extra={"propertyNames": {"enum": list(THEME_COLOR_NAMES)}},
    )
    #: whether the file wrote `base` (the report then fixes that palette, else follows the reader's)
    base_written: bool = internal(False)

    @classmethod
    def noted(cls, data: dict[str, object]) -> dict[str, object]:
        return {"base_written": "base" in data}
