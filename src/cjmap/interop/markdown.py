"""Find Mermaid journey diagrams inside Markdown (```mermaid fences)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cjmap._record import Record

_OPEN = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*mermaid\b[^\n]*$")
_FIRST_WORD = re.compile(r"^\s*(?:%%[^\n]*\n\s*)*(\S+)")


@dataclass(frozen=True, eq=False, repr=False)
class Block(Record):
    """One fenced Mermaid block: its first content line and its text.

    `text` keeps the whole file's line numbering: every line outside the
    block is blank, so diagnostics point at lines of the Markdown file.
    """

    line: int
    text: str
    is_journey: bool


def mermaid_blocks(markdown: str) -> list[Block]:
    """Every ```mermaid (or ~~~mermaid) block of a Markdown text, in order."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        fence = match.group("fence")
        close = re.compile(rf"^[ ]{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        body = lines[i + 1 : j]
        text = "\n" * (i + 1) + "\n".join(body) + "\n"
        first = _FIRST_WORD.match(text)
        is_journey = bool(first and first.group(1) == "journey") or _front_matter_journey(body)
        blocks.append(Block(i + 2, text, is_journey))
        i = j + 1
    return blocks


def _front_matter_journey(body: list[str]) -> bool:
    if not body or body[0].strip() != "---":
        return False
    for k in range(1, len(body)):
        if body[k].strip() == "---":
            rest = [line for line in body[k + 1 :] if line.strip()]
            return bool(rest) and rest[0].strip().startswith("journey")
    return False
