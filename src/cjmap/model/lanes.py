"""What a step holds besides its name: pain points, opportunities, evidence, flow links."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field

from cjmap.model._base import Identifier, Model, OptionalText, Text


class Lane(StrEnum):
    """The rows of the swimlane diagram, in their default order."""

    steps = "steps"
    touchpoints = "touchpoints"
    actions = "actions"
    thoughts = "thoughts"
    expectations = "expectations"
    emotions = "emotions"
    intensity = "intensity"
    pain_points = "pain_points"
    opportunities = "opportunities"
    backstage = "backstage"
    support = "support"
    owners = "owners"
    metrics = "metrics"
    evidence = "evidence"


DEFAULT_LANES: tuple[Lane, ...] = tuple(Lane)

Severity = Literal["low", "medium", "high", "critical"]
Level = Literal["low", "medium", "high"]
Status = Literal["idea", "planned", "in progress", "done"]
Frequency = Literal["rare", "sometimes", "often", "always"]

SEVERITY_RANK: dict[str, int] = {"low": 0, "medium": 1, "high": 2, "critical": 3}
LEVEL_RANK: dict[str, int] = {"low": 0, "medium": 1, "high": 2}
STATUS_RANK: dict[str, int] = {"idea": 0, "planned": 1, "in progress": 2, "done": 3}
# rare < sometimes < often < always, the order `Frequency` declares them in
FREQUENCY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(get_args(Frequency))}


def _text_shorthand(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class PainPoint(Model):
    """Where the experience fails at a step."""

    id: Identifier | None = Field(None, description="Optional id, for links from opportunities.")
    text: Text = Field(description="What goes wrong, from the customer's side.")
    severity: Severity = Field("medium", description="How badly it hurts: low … critical.")
    frequency: Frequency | None = Field(None, description="How often customers meet it.")
    owner: OptionalText | None = Field(None, description="Who inside the organisation owns it.")
    evidence: tuple[Text, ...] = Field((), description="What this pain point is based on.")


class Opportunity(Model):
    """An improvement idea tied to a step (and optionally to a pain point)."""

    id: Identifier | None = Field(None, description="Optional id.")
    text: Text = Field(description="The idea, as an action.")
    impact: Level | None = Field(None, description="Expected impact: low | medium | high.")
    effort: Level | None = Field(None, description="Expected effort: low | medium | high.")
    owner: OptionalText | None = Field(None, description="Who would do it.")
    status: Status = Field("idea", description="idea | planned | in progress | done.")
    addresses: tuple[Identifier, ...] = Field(
        (), description="Ids of the pain points (anywhere in the map) this opportunity relieves."
    )


class NextLink(Model):
    """A labelled branch to another step."""

    to: Identifier = Field(description="The id of the step that can follow.")
    label: OptionalText | None = Field(None, description="When this branch is taken.")


class Evidence(Model):
    """A research source backing a step, with an optional pointer to the data."""

    kind: Text = Field(
        description="interview, survey, analytics, support tickets, usability test, "
        "observation, assumption, … or any text."
    )
    source: OptionalText | None = Field(None, description="A file, link or study id.")
    note: OptionalText | None = Field(None, description="What it showed.")


PainPointEntry = Annotated[
    PainPoint,
    BeforeValidator(_text_shorthand, json_schema_input_type=str | PainPoint),
]
OpportunityEntry = Annotated[
    Opportunity,
    BeforeValidator(_text_shorthand, json_schema_input_type=str | Opportunity),
]


def _to_shorthand(value: Any) -> Any:
    return {"to": value} if isinstance(value, str) else value


def _kind_shorthand(value: Any) -> Any:
    return {"kind": value} if isinstance(value, str) else value


NextEntry = Annotated[
    NextLink, BeforeValidator(_to_shorthand, json_schema_input_type=str | NextLink)
]
EvidenceEntry = Annotated[
    Evidence, BeforeValidator(_kind_shorthand, json_schema_input_type=str | Evidence)
]

KNOWN_EVIDENCE = (
    "interview",
    "survey",
    "analytics",
    "support tickets",
    "usability test",
    "observation",
    "diary study",
    "reviews",
    "workshop",
    "assumption",
)
