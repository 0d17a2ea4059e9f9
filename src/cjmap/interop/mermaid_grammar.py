"""Mermaid's `journey` grammar, reproduced so we accept and reject what Mermaid does.

The lexer follows `packages/mermaid/src/diagrams/user-journey/parser/journey.jison`
(Mermaid 11) rule for rule, in its order: jison takes the *first* rule that
matches (not the longest), `%options case-insensitive` applies to every rule,
and jison appends `\\b` to the `"journey"` literal. Consequences users meet:

- a task whose name starts with `title `, `section `, `journey` or `accDescr {`
  is read as that keyword (`Title page: 4: Me` sets the diagram title);
- `#` starts a comment anywhere a token can start (so it cuts titles and
  scores short); so do `%` (not followed by `{`) and `X%%` at the start of a
  token: a task named `%e` or `A%%` disappears with the rest of its line;
- `;` matches only the catch-all rule, so Mermaid rejects the whole diagram;
- a section name stops at `:`, and the rest fails as a task without a name.

The statements then mean what `journeyDb` makes of them: the score is
JavaScript's `Number()` of the text before the second `:`, the actors are the
comma-separated text between the second and the third `:` (anything after a
third `:` is ignored), and `T: 5:` has one empty actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from cjmap._record import Record
from cjmap.errors import Diagnostic, InvalidMap
from cjmap.interop._mermaid_text import (
    JS_SPACE,
    WS,
    Prepared,
    js_number,
    not_journey,
    prepare,
    read_header,
)

_I = re.IGNORECASE | re.ASCII
# (pattern, token); token None means skip. Order matters: first match wins.
_INITIAL_RULES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    # journey.jison writes `\%%(?!\{)`, yet Mermaid 11.17 hides a line from a
    # *single* `%` at the start of a token (checked with the Mermaid CLI).
    (re.compile(r"%(?!\{)[^\n]*"), None),
    (re.compile(r"[^}]%%[^\n]*"), None),
    (re.compile(r"\n+"), "NEWLINE"),
    (re.compile(WS + "+"), None),
    (re.compile(r"#[^\n]*"), None),
    (re.compile(r"journey\b", _I), "journey"),
    (re.compile(rf"title{WS}[^#\n;]+", _I), "title"),
    (re.compile(rf"accTitle{WS}*:{WS}*", _I), "acc_title"),
    (re.compile(rf"accDescr{WS}*:{WS}*", _I), "acc_descr"),
    (re.compile(rf"accDescr{WS}*\{{{WS}*", _I), "acc_descr_open"),
    (re.compile(rf"section{WS}[^#:\n;]+", _I), "section"),
    (re.compile(r"[^#:\n;]+"), "taskName"),
    (re.compile(r":[^#\n;]+"), "taskData"),
    (re.compile(r":"), ":"),
    (re.compile(r"."), "INVALID"),
)
_REST_OF_LINE = re.compile(r"[^\n]*")


class Token(NamedTuple):
    kind: str
    start: int
    end: int


@dataclass(frozen=True, eq=False, repr=False)
class MermaidTask(Record):
    """One task line as Mermaid reads it.

    Attributes:
        name: the label, entities decoded, `<br>` as a line break.
        score: JavaScript `Number()` of the score text (NaN when not a number).
        score_text: the score as written (entities decoded, trimmed).
        actors: as Mermaid lists them: trimmed, in order, may hold `""`.
        line, column: where the task starts; score_line/score_column: its score.
    """

    name: str
    score: float
    score_text: str
    actors: tuple[str, ...]
    line: int
    column: int
    score_line: int
    score_column: int


@dataclass(frozen=True, eq=False, repr=False)
class MermaidSection(Record):
    """A `section` and its tasks; `name` is None for tasks before the first section."""

    name: str | None
    line: int
    tasks: tuple[MermaidTask, ...]


@dataclass(frozen=True, eq=False, repr=False)
class MermaidDiagram(Record):
    """What Mermaid would draw from a journey file, plus what it set aside.

    Attributes:
        title: the `title` statement, else the front matter's `title`.
        acc_title: `accTitle: …`.
        acc_descr: `accDescr: …` or the `accDescr { … }` block.
        sections: in order; a repeated name is a new section, as Mermaid draws it.
        notes: warnings for things Mermaid accepts that cjmap ignores
            (front matter config, `%%{init}%%` directives, text after a third `:`).
    """

    title: str | None
    acc_title: str | None
    acc_descr: str | None
    sections: tuple[MermaidSection, ...]
    notes: tuple[Diagnostic, ...] = ()

    @property
    def tasks(self) -> tuple[MermaidTask, ...]:
        return tuple(t for s in self.sections for t in s.tasks)

    @property
    def actors(self) -> tuple[str, ...]:
        """Mermaid's legend: every actor once, sorted (as `journeyDb.getActors`)."""
        return tuple(sorted({a for t in self.tasks for a in t.actors}))


