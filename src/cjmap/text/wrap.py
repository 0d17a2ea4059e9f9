"""Break labels into lines that fit a width, the way layout needs them.

Greedy (first-fit) wrapping, like a browser's `white-space: normal`:

- whitespace runs are break points and collapse to one space, as SVG does;
- explicit newlines always break;
- CJK text may break between any two ideographs, kana or Hangul syllables,
  except before closing punctuation (`、。）」`) or after opening punctuation
  (`（「`) - basic kinsoku;
- a word wider than the line is broken between user-perceived characters
  (never inside an emoji ZWJ sequence or between a letter and its accent),
  preferably after `-`, `/`, `_` or `.`.

Every line measures at most `max_width`, except a single character that is
wider on its own.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from cjmap.text import _unicode

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from cjmap.text.measure import TextMeasurer

ELLIPSIS = "…"
_PREFERRED_BREAK_AFTER = frozenset("-/_.\\")
_NEWLINES = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
# Breaking whitespace; NBSP (U+00A0), U+2007 and U+202F deliberately missing.
_SPACES = re.compile(r"[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
_ZWSP = "\u200b"
# Characters that never open a break inside a word: no CJK, emoji, zero-width
# space or keycap among them, and every code point is assigned. Latin and its
# accents, Cyrillic, punctuation such as “ ” – — … ·, currency, arrows: most
# non-ASCII words of a map skip the cluster-by-cluster scan (~50x faster).
NO_BREAK_INSIDE_RANGES = (
    (0x0000, 0x0377),
    (0x0400, 0x052F),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20A0, 0x20C0),
    (0x2190, 0x21FF),
)
_NO_BREAK_INSIDE = frozenset(
    map(chr, itertools.chain.from_iterable(range(lo, hi + 1) for lo, hi in NO_BREAK_INSIDE_RANGES))
)
# Inter's narrowest non-private-use glyph is the hair space (0.09 em). This
# caps how many characters one fitting search considers, so a 100k-character
# word costs O(n log n); a cap that is too low would end a line early, never
# make it overflow.
_MIN_GLYPH_EM = 0.08

# (text, joiner) - joiner is " " when a space separated it from the previous one.
_Token = tuple[str, str]


def wrap(
    text: str,
    measurer: TextMeasurer,
    max_width: float,
    size: float,
    bold: bool = False,
    max_lines: int | None = None,
) -> list[str]:
    """Wrap `text` into lines no wider than `max_width`.

    Args:
        text: the label; `\\n` forces a line break, other whitespace collapses.
        measurer: measures candidate lines.
        max_width: the widest a line may be, in px.
        size: font size in px.
        bold: measure with the bold face.
        max_lines: keep at most this many lines; if text was cut, the last
            line ends with `…` (and still fits).

    Returns:
        The lines, without leading or trailing spaces; `[]` for blank text.

    Raises:
        ValueError: `max_width` or `size` is not positive, or `max_lines` < 1.

    Example:
        >>> wrap("Sign up for the newsletter", default_measurer(), 100, 14)
        ['Sign up for the', 'newsletter']
    """
    _check(max_width, size)
    if max_lines is not None and max_lines < 1:
        raise ValueError(f"max_lines must be at least 1, not {max_lines}")
    lines: list[str] = []
    for line in _lines(text.strip(), measurer, max_width, size, bold):
        lines.append(line)
        if max_lines is not None and len(lines) > max_lines:
            kept = lines[:max_lines]
            kept[-1] = _ellipsize(kept[-1], measurer, max_width, size, bold)
            return kept
    return lines


def truncate(
    text: str, measurer: TextMeasurer, max_width: float, size: float, bold: bool = False
) -> str:
    """Fit `text` on one line, ending it with `…` if it had to be cut.

    Args:
        text: the label; all whitespace (newlines too) collapses to one space.
        measurer: measures the candidates.
        max_width: the widest the line may be, in px.
        size: font size in px.
        bold: measure with the bold face.

    Returns:
        `text` itself (whitespace collapsed) if it fits, else the longest prefix
        plus `…` that fits; `…` alone if nothing else does.

    Raises:
        ValueError: `max_width` or `size` is not positive.
    """
    _check(max_width, size)
    line = " ".join(_SPACES.split(_NEWLINES.sub(" ", text))).strip()
    max_chars = 4 * (int(max_width / (_MIN_GLYPH_EM * size)) + 8)
    # Don't shape a megabyte just to learn it is too long.
    if len(line) <= max_chars and measurer.width(line, size, bold) <= max_width:
        return line
    return _ellipsize(line, measurer, max_width, size, bold)


def _check(max_width: float, size: float) -> None:
    if not max_width > 0:
        raise ValueError(f"max_width must be positive, not {max_width}")
    if not size > 0:
        raise ValueError(f"size must be positive, not {size}")


def _lines(
    text: str, measurer: TextMeasurer, max_width: float, size: float, bold: bool
) -> Iterator[str]:
    def width(s: str) -> float:
        return measurer.width(s, size, bold)

    if not text:
        return
    space = width(" ")
    max_clusters = int(max_width / (_MIN_GLYPH_EM * size)) + 8
    for paragraph in _NEWLINES.split(text):
        tokens = _tokens(paragraph)
        if not tokens:
            yield ""
            continue
        lines = _greedy(tokens, width, max_width, max_clusters, space)
        # The greedy pass adds token widths; kerning or contextual forms at a
        # join can make the real line a hair wider, so check and, in that
        # rare case, redo the paragraph measuring every candidate for real.
        if any(width(line) > max_width and len(_unicode.clusters(line)) > 1 for line in lines):
            lines = _greedy(tokens, width, max_width, max_clusters, None)
        yield from lines


def _tokens(paragraph: str) -> list[_Token]:
    tokens: list[_Token] = []
    for word in _SPACES.split(paragraph):
        if not word:
            continue
        joiner = " "
        for piece in _split_word(word):
            tokens.append((piece, joiner))
            joiner = ""
    return tokens


def _split_word(word: str) -> list[str]:
    # Break opportunities inside a space-free run: CJK and emoji on either
    # side (UAX #14 classes ID/EB), after a zero-width space; kinsoku wins.
    if word.isascii() or _NO_BREAK_INSIDE.issuperset(word):
        return [word]
    clusters = _unicode.clusters(word)
    pieces = [clusters[0]]
    for prev, cur in itertools.pairwise(clusters):
        breakable = (
            prev.endswith(_ZWSP) or _is_ideographic(prev) or _is_ideographic(cur)
        ) and not (cur[0] in _unicode.NO_LINE_START or prev[-1] in _unicode.NO_LINE_END)
        if breakable:
            pieces.append(cur)
        else:
            pieces[-1] += cur
    return pieces


def _is_ideographic(cluster: str) -> bool:
    return _unicode.is_cjk_break_char(cluster) or _unicode.is_emoji_cluster(cluster)


def _greedy(
    tokens: list[_Token],
    width: Callable[[str], float],
    max_width: float,
    max_clusters: int,
    space: float | None,
) -> list[str]:
    # space=None: measure every candidate line; else estimate it as the sum of
    # token widths plus `space` per joining space.
    lines: list[str] = []
    line = ""
    line_width = 0.0
    for token, joiner in tokens:
        token_width = width(token)
        if line:
            if space is None:
                candidate_width = width(line + joiner + token)
            else:
                candidate_width = line_width + token_width + (space if joiner else 0.0)
            if candidate_width <= max_width:
                line += joiner + token
                line_width = candidate_width
                continue
            lines.append(line)
        if token_width <= max_width:
            line, line_width = token, token_width
        else:
            *full, line = _break_long(token, width, max_width, max_clusters)
            lines.extend(full)
            line_width = width(line)
    if line:
        lines.append(line)
    return lines


def _break_long(
    token: str, width: Callable[[str], float], max_width: float, max_clusters: int
) -> list[str]:
    clusters = _unicode.clusters(token)
    pieces: list[str] = []
    start = 0
    while start < len(clusters):
        rest = clusters[start : start + max_clusters]
        fit = max(_longest_fitting(rest, width, max_width, ""), 1)  # a too-wide char stands alone
        if start + fit < len(clusters):
            preferred = [
                i for i in range(fit // 2 + 1, fit + 1) if rest[i - 1][-1] in _PREFERRED_BREAK_AFTER
            ]
            if preferred:
                fit = preferred[-1]
            while fit > 1 and rest[fit - 1][-1] in _unicode.NO_LINE_END:  # kinsoku
                fit -= 1
        pieces.append("".join(rest[:fit]))
        start += fit
    return pieces


def _longest_fitting(
    clusters: list[str], width: Callable[[str], float], max_width: float, suffix: str
) -> int:
    # Largest k with width(clusters[:k] + suffix) <= max_width; width grows
    # with k, so binary search: ~log2(len) measurements.
    lo, hi = 0, len(clusters)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width("".join(clusters[:mid]).rstrip() + suffix) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _ellipsize(line: str, measurer: TextMeasurer, max_width: float, size: float, bold: bool) -> str:
    def width(s: str) -> float:
        return measurer.width(s, size, bold)

    max_clusters = int(max_width / (_MIN_GLYPH_EM * size)) + 8
    head = line.rstrip()[: 4 * max_clusters]
    clusters = _unicode.clusters(head)
    if len(head) < len(line.rstrip()):
        clusters.pop()  # may be cut in half
    clusters = clusters[:max_clusters]
    fit = _longest_fitting(clusters, width, max_width, ELLIPSIS)
    return "".join(clusters[:fit]).rstrip() + ELLIPSIS
