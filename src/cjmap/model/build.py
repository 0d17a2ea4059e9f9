"""Stage 2: plain data -> the validated, frozen `Journey`.

In: a `SourceDocument`. Out: `BuildResult(journey, warnings)`, or
`InvalidMap` holding every error, each positioned through the source map at
the offending value (or, for unknown keys, at the key itself).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from cjmap.errors import Diagnostic, InvalidMap
from cjmap.load import SourceDocument
from cjmap.load.source_map import format_path
from cjmap.model.journey import SUPPORTED_VERSIONS, Journey
from cjmap.model.references import check_references, did_you_mean

PathT = tuple[str | int, ...]

_TYPE_WORDS = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "literal_error": None,
}
_RANGE_CODES = {"emotion": "emotion-range", "intensity": "intensity-range"}


@dataclass(frozen=True)
class BuildResult:
    """A valid journey and the warnings found on the way."""

    journey: Journey
    warnings: list[Diagnostic]


def build_journey(doc: SourceDocument) -> BuildResult:
    """Validate a loaded document into a `Journey`.

    Args:
        doc: the output of `load_document`.

    Returns:
        The journey and its warnings.

    Raises:
        InvalidMap: every error found, positioned.
    """
    try:
        journey = Journey.model_validate(doc.data)
    except ValidationError as exc:
        errors = translate_errors(exc, doc)
        raise InvalidMap(errors + _references_despite(exc, doc, errors)) from None
    found = check_references(journey, doc.path, doc.source_map)
    errors = [d for d in found if d.severity == "error"]
    if errors:
        raise InvalidMap(found)
    return BuildResult(journey, found)


def _references_despite(
    exc: ValidationError, doc: SourceDocument, errors: list[Diagnostic]
) -> list[Diagnostic]:
    """Reference problems in a map that also has structural errors.

    Drop each offending optional value (only mapping entries, so no path of
    another value shifts) and validate again; if that succeeds, check the
    references of what is left so that one run reports both kinds.
    """
    import copy

    data = copy.deepcopy(doc.data)
    for err in exc.errors(include_url=False):
        path, missing = _clean_loc(doc.data, err["loc"])
        if missing is not None or not path:
            return []
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        if not isinstance(parent, dict):
            return []
        parent.pop(path[-1], None)
    try:
        journey = Journey.model_validate(data)
    except ValidationError:
        return []
    seen = {(d.line, d.column, d.code) for d in errors}
    found = check_references(journey, doc.path, doc.source_map)
    return [d for d in found if d.severity == "error" and (d.line, d.column, d.code) not in seen]


def translate_errors(exc: ValidationError, doc: SourceDocument) -> list[Diagnostic]:
    """Turn pydantic's errors into positioned diagnostics, one per offending value."""
    by_path: dict[PathT, list[dict[str, Any]]] = {}
    for details in exc.errors(include_url=False):
        err: dict[str, Any] = dict(details)
        path, missing = _clean_loc(doc.data, details["loc"])
        key = (*path, missing) if missing is not None else path
        err["_missing"] = missing
        err["_path"] = path
        by_path.setdefault(key, []).append(err)
    out: list[Diagnostic] = []
    for group in by_path.values():
        out.append(_diagnostic(doc, _pick(group)))
    return out


