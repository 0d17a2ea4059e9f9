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

from cjmap.errors import Diagnostic, InvalidMap, Limits
from cjmap.load import DEFAULT_LIMITS, SourceDocument
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


def build_journey(doc: SourceDocument, limits: Limits = DEFAULT_LIMITS) -> BuildResult:
    """Validate a loaded document into a `Journey`.

    Args:
        doc: the output of `load_document`.
        limits: `max_steps` is enforced here, before the (costly) validation.

    Returns:
        The journey and its warnings.

    Raises:
        InvalidMap: every error found, positioned.
    """
    _check_step_count(doc, limits.max_steps)
    try:
        journey = Journey.model_validate(doc.data)
    except ValidationError as exc:
        details = _located_errors(exc, doc)
        errors = [_diagnostic(doc, err) for err in _merge_unions(details)]
        raise InvalidMap(errors + _references_despite(details, doc, errors)) from None
    found = check_references(journey, doc.path, doc.source_map)
    if any(d.severity == "error" for d in found):
        raise InvalidMap(found)
    return BuildResult(journey, found)


def translate_errors(exc: ValidationError, doc: SourceDocument) -> list[Diagnostic]:
    """Turn pydantic's errors into positioned diagnostics, one per offending value.

    Args:
        exc: the error of `Journey.model_validate(doc.data)`.
        doc: the document that was validated.

    Returns:
        One diagnostic per offending value, at that value (at the key for an
        unknown key, at the mapping for a missing key).
    """
    return [_diagnostic(doc, err) for err in _merge_unions(_located_errors(exc, doc))]


def _check_step_count(doc: SourceDocument, max_steps: int) -> None:
    """Refuse a map with more than `max_steps` steps, at the first step too many."""
    phases = doc.data.get("phases")
    if not isinstance(phases, list):
        return
    counts = [
        len(p["steps"]) if isinstance(p, dict) and isinstance(p.get("steps"), list) else 0
        for p in phases
    ]
    if sum(counts) <= max_steps:
        return
    before = 0
    for i, count in enumerate(counts):
        if before + count > max_steps:
            path: PathT = ("phases", i, "steps", max_steps - before)
            break
        before += count
    raise InvalidMap(
        [
            Diagnostic(
                *_where(doc, path),
                "limit-steps",
                f"the map has {sum(counts):,} steps; the limit is {max_steps:,} steps per map",
                hint="split the journey into several maps (one per phase or persona)",
                loc=format_path(path),
            )
        ]
    )


def _where(
    doc: SourceDocument, path: PathT, at_key: bool = False
) -> tuple[str, int | None, int | None]:
    """`(file, line, column)` of the value (or key) at `path`."""
    pos = doc.source_map.key(path) if at_key else doc.source_map.value(path)
    return (pos.file, pos.line, pos.column) if pos else (doc.path, None, None)


def _references_despite(
    details: list[dict[str, Any]], doc: SourceDocument, errors: list[Diagnostic]
) -> list[Diagnostic]:
    """Reference problems in a map that also has structural errors.

    Drop each offending optional value (only mapping entries, so no path of
    another value shifts) and validate again; if that succeeds, check the
    references of what is left so that one run reports both kinds.
    """
    import copy

    data = copy.deepcopy(doc.data)
    for err in details:
        path: PathT = err["_path"]
        if err["_missing"] is not None or not path or path[0] == "include":
            return []  # a broken `include` leaves references unresolved for no fault of theirs
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part] if isinstance(parent, dict | list) else None  # type: ignore[index]
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


def _located_errors(exc: ValidationError, doc: SourceDocument) -> list[dict[str, Any]]:
    """pydantic's errors with `_path` (in the data) and `_missing` added."""
    errors: list[dict[str, Any]] = []
    for details in exc.errors(include_url=False):
        err: dict[str, Any] = dict(details)
        err["_path"], err["_missing"] = _clean_loc(doc.data, details["loc"], details["type"])
        errors.append(err)
    return _drop_union_misses(errors)


