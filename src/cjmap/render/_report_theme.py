"""Colours of the HTML report: page CSS variables, and one SVG that follows the theme.

When no theme is asked for, the page follows `prefers-color-scheme`. The
diagram then has to change colour too. Its SVG styles with presentation
attributes (`fill="#ffebe9"`), and one light colour can stand for several
dark ones (white is the light page *and* the light card), so a colour-to-colour
CSS map would be wrong. Instead the light and the dark layouts (same
geometry, other colours) are rendered and walked tag by tag: where a tag's
`fill`/`stroke` differ, the tag gets `style="fill:var(--cjd7,#ffebe9)"`; the
light colour is the fallback and a dark-mode rule sets `--cjd7`. Printing
always uses the light colours. If the two SVGs ever differ in anything but
colours, the merge gives up and the light diagram is shown in both modes.
"""

from __future__ import annotations

import re

from cjmap.layout.themes import Palette, contrast_ratio, readable_on

_TAG_SPLIT = re.compile(r"(<[^<>]*>)")
_COLOR_ATTR = re.compile(r' (fill|stroke)="(#[0-9a-fA-F]{3,8})"')
_THEME_ATTR = re.compile(r' data-theme="[^"]*"')


def merge_themed_svg(light: str, dark: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """One SVG drawn in light colours whose colours switch with `--cjd<N>` variables.

    Args:
        light: the SVG of the light layout.
        dark: the SVG of the dark layout of the same journey and options.

    Returns:
        The merged SVG, and for each variable `N` its `(light, dark)` colours;
        None when the two differ in more than colours.
    """
    a = _TAG_SPLIT.split(light)
    b = _TAG_SPLIT.split(dark)
    if len(a) != len(b):
        return None
    pairs: dict[tuple[str, str], int] = {}
    out: list[str] = []
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x == y:
            out.append(x)
            continue
        if i % 2 == 0:  # text between tags differs: not a colour change
            return None
        if x.startswith("<svg "):
            x = _THEME_ATTR.sub(' data-theme="auto"', x)
            y = _THEME_ATTR.sub(' data-theme="auto"', y)
        if _COLOR_ATTR.sub(r' \1=""', x) != _COLOR_ATTR.sub(r' \1=""', y):
            return None
        styles = []
        for mx, my in zip(_COLOR_ATTR.finditer(x), _COLOR_ATTR.finditer(y), strict=True):
            lc, dc = mx.group(2).lower(), my.group(2).lower()
            if lc != dc:
                n = pairs.setdefault((lc, dc), len(pairs))
                styles.append(f"{mx.group(1)}:var(--cjd{n},{lc})")
        if styles:
            end = -2 if x.endswith("/>") else -1
            x = x[:end] + f' style="{";".join(styles)}"' + x[end:]
        out.append(x)
    return "".join(out), tuple(pairs)


def dark_svg_css(pairs: tuple[tuple[str, str], ...]) -> str:
    """Declarations setting each `--cjd<N>` to its dark colour."""
    return "".join(f"--cjd{n}:{dark};" for n, (_, dark) in enumerate(pairs))


def page_variables(palette: Palette, persona_colors: list[str]) -> str:
    """CSS custom properties of the page for one palette.

    Every text/background pair the stylesheet uses is listed in
    `TEXT_PAIRS` and meets WCAG AA (4.5:1): colours that a map's overrides
    push below it fall back to black or white (`readable_on`).
    """
    p = palette
    link = p.accent
    if min(contrast_ratio(link, p.background), contrast_ratio(link, p.surface_alt)) < 4.5:
        link = p.text
    values = {
        "bg": p.background,
        "surface": p.surface_alt,
        "card": p.card,
        "text": p.text,
        "muted": _readable(p.muted, p.background, p.surface_alt, p.card),
        "line": p.grid,
        "border": p.card_border,
        "accent": p.accent,
        "link": link,
        "accent-text": readable_on(p.accent, "#ffffff"),
        "pain-bg": p.pain,
        "pain-text": readable_on(p.pain, p.pain_text, (p.text, "#000000", "#ffffff")),
        "pain-border": p.pain_border,
        "critical-bg": p.pain_border,
        "critical-text": readable_on(p.pain_border, "#ffffff"),
        "opp-bg": p.opportunity,
        "opp-text": readable_on(p.opportunity, p.opportunity_text, (p.text, "#000000", "#ffffff")),
        "opp-border": p.opportunity_border,
        "thought-bg": p.thought,
        "thought-border": p.thought_border,
        "moment-bg": p.moment,
        "moment-text": readable_on(p.moment, p.moment_border, (p.text, "#000000", "#ffffff")),
        "moment-border": p.moment_border,
        "future-bg": p.future,
        "future-text": readable_on(p.future, p.future_text),
        "assumption-bg": p.assumption,
        "assumption-text": readable_on(p.assumption, p.assumption_text, (p.text, "#000000")),
    }
    for score in range(-2, 3):
        name = f"{'n' if score < 0 else 'p'}{abs(score)}"
        fill = p.emotion(score)
        values[f"emotion-{name}"] = fill
        values[f"emotion-{name}-text"] = readable_on(fill, "#ffffff")
    for i, color in enumerate(persona_colors):
        values[f"persona-{i}"] = color
    return "".join(f"--cj-{k}:{v};" for k, v in values.items())


# (text, background) pairs of `--cj-*` variables the stylesheet draws text with.
TEXT_PAIRS = (
    ("text", "bg"),
    ("text", "surface"),
    ("text", "card"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("muted", "card"),
    ("link", "bg"),
    ("link", "surface"),
    ("accent-text", "accent"),
    ("pain-text", "pain-bg"),
    ("critical-text", "critical-bg"),
    ("opp-text", "opp-bg"),
    ("moment-text", "moment-bg"),
    ("future-text", "future-bg"),
    ("assumption-text", "assumption-bg"),
    ("emotion-n2-text", "emotion-n2"),
    ("emotion-n1-text", "emotion-n1"),
    ("emotion-p0-text", "emotion-p0"),
    ("emotion-p1-text", "emotion-p1"),
    ("emotion-p2-text", "emotion-p2"),
)


def _readable(color: str, *fills: str) -> str:
    if all(contrast_ratio(color, f) >= 4.5 for f in fills):
        return color
    return max(("#000000", "#ffffff"), key=lambda c: min(contrast_ratio(c, f) for f in fills))
