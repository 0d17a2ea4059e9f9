"""Messages for validation errors: the code, the words and the position of each.

`cjmap.model.build` hands every located error of `_validate` here; this module
decides how a person reads it (`emotion 3 for `ben` is out of range …`,
`did you mean `pain_points`?`) and where it points: at the offending value,
at the key for an unknown key, at the mapping for a missing key.
"""

from __future__ import annotations

import re
from typing import Any

from cjmap.errors import Diagnostic
from cjmap.load import SourceDocument
from cjmap.load.source_map import format_path
from cjmap.model._validate import model_fields, model_in
from cjmap.model.journey import SUPPORTED_VERSIONS, Journey
from cjmap.model.references import did_you_mean
from cjmap.model.theme import (
    PALETTE_COLOR_NAMES,
    PERSONA_COLOR_COUNT,
    PHASE_COLOR_COUNT,
    THEME_COLOR_NAMES,
)

PathT = tuple[str | int, ...]

TYPE_WORDS = {
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


def where(
    doc: SourceDocument, path: PathT, at_key: bool = False
) -> tuple[str, int | None, int | None]:
    """`(file, line, column)` of the value (or key) at `path`."""
    pos = doc.source_map.key(path) if at_key else doc.source_map.value(path)
    return (pos.file, pos.line, pos.column) if pos else (doc.path, None, None)


def diagnostic(doc: SourceDocument, err: dict[str, Any]) -> Diagnostic:
    """The diagnostic for one validation error that `build` located in the data.

    Args:
        doc: the validated document (its source map gives the position).
        err: the validator's error dict plus `_path` (in the data) and `_missing`
            (the name of a missing key), as `build._located_errors` makes them.

    Returns:
        A positioned diagnostic with a stable code.
    """
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
    elif etype == "unknown_color":
        # A bad mapping key is located at the key's value; point at the key.
        at_key = True
        code, message = "unknown-key", f"unknown colour `{field}`"
        hint = _color_hint(field)
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
    elif etype in TYPE_WORDS or "_expected" in err:
        expected = err.get("_expected") or TYPE_WORDS.get(etype) or "another type"
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
        *where(doc, path, at_key),
        code,
        message,
        hint=hint,
        loc=format_path((*path, missing) if missing else path),
    )


def _color_hint(name: str) -> str:
    numbered = re.fullmatch(r"(phase|persona)[ _-]?\d+", name)
    if numbered:
        kind = numbered[1]
        count = PHASE_COLOR_COUNT if kind == "phase" else PERSONA_COLOR_COUNT
        return f"{kind} colours are `{kind}1` … `{kind}{count}`"
    return did_you_mean(name, THEME_COLOR_NAMES) or (
        "colour names: " + ", ".join(PALETTE_COLOR_NAMES) + ", "
        f"phase1 … phase{PHASE_COLOR_COUNT}, persona1 … persona{PERSONA_COLOR_COUNT}"
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
        if model is None:
            return []
        spec = next((f for f in model_fields(model) if f.name == part), None)
        if spec is None:
            return []
        model = model_in(spec.annotation)
    return [f.name for f in model_fields(model)] if model is not None else []
