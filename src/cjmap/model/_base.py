"""Shared model machinery: frozen dataclasses, documented fields, constrained text.

The map's model is plain frozen dataclasses. What a field accepts is written
in its annotation, with the constraints as `Annotated` metadata (`Str`,
`Range`); `_validate` compiles those annotations into a validator and
`schema` into the JSON Schema, so the two cannot drift apart. Nothing here
imports a validation library: every cjmap command pays for its imports, and
pydantic's were 60 % of a small map's render (see `model/_validate.py`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from cjmap._record import Record


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Str(Record):
    """Text rules: stripped, length bounds, a pattern, or a custom check.

    Numbers written bare in YAML (`name: 2024`) are read as text; `true`,
    lists and mappings are not text.
    """

    min_length: int = 0
    max_length: int | None = None
    pattern: str | None = None
    #: returns `(error type, message)` for a value it refuses, else None
    check: Callable[[str], tuple[str, str] | None] | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Range(Record):
    """Inclusive bounds of a number."""

    ge: int | float | None = None
    le: int | float | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Doc(Record):
    """Schema-only documentation of a reusable type (`Identifier`, `HexColor`)."""

    description: str
    examples: tuple[str, ...] = ()


class Strict:
    """Marker: a number type that takes no other type (`1.0` is not an integer)."""


Text = Annotated[str, Str(min_length=1)]
OptionalText = Annotated[str, Str()]
Identifier = Annotated[
    str,
    Str(min_length=1, max_length=100),
    Doc("An id: letters, digits, `-` and `_`; unique within its kind."),
]
HexColor = Annotated[
    str,
    Str(pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
    Doc("A colour as `#rgb` or `#rrggbb`.", examples=("#2f7d5b",)),
]
StrictInt = Annotated[int, Strict()]
StrictFloat = Annotated[float, Strict()]
ID_PATTERN = re.compile(r"^[\w][\w.-]*$", re.UNICODE)

REQUIRED: Any = dataclasses.MISSING


def field(
    description: str,
    default: Any = REQUIRED,
    *,
    factory: Callable[[], Any] | None = None,
    schema_extra: dict[str, Any] | None = None,
) -> Any:
    """A documented field: required unless it has a `default` or a `factory`.

    Args:
        description: shown in the JSON Schema (editors show it on hover).
        default: the value when the key is absent (not validated).
        factory: builds the value when the key is absent (mutable defaults).
        schema_extra: merged into the field's JSON Schema.
    """
    metadata = {"description": description, "schema_extra": schema_extra or {}}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def internal(default: Any = None) -> Any:
    """A field set by cjmap itself, never read from a file (not a key, not in the schema)."""
    return dataclasses.field(
        default=default, compare=False, repr=False, kw_only=True, metadata={"internal": True}
    )


class Model(Record):
    """Base for every map model, each a `@dataclass(frozen=True, kw_only=True)`.

    Unknown keys are errors; a key left out takes the field's default.

    Class settings read by the validator:
        SHORTHAND: a plain string `s` stands for `{SHORTHAND: s}`.
        DERIVE_ID: without an `id`, one is derived from `name` (`slugify`).
    """

    SHORTHAND: ClassVar[str | None] = None
    DERIVE_ID: ClassVar[bool] = False

    def check(self) -> str | None:
        """A rule across fields, run after they validated; returns the problem or None."""
        return None

    @classmethod
    def noted(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Values of `internal` fields taken from how the mapping was written."""
        return {}


def slugify(name: str) -> str:
    """Derive an id from a name: `Checks out` -> `checks-out`; keeps non-Latin letters."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return text[:80] or "item"
