"""Rewrite an SVG so fpdf2 draws what resvg draws.

fpdf2's SVG reader differs from resvg (and browsers) in ways that would make
the PDF quietly disagree with the PNG; see the list in `cjmap.render.pdf`.
This pass, on an xml.etree tree, removes those differences:

- inlines `<style>` rules (type, `.class`, `#id`, descendant and child
  selectors; `@font-face` and other at-rules are skipped) into `style=`,
  because fpdf2 only applies single-class selectors;
- drops what fpdf2 doesn't draw but warns about (`<title>`, `<desc>`,
  `<marker>`, `<filter>`, ...), unwraps `<a>`, and removes `display:none`
  and `visibility:hidden` shapes, which fpdf2 would draw;
- makes every text Inter, upright (the only faces registered; other families
  fall back to Helvetica, an italic raises KeyError);
- turns `14px` into `14`: fpdf2 reads unitless lengths as user units but
  `px` as 0.75 pt, which would shrink text and strokes inside the viewBox;
- resolves `currentColor`, and rewrites `transparent`, `rgba()` and `hsl()`,
  which fpdf2 rejects with a ValueError;
- replaces each character Inter lacks with `□` (resvg draws Inter's "no glyph"
  box there; fpdf2 would silently leave the text out);
- sizes the root in pt at 96 dpi (1 px = 0.75 pt) with a viewBox in px.
"""

from __future__ import annotations

import colorsys
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from cjmap.text import _unicode

if TYPE_CHECKING:
    from collections.abc import Iterator

SVG_NS = "http://www.w3.org/2000/svg"
PT_PER_PX = 0.75  # CSS: 96 px per inch, 72 pt per inch
MAX_PAGE_PT = 14_400  # Acrobat's page size limit (200 in)
MISSING_GLYPH = "□"

_DRAWN_TAGS = frozenset(
    {
        *("svg", "g", "defs", "symbol", "use", "switch", "clipPath"),
        *("path", "rect", "circle", "ellipse", "line", "polyline", "polygon"),
        *("text", "tspan", "image", "linearGradient", "radialGradient", "stop"),
    }
)
_UNWRAPPED_TAGS = frozenset({"a"})
# Visibility is inherited but a child may say `visible` again: keep these.
_CONTAINER_TAGS = frozenset({"svg", "g", "defs", "symbol", "switch", "a", "clipPath", "text"})
_LENGTH_PROPS = frozenset(
    {
        *("x", "y", "dx", "dy", "width", "height", "rx", "ry", "cx", "cy", "r"),
        *("x1", "y1", "x2", "y2", "font-size", "stroke-width"),
        *("stroke-dasharray", "stroke-dashoffset"),
    }
)
_COLOR_PROPS = ("fill", "stroke", "stop-color", "color")
_DROPPED_PROPS = frozenset(
    {"font-family", "font-style", "marker-start", "marker-mid", "marker-end"}
)
_PX = re.compile(r"(?<=[0-9.])px\b")
_FUNC_COLOR = re.compile(r"^(rgba?|hsla?)\(([^)]*)\)$")
_COMPOUND = re.compile(r"^(\*|[A-Za-z][\w-]*)?((?:[.#][\w-]+)*)$")

# A selector as (combinator to the left, (tag, id, classes)) pairs, left to right.
_Compound = tuple[str | None, str | None, frozenset[str]]
_Selector = list[tuple[str, _Compound]]
_Rule = tuple[tuple[int, int, int], int, _Selector, dict[str, str]]


