"""Mermaid's text handling before and around the journey parser, rule for rule.

Mermaid (11.x, `mermaidAPI.ts`, `preprocess.ts`, `utils.ts`) does this to a
diagram before `journey.jison` sees it:

1. CRLF and CR become LF.
2. A YAML front matter block at the very start is cut off (`title:` becomes
   the diagram title, `config:` is applied).
3. `%%{init: …}%%` directives are cut out wherever they are.
4. Whole-line `%%` comments are removed.
5. Entity codes `#name;` / `#58;` are hidden behind placeholders, so that
   `#` and `;` inside them reach neither the comment rule nor the lexer's
   error rule; the browser decodes them only when it shows the SVG.

We do the same, but replace what Mermaid cuts out with blanks of the same
shape, so that every line and column we report is the one in the user's file.
"""

from __future__ import annotations

import html
import html.entities
import math
import re
from dataclasses import dataclass, field
from typing import Any

from cjmap._record import Record
from cjmap.errors import Diagnostic, InvalidMap

# JavaScript's `\s` (ECMAScript WhiteSpace + LineTerminator); Python's differs.
JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
WS = "[" + re.escape(JS_SPACE) + "]"

_FRONT_MATTER = re.compile(rf"^-{{3}}{WS}*[\n\r](.*?)[\n\r]-{{3}}{WS}*[\n\r]+", re.DOTALL)
_DIRECTIVE = re.compile(
    rf"%{{2}}{{{WS}*(?:(\w+){WS}*:|(\w+)){WS}*(?:(\w+)|((?:(?!}}%{{2}}).|\r?\n)*))?{WS}*(?:}}%{{2}})?",
    re.IGNORECASE | re.ASCII,
)
_COMMENT_LINE = re.compile(rf"^{WS}*%%(?!{{)[^\n]+\n?", re.MULTILINE)
# `encodeEntities` first trims the `;` off lines that look like `style …:#…;`
# (a flowchart rule that runs on every diagram), then hides `#\w+;` (JS `\w`).
_STYLE_LINE = re.compile(r"(?:style|classDef)[^\n]*:[^\s]*#[^\n]*;")
_ENTITY = re.compile(r"#[A-Za-z0-9_]+;")
MASK = "\ue000"  # stands in for each character of an entity; no lexer rule treats it specially

_JS_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)", re.ASCII)
_JS_RADIX = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")


@dataclass(frozen=True, eq=False, repr=False)
class Removed(Record):
    """Something Mermaid cuts out before parsing: front matter or a directive."""

    kind: str  # "front-matter" | "directive"
    line: int
    column: int
    text: str


@dataclass
class Prepared:
    """The text the journey lexer reads, with what preprocessing took out."""

    code: str  # same length and line breaks as the LF-normalised source
    source: str  # the LF-normalised source, for decoding spans
    entities: dict[int, tuple[int, str]] = field(default_factory=dict)  # start -> (end, text)
    removed: list[Removed] = field(default_factory=list)
    front_matter: str | None = None
    front_matter_line: int = 1
    line_starts: list[int] = field(default_factory=list)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset."""
        import bisect

        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def decode(self, start: int, end: int, line_breaks: bool = False, squeeze: bool = False) -> str:
        """The text of `code[start:end]` as Mermaid shows it.

        The span is trimmed first (as Mermaid trims the raw token), then entities
        are decoded. `line_breaks`: task and section names, where `<br>` is a
        line break. `squeeze`: accessibility text, where Mermaid drops the
        indentation after each line break (`/\\n\\s+/g`). Both apply to the
        written text only, never to what an entity stands for.
        """
        while start < end and self.code[start] in JS_SPACE:
            start += 1
        while end > start and self.code[end - 1] in JS_SPACE:
            end -= 1
        out: list[str] = []
        pos = start
        for ent_start in sorted(k for k in self.entities if start <= k < end):
            out.append(_literal(self.source[pos:ent_start], line_breaks, squeeze))
            ent_end, text = self.entities[ent_start]
            out.append(text)
            pos = ent_end
        out.append(_literal(self.source[pos:end], line_breaks, squeeze))
        return "".join(out)


_BR = re.compile(rf"[ \t]*<br{WS}*/?>[ \t]*", re.IGNORECASE)
_INDENT = re.compile(rf"\n{WS}+")


def _literal(text: str, line_breaks: bool, squeeze: bool) -> str:
    # Mermaid splits task and section labels on `<br>` (common.lineBreakRegex);
    # the spaces around a break are invisible there, so they are dropped here.
    if line_breaks:
        text = _BR.sub("\n", text)
    if squeeze:
        text = _INDENT.sub("\n", text)
    return text


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def prepare(raw: str) -> Prepared:
    """Run Mermaid's preprocessing, keeping every line and column in place."""
    source = raw.replace("\r\n", "\n").replace("\r", "\n")
    code = source
    prepared = Prepared(code=code, source=source)
    prepared.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    match = _FRONT_MATTER.match(code)
    if match:
        prepared.front_matter = match.group(1)
        prepared.front_matter_line = 2
        prepared.removed.append(Removed("front-matter", 1, 1, match.group(0)))
        code = _blank(match.group(0)) + code[match.end() :]
    pieces: list[str] = []
    last = 0
    for m in _DIRECTIVE.finditer(code):
        line, column = prepared.position(m.start())
        prepared.removed.append(Removed("directive", line, column, m.group(0)))
        pieces.append(code[last : m.start()] + _blank(m.group(0)))
        last = m.end()
    code = "".join(pieces) + code[last:]
    code = _COMMENT_LINE.sub(lambda m: _blank(m.group(0)), code)
    for m in _STYLE_LINE.finditer(code):
        # Mermaid deletes this `;`; a blank keeps the offsets.
        code = code[: m.end() - 1] + " " + code[m.end() :]
        prepared.source = prepared.source[: m.end() - 1] + " " + prepared.source[m.end() :]
    masked: list[str] = []
    last = 0
    for m in _ENTITY.finditer(code):
        prepared.entities[m.start()] = (m.end(), decode_entity(m.group(0)[1:-1]))
        masked.append(code[last : m.start()] + MASK * (m.end() - m.start()))
        last = m.end()
    prepared.code = "".join(masked) + code[last:]
    return prepared


