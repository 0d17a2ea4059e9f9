"""Shared model configuration and small field types."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Text fields: numbers written bare in YAML (`name: 2024`) are read as text,
# everything else must be a string.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]
Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    Field(description="An id: letters, digits, `-` and `_`; unique within its kind."),
]
HexColor = Annotated[
    str,
    StringConstraints(pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
    Field(description="A colour as `#rgb` or `#rrggbb`.", examples=["#2f7d5b"]),
]
ID_PATTERN = re.compile(r"^[\w][\w.-]*$", re.UNICODE)


class Model(BaseModel):
    """Base for every map model: frozen, unknown keys forbidden."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        validate_default=False,
        populate_by_name=True,
    )


def slugify(name: str) -> str:
    """Derive an id from a name: `Checks out` -> `checks-out`; keeps non-Latin letters."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return text[:80] or "item"
