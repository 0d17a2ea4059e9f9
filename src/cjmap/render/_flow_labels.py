"""HTML-like Graphviz labels whose size is decided here, not by `dot`.

Every label of the flow view is a borderless `<TABLE>` of fixed-size cells,
one row per wrapped line, measured with the Inter metrics the swimlane uses.
`dot` never has to measure text, so the DOT (and the layout) is the same on
every machine, whatever font Graphviz finds for "Inter" there.

Text is left-aligned, which keeps its position independent of `dot`'s own
width estimate — as long as that estimate fits the cell: text `dot` thinks
overflows a fixed cell gets centred instead, shifting it left. `dot` usually
measures with a wider fallback (DejaVu Sans Bold runs ~21 % wider than Inter
Bold), so cells carry `TEXT_SLACK` on their right; a step's box includes it,
which reads as a ragged right margin:

    |pad| text as Inter draws it ….. slack |pad|
    |pad| text as dot measures it ……….…… |pad|

(A box hugging the text, with the label sticking out, needs
`fixedsize=shape`, whose edge clipping is broken in Graphviz 2.43: arrows
end inside the boxes.)
"""

from __future__ import annotations

import html
import math
import unicodedata

from cjmap.text.measure import default_measurer
from cjmap.text.wrap import wrap

TEXT_SLACK = 0.22  # share of the Inter width added to a cell for `dot`'s wider estimate

Row = tuple[str, int, str, bool]  # text ("" for a gap), size in pt, colour, bold


def lines(text: str, width: float, size: int, bold: bool, max_lines: int) -> list[str]:
    """Wrap `text` at `width` pt, dropping control characters XML can't hold."""
    printable = "".join(ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
    return wrap(printable, default_measurer(), width, size, bold, max_lines)


def text_width(rows: list[Row]) -> float:
    """The widest row, in pt, as Inter draws it."""
    measurer = default_measurer()
    return max((measurer.width(text, size, bold) for text, size, _, bold in rows), default=1.0)


def row_height(row: Row) -> int:
    """A text row's line height, or a gap row's own size, in whole pt."""
    text, size, _, _ = row
    return math.ceil(default_measurer().line_height(size)) if text else size


def cell_width(width: float) -> int:
    """A cell for text `width` pt wide in Inter, with slack for `dot`'s estimate."""
    return math.ceil(width * (1 + TEXT_SLACK))


def table(rows: list[Row], cell: int, indent: int = 0) -> str:
    """An HTML-like label: `rows` left-aligned in fixed cells.

    Args:
        rows: the lines, top to bottom.
        cell: the cells' width in pt, usually `cell_width(text_width(rows))`.
        indent: an empty column of this width on the left.

    Returns:
        The label, `<…>` included, as the graphviz package takes it.
    """
    body = []
    for row in rows:
        text, size, colour, bold = row
        height = row_height(row)
        left = f'<TD FIXEDSIZE="TRUE" WIDTH="{indent}" HEIGHT="{height}"></TD>' if indent else ""
        content = ""
        if text:
            words = f"<B>{escape(text)}</B>" if bold else escape(text)
            content = f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{words}</FONT>'
        body.append(
            f'<TR>{left}<TD FIXEDSIZE="TRUE" WIDTH="{cell}" HEIGHT="{height}" ALIGN="LEFT">'
            f"{content}</TD></TR>"
        )
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        + "".join(body)
        + "</TABLE>>"
    )


def escape(text: str) -> str:
    """Text for an HTML-like label: XML-escaped, backslashes doubled.

    Graphviz expands `\\G`, `\\N` … even inside HTML-like labels (after
    decoding entities), so `\\` must be written `\\\\`.
    """
    return xml(text).replace("\\", "\\\\")


def xml(text: str) -> str:
    """Text escaped for XML content and attributes."""
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")
