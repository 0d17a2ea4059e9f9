"""Escaping text for XML/SVG. Characters XML 1.0 forbids are dropped here as a
last line of defence (the typesetter already removes controls it won't draw)."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: str) -> str:
    """Escape element text: `&`, `<`, `>` (so `]]>` and `</svg>` stay inert)."""
    # Fast path for most labels: every forbidden character is unprintable.
    if text.isprintable() and "&" not in text and "<" not in text and ">" not in text:
        return text
    text = _FORBIDDEN.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """Escape an attribute value in double quotes."""
    # Fast path: newlines and forbidden characters are all unprintable.
    if text.isprintable() and not ("&" in text or "<" in text or ">" in text or '"' in text):
        return text
    return esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
