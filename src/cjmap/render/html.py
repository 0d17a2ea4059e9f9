"""HTML report backend. In: a `Journey`. Out: one self-contained HTML page.

The page holds the overview, persona cards, the swimlane SVG (the one
`render_svg` draws, inline, scrollable and zoomable), the flow graph when the
journey branches (zoomable too), every step in detail, the pain points and
opportunities with an impact × effort matrix. Printed, the two drawings each
get a landscape page and are scaled to it (report.css).

- Self-contained: CSS, JS, SVG and an Inter subset are inline; a
  Content-Security-Policy meta allows nothing else (`default-src 'none'`,
  the one script by its SHA-256), so the page makes no request.
- Every piece of map text goes through Jinja2's autoescaping; the SVG is
  already escaped by `render_svg`.
- Themes: `--theme` (or the map's explicit `theme.base`) fixes one palette;
  otherwise the page follows `prefers-color-scheme` (see `_report_theme`).
  A dark page prints light: its drawings are the light SVGs with dark-mode
  rules for the screen only.
- Deterministic: no timestamps, no version, sorted sets: same input, same bytes.
- Quick to open however long the map: past `LAZY_LAYOUT_MIN_STEPS` the
  browser lays out the step cards, the diagram and the long tables only when
  they scroll into view (`content-visibility`, with their size reserved), and
  the flow graph, drawn by `dot` while the swimlane is laid out, is embedded
  up to 300 steps (`_report_flow`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources
from typing import TYPE_CHECKING

from cjmap.layout.cards import format_metric
from cjmap.render._matrix import opportunity_matrix_svg
from cjmap.render._report_data import build_report_data, step_anchor
from cjmap.render._report_flow import PendingFlow, flow_started
from cjmap.render._report_theme import merge_themed_svg, page_variables

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

    from cjmap.errors import Diagnostic
    from cjmap.model import Journey
    from cjmap.pipeline import RenderOptions

# Past this many steps the page lets the browser skip laying out what is off
# screen (`content-visibility: auto` on the step cards, diagram and long
# tables): a 1,000-step report then opens in under 2 s. Up to it the page is
# laid out whole, so a full-page screenshot (DevTools' "capture full size
# screenshot", Playwright's full_page) shows everything, not blank boxes.
# Laid out whole, a report opens slower the longer it is (bench/_chromium.py,
# medians on a busy 2-core machine: 100 steps 1.35 s whole vs 0.9 s lazy, 150
# steps 2.1 s vs 1.4 s); 100 keeps most maps whole and quick.
LAZY_LAYOUT_MIN_STEPS = 100  # steps
# Themes whose page turns dark on screen: the drawings get dark-mode rules.
_TURNS_DARK = ("auto", "dark")

# The first occurrence of this marker in the page (inside <head>, before any
# map text) becomes the @font-face rules, once the page's characters are known.
_FONT_MARKER = "/*cj-font-faces*/"


def render_html(journey: Journey, options: RenderOptions, live_reload: str | None = None) -> str:
    """The HTML report of a journey.

    Args:
        journey: a validated map.
        options: `theme`, `persona` and `lanes` apply as for the SVG.
        live_reload: for `cjmap serve`: the version of this render; the page
            then long-polls `/__cjmap/wait` and reloads when it changes.

    Returns:
        The page; the same journey and options always give the same text.

    Raises:
        UsageError: an unknown persona or lane was asked for.
    """
    from cjmap.model.references import require_persona

    # an unknown persona is reported as for the SVG, before `dot` is started
    require_persona(journey, options.persona or journey.view.persona)
    mode = _theme_mode(journey, options)
    base = mode if mode != "auto" else "light"
    # `dot` draws the flow graph in its own process while the swimlane is laid out
    with flow_started(journey, options, base, dark=mode in _TURNS_DARK) as flow:
        return _with_fonts(_page(journey, options, mode, base, flow, live_reload))


def _page(
    journey: Journey,
    options: RenderOptions,
    mode: str,
    base: str,
    flow: PendingFlow,
    live_reload: str | None,
) -> str:
    from cjmap.layout import LayoutOptions, layout_journey
    from cjmap.layout.themes import map_colors
    from cjmap.render.svg import render_svg
    from cjmap.text.measure import default_measurer

    measurer = default_measurer()
    layout_options = LayoutOptions(theme=base, persona=options.persona, lanes=options.lanes)
    layout = layout_journey(journey, measurer, layout_options)
    svg = render_svg(layout, embed_font=False)
    colors = map_colors(journey, base)
    root_vars = page_variables(colors.palette, list(colors.persona_colors(journey).values()))
    dark_vars = print_vars = dark_rules = ""
    if mode in _TURNS_DARK:
        # One SVG in light colours, with the rules that turn it dark: under
        # `prefers-color-scheme: dark` (auto), or on screen only (dark: paper
        # is white, so the page and the drawings print in light colours).
        other = "dark" if mode == "auto" else "light"
        other_layout = layout_journey(
            journey,
            measurer,
            LayoutOptions(theme=other, persona=options.persona, lanes=options.lanes),
        )
        other_svg = render_svg(other_layout, embed_font=False)
        light_svg, dark_svg = (svg, other_svg) if mode == "auto" else (other_svg, svg)
        merged = merge_themed_svg(light_svg, dark_svg)
        if merged is not None:
            svg, dark_rules = merged
        other_colors = map_colors(journey, other)
        other_vars = page_variables(
            other_colors.palette, list(other_colors.persona_colors(journey).values())
        )
        if mode == "auto":
            dark_vars = other_vars
        else:
            print_vars = other_vars
    section = flow.result()
    dark_rules += section.dark_rules
    persona = options.persona or journey.view.persona
    data = build_report_data(journey, colors, persona)
    curves = layout.emotion.curves if layout.emotion is not None else ()
    switchable = [c.persona_id for c in curves if c.persona_id]
    scripts = [_asset("report.js")]
    if live_reload is not None:
        scripts.append(_asset("live-reload.js"))
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            d=data,
            j=journey,
            mode=mode,
            root_vars=root_vars,
            dark_vars=dark_vars,
            dark_rules=dark_rules,
            print_vars=print_vars,
            css=_asset("report.css"),
            scripts=scripts,
            csp=_csp(scripts, live_reload is not None),
            font_marker=_FONT_MARKER,
            svg=_markup(svg),
            svg_size=(layout.width, layout.height),
            svg_desc=layout.description,
            switch_personas=[
                (pv.persona, i)
                for i, pv in enumerate(data.personas)
                if len(switchable) > 1 and pv.persona.id in switchable
            ],
            persona_index={p.id: i for i, p in enumerate(journey.personas)},
            matrix=_markup(opportunity_matrix_svg(data.opportunities)),
            live_reload=live_reload,
            flow=section,
            lazy=len(data.steps) > LAZY_LAYOUT_MIN_STEPS,
        )
    )


def render_html_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """Render the journey report (the registered `html` format) as UTF-8."""
    return render_html(journey, options).encode("utf-8")


def render_diagnostics_html(
    path: str, diagnostics: list[Diagnostic], live_reload: str | None = None
) -> str:
    """A page listing why a map cannot be shown (for `cjmap serve`).

    Args:
        path: the map file as the user named it.
        diagnostics: the problems, in file order.
        live_reload: as for `render_html`.

    Returns:
        A small self-contained page with the same CSP and styles.
    """
    from cjmap.layout.themes import PALETTE_BY_NAME

    scripts = [_asset("live-reload.js")] if live_reload is not None else []
    page = (
        _environment()
        .get_template("diagnostics.html.j2")
        .render(
            path=path,
            diagnostics=diagnostics,
            root_vars=page_variables(PALETTE_BY_NAME["light"], []),
            dark_vars=page_variables(PALETTE_BY_NAME["dark"], []),
            dark_rules="",
            print_vars="",
            css=_asset("report.css"),
            scripts=scripts,
            csp=_csp(scripts, live_reload is not None),
            font_marker=_FONT_MARKER,
            live_reload=live_reload,
        )
    )
    return _with_fonts(page)


def _theme_mode(journey: Journey, options: RenderOptions) -> str:
    if options.theme:
        return options.theme
    if journey.theme is not None and journey.theme.base_written:
        return journey.theme.base
    return "auto"


def _csp(scripts: list[str], live: bool) -> str:
    hashes = " ".join(f"'sha256-{_sha256(s)}'" for s in scripts)
    return (
        "default-src 'none'; "
        + (f"script-src {hashes}; " if hashes else "")
        + "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        + ("connect-src 'self'; " if live else "")
        + "base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _with_fonts(page: str) -> str:
    from cjmap.text.subset import distinct_characters, font_face_css

    # Every character of the page, markup included: a superset of the text
    # drawn, at the cost of a few ASCII glyphs, and one pass over the string.
    chars = "".join(sorted(distinct_characters(page)))
    return page.replace(_FONT_MARKER, font_face_css(chars, chars), 1)


def _markup(text: str) -> object:
    from markupsafe import Markup

    return Markup(text)  # SVG from render_svg / _matrix: already escaped


@functools.cache
def _asset(name: str) -> str:
    return resources.files("cjmap.render").joinpath("assets", name).read_text("utf-8")


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cjmap.render", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["step_anchor"] = step_anchor
    env.filters["metric"] = format_metric
    env.filters["label"] = _label
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    import jinja2

    # Compiling the templates is a quarter of a small report's time; Jinja's
    # per-user cache (a 0700 folder it checks) keys compiled code by the
    # template's source, so a changed template is never served stale.
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no usable temp folder: compile each time
        return None


def _label(key: str) -> str:
    """`first_response` -> `first response` (metric and demographic keys, as written)."""
    return key.replace("_", " ").strip()
