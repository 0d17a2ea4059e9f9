"""Safe YAML loading that keeps the position of every value.

PyYAML's loaders lose positions, silently keep the last of duplicate keys,
expand aliases without bound and (unsafe loaders) run Python tags. Here we
read libyaml's *event* stream and build plain data ourselves, which lets us:

- record line/column of every key and value (`SourceMap`);
- refuse duplicate keys, every non-standard tag, several documents;
- bound nesting depth, node count and alias expansion *while* parsing, so a
  "billion laughs" file or 20,000-deep brackets fail fast with a message that
  names the limit, instead of exhausting memory or the C stack.

Scalars are resolved with the YAML 1.2 core schema: only `true`/`false` are
booleans (so `country: NO` stays text), and dates stay strings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

from cjmap.errors import Diagnostic, Limits
from cjmap.load.source_map import Path, Position, SourceMap

_ParserClass: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


@dataclass
class YamlFailure(Exception):
    """A problem that stops loading of one file; carries one diagnostic."""

    diagnostic: Diagnostic


def parse_yaml(text: str, file: str, limits: Limits) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its source map.

    Args:
        text: the decoded file content.
        file: the file name used in diagnostics.
        limits: nesting, node and alias limits.

    Returns:
        `(data, source_map)`; data is None for an empty document.

    Raises:
        YamlFailure: syntax errors, duplicate keys, refused tags, exceeded limits.
    """
    builder = _Builder(file, limits)
    try:
        for event in yaml.parse(text, Loader=_ParserClass):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise YamlFailure(_syntax_diagnostic(exc, file, text)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always marks errors
        raise YamlFailure(Diagnostic(file, None, None, "yaml-syntax", str(exc))) from None
    return builder.result, builder.source_map


class _Frame:
    __slots__ = ("anchor", "container", "count", "key", "key_pos", "path")

    def __init__(self, container: Any, path: Path, anchor: str | None) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.count = 1  # values in this subtree, aliases counted expanded
        self.key: Any = _NO_KEY
        self.key_pos: Position | None = None


_NO_KEY = object()


class _Builder:
    """Turns parser events into data, enforcing the limits as it goes."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.source_map = SourceMap()
        self.result: Any = None
        self.documents = 0
        self.nodes = 0
        self.alias_values = 0

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail(
                    event,
                    "multiple-documents",
                    "a map file holds one YAML document; found a second `---` document",
                    "split the documents into separate files",
                )
        elif isinstance(event, yaml.ScalarEvent):
            self._check_tag(event)
            value = _resolve_scalar(event)
            self._add(value, event, size=1)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._check_tag(event)
            if len(self.stack) >= self.limits.max_depth:
                self._fail(
                    event,
                    "limit-depth",
                    f"nesting is deeper than the limit of {self.limits.max_depth} levels",
                )
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = self._add(container, event, size=1)
            self.stack.append(_Frame(container, path, event.anchor))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = self.stack.pop()
            if self.stack:
                self.stack[-1].count += frame.count - 1  # the container itself counted once
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, frame.count)
        elif isinstance(event, yaml.AliasEvent):
            anchor = str(event.anchor)
            if anchor not in self.anchors:  # pragma: no cover - libyaml rejects first
                self._fail(event, "yaml-syntax", f"unknown alias `*{anchor}`")
            value, size = self.anchors[anchor]
            self.alias_values += size
            if self.alias_values > self.limits.max_alias_expansion:
                self._fail(
                    event,
                    "limit-aliases",
                    f"YAML aliases expand to more than {self.limits.max_alias_expansion:,} "
                    "values; refusing to load",
                    "an alias-expansion ('billion laughs') bomb looks like this; write the "
                    "content out or reference ids instead",
                )
            self._add(value, event, size=size)

    def _add(self, value: Any, event: Any, size: int) -> Path:
        self.nodes += size
        if self.nodes > self.limits.max_nodes:
            self._fail(
                event,
                "limit-nodes",
                f"the document has more than {self.limits.max_nodes:,} values; refusing to load it",
            )
        if self.stack:
            self.stack[-1].count += size
        pos = _position(self.file, event)
        if not self.stack:
            self.result = value
            path: Path = ()
        else:
            frame = self.stack[-1]
            if isinstance(frame.container, list):
                path = (*frame.path, len(frame.container))
                frame.container.append(value)
            elif frame.key is _NO_KEY:
                return self._take_key(frame, value, event, pos)
            else:
                path = (*frame.path, frame.key)
                frame.container[frame.key] = value
                self.source_map.keys[path] = frame.key_pos or pos
                frame.key = _NO_KEY
        self.source_map.values[path] = pos
        if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        return path

    def _take_key(self, frame: _Frame, key: Any, event: Any, pos: Position) -> Path:
        if isinstance(key, dict | list):
            self._fail(event, "yaml-complex-key", "a mapping key must be plain text")
        if not isinstance(key, str):
            key = _key_text(key)
        if key in frame.container:
            first = self.source_map.keys.get((*frame.path, key))
            where = f" (first at line {first.line})" if first else ""
            self._fail(
                event,
                "duplicate-key",
                f"duplicate key `{key}`{where}; YAML would silently keep only the last value",
                "remove or rename one of them",
            )
        frame.key = key
        frame.key_pos = pos
        return frame.path

    def _check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag in _STANDARD_TAGS:
            return
        self._fail(
            event,
            "yaml-tag",
            f"the YAML tag `{tag}` is not allowed; map files hold plain data only",
            "remove the tag (cjmap never constructs Python objects or custom types)",
        )

    def _fail(self, event: Any, code: str, message: str, hint: str | None = None) -> None:
        pos = _position(self.file, event)
        raise YamlFailure(Diagnostic(self.file, pos.line, pos.column, code, message, hint=hint))


def _position(file: str, event: Any) -> Position:
    mark = event.start_mark
    return Position(file, mark.line + 1, mark.column + 1)


def _key_text(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _resolve_scalar(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    plain = event.implicit[0] and not event.style
    if tag in (None, "!") and not plain:
        return value
    if tag == "tag:yaml.org,2002:str":
        return value
    if _NULL.match(value) and tag in (None, "tag:yaml.org,2002:null"):
        return None
    if value in _BOOL and tag in (None, "tag:yaml.org,2002:bool"):
        return _BOOL[value]
    if _INT.match(value) and tag in (None, "tag:yaml.org,2002:int"):
        return int(value, 0) if not re.match(r"^[-+]?0[0-9]", value) else int(value, 10)
    if _FLOAT.match(value) and tag in (None, "tag:yaml.org,2002:float"):
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


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, file: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    hint = None
    if "'\\t'" in problem or "\\t" in problem:
        message = "a tab character cannot be used for indentation in YAML"
        hint = "indent with spaces"
    elif "mapping values are not allowed" in problem:
        message = "unexpected `:`; a value that contains `: ` must be quoted"
        hint = 'wrap the text in quotes, e.g. name: "Step: one"'
    elif "end of stream" in problem and exc.context_mark is not None:
        # libyaml marks the end of the file; the useful place is where the
        # unfinished quote or bracket was opened.
        mark = exc.context_mark
        line, column = mark.line + 1, mark.column + 1
        message = f"{_what_is_open(context)} opened here is never closed"
        hint = "close it, or check for a missing quote or bracket"
    elif "did not find expected" in problem:
        message = problem + (f" ({context})" if context else "")
        hint = "check the indentation and the brackets on this and the line before"
        if exc.context_mark is not None and exc.context_mark is not mark:
            hint += f"; the block started at line {exc.context_mark.line + 1}"
    else:
        message = problem + (f" ({context})" if context else "")
    return Diagnostic(file, line, column, "yaml-syntax", f"YAML syntax error: {message}", hint=hint)
