"""Colours of the HTML report: page CSS variables, and one SVG that follows the theme.

When no theme is asked for, the page follows `prefers-color-scheme`, and the
diagram has to change colour too. Its SVG styles with presentation
attributes (`fill="#ffebe9"`), which CSS overrides. The light and the dark
layouts (same geometry, other colours) are rendered and walked tag by tag:

- most light colours always become the same dark colour: one dark-mode rule
  per colour does it, `svg [fill="#ffebe9"]{fill:#3c1618}`;
- but one light colour can stand for several dark ones (white is both the
  light page and the light card), so the rule takes the most frequent dark
  colour, and only the other tags get `style="fill:var(--cjd0,#ffffff)"`,
  whose variable the dark-mode block sets (the light colour is the fallback).

Printing uses the light colours. A page fixed dark (`--theme dark`) uses the
same merge with its rules for the screen only, so paper gets the light
drawing. The flow graph is merged the same way, with its own scope and
variables. If the two SVGs differ in anything but colours, the merge gives
up and the page's own drawing is shown in both modes.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from cjmap.layout.themes import Palette, contrast_ratio, readable_on

# A colour attribute inside a tag: the next `<` or `>` after it is the tag's
# end. (Map text in the SVG is escaped, so its `<` and `>` are entities; a
# map's text may still spell ` fill="#fff"`, which this leaves alone.)
_COLOR_ATTR = re.compile(r' (fill|stroke)="(#[0-9a-fA-F]{3,8})"(?=[^<>]*>)')
_THEME_ATTR = re.compile(r' data-theme="[^"]*"')
SVG_SCOPE = ".cj-diagram-viewport svg"  # where the dark-mode rules apply


def merge_themed_svg(
    light: str, dark: str, scope: str = SVG_SCOPE, prefix: str = "cjd"
) -> tuple[str, str] | None:
    """One SVG drawn in light colours, and the CSS that turns it dark.

    Args:
        light: the SVG of the light layout.
        dark: the SVG of the dark layout of the same journey and options.
        scope: the selector of the SVG the rules apply to.
        prefix: of the CSS variables the rules set (`--cjd0`), one per drawing.

    Returns:
        The merged SVG, and the rules to place inside the dark-mode media
        query; None when the two differ in more than colours.
    """
    light = _THEME_ATTR.sub(' data-theme="auto"', light, count=1)
    dark = _THEME_ATTR.sub(' data-theme="auto"', dark, count=1)
    # Whole-string regex passes (in C): a 1,000-step diagram has 100,000 colour
    # attributes. `split` gives [text, attr, colour, text, attr, colour, …, text].
    parts = _COLOR_ATTR.split(light)
    dark_parts = _COLOR_ATTR.split(dark)
    texts, attrs, colors = parts[0::3], parts[1::3], parts[2::3]
    if texts != dark_parts[0::3] or attrs != dark_parts[1::3]:
        return None
    darks = dark_parts[2::3]
    # the rule for each (attribute, light colour): its most frequent dark colour
    rule: dict[tuple[str, str], str] = {}
    counts = Counter(zip(attrs, colors, darks, strict=True))
    for (attr, lc, dc), _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule.setdefault((attr, lc), dc)
    # The other occurrences get their own variable, set on the tag they are in.
    # The text after the k-th colour is texts[k + 1]; the tag ends at the first
    # `>` of that text or of a later one (the tag has more colours).
    variables: dict[str, int] = {}
    styles: dict[int, list[str]] = {}  # index into `texts` -> declarations
    for k, (attr, lc, dc) in enumerate(zip(attrs, colors, darks, strict=True)):
        if rule[(attr, lc)] != dc:
            n = variables.setdefault(dc, len(variables))
            end = k + 1
            while ">" not in texts[end]:
                end += 1
            styles.setdefault(end, []).append(f"{attr}:var(--{prefix}{n},{lc})")
    # where each part starts in `light`: a colour's match is 4 characters longer
    # than its two groups (` `, `=`, two quotes)
    starts = [0, *itertools.accumulate(map(len, parts))]
    out: list[str] = []
    done = 0
    for end, declarations in styles.items():  # in document order
        cut = starts[3 * end] + 4 * end + texts[end].index(">")
        cut -= light[cut - 1] == "/"
        out += [light[done:cut], f' style="{";".join(declarations)}"']
        done = cut
    out.append(light[done:])
    css = "".join(
        f'{scope} [{attr}="{lc}"]{{{attr}:{dc}}}'
        for (attr, lc), dc in sorted(rule.items())
        if dc.lower() != lc.lower()
    )
    if variables:
        css += ":root{" + "".join(f"--{prefix}{n}:{dc};" for dc, n in variables.items()) + "}"
    return "".join(out), css


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
