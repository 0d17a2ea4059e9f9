"""Running Graphviz `dot` on the flow graph, and making its SVG stable.

`dot` writes its version and the graph name into comments and refers to a
DTD on the network; those go. The SVG gets the map's title, `role="img"`,
and an Inter subset for the characters drawn, so browsers show the font the
labels were measured in (resvg and fpdf2 are handed the TTFs directly).
"""

from __future__ import annotations

import html
import re
import shutil

import graphviz

from cjmap.errors import CjmapError, ToolMissing
from cjmap.render._flow_labels import xml

INSTALL_HINT = (
    "Graphviz `dot` is needed to draw the flow as SVG, PNG or PDF but is not on PATH; "
    "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`, "
    "Windows: `winget install graphviz`), or write DOT with `--flow-format dot`"
)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\n?")
_ROOT_TAG = re.compile(r"<svg\b[^>]*>")
_GRAPH_TITLE = re.compile(r'(<g id="graph0" class="graph"[^>]*>\n<title>)[^<]*(</title>)')
_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def run_dot(graph: graphviz.Digraph, title: str) -> str:
    """Lay `graph` out with `dot -Tsvg` and return the tidied SVG.

    Args:
        graph: the flow graph.
        title: the map's title, for the SVG's `<title>`.

    Returns:
        The SVG document.

    Raises:
        ToolMissing: `dot` is not on PATH (also if it vanishes after the check).
        CjmapError: `dot` failed.
    """
    if shutil.which("dot") is None:
        raise ToolMissing(INSTALL_HINT)
    try:
        raw: bytes = graph.pipe(format="svg", quiet=True)
    except graphviz.ExecutableNotFound:
        raise ToolMissing(INSTALL_HINT) from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise CjmapError(f"Graphviz `dot` failed: {detail[0] if detail else exc}") from None
    except BrokenPipeError:  # it exited before reading the whole graph
        raise CjmapError("Graphviz `dot` failed: it stopped reading the graph") from None
    return tidy_svg(raw.decode("utf-8"), title)


def tidy_svg(svg: str, title: str) -> str:
    """Graphviz's SVG without comments or DOCTYPE, titled, with Inter embedded.

    Args:
        svg: what `dot -Tsvg` wrote.
        title: the graph's title.

    Returns:
        The SVG, the same for the same input.
    """
    from cjmap.text.subset import font_face_css

    svg = _DOCTYPE.sub("", _COMMENT.sub("", svg))
    svg = _GRAPH_TITLE.sub(lambda m: m.group(1) + xml(title) + m.group(2), svg, count=1)
    drawn = html.unescape("".join(_TEXT.findall(svg)))
    css = font_face_css(drawn, drawn)
    root = _ROOT_TAG.search(svg)
    if root is None:  # pragma: no cover - dot always writes an <svg> root
        return svg
    tag = root.group(0)[:-1] + ' role="img">'
    return svg[: root.start()] + tag + f"\n<style>{css}</style>" + svg[root.end() :]
