"""Messages for what libyaml refuses: syntax errors and forbidden characters.

libyaml words its errors for parser writers ("found character that cannot
start any token") and sometimes marks a place after the mistake (the end of
the file for an unclosed quote). This module turns them into one positioned
`Diagnostic` a map's author can act on.
"""

from __future__ import annotations

import yaml

from cjmap.errors import Diagnostic

TAB_HINT = "YAML indentation must use spaces, not tabs"


def _what_is_open(context: str) -> str:
    if "quoted" in context:
        return "the quoted text"
    if "flow sequence" in context:
        return "the `[` list"
    if "flow mapping" in context:
        return "the `{` mapping"
    return "the value"


def character_diagnostic(
    exc: yaml.reader.ReaderError, file: str, source: str | bytes
) -> Diagnostic:
    """The diagnostic for a character YAML forbids, at its line and column.

    Args:
        exc: libyaml's reader error.
        file: the file name used in the diagnostic.
        source: the text that was parsed.

    Returns:
        An `encoding` diagnostic naming the character.
    """
    # YAML forbids most control characters (a bell, a stray U+FFFE); libyaml
    # reports them without a mark, only as a byte offset into the UTF-8 text.
    raw = source.encode("utf-8") if isinstance(source, str) else source
    before = raw[: int(exc.position)].decode("utf-8", errors="replace")
    line = before.count("\n") + 1
    column = len(before) - before.rfind("\n")
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Diagnostic(
        file,
        line,
        column,
        "encoding",
        f"the file contains the control character U+{ord(char):04X}, which YAML does not allow",
        hint="delete it (such characters are often pasted in invisibly)",
    )


def syntax_diagnostic(exc: yaml.MarkedYAMLError, file: str, source: str | bytes) -> Diagnostic:
    """The diagnostic for a YAML syntax error, at the place to fix.

    Args:
        exc: libyaml's error, with its marks.
        file: the file name used in the diagnostic.
        source: the text that was parsed (to look at the line: tabs).

    Returns:
        A `yaml-syntax` diagnostic with a plain message and, where it helps, a hint.
    """
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    at_mark = _source_line(source, mark.line)[mark.column : mark.column + 1] if mark else ""
    hint = None
    if "tab" in problem or (at_mark == "\t" and "cannot start any token" in problem):
        # libyaml words a tab in the indentation either way, depending on
        # where it sits ("found character that cannot start any token").
        message = "a tab character cannot be used for indentation in YAML"
    elif "mapping values are not allowed" in problem:
        message = "unexpected `:`; a value that contains `: ` must be quoted"
        hint = 'quote the text (name: "Step: one"), or check the indentation of this line'
    elif "end of stream" in problem and opened is not None:
        # libyaml marks the end of the file; the useful place is where the
        # unfinished quote or bracket was opened.
        line, column = opened.line + 1, opened.column + 1
        message = f"{_what_is_open(context)} opened here is never closed"
        hint = "close it, or check for a missing quote or bracket"
    elif "flow" in context and opened is not None and mark is not None and opened.line < mark.line:
        # `tags: [a, b` then a new line: libyaml stops on the next line, but
        # the mistake is the bracket that was never closed.
        closer = "]" if "sequence" in context else "}"
        where = f"line {mark.line + 1}, column {mark.column + 1}"
        line, column = opened.line + 1, opened.column + 1
        message = (
            f"{_what_is_open(context)} opened here is not closed "
            f"(expected `{closer}` before {where})"
        )
        hint = f"add the missing `{closer}`, or a `,` between the items"
    elif "did not find expected" in problem:
        message = problem + (f" ({context})" if context else "")
        hint = "check the indentation and the brackets on this and the line before"
        if opened is not None and opened is not mark:
            hint += f"; the block started at line {opened.line + 1}"
    else:
        message = problem + (f" ({context})" if context else "")
    # The line reported (for an unclosed bracket, where it was opened); a tab
    # in its indentation, or where libyaml stopped, is the likely culprit. (A
    # tab inside a value or between flow items is fine.)
    shown = _source_line(source, line - 1) if line is not None else ""
    tab = _leading(shown).find("\t")
    if tab < 0 and column is not None and shown[column - 1 : column] == "\t":
        tab = column - 1
    if tab >= 0:
        # The quoted line shows a tab as a space, so say where it is.
        where = f"this line has a tab at column {tab + 1}"
        hint = f"{TAB_HINT} ({where})" + (f"; {hint}" if hint else "")
    return Diagnostic(file, line, column, "yaml-syntax", f"YAML syntax error: {message}", hint=hint)


def _leading(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _source_line(source: str | bytes, index: int) -> str:
    """Line `index` (0-based) of the source, for looking at what libyaml stopped on."""
    text = source.decode("utf-8", errors="replace") if isinstance(source, bytes) else source
    lines = text.split("\n", index + 1)
    return lines[index].rstrip("\r") if index < len(lines) else ""