def _merge_unions(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One error per offending value: the branches of a union are merged."""
    by_path: dict[PathT, list[dict[str, Any]]] = {}
    for err in errors:
        missing = err["_missing"]
        key = (*err["_path"], missing) if missing is not None else err["_path"]
        by_path.setdefault(key, []).append(err)
    return [_pick(group) for group in by_path.values()]


def _clean_loc(data: Any, loc: tuple[Any, ...], etype: str) -> tuple[PathT, str | None]:
    """Walk `loc` through the data, dropping union-member tags pydantic adds.

    Returns the path of the offending value and, for a missing key, the
    key's name (the path then names the mapping that lacks it).
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
    missing = None
    if etype == "missing" and loc and isinstance(loc[-1], str) and isinstance(node, dict):
        missing = loc[-1] if loc[-1] not in node else None
    return tuple(path), missing


def _drop_union_misses(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop "wrong type" errors of union branches that another branch got past.

    For `emotion: {maya: 3}` pydantic reports both "not an integer" (the
    `int` branch) and "3 is too large" (inside the `dict` branch). The value
    is evidently meant as the dict, so only the deeper error is worth showing.
    """
    paths = [e["_path"] for e in errors]
    kept = []
    for err in errors:
        path = err["_path"]
        shallow_type_error = err["type"] in _TYPE_WORDS and err["_missing"] is None
        if shallow_type_error and any(
            len(other) > len(path) and other[: len(path)] == path for other in paths
        ):
            continue
        kept.append(err)
    return kept


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
    label = _label(path)
    name = _field_name(path)
    value = err.get("input")
    hint: str | None = None
    at_key = False
    if etype == "missing" and missing is not None:
        # Positioned at the mapping that lacks the key: there is no value to point at.
        code, message = "missing-key", f"missing required key `{missing}`"
        if missing == "cjmap":
            code = "missing-version"
            message = "missing `cjmap: 1`, the format version this file is written in"
            hint = f"add `cjmap: 1` at the top; this release reads version(s) {_versions()}"
    elif etype == "extra_forbidden":
        at_key = True
        allowed = _allowed_keys(path)
        code, message = "unknown-key", f"unknown key `{field}`"
        hint = did_you_mean(field, allowed)
        if hint is None and allowed:
            hint = "allowed here: " + ", ".join(allowed)
    elif etype == "literal_error" and path == ("cjmap",):
        code = "unsupported-version"
        message = (
            f"unsupported format version {_show(value)}; this release of cjmap reads {_versions()}"
        )
        if isinstance(value, str):
            message = f"the format version must be a number, not the text {_show(value)}"
        hint = "set `cjmap: 1`"
    elif etype in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        code, message = "bad-value", f"{label} cannot be {_show(value)}; expected {expected}"
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",")]
        if isinstance(value, str):
            hint = did_you_mean(value, [c for c in choices if c])
    elif etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        code = _RANGE_CODES.get(name, "out-of-range")
        if name == "emotion":
            whose = f" for `{path[-1]}`" if path[-1] != "emotion" else ""
            message = (
                f"emotion {_show(value)}{whose} is out of range; use a whole number from -2 to +2"
            )
            hint = "-2 angry, -1 unhappy, 0 neutral, +1 pleased, +2 delighted"
        elif name == "intensity":
            message = f"intensity {_show(value)} is out of range; use a whole number from 1 to 5"
        else:
            message = f"{label} {_show(value)} is out of range ({err['msg'].lower()})"
    elif etype in _TYPE_WORDS or "_expected" in err:
        expected = err.get("_expected") or _TYPE_WORDS.get(etype) or "another type"
        code = "wrong-type"
        if name == "emotion":
            code = "emotion-type"
            expected = "a whole number from -2 to +2"
            if not isinstance(path[-1], str) or path[-1] == "emotion":
                expected += ", or one per persona ({maya: 1, ben: 0})"
        message = f"{label} should be {expected}, not {_describe(value)}"
    elif etype == "string_too_short":
        code, message = "empty-value", f"{label} cannot be empty"
    elif etype == "string_pattern_mismatch":
        code = "bad-value"
        message = f"{label} {_show(value)} is not valid"
        if name == "color" or "colors" in path:
            message = f"colour {_show(value)} is not valid; write `#rgb` or `#rrggbb`"
    elif etype == "string_too_long":
        code, message = "too-long", f"{label} is too long ({err['msg'].lower()})"
    else:
        code, message = "invalid-value", f"{label}: {err['msg']}"
    return Diagnostic(
        *_where(doc, path, at_key),
        code,
        message,
        hint=hint,
        loc=format_path((*path, missing) if missing else path),
    )


def _is_emotion(path: PathT) -> bool:
    """`…steps[j].emotion` or `…steps[j].emotion.<persona>`."""
    if path[-1:] == ("emotion",):
        return len(path) >= 3 and path[-3] == "steps"
    return len(path) >= 4 and path[-2] == "emotion" and path[-4] == "steps"


def _field_name(path: PathT) -> str:
    """The model field the value belongs to (`emotion` also for a persona's score)."""
    if not path:
        return ""
    if _is_emotion(path):
        return "emotion"
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def _label(path: PathT) -> str:
    """How a message names the value: `` `title` ``, `item 2 of `steps``, `emotion of `ben``."""
    if not path:
        return "the map"
    last = path[-1]
    if isinstance(last, int):
        owner = next((p for p in reversed(path) if isinstance(p, str)), "")
        return f"item {last + 1} of `{owner}`"
    if _is_emotion(path) and last != "emotion":
        return f"the emotion of `{last}`"
    return "emotion" if _is_emotion(path) else f"`{last}`"


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