def svg_for_pdf(svg: str, covered: frozenset[int]) -> tuple[str, float, float]:
    """Return the rewritten SVG and its page width and height in pt.

    Args:
        svg: the SVG document.
        covered: code points Inter can draw.

    Returns:
        (svg, width_pt, height_pt).

    Raises:
        ValueError: not well-formed XML, or no usable width/height/viewBox.
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed SVG: {exc}") from exc
    if _local(root.tag) != "svg":
        raise ValueError(f"the root element is <{_local(root.tag)}>, not <svg>")
    rules = [rule for style in root.iter(f"{{{SVG_NS}}}style") for rule in _parse_css(style)]
    parents = {child: parent for parent in root.iter() for child in parent}
    if rules:
        _inline_css(root, rules, parents)
    _clean(root, inherited_color="#000000", hidden=False, covered=covered)
    width, height = _size_px(root)
    scale = min(PT_PER_PX, MAX_PAGE_PT / max(width, height))
    root.set("width", f"{width * scale:.3f}pt")
    root.set("height", f"{height * scale:.3f}pt")
    return ET.tostring(root, encoding="unicode"), width * scale, height * scale


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _size_px(root: ET.Element) -> tuple[float, float]:
    view_box = root.get("viewBox")
    sizes = [_length_px(root.get(name)) for name in ("width", "height")]
    if view_box:
        numbers = [float(n) for n in re.split(r"[\s,]+", view_box.strip())]
        if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
            raise ValueError(f"invalid viewBox {view_box!r}")
        width = sizes[0] or numbers[2]
        height = sizes[1] or numbers[3]
    elif sizes[0] and sizes[1]:
        width, height = sizes[0], sizes[1]
        root.set("viewBox", f"0 0 {width:g} {height:g}")
    else:
        raise ValueError("the SVG has no width/height or viewBox")
    return width, height


def _length_px(value: str | None) -> float | None:
    units = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54}
    units["mm"] = units["cm"] / 10
    match = re.fullmatch(r"\s*([0-9.]+(?:[eE][+-]?\d+)?)\s*([a-z]*)\s*", value or "")
    if not match or match.group(2) not in units:
        return None  # absent, a percentage, or nonsense: use the viewBox
    number = float(match.group(1)) * units[match.group(2)]
    return number if number > 0 else None


def _parse_css(style: ET.Element) -> Iterator[_Rule]:
    css = re.sub(r"/\*.*?\*/", "", "".join(style.itertext()), flags=re.DOTALL)
    order = 0
    pos = 0
    while (start := css.find("{", pos)) != -1:
        prelude = css[pos:start].strip()
        end, depth = start + 1, 1
        while end < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        body = css[start + 1 : end - 1]
        pos = end
        if prelude.startswith("@"):
            continue  # @font-face, @media ...: not for print geometry
        declarations = _parse_declarations(body)
        for text in prelude.split(","):
            selector = _parse_selector(text)
            if selector is not None:
                order += 1
                yield _specificity(selector), order, selector, declarations


def _parse_declarations(body: str) -> dict[str, str]:
    out = {}
    for item in body.split(";"):
        name, sep, value = item.partition(":")
        value = value.replace("!important", "").strip()
        if sep and name.strip() and value:
            out[name.strip().lower()] = value
    return out


def _parse_selector(text: str) -> _Selector | None:
    parts: _Selector = []
    combinator = " "
    for token in re.sub(r"\s*>\s*", " > ", text.strip()).split():
        if token == ">":
            combinator = ">"
            continue
        match = _COMPOUND.match(token)
        if not match or not token:
            return None  # pseudo-classes, attributes, siblings: skip the rule
        tag = match.group(1) if match.group(1) not in (None, "*") else None
        simple = re.findall(r"[.#][\w-]+", match.group(2))
        ids = [s[1:] for s in simple if s[0] == "#"]
        classes = frozenset(s[1:] for s in simple if s[0] == ".")
        parts.append((combinator, (tag, ids[0] if ids else None, classes)))
        combinator = " "
    return parts or None


def _specificity(selector: _Selector) -> tuple[int, int, int]:
    ids = sum(1 for _, (_, id_, _) in selector if id_)
    classes = sum(len(c) for _, (_, _, c) in selector)
    tags = sum(1 for _, (tag, _, _) in selector if tag)
    return ids, classes, tags


def _inline_css(
    root: ET.Element, rules: list[_Rule], parents: dict[ET.Element, ET.Element]
) -> None:
    rules.sort(key=lambda rule: (rule[0], rule[1]))
    for element in root.iter():
        merged: dict[str, str] = {}
        for _, _, selector, declarations in rules:
            if _matches(element, selector, len(selector) - 1, parents):
                merged.update(declarations)
        if merged:
            merged.update(_parse_declarations(element.get("style", "")))  # inline wins
            element.set("style", _format_style(merged))


def _matches(
    element: ET.Element, selector: _Selector, i: int, parents: dict[ET.Element, ET.Element]
) -> bool:
    combinator, (tag, id_, classes) = selector[i]
    if tag is not None and _local(element.tag) != tag:
        return False
    if id_ is not None and element.get("id") != id_:
        return False
    if classes and not classes <= set(element.get("class", "").split()):
        return False
    if i == 0:
        return True
    parent = parents.get(element)
    if combinator == ">":
        return parent is not None and _matches(parent, selector, i - 1, parents)
    while parent is not None:
        if _matches(parent, selector, i - 1, parents):
            return True
        parent = parents.get(parent)
    return False


def _format_style(style: dict[str, str]) -> str:
    return ";".join(f"{name}:{value}" for name, value in style.items())


def _clean(
    element: ET.Element, inherited_color: str, hidden: bool, covered: frozenset[int]
) -> None:
    # `hidden`: this element's effective visibility (inherited, overridable).
    style = _parse_declarations(element.get("style", ""))
    color = _normalise_color(style.get("color") or element.get("color") or "", inherited_color)
    color = color if _is_concrete_color(color) else inherited_color
    for name in list(style):
        style_value = _normalise(name, style[name], color)
        if style_value is None:
            del style[name]
        else:
            style[name] = style_value
    for name, value in list(element.attrib.items()):
        attr_value = _normalise(name, value, color)
        if attr_value is None:
            del element.attrib[name]
        else:
            element.set(name, attr_value)
    if style:
        element.set("style", _format_style(style))
    elif "style" in element.attrib:
        del element.attrib["style"]
    tag = _local(element.tag)
    if tag == "text":
        element.set("font-family", "Inter")
    in_text = tag in ("text", "tspan")
    if in_text:
        element.text = _replace_missing(element.text, covered)
    for child in list(element):
        child_tag = _local(child.tag)
        child_style = _parse_declarations(child.get("style", ""))
        visibility = child_style.get("visibility") or child.get("visibility")
        child_hidden = visibility in ("hidden", "collapse") if visibility else hidden
        display = child_style.get("display") or child.get("display")
        if in_text:
            child.tail = _replace_missing(child.tail, covered)
        if (
            child_tag not in _DRAWN_TAGS | _UNWRAPPED_TAGS
            or display == "none"
            or (child_hidden and child_tag not in _CONTAINER_TAGS)
        ):
            _remove(element, child)
            continue
        _clean(child, color, child_hidden, covered)
        if child_tag in _UNWRAPPED_TAGS:
            _unwrap(element, child)


def _normalise(name: str, value: str, color: str) -> str | None:
    if name in _DROPPED_PROPS:
        return None
    if name in _LENGTH_PROPS:
        return _PX.sub("", value)
    if name in _COLOR_PROPS:
        return _normalise_color(value, color)
    return value


def _normalise_color(value: str, current: str) -> str:
    text = value.strip()
    low = text.lower()
    if low == "currentcolor":
        return current
    if low == "transparent":
        return "none"
    match = _FUNC_COLOR.match(low.replace(" ", ""))
    if not match:
        # Hex and colour names are case-insensitive; url(#Id) is not.
        return low if low.startswith("#") or low.isalpha() else text
    kind, args = match.group(1), match.group(2).replace("/", ",").split(",")
    try:
        numbers = [float(a.rstrip("%")) / (100 if a.endswith("%") else 1) for a in args]
        if kind.startswith("rgb"):
            scale = [255.0 if a.endswith("%") else 1.0 for a in args[:3]]
            rgb = [n * s / 255 for n, s in zip(numbers[:3], scale, strict=True)]
        else:
            rgb = list(colorsys.hls_to_rgb(numbers[0] / 360 % 1, numbers[2], numbers[1]))
        alpha = numbers[3] if len(numbers) > 3 else 1.0
    except (ValueError, IndexError):
        return text
    channels = [*rgb, alpha] if alpha < 1 else rgb
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in channels)


def _is_concrete_color(value: str) -> bool:
    return value.startswith("#") or (
        value.isalpha() and value not in ("inherit", "none", "currentcolor")
    )


def _replace_missing(text: str | None, covered: frozenset[int]) -> str | None:
    if not text or text.isascii():
        return text
    out = []
    for cluster in _unicode.clusters(text):
        if _unicode.is_emoji_cluster(cluster):
            # resvg draws Inter's own glyph for a base it has (U+2764 + VS16).
            out.append(cluster[0] if ord(cluster[0]) in covered else MISSING_GLYPH)
        elif all(ord(ch) in covered or _unicode.is_zero_width(ch) for ch in cluster):
            out.append("".join(ch for ch in cluster if ord(ch) in covered or ch.isspace()))
        else:
            out.append(MISSING_GLYPH)
    return "".join(out)


def _unwrap(parent: ET.Element, child: ET.Element) -> None:
    index = list(parent).index(child)
    parent.remove(child)
    for offset, grandchild in enumerate(child):
        parent.insert(index + offset, grandchild)


def _remove(parent: ET.Element, child: ET.Element) -> None:
    # Keep the text that follows the element (matters inside <text>).
    if child.tail and child.tail.strip():
        index = list(parent).index(child)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)
