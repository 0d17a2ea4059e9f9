"""Stage 2: plain data -> the validated, frozen `Journey`.

In: a `SourceDocument`. Out: `BuildResult(journey, warnings)`, or
`InvalidMap` holding every error, each positioned through the source map at
the offending value (or, for unknown keys, at the key itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cjmap._record import Record
from cjmap.errors import Diagnostic, InvalidMap, Limits
from cjmap.load import DEFAULT_LIMITS, SourceDocument
from cjmap.load.source_map import format_path
from cjmap.model._messages import TYPE_WORDS, diagnostic, where
from cjmap.model._validate import ModelError, validate
from cjmap.model.journey import Journey
from cjmap.model.references import check_references

PathT = tuple[str | int, ...]


@dataclass(frozen=True, eq=False, repr=False)
class BuildResult(Record):
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
        journey = validate(Journey, doc.data)
    except ModelError as exc:
        details = _located_errors(exc, doc)
        errors = [diagnostic(doc, err) for err in _merge_unions(details)]
        raise InvalidMap(errors + _references_despite(details, doc, errors)) from None
    found = check_references(journey, doc.path, doc.source_map)
    if any(d.severity == "error" for d in found):
        raise InvalidMap(found)
    return BuildResult(journey, found)


def translate_errors(exc: ModelError, doc: SourceDocument) -> list[Diagnostic]:
    """Turn validation errors into positioned diagnostics, one per offending value.

    Args:
        exc: the error of `validate(Journey, doc.data)`.
        doc: the document that was validated.

    Returns:
        One diagnostic per offending value, at that value (at the key for an
        unknown key, at the mapping for a missing key).
    """
    return [diagnostic(doc, err) for err in _merge_unions(_located_errors(exc, doc))]


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
                *where(doc, path),
                "limit-steps",
                f"the map has {sum(counts):,} steps; the limit is {max_steps:,} steps per map",
                hint="split the journey into several maps (one per phase or persona)",
                loc=format_path(path),
            )
        ]
    )


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
        journey = validate(Journey, data)
    except ModelError:
        return []
    seen = {(d.line, d.column, d.code) for d in errors}
    found = check_references(journey, doc.path, doc.source_map)
    return [d for d in found if d.severity == "error" and (d.line, d.column, d.code) not in seen]


def _located_errors(exc: ModelError, doc: SourceDocument) -> list[dict[str, Any]]:
    """The validator's errors with `_path` (in the data) and `_missing` added."""
    errors: list[dict[str, Any]] = []
    for details in exc.errors:
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
    """Walk `loc` through the data, dropping the `[key]` tag of a mapping key's error.

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

    For `emotion: {maya: 3}` the validator reports both "not an integer" (the
    `int` branch) and "3 is too large" (inside the `dict` branch). The value
    is evidently meant as the dict, so only the deeper error is worth showing.
    """
    paths = [e["_path"] for e in errors]
    kept = []
    for err in errors:
        path = err["_path"]
        shallow_type_error = err["type"] in TYPE_WORDS and err["_missing"] is None
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
    specific = [e for e in group if e["type"] not in TYPE_WORDS]
    if specific:
        return specific[0]
    words = []
    for e in group:
        word = TYPE_WORDS.get(e["type"])
        if word and word not in words:
            words.append(word)
    merged = dict(group[0])
    merged["_expected"] = " or ".join(words)
    return merged