class _Lexer:
    def __init__(self, prepared: Prepared, start: int) -> None:
        self.code = prepared.code
        self.pos = start
        self.state = "INITIAL"
        self.open_at = 0  # where the last `accDescr {` started

    def next(self) -> Token:
        code = self.code
        while True:
            if self.state in ("acc_title", "acc_descr"):
                m = _REST_OF_LINE.match(code, self.pos)
                assert m is not None
                value_kind = self.state + "_value"
                self.state = "INITIAL"
                return self._take(value_kind, m.end())
            if self.state == "acc_descr_multiline":
                close = code.find("}", self.pos)
                self.state = "INITIAL"
                if close < 0:
                    self.pos = len(code)
                    return Token("UNCLOSED", len(code), len(code))
                token = Token("acc_descr_multiline_value", self.pos, close)
                self.pos = close + 1
                return token
            if self.pos >= len(code):
                return Token("EOF", len(code), len(code))
            for pattern, kind in _INITIAL_RULES:
                m = pattern.match(code, self.pos)
                if m is None or (m.end() == self.pos and kind is None):
                    continue
                if kind is None:
                    self.pos = m.end()
                    break
                if kind in ("acc_title", "acc_descr"):
                    self.state = kind
                elif kind == "acc_descr_open":
                    self.state = "acc_descr_multiline"
                    self.open_at = self.pos
                    self.pos = m.end()
                    break
                return self._take(kind, m.end())

    def _take(self, kind: str, end: int) -> Token:
        token = Token(kind, self.pos, end)
        self.pos = end
        return token