def _clean_loc(data: Any, loc: tuple[Any, ...]) -> tuple[PathT, str | None]:
    """Walk `loc` through the data, dropping union-member tags pydantic adds."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    missing = loc[-1] if loc and isinstance(loc[-1], str) and isinstance(node, dict) else None
    if missing is not None and missing in node:
        missing = None
    return tuple(path), missing


def _pick(group: list[dict[str, Any]]) -> dict[str, Any]:
    """Of the errors a union produced for one value, keep the most telling one."""
    if len(group) == 1:
        return group[0]
    specific = [e for e in group if e["type"] not in _TYPE_WORDS]
    if specific:
        return specific[0]
    words = []
    for e in group:
        word = _TYPE_WORDS.get(e["type"])
        if word and word not in words:
            words.append(word)
    merged = dict(group[0])
    merged["_expected"] = " or ".join(words)
    return merged


def _diagnostic(doc: SourceDocument, err: dict[str, Any]) -> Diagnostic:
    path: PathT = err["_path"]
    missing: str | None = err["_missing"]
    etype: str = err["type"]
    field = str(path[-1]) if path else ""
    value = err.get("input")
    hint: str | None = None
    at_key = False
    if etype == "missing" and missing is not None:
        code, message = "missing-key", f"missing required key `{missing}`"
        if missing == "cjmap":
            code = "missing-version"
            message = "missing `cjmap: 1`, the format version this file is written in"
            hint = f"add `cjmap: 1` at the top; this release reads version(s) {_versions()}"
        target = path
    elif etype == "extra_forbidden":
        at_key = True
        target = path
        allowed = _allowed_keys(path)
        code, message = "unknown-key", f"unknown key `{field}`"
        hint = did_you_mean(field, allowed)
        if hint is None and allowed:
            hint = "allowed here: " + ", ".join(allowed)
    elif etype == "literal_error" and path == ("cjmap",):
        target = path
        code = "unsupported-version"
        message = f"unsupported format version `{value}`; this release of cjmap reads {_versions()}"
        hint = "set `cjmap: 1`"
    elif etype == "literal_error" or etype == "enum":
        target = path
        expected = err.get("ctx", {}).get("expected", "")
        code, message = "bad-value", f"`{field}` cannot be {_show(value)}; expected {expected}"
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",")]
        if isinstance(value, str):
            hint = did_you_mean(value, [c for c in choices if c])
    elif etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        target = path
        name = _field_name(path)
        code = _RANGE_CODES.get(name, "out-of-range")
        if name == "emotion":
            message = f"emotion {_show(value)} is out of range; use a whole number from -2 to +2"
            hint = "-2 angry, -1 unhappy, 0 neutral, +1 pleased, +2 delighted"
        elif name == "intensity":
            message = f"intensity {_show(value)} is out of range; use 1 to 5"
        else:
            message = f"`{field}` {_show(value)} is out of range ({err['msg'].lower()})"
    elif etype in _TYPE_WORDS or "_expected" in err:
        target = path
        expected = err.get("_expected") or _TYPE_WORDS.get(etype) or "another type"
        code = "wrong-type"
        name = _field_name(path)
        if name == "emotion":
            code = "emotion-type"
            expected = "a whole number from -2 to +2, or one per persona ({maya: 1, ben: 0})"
        message = f"`{field or 'value'}` should be {expected}, not {_describe(value)}"
    elif etype in ("string_too_short",):
        target = path
        code, message = "empty-value", f"`{field}` cannot be empty"
    elif etype == "string_pattern_mismatch":
        target = path
        code = "bad-value"
        message = f"`{field}` {_show(value)} is not valid"
        if _field_name(path) == "color" or "colors" in path:
            message = f"colour {_show(value)} is not valid; write `#rgb` or `#rrggbb`"
    elif etype == "string_too_long":
        target = path
        code, message = "too-long", f"`{field}` is too long ({err['msg'].lower()})"
    else:
        target = path
        code, message = "invalid-value", f"`{field}`: {err['msg']}"
    pos = doc.source_map.key(target) if at_key else doc.source_map.value(target)
    return Diagnostic(
        pos.file if pos else doc.path,
        pos.line if pos else None,
        pos.column if pos else None,
        code,
        message,
        hint=hint,
        loc=format_path((*target, missing) if missing else target),
    )


def _field_name(path: PathT) -> str:
    for part in reversed(path):
        if isinstance(part, str) and part not in ("steps",):
            # per-persona emotions have the persona id last: look one further
            return part if part != "" else ""
    return ""


def _versions() -> str:
    return ", ".join(str(v) for v in SUPPORTED_VERSIONS)


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"`{value}`"
    return text if len(text) <= 60 else text[:57] + "…"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _allowed_keys(path: PathT) -> list[str]:
    """The keys the model allows at the mapping that holds `path`."""
    model: Any = Journey
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        info = model.model_fields.get(part)
        if info is None:
            return []
        model = _model_in(info.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    """Find the pydantic model inside `tuple[X, ...] | None`, `Annotated[X, …]` etc."""
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        origin = get_origin(item)
        if origin is typing.Annotated:
            stack.append(get_args(item)[0])
        elif origin in (tuple, list, Union, types.UnionType):
            stack.extend(a for a in get_args(item) if a is not Ellipsis)
    return None
