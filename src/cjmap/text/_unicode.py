"""Character classes shared by measuring and wrapping (stdlib `unicodedata` only)."""

from __future__ import annotations

import bisect
import unicodedata

ZWJ = "\u200d"
VS15 = "\ufe0e"  # text presentation selector
VS16 = "\ufe0f"  # emoji presentation selector
KEYCAP = "\u20e3"

# Blocks whose characters a browser draws from an emoji or symbol font when the
# primary font lacks them: Misc Technical, Enclosed Alphanumerics, Geometric
# Shapes, Misc Symbols, Dingbats, Supplemental Arrows-B, Misc Symbols and
# Arrows, a few CJK-block emoji, and the whole U+1F000-1FAFF plane section.
_PICTOGRAPHIC_RANGES = (
    (0x2300, 0x23FF),
    (0x2460, 0x24FF),
    (0x25A0, 0x27BF),
    (0x2900, 0x297F),
    (0x2B00, 0x2BFF),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x1F000, 0x1FAFF),
)

# Kinsoku shori (JIS X 4051, simplified): a line must not start with these...
NO_LINE_START = frozenset(
    "、。，．,.:;!?)]}）］｝〕〉》」』】〙〗〟’”｠»・ー゠々〻‐–—…‥：；！？"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)
# ...and must not end with these.
NO_LINE_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“｟«")


_PICTOGRAPHIC_STARTS = [lo for lo, _ in _PICTOGRAPHIC_RANGES]


def is_pictographic(cp: int) -> bool:
    if cp < 0x2300:  # hot path: Latin, Greek, Cyrillic, punctuation
        return False
    i = bisect.bisect_right(_PICTOGRAPHIC_STARTS, cp) - 1
    return cp <= _PICTOGRAPHIC_RANGES[i][1]


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_regional_indicator(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def is_emoji_modifier(cp: int) -> bool:
    return 0x1F3FB <= cp <= 0x1F3FF


def _is_extend(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x300:  # hot path: nothing below the combining diacritics extends
        return False
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or ch in (ZWJ, "\u200c")
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0xE0020 <= cp <= 0xE007F  # emoji tag sequences (subdivision flags)
        or is_emoji_modifier(cp)
    )


def clusters(text: str) -> list[str]:
    """Split `text` into user-perceived characters (a pragmatic UAX #29 subset).

    A cluster is a base character plus its combining marks, variation
    selectors, emoji modifiers and tags; ZWJ joins the next character in
    (emoji ZWJ sequences); regional indicators pair into flags; a virama joins
    the next letter (Indic conjuncts). Wrapping may break only between clusters.
    """
    out: list[str] = []
    for ch in text:
        if out:
            last = out[-1]
            cp = ord(ch)
            joins = (
                _is_extend(ch)
                or last[-1] == ZWJ
                or (
                    is_regional_indicator(cp)
                    and len(last) == 1
                    and is_regional_indicator(ord(last))
                )
                or (
                    unicodedata.combining(last[-1]) == 9  # virama
                    and unicodedata.category(ch) == "Lo"
                )
            )
            if joins and last not in ("\n", "\r"):
                out[-1] = last + ch
                continue
        out.append(ch)
    return out


def is_emoji_cluster(cluster: str) -> bool:
    """True if a browser draws `cluster` as one emoji (colour emoji font)."""
    if len(cluster) == 1:  # hot path
        cp = ord(cluster)
        return (
            cp >= 0x2300 and is_pictographic(cp) and (is_wide(cluster) or is_regional_indicator(cp))
        )
    if VS15 in cluster:
        return False
    cps = [ord(c) for c in cluster]
    if VS16 in cluster or KEYCAP in cluster or any(is_emoji_modifier(c) for c in cps):
        return True
    if is_regional_indicator(cps[0]):
        return True
    if ZWJ in cluster and any(is_pictographic(c) for c in cps):
        return True
    # Emoji_Presentation characters are exactly the pictographs with East
    # Asian Width W, so this needs no emoji table.
    return is_pictographic(cps[0]) and is_wide(cluster[0])


def is_cjk_break_char(cluster: str) -> bool:
    """True if a line may break on either side of `cluster` without a space."""
    ch = cluster[0]
    return is_wide(ch) and not is_pictographic(ord(ch))


def is_zero_width(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc", "Zl", "Zp")
