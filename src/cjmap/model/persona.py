"""Personas: whose journey a map tells."""

from __future__ import annotations

from typing import Any

from pydantic import Field, StrictInt, model_validator

from cjmap.model._base import HexColor, Identifier, Model, OptionalText, Text, slugify


class Persona(Model):
    """A research-based customer type whose journey the map follows."""

    id: Identifier = Field("", description="Unique persona id; derived from `name` when omitted.")
    name: Text = Field(description="Display name, e.g. `Maya`.")
    role: OptionalText | None = Field(None, description="Role or segment, e.g. `First-time buyer`.")
    segment: OptionalText | None = Field(
        None, description="The customer segment this persona stands for, e.g. `SMB`."
    )
    description: OptionalText | None = Field(None, description="A short portrait.")
    goals: tuple[Text, ...] = Field((), description="What the persona wants to achieve.")
    needs: tuple[Text, ...] = Field((), description="What the persona needs from the service.")
    frustrations: tuple[Text, ...] = Field((), description="What annoys or blocks them.")
    behaviours: tuple[Text, ...] = Field((), description="Observed habits and behaviours.")
    quote: OptionalText | None = Field(None, description="A representative quote.")
    demographics: dict[str, str | StrictInt | float] = Field(
        default_factory=dict, description="Free key/value facts, e.g. `{age: 34, city: Leeds}`."
    )
    color: HexColor | None = Field(
        None, description="Colour of this persona's emotion curve and key (default: palette)."
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and "id" not in data and isinstance(data.get("name"), str):
            return {"id": slugify(data["name"]), **data}
        return data
