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

The event loop is the hot path of `cjmap validate` (a typical map of 20
steps is about 950 events), so it is one flat function with locals, and each
position is the start mark libyaml already made for the event, turned into
a `Position` only when a diagnostic asks for one. What the loop costs on top
of libyaml handing out the events (counted with valgrind over 100 corpus
maps, million instructions per map): 4.7 with a frame object per container,
(line, column) tuples and every plain scalar starting with n/t/f tried as a
number; 2.9 now, against 7.5 for the events themselves.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from cjmap.errors import Diagnostic, Limits
from cjmap.load._yaml_messages import character_diagnostic, syntax_diagnostic
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
_CONSTANT: dict[str, bool | None] = {**dict.fromkeys(_NULL), **_BOOL}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
# A plain scalar that is not one of `_CONSTANT` can only be a number if it
# starts with one of these; anything else is text without trying the patterns.
_NUMBER_START = frozenset("0123456789+-.")
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
        mark = exc.problem_mark
        if exc.problem == "exceeded maximum nesting depth" and mark is not None:
            # libyaml's own limit (1,000 levels, in the libyaml of PyYAML 6.0.4's
            # wheels): on one line it scans ahead for a possible key and meets it
            # before our level count sees the level past `max_depth`.
            too_deep = _too_deep(file, mark.line + 1, mark.column + 1, limits.max_depth)
            raise YamlFailure(too_deep) from None
        raise YamlFailure(syntax_diagnostic(exc, file, source)) from None
    except yaml.reader.ReaderError as exc:
        raise YamlFailure(character_diagnostic(exc, file, source)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml marks every other error
        raise YamlFailure(Diagnostic(file, None, None, "yaml-syntax", str(exc))) from None
    finally:
        loader.dispose()


def _build(get_event: Any, file: str, limits: Limits) -> tuple[Any, SourceMap]:
    source_map = SourceMap(file)
    values = source_map.values
    keys = source_map.keys
    anchors: dict[str, tuple[Any, int]] = {}
    # The innermost open mapping or list is `parent` (None at the top level),
    # with its state in locals; each enclosing one waits on `stack` as a tuple
    # (locals, not an object per container: fewer attribute lookups per event).
    stack: list[tuple[Any, bool, Path, str | None, int]] = []
    parent: Any = None
    parent_is_map = False
    parent_path: Path = ()
    parent_anchor: str | None = None
    parent_start = 0  # the value count when `parent` opened
    want_key = False  # `parent` is a mapping, and its next node is a key
    key: Any = None
    key_at: Any = None  # the key's libyaml mark
    result: Any = None
    nodes = 0
    alias_values = 0
    documents = 0
    max_depth, max_nodes = limits.max_depth, limits.max_nodes
    max_alias = limits.max_alias_expansion
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    constants, number_start, standard_tags = _CONSTANT, _NUMBER_START, _STANDARD_TAGS

    while True:
        event = get_event()
        kind = event.__class__
        container: Any = None
        size = 1
        if kind is scalar_event:
            value: Any = event.value
            tag = event.tag
            if tag is not None:
                if tag not in standard_tags:
                    _refuse_tag(event, file)
                value = _resolve_scalar(event)
            elif (value in constants or value[0] in number_start) and event.implicit[0]:
                value = _resolve_plain(value)  # plain (unquoted) text that is a constant or number
            if want_key:
                if value.__class__ is not str or value in parent:
                    value = _checked_key(parent, parent_path, value, event, file, keys)
                key = value
                key_at = event.start_mark
                want_key = False
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                nodes += 1
                continue
        elif kind is map_end or kind is seq_end:
            if parent_anchor is not None:
                anchors[parent_anchor] = (parent, nodes - parent_start)
            parent, parent_is_map, parent_path, parent_anchor, parent_start = stack.pop()
            want_key = parent_is_map  # its value is complete
            continue
        elif kind is map_start or kind is seq_start:
            tag = event.tag
            if tag is not None and tag not in standard_tags:
                _refuse_tag(event, file)
            if len(stack) >= max_depth:
                mark = event.start_mark
                raise YamlFailure(_too_deep(file, mark.line + 1, mark.column + 1, max_depth))
            if want_key:
                _fail(event, file, "yaml-complex-key", "a mapping key must be plain text")
            value = container = {} if kind is map_start else []
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
            if want_key:
                key = _checked_key(parent, parent_path, value, event, file, keys)
                key_at = event.start_mark
                want_key = False
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
        if parent_is_map:
            path: Path = (*parent_path, key)
            parent[key] = value
            keys[path] = key_at
            want_key = True
        elif parent is not None:
            path = (*parent_path, len(parent))
            parent.append(value)
        else:
            result = value
            path = ()
        values[path] = event.start_mark
        if container is not None:
            stack.append((parent, parent_is_map, parent_path, parent_anchor, parent_start))
            parent, parent_path, parent_anchor = container, path, event.anchor
            parent_start = nodes - 1
            parent_is_map = want_key = kind is map_start
        elif kind is scalar_event and event.anchor is not None:
            anchors[event.anchor] = (value, 1)


def _checked_key(
    mapping: dict[str, Any], path: Path, key: Any, event: Any, file: str, keys: dict[Path, Any]
) -> str:
    if isinstance(key, dict | list):
        _fail(event, file, "yaml-complex-key", "a mapping key must be plain text")
    if not isinstance(key, str):
        key = _key_text(key)
    if key in mapping:
        first = keys.get((*path, key))
        where = f" (first at line {first.line + 1})" if first is not None else ""
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


def _too_deep(file: str, line: int, column: int, max_depth: int) -> Diagnostic:
    return Diagnostic(
        file,
        line,
        column,
        "limit-depth",
        f"nesting is deeper than the limit of {max_depth} levels",
        hint="a journey map needs fewer than ten levels; check for runaway brackets or indentation",
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
    # A scalar with an explicit standard tag (the loop resolves untagged ones itself).
    value: str = event.value
    tag = event.tag
    if tag == "!" or tag == "tag:yaml.org,2002:str":
        return value
    if value in _NULL and tag == "tag:yaml.org,2002:null":
        return None
    if value in _BOOL and tag == "tag:yaml.org,2002:bool":
        return _BOOL[value]
    if tag == "tag:yaml.org,2002:int" and _INT.match(value):
        return _int(value)
    if tag == "tag:yaml.org,2002:float" and _FLOAT.match(value):
        return _float(value)
    return value


def _resolve_plain(value: str) -> Any:
    """An untagged plain scalar: null, bool, int or float by the core schema, else text."""
    if value in _CONSTANT:
        return _CONSTANT[value]
    if value.isdigit() and value.isascii():
        return int(value)  # decimal, also with leading zeros: 007 is 7
    if _INT.match(value):
        return _int(value)
    if _FLOAT.match(value):
        return _float(value)
    return value


def _int(value: str) -> int:
    return int(value, 10) if _LEADING_ZERO.match(value) else int(value, 0)


def _float(value: str) -> float:
    lowered = value.lower()
    if lowered.endswith("inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered.endswith("nan"):
        return math.nan
    return float(value)