class _Parser:
    def __init__(self, prepared: Prepared, file: str) -> None:
        self.p = prepared
        self.file = file
        self.errors: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []
        self.title: str | None = None
        self.acc_title: str | None = None
        self.acc_descr: str | None = None
        self.sections: list[tuple[str | None, int, list[MermaidTask]]] = []

    def diag(
        self, offset: int, code: str, message: str, hint: str | None = None, warn: bool = False
    ) -> None:
        line, column = self.p.position(offset)
        d = Diagnostic(
            self.file,
            line,
            column,
            code,
            message,
            severity="warning" if warn else "error",
            hint=hint,
        )
        (self.notes if warn else self.errors).append(d)

    def text(self, start: int, end: int, line_breaks: bool = False, squeeze: bool = False) -> str:
        return self.p.decode(start, end, line_breaks, squeeze)

    def run(self, lexer: _Lexer) -> None:
        first = lexer.next()
        if first.kind != "journey":
            self.diag(first.start, "mermaid-not-journey", "expected `journey` here")
            return
        previous = first
        while True:
            tok = lexer.next()
            if tok.kind == "EOF":
                return
            if tok.kind == "UNCLOSED":
                self.diag(
                    lexer.open_at,
                    "mermaid-unclosed-accdescr",
                    "`accDescr {` is never closed; Mermaid rejects the diagram",
                    hint="end the description with `}`",
                )
                return
            if not self.statement(tok, previous, lexer):
                self.skip_line(lexer)
            previous = tok

    def statement(self, tok: Token, previous: Token, lexer: _Lexer) -> bool:
        """Handle one statement; False after an error (the caller skips the line)."""
        p = self.p
        kind = tok.kind
        if kind == "NEWLINE":
            return True
        if kind == "title":
            self.title = self.text(tok.start + 6, tok.end)
        elif kind in ("acc_title", "acc_descr"):
            value = lexer.next()
            if kind == "acc_title":
                self.acc_title = self.text(value.start, value.end)
            else:
                self.acc_descr = self.text(value.start, value.end, squeeze=True)
        elif kind == "acc_descr_multiline_value":
            self.acc_descr = self.text(tok.start, tok.end, squeeze=True)
        elif kind == "section":
            line, _ = p.position(tok.start)
            name = self.text(tok.start + 8, tok.end, line_breaks=True).strip(JS_SPACE)
            self.sections.append((name, line, []))
        elif kind == "taskName":
            return self.task(tok, lexer.next())
        elif kind in ("taskData", ":"):
            same_line = p.position(previous.start)[0] == p.position(tok.start)[0]
            if previous.kind == "section" and same_line:
                name = self.text(previous.start + 8, tok.end)
                word = p.source[previous.start : previous.start + 7]
                self.diag(
                    tok.start,
                    "mermaid-section-colon",
                    f"a section name cannot contain `:` (`{name}`); Mermaid rejects the diagram",
                    hint="a line that starts with `section ` is a section heading; write `#58;` "
                    f"for a colon, or `#{ord(word[0])};{word[1:]}` to start a task name "
                    "with that word",
                )
            else:
                self.diag(tok.start, "mermaid-syntax", "unexpected `:`; a task needs a name first")
            return False
        elif kind == "journey":
            self.diag(
                tok.start,
                "mermaid-keyword",
                "Mermaid reads `journey` here as the diagram keyword, not as text, "
                "and rejects the diagram",
                hint="write `#106;ourney` to start a task name with the word journey",
            )
            return False
        elif kind == "INVALID":
            self._semicolon(tok)
            return False
        return True

    def _semicolon(self, tok: Token) -> None:
        self.diag(
            tok.start,
            "mermaid-semicolon",
            "Mermaid's journey grammar has no `;`: it rejects the whole diagram",
            hint="write `#59;` for a semicolon in text, and one statement per line",
        )

    def task(self, name_tok: Token, data: Token) -> bool:
        name = self.text(name_tok.start, name_tok.end, line_breaks=True).strip(JS_SPACE)
        if data.kind != "taskData":
            if data.kind == "INVALID":
                self._semicolon(data)
            elif data.kind == ":":
                self.diag(data.start, "mermaid-missing-score", f"task `{name}` has no score")
            else:
                self.diag(
                    name_tok.start,
                    "mermaid-not-a-task",
                    f"`{name}` is not a journey statement; Mermaid rejects the diagram",
                    hint=f"a task is `{name or 'Task'}: <score 1-5>: <actors>`; "
                    "a `#` starts a comment",
                )
            return data.kind in ("NEWLINE", "EOF")
        code = self.p.code
        colons = [i for i in range(data.start + 1, data.end) if code[i] == ":"]
        bounds = [data.start, *colons, data.end]
        score_start, score_end = bounds[0] + 1, bounds[1]
        shown = score_start
        while shown < score_end - 1 and code[shown] in JS_SPACE:
            shown += 1
        score_line, score_col = self.p.position(shown)
        actors: tuple[str, ...] = ()
        if len(bounds) > 2:
            a_start, a_end = bounds[1] + 1, bounds[2]
            cuts = [a_start - 1, *(i for i in range(a_start, a_end) if code[i] == ","), a_end]
            actors = tuple(self.text(cuts[k] + 1, cuts[k + 1]) for k in range(len(cuts) - 1))
        if len(bounds) > 3:
            ignored = self.text(bounds[2] + 1, data.end)
            self.diag(
                bounds[2],
                "mermaid-extra-colon",
                f"Mermaid ignores the text after a task's third `:` (`{ignored}`)",
                hint="write `#58;` for a colon inside a name",
                warn=True,
            )
        line, column = self.p.position(name_tok.start)
        task = MermaidTask(
            name=name,
            score=js_number(code[score_start:score_end]),
            score_text=self.text(score_start, score_end),
            actors=actors,
            line=line,
            column=column,
            score_line=score_line,
            score_column=score_col,
        )
        if not self.sections:
            self.sections.append((None, line, []))
        self.sections[-1][2].append(task)
        return True

    def skip_line(self, lexer: _Lexer) -> None:
        while True:
            tok = lexer.next()
            if tok.kind in ("NEWLINE", "EOF", "UNCLOSED"):
                if tok.kind != "NEWLINE":
                    lexer.pos = tok.start
                return


def parse_journey(text: str, file: str = "<string>") -> MermaidDiagram:
    """Parse Mermaid journey text the way Mermaid 11 does.

    Args:
        text: the diagram source (front matter and directives allowed).
        file: the name used in diagnostics.

    Returns:
        The diagram, with notes on what cjmap ignores.

    Raises:
        InvalidMap: everything Mermaid would reject, each with its line
            (Mermaid itself stops at the first).
    """
    prepared = prepare(text)
    header = read_header(prepared, file)
    start = len(prepared.code) - len(prepared.code.lstrip(JS_SPACE))
    if not prepared.code.startswith("journey", start):
        raise InvalidMap([not_journey(prepared, file, start)])
    parser = _Parser(prepared, file)
    parser.run(_Lexer(prepared, start))
    if parser.errors:
        raise InvalidMap(parser.errors)
    sections = tuple(MermaidSection(n, line, tuple(t)) for n, line, t in parser.sections)
    notes = sorted([*header.notes, *parser.notes], key=lambda d: (d.line or 0, d.column or 0))
    return MermaidDiagram(
        title=parser.title if parser.title is not None else header.title,
        acc_title=parser.acc_title,
        acc_descr=parser.acc_descr,
        sections=sections,
        notes=tuple(notes),
    )
