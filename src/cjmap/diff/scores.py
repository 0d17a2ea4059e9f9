"""How an emotion score reads in text: `−2`, `0`, `+1`; faces; sparkline bars.

Shared by `cjmap diff` and `cjmap show`, so a score looks the same in both.
"""

from __future__ import annotations

MINUS = "\u2212"  # a real minus sign: `−2` lines up with `+2` in any font
# -2 … +2, as faces (emoji) and as plain ASCII for terminals without emoji.
FACES = {-2: "😠", -1: "🙁", 0: "😐", 1: "🙂", 2: "😀"}
ASCII_FACES = {-2: ">:(", -1: ":(", 0: ":|", 1: ":)", 2: ":D"}
# One bar per step: -2 lowest … +2 highest; a gap where a step has no score.
SPARK = {-2: "▁", -1: "▂", 0: "▄", 1: "▆", 2: "█"}
ASCII_SPARK = {-2: "_", -1: ".", 0: "-", 1: "'", 2: "^"}


def signed(score: int | None) -> str:
    """`−2`, `−1`, `0`, `+1`, `+2`; `none` for a missing score."""
    if score is None:
        return "none"
    if score < 0:
        return f"{MINUS}{-score}"
    return f"+{score}" if score > 0 else "0"


def change_mark(before: int | None, after: int | None) -> str:
    """`▲2` for a rise of two, `▼1` for a fall of one; empty when either is missing."""
    if before is None or after is None or before == after:
        return ""
    return ("▲" if after > before else "▼") + str(abs(after - before))