def decode_entity(inner: str) -> str:
    """What the browser shows for Mermaid's `#inner;`: `58` -> `:`, `amp` -> `&`."""
    if inner.isascii() and inner.isdigit():
        return html.unescape(f"&#{inner};")
    return html.entities.html5.get(inner + ";", f"&{inner};")


def js_number(text: str) -> float:
    """JavaScript's `Number(text)`, which Mermaid uses for a task's score."""
    s = text.strip(JS_SPACE)
    if not s:
        return 0.0
    if _JS_RADIX.fullmatch(s):
        return float(int(s, 0))
    if _JS_DECIMAL.fullmatch(s):
        return float(s.replace("Infinity", "inf"))
    return math.nan


def front_matter_title(data: Any) -> str | None:
    """Mermaid's `metadata.title`: a truthy `title` value as JavaScript prints it."""
    if not isinstance(data, dict):
        return None
    value = data.get("title")
    if not value:
        return None
    if isinstance(value, bool):
        return "true"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Header:
    """What comes before the diagram: the front matter title and notes."""

    title: str | None = None
    notes: list[Diagnostic] = field(default_factory=list)


def read_header(prepared: Prepared, file: str) -> Header:
    """The front matter's title, and notes on what preprocessing set aside.

    Raises:
        InvalidMap: front matter that is not closed or not YAML.
    """
    from cjmap.load import DEFAULT_LIMITS
    from cjmap.load.yaml_safe import YamlFailure, parse_yaml

    header = Header()
    if prepared.front_matter is None:
        if prepared.code.startswith("---"):
            raise InvalidMap(
                [
                    Diagnostic(
                        file,
                        1,
                        1,
                        "mermaid-front-matter",
                        "the front matter is not closed by a `---` line, "
                        "so Mermaid finds no diagram",
                    )
                ]
            )
    else:
        try:
            data, _ = parse_yaml(prepared.front_matter, file, DEFAULT_LIMITS)
        except YamlFailure as failure:
            d = failure.diagnostic
            line = (d.line or 1) + prepared.front_matter_line - 1
            raise InvalidMap(
                [Diagnostic(file, line, d.column, "mermaid-front-matter", d.message)]
            ) from None
        header.title = front_matter_title(data)
        ignored = [k for k in data if k != "title"] if isinstance(data, dict) else []
        if ignored:
            keys = ", ".join(f"`{k}`" for k in ignored)
            header.notes.append(
                Diagnostic(
                    file,
                    1,
                    1,
                    "mermaid-front-matter-ignored",
                    f"front matter {keys} ignored: cjmap draws with its own layout and themes",
                    severity="warning",
                )
            )
    for removed in prepared.removed:
        if removed.kind == "directive":
            header.notes.append(
                Diagnostic(
                    file,
                    removed.line,
                    removed.column,
                    "mermaid-directive-ignored",
                    "`%%{…}%%` directive ignored: cjmap draws with its own layout and themes",
                    severity="warning",
                )
            )
    return header


def not_journey(prepared: Prepared, file: str, start: int) -> Diagnostic:
    """The error for text that is not a journey diagram (detection failed at `start`)."""
    line, column = prepared.position(min(start, max(len(prepared.code) - 1, 0)))
    first = prepared.code[start:].split(None, 1)
    if not first:
        message = "the file holds no Mermaid diagram"
    elif first[0].lower() == "journey":
        message = f"Mermaid needs the keyword `journey` in lower case, not `{first[0]}`"
    else:
        message = f"not a Mermaid journey diagram: it starts with `{first[0][:40]}`"
    return Diagnostic(
        file,
        line if first else 1,
        column if first else 1,
        "mermaid-not-journey",
        message,
        hint="a journey diagram starts with the line `journey`",
    )
