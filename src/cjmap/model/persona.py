"""Personas: whose journey a map tells."""

from dataclasses import dataclass

from cjmap.model._base import (
    HexColor,
    Identifier,
    Model,
    OptionalText,
    StrictInt,
    Text,
    field,
)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Persona(Model):
    """A research-based customer type whose journey the map follows."""

    DERIVE_ID = True

    id: Identifier = field(
        default="", description="Unique persona id; derived from `name` when omitted."
    )
    name: Text = field("Display name, e.g. `Maya`.")
    role: OptionalText | None = field(
        default=None, description="Role or segment, e.g. `First-time buyer`."
    )
    segment: OptionalText | None = field(
        default=None, description="The customer segment this persona stands for, e.g. `SMB`."
    )
    description: OptionalText | None = field(default=None, description="A short portrait.")
    goals: tuple[Text, ...] = field(default=(), description="What the persona wants to achieve.")
    needs: tuple[Text, ...] = field(
        default=(), description="What the persona needs from the service."
    )
    frustrations: tuple[Text, ...] = field(default=(), description="What annoys or blocks them.")
    behaviours: tuple[Text, ...] = field(default=(), description="Observed habits and behaviours.")
    quote: OptionalText | None = field(default=None, description="A representative quote.")
    demographics: dict[str, str | StrictInt | float] = field(
        factory=dict, description="Free key/value facts, e.g. `{age: 34, city: Leeds}`."
    )
    color: HexColor | None = field(
        default=None,
        description="Colour of this persona's emotion curve and key (default: palette).",
    )
