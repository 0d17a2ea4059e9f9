"""Colour themes: every colour the layout resolves comes from here.

Three built-in themes: `light` (default), `dark`, and `print` (white paper,
black text, strong outlines). A map's `theme:` picks a base and may override
named colours; persona colours come from `Persona.color` or the palette.

Every text colour is chosen to meet WCAG AA (4.5:1) against the fill it sits
on; `tests/unit/layout/test_themes.py` checks each pair the layout uses.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Literal

from cjmap._record import Record
from cjmap.errors import UsageError
from cjmap.model.theme import PERSONA_COLOR_COUNT, PHASE_COLOR_COUNT

if TYPE_CHECKING:
    from cjmap.model import Journey

ThemeName = Literal["light", "dark", "print"]
THEME_NAMES: tuple[ThemeName, ...] = ("light", "dark", "print")


@dataclass(frozen=True, eq=False, repr=False)
class Palette(Record):
    """The named colours of a theme (all `#rrggbb`)."""

    background: str
    surface: str  # lane rows, alternate
    surface_alt: str
    text: str
    muted: str  # secondary text; AA on background, surface and cards
    grid: str
    accent: str
    card: str
    card_border: str
    step_card: str
    step_border: str
    pain: str  # pain-point card fill
    pain_border: str
    pain_text: str
    opportunity: str
    opportunity_border: str
    opportunity_text: str
    thought: str
    thought_border: str
    backstage: str
    backstage_border: str
    moment: str  # moment-of-truth column tint
    moment_border: str
    future: str  # "Future state" badge fill
    future_text: str
    assumption: str  # evidence chip for `assumption`
    assumption_text: str
    emotion_neg2: str
    emotion_neg1: str
    emotion_zero: str
    emotion_pos1: str
    emotion_pos2: str
    curve: str  # single curve when the map has no per-persona emotions
    phase_fills: tuple[str, ...]
    persona_colors: tuple[str, ...]

    def emotion(self, score: int) -> str:
        """Colour of an emotion point by valence."""
        return {
            -2: self.emotion_neg2,
            -1: self.emotion_neg1,
            0: self.emotion_zero,
            1: self.emotion_pos1,
            2: self.emotion_pos2,
        }[max(-2, min(2, score))]


LIGHT = Palette(
    background="#ffffff",
    surface="#ffffff",
    surface_alt="#f6f8fa",
    text="#1f2328",
    muted="#57606a",
    grid="#d8dee4",
    accent="#0969da",
    card="#ffffff",
    card_border="#c9d1d9",
    step_card="#ffffff",
    step_border="#8c959f",
    pain="#ffebe9",
    pain_border="#cf222e",
    pain_text="#82071e",
    opportunity="#dafbe1",
    opportunity_border="#1a7f37",
    opportunity_text="#0f5323",
    thought="#f5f0ff",
    thought_border="#8250df",
    backstage="#f6f8fa",
    backstage_border="#6e7781",
    moment="#fffbe0",
    moment_border="#8a5c00",
    future="#8250df",
    future_text="#ffffff",
    assumption="#fff1e5",
    assumption_text="#953800",
    emotion_neg2="#cf222e",
    emotion_neg1="#bc4c00",
    emotion_zero="#6e7781",
    emotion_pos1="#2da44e",
    emotion_pos2="#116329",
    curve="#0969da",
    phase_fills=(
        "#ddf4ff",
        "#fbefff",
        "#dafbe1",
        "#fff8c5",
        "#ffebe9",
        "#eaeef2",
        "#fff1e5",
        "#ffeff7",
    ),
    persona_colors=("#0969da", "#bf3989", "#1a7f37", "#8250df", "#9a6700", "#0a3069"),
)

DARK = Palette(
    background="#0d1117",
    surface="#0d1117",
    surface_alt="#151b23",
    text="#e6edf3",
    muted="#9198a1",
    grid="#30363d",
    accent="#4493f8",
    card="#161b22",
    card_border="#3d444d",
    step_card="#161b22",
    step_border="#656c76",
    pain="#3c1618",
    pain_border="#f85149",
    pain_text="#ffc1ba",
    opportunity="#12261e",
    opportunity_border="#3fb950",
    opportunity_text="#aff5b4",
    thought="#231d36",
    thought_border="#a371f7",
    backstage="#151b23",
    backstage_border="#9198a1",
    moment="#1f1d12",
    moment_border="#d29922",
    future="#a371f7",
    future_text="#0d1117",
    assumption="#3d2411",
    assumption_text="#ffb77c",
    emotion_neg2="#f85149",
    emotion_neg1="#db6d28",
    emotion_zero="#9198a1",
    emotion_pos1="#3fb950",
    emotion_pos2="#56d364",
    curve="#4493f8",
    phase_fills=(
        "#0c2d4f",
        "#2f1a45",
        "#0f3020",
        "#3a2f0b",
        "#44171a",
        "#262c36",
        "#3d2411",
        "#3f1530",
    ),
    persona_colors=("#4493f8", "#f778ba", "#3fb950", "#a371f7", "#d29922", "#79c0ff"),
)

PRINT = Palette(
    background="#ffffff",
    surface="#ffffff",
    surface_alt="#f2f2f2",
    text="#000000",
    muted="#3b3b3b",
    grid="#8c8c8c",
    accent="#000000",
    card="#ffffff",
    card_border="#595959",
    step_card="#ffffff",
    step_border="#000000",
    pain="#ffffff",
    pain_border="#a40e26",
    pain_text="#000000",
    opportunity="#ffffff",
    opportunity_border="#055d20",
    opportunity_text="#000000",
    thought="#ffffff",
    thought_border="#3b3b3b",
    backstage="#f2f2f2",
    backstage_border="#3b3b3b",
    moment="#fff8c5",
    moment_border="#000000",
    future="#000000",
    future_text="#ffffff",
    assumption="#ffffff",
    assumption_text="#7a2e00",
    emotion_neg2="#a40e26",
    emotion_neg1="#953800",
    emotion_zero="#3b3b3b",
    emotion_pos1="#116329",
    emotion_pos2="#044f1e",
    curve="#000000",
    phase_fills=("#e6e6e6", "#f5f5f5"),
    persona_colors=("#000000", "#a40e26", "#0a3069", "#116329", "#6639ba", "#7d4e00"),
)

PALETTE_BY_NAME: dict[str, Palette] = {"light": LIGHT, "dark": DARK, "print": PRINT}
COLOR_NAMES = tuple(f.name for f in fields(Palette) if f.type == "str")


def resolve_palette(
    name: str | None, base_from_map: str | None, overrides: dict[str, str] | None
) -> Palette:
    """The palette for a render: CLI theme, else the map's `theme.base`, else light.

    Map overrides are named colours (`accent`, `pain`, …) and `phase1`…
    `phase8`, `persona1`… `persona6` for the cycling palettes. They are tuned
    for the map's `theme.base`, and apply there as written. Rendered in
    another theme (`--theme dark`, the report's dark mode) each override is
    kept where it suits that theme (see `suits_theme`) and otherwise replaced
    by the theme's own colour: a pale phase fill picked for the light theme
    would be a glaring band on the dark one.
    """
    target = name or base_from_map or "light"
    palette = PALETTE_BY_NAME[target]
    if not overrides:
        return palette
    adapt = adapts_colors(target, base_from_map)
    changes: dict[str, object] = {}
    phases = list(palette.phase_fills)
    personas = list(palette.persona_colors)
    # fills first: foreground colours are judged against the resolved background
    for key, value in sorted(overrides.items(), key=lambda kv: not _is_fill(kv[0])):
        value = _long_hex(value)
        if adapt:
            background = str(changes.get("background", palette.background))
            if not suits_theme(key, value, palette, background):
                continue
        if key in COLOR_NAMES:
            changes[key] = value
        elif (
            key.startswith("phase") and key[5:].isdigit() and 1 <= int(key[5:]) <= PHASE_COLOR_COUNT
        ):
            index = int(key[5:]) - 1
            phases += [phases[i % len(phases)] for i in range(len(phases), index + 1)]
            phases[index] = value
        elif (
            key.startswith("persona")
            and key[7:].isdigit()
            and 1 <= int(key[7:]) <= PERSONA_COLOR_COUNT
        ):
            personas[int(key[7:]) - 1] = value
    changes["phase_fills"] = tuple(phases)
    changes["persona_colors"] = tuple(personas)
    return replace(palette, **changes)  # type: ignore[arg-type]


#: Overrides that paint areas text sits on (and the grid, which must stay faint).
FILL_COLORS = frozenset(
    {
        "background",
        "surface",
        "surface_alt",
        "grid",
        "card",
        "step_card",
        "pain",
        "opportunity",
        "thought",
        "backstage",
        "moment",
        "assumption",
    }
)


def _is_fill(key: str) -> bool:
    return key in FILL_COLORS or key.startswith("phase")


def suits_theme(key: str, color: str, palette: Palette, background: str) -> bool:
    """Whether an override written for another theme fits `palette`'s theme.

    A fill suits if the theme's text stays AA-readable on it (so fills keep
    to the theme's side of light/dark); a line, mark or text colour suits if
    it stands out from the background at 3:1 (WCAG's non-text contrast).
    """
    if _is_fill(key):
        return contrast_ratio(color, palette.text) >= 4.5
    return contrast_ratio(color, background) >= 3.0


def adapts_colors(rendered: str, base_from_map: str | None) -> bool:
    """Whether a map's own colours are drawn in a theme they were not tuned for.

    A map's colours (`theme.colors`, `phases[].color`, `personas[].color`)
    are tuned for its `theme.base` (light when unset); `--theme dark` or the
    report's dark mode draws them in another.
    """
    return rendered != (base_from_map or "light")


def own_color(
    written: str | None, key: str, theme_color: str, palette: Palette, adapt: bool
) -> str:
    """A colour the map writes on a phase or persona, or the theme's own for it.

    The map's colour is kept as written in the theme it was tuned for; in
    another theme (`adapt`) it is kept only where it suits that theme, by
    the rule for `theme.colors` overrides (`suits_theme`): plantly's mint
    `#d9eee2` band gives way to the dark theme's band on `--theme dark`.

    Args:
        written: `phases[].color` or `personas[].color`, or None.
        key: what it paints, as an override name: `phase…` (a fill that
            text sits on) or `persona…` (a curve, marker and key swatch).
        theme_color: the theme's colour for the same phase or persona index.
        palette: the palette of this render.
        adapt: the render's theme is not the map's `theme.base` (`adapts_colors`).

    Returns:
        The colour to draw with.
    """
    if written is None:
        return theme_color
    if adapt and not suits_theme(key, _long_hex(written), palette, palette.background):
        return theme_color
    return written


@dataclass(frozen=True, eq=False, repr=False)
class MapColors(Record):
    """The colours one render of a map draws with: the palette and the map's own colours."""

    palette: Palette
    adapt: bool  # drawn in a theme the map's colours were not tuned for

    def phase_fill(self, index: int, written: str | None) -> str:
        """The band colour of the phase at `index` (the map's `color`, or the cycle's)."""
        fills = self.palette.phase_fills
        return own_color(written, "phase", fills[index % len(fills)], self.palette, self.adapt)

    def persona_colors(self, journey: Journey) -> dict[str, str]:
        """Each persona's curve and key colour (its `color`, or the cycle's)."""
        cycle = self.palette.persona_colors
        return {
            p.id: own_color(p.color, "persona", cycle[i % len(cycle)], self.palette, self.adapt)
            for i, p in enumerate(journey.personas)
        }


def map_colors(journey: Journey, theme: str | None) -> MapColors:
    """The colours of a render of `journey` in `theme` (None: the map's `theme.base`).

    One place for the rule every backend follows: the palette with the map's
    overrides (`resolve_palette`), and the map's phase and persona colours
    kept where they suit the rendered theme (`own_color`).
    """
    base = journey.theme.base if journey.theme else None
    overrides = dict(journey.theme.colors) if journey.theme else None
    palette = resolve_palette(theme, base, overrides)
    return MapColors(palette, adapts_colors(theme or base or "light", base))


def require_theme(name: str | None) -> None:
    """Check a theme asked for on the command line.

    Raises:
        UsageError: not one of the built-in themes.
    """
    if name is not None and name not in THEME_NAMES:
        raise UsageError(f"unknown theme `{name}`; choose {', '.join(THEME_NAMES)}")


def _long_hex(color: str) -> str:
    if len(color) == 4:
        return "#" + "".join(c * 2 for c in color[1:]).lower()
    return color.lower()


@functools.lru_cache(maxsize=1024)
def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of `#rrggbb`."""
    color = _long_hex(color)
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 … 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


# Called for every label of a diagram with a handful of colour pairs.
@functools.lru_cache(maxsize=1024)
def _on(fill: str, preferred: str, fallbacks: tuple[str, ...], ratio: float) -> str:
    if contrast_ratio(preferred, fill) >= ratio:
        return preferred
    return max(fallbacks, key=lambda c: contrast_ratio(c, fill))


def readable_on(
    fill: str, preferred: str, fallbacks: tuple[str, ...] = ("#000000", "#ffffff")
) -> str:
    """`preferred` if text in it meets AA (4.5:1) on `fill`, else the best fallback."""
    return _on(fill, preferred, fallbacks, 4.5)


def visible_on(
    fill: str, preferred: str, fallbacks: tuple[str, ...] = ("#000000", "#ffffff")
) -> str:
    """`preferred` if a mark in it stands out from `fill` at 3:1, else the best fallback.

    WCAG 1.4.11 asks 3:1 of graphics that carry meaning (a severity meter,
    the pain and opportunity markers); a map's own card colours may not give it.
    """
    return _on(fill, preferred, fallbacks, 3.0)
