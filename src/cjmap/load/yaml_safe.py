"""Safe YAML loading that keeps the position of every value.

PyYAML's loaders lose positions, silently keep the last of duplicate keys,
expand aliases without bound and (unsafe loaders) run Python tags. Here we
read libyaml's *event* stream and build plain data ourselves, which lets us:

- record line/column of every key and value (`SourceMap`);
- refuse duplicate keys, every non-standard tag, several documents;
- bound nesting depth, value count and alias expansion *while* parsing, so a
  "billion laughs" file or 20,000-deep brackets fail at the first event past
  the limit, long before memory or the C stack run out. (libyaml's parser is
  iterative and hands us one event at a time, so it never recurses itself.)

Scalars are resolved with the YAML 1.2 core schema: only `true`/`false` are
booleans (so `country: NO` stays text), and dates stay strings.

The event loop is the hot path of `cjmap validate` (a typical map is a few
hundred events), so it is one flat function with locals, and positions are
kept as bare `(line, column)` tuples until a diagnostic asks for one.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from cjmap.errors import Diagnostic, Limits
from cjmap.load.source_map import Path, SourceMap

_Loader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

_STANDARD_TAGS = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
        "!",
    }
)
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
# A plain scalar can only be a null, bool or number if it starts with one of
# these; anything else is text without trying the patterns.
_SPECIAL_START = frozenset("0123456789+-.~nNtTfF")
_PREFIX = "tag:yaml.org,2002:"


class YamlFailure(Exception):
    """A problem that stops loading of one file; carries one diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def parse_yaml(source: str | bytes, file: str, limits: Limits) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its source map.

    Args:
        source: the file content, decoded text or UTF-8 bytes without BOM.
        file: the file name used in diagnostics.
        limits: nesting, value-count and alias limits.

    Returns:
        `(data, source_map)`; data is None for an empty document.

    Raises:
        YamlFailure: syntax errors, duplicate keys, refused tags, exceeded limits.
    """
    loader = _Loader(source)
    try:
        return _build(loader.get_event, file, limits)
    except yaml.MarkedYAMLError as exc:
        raise YamlFailure(_syntax_diagnostic(exc, file)) from None
    except yaml.reader.ReaderError as exc:
        raise YamlFailure(_character_diagnostic(exc, file, source)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml marks every other error
        raise YamlFailure(Diagnostic(file, None, None, "yaml-syntax", str(exc))) from None
    finally:
        loader.dispose()


_NO_KEY: Any = object()


class _Frame:
    """An open mapping or sequence, and (for a mapping) the key waiting for its value."""

    __slots__ = ("anchor", "container", "is_map", "key", "key_mark", "path", "start")

    def __init__(self, container: Any, path: Path, anchor: str | None, start: int) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.start = start  # the value count when this container opened
        self.is_map = isinstance(container, dict)
        self.key: Any = _NO_KEY
        self.key_mark: Any = None


def _build(get_event: Any, file: str, limits: Limits) -> tuple[Any, SourceMap]:
    source_map = SourceMap(file)
    values = source_map.values
    keys = source_map.keys
    anchors: dict[str, tuple[Any, int]] = {}
    stack: list[_Frame] = []
    top: _Frame | None = None  # stack[-1], kept in a local for speed
    result: Any = None
    nodes = 0
    alias_values = 0
    documents = 0
    max_depth, max_nodes = limits.max_depth, limits.max_nodes
    max_alias = limits.max_alias_expansion
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    no_key, special_start = _NO_KEY, _SPECIAL_START

    while True:
        event = get_event()
        kind = type(event)
        container: Any = None
        size = 1
        if kind is scalar_event:
            value: Any = event.value
            tag = event.tag
            if tag is not None:
                if tag not in _STANDARD_TAGS:
                    _refuse_tag(event, file)
                value = _resolve_scalar(event)
            elif not event.style and event.implicit[0] and (not value or value[0] in special_start):
                value = _resolve_scalar(event)  # plain text that may be a number, bool or null
            if top is not None and top.is_map and top.key is no_key:
                if value.__class__ is not str or value in top.container:
                    value = _checked_key(top, value, event, file, keys)
                top.key = value
                mark = event.start_mark
                top.key_mark = (mark.line, mark.column)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                nodes += 1
                continue
        elif kind is map_start or kind is seq_start:
            tag = event.tag
            if tag is not None and tag not in _STANDARD_TAGS:
                _refuse_tag(event, file)
            if len(stack) >= max_depth:
                _fail(
                    event,
                    file,
                    "limit-depth",
                    f"nesting is deeper than the limit of {max_depth} levels",
                    "a journey map needs fewer than ten levels; check for runaway "
                    "brackets or indentation",
                )
            if top is not None and top.is_map and top.key is no_key:
                _fail(event, file, "yaml-complex-key", "a mapping key must be plain text")
            value = container = {} if kind is map_start else []
        elif kind in end_events:
            frame = stack.pop()
            top = stack[-1] if stack else None
            if frame.anchor is not None:
                anchors[frame.anchor] = (frame.container, nodes - frame.start)
            continue
        elif kind is alias_event:
            anchor = str(event.anchor)
            if anchor not in anchors:
                _fail(event, file, "yaml-syntax", f"unknown alias `*{anchor}`")
            value, size = anchors[anchor]
            alias_values += size
            if alias_values > max_alias:
                _fail(
                    event,
                    file,
                    "limit-aliases",
                    f"YAML aliases expand to more than {max_alias:,} values; refusing to load",
                    "an alias-expansion ('billion laughs') bomb looks like this; write the "
                    "content out or reference ids instead",
                )
            if top is not None and top.is_map and top.key is no_key:
                top.key = _checked_key(top, value, event, file, keys)
                mark = event.start_mark
                top.key_mark = (mark.line, mark.column)
                continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                _fail(
                    event,
                    file,
                    "multiple-documents",
                    "a map file holds one YAML document; found a second `---` document",
                    "split the documents into separate files",
                )
            continue
        elif kind is yaml.StreamEndEvent:
            return result, source_map
        else:  # stream start, document end
            continue

        nodes += size
        if nodes > max_nodes:
            _fail(
                event,
                file,
                "limit-nodes",
                f"the document has more than {max_nodes:,} values; refusing to load it",
                "split the map with `include:`",
            )
        if top is None:
            result = value
            path: Path = ()
        elif top.is_map:
            path = (*top.path, top.key)
            top.container[top.key] = value
            keys[path] = top.key_mark
            top.key = no_key
        else:
            items = top.container
            path = (*top.path, len(items))
            items.append(value)
        mark = event.start_mark
        values[path] = (mark.line, mark.column)
        if container is not None:
            top = _Frame(container, path, event.anchor, nodes - 1)
            stack.append(top)
        elif kind is scalar_event and event.anchor is not None:
            anchors[event.anchor] = (value, 1)


def _checked_key(frame: _Frame, key: Any, event: Any, file: str, keys: dict[Path, Any]) -> str:
    if isinstance(key, dict | list):
        _fail(event, file, "yaml-complex-key", "a mapping key must be plain text")
    if not isinstance(key, str):
        key = _key_text(key)
    if key in frame.container:
        first = keys.get((*frame.path, key))
        where = f" (first at line {first[0] + 1})" if first is not None else ""
        _fail(
            event,
            file,
            "duplicate-key",
            f"duplicate key `{key}`{where}; YAML would silently keep only the last value",
            "remove or rename one of them",
        )
    return str(key)


def _refuse_tag(event: Any, file: str) -> None:
    tag = str(event.tag)
    shown = "!!" + tag[len(_PREFIX) :] if tag.startswith(_PREFIX) else tag
    _fail(
        event,
        file,
        "yaml-tag",
        f"the YAML tag `{shown}` is not allowed; map files hold plain data only",
        "remove the tag (cjmap never constructs Python objects or custom types)",
    )


def _fail(event: Any, file: str, code: str, message: str, hint: str | None = None) -> None:
    mark = event.start_mark
    raise YamlFailure(Diagnostic(file, mark.line + 1, mark.column + 1, code, message, hint=hint))


def _key_text(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _resolve_scalar(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    if tag is None:
        if event.style or not event.implicit[0]:
            return value  # quoted or block text
    elif tag == "!" or tag == "tag:yaml.org,2002:str":
        return value
    if value in _NULL and tag in (None, "tag:yaml.org,2002:null"):
        return None
    if value in _BOOL and tag in (None, "tag:yaml.org,2002:bool"):
        return _BOOL[value]
    if tag in (None, "tag:yaml.org,2002:int") and _INT.match(value):
        return int(value, 10) if _LEADING_ZERO.match(value) else int(value, 0)
    if tag in (None, "tag:yaml.org,2002:float") and _FLOAT.match(value):
        lowered = value.lower()
        if lowered.endswith("inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        if lowered.endswith("nan"):
            return math.nan
        return float(value)
    return value


def _what_is_open(context: str) -> str:
    if "quoted" in context:
        return "the quoted text"
    if "flow sequence" in context:
        return "the `[` list"
    if "flow mapping" in context:
        return "the `{` mapping"
    return "the value"


def _character_diagnostic(
    exc: yaml.reader.ReaderError, file: str, source: str | bytes
) -> Diagnostic:
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


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, file: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    hint = None
    if "tab" in problem:
        message = "a tab character cannot be used for indentation in YAML"
        hint = "indent with spaces"
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
    return Diagnostic(file, line, column, "yaml-syntax", f"YAML syntax error: {message}", hint=hint)
