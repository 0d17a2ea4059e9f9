"""What a step holds besides its name: pain points, opportunities, evidence, flow links."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, get_args

from cjmap.model._base import Identifier, Model, OptionalText, Text, field


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


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class PainPoint(Model):
    """Where the experience fails at a step."""

    SHORTHAND = "text"

    id: Identifier | None = field(
        default=None, description="Optional id, for links from opportunities."
    )
    text: Text = field("What goes wrong, from the customer's side.")
    severity: Severity = field(default="medium", description="How badly it hurts: low … critical.")
    frequency: Frequency | None = field(default=None, description="How often customers meet it.")
    owner: OptionalText | None = field(
        default=None, description="Who inside the organisation owns it."
    )
    evidence: tuple[Text, ...] = field(default=(), description="What this pain point is based on.")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Opportunity(Model):
    """An improvement idea tied to a step (and optionally to a pain point)."""

    SHORTHAND = "text"

    id: Identifier | None = field(default=None, description="Optional id.")
    text: Text = field("The idea, as an action.")
    impact: Level | None = field(default=None, description="Expected impact: low | medium | high.")
    effort: Level | None = field(default=None, description="Expected effort: low | medium | high.")
    owner: OptionalText | None = field(default=None, description="Who would do it.")
    status: Status = field(default="idea", description="idea | planned | in progress | done.")
    addresses: tuple[Identifier, ...] = field(
        default=(),
        description="Ids of the pain points (anywhere in the map) this opportunity relieves.",
    )


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class NextLink(Model):
    """A labelled branch to another step."""

    SHORTHAND = "to"

    to: Identifier = field("The id of the step that can follow.")
    label: OptionalText | None = field(default=None, description="When this branch is taken.")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Evidence(Model):
    """A research source backing a step, with an optional pointer to the data."""

    SHORTHAND = "kind"

    kind: Text = field(
        "interview, survey, analytics, support tickets, usability test, "
        "observation, assumption, … or any text."
    )
    source: OptionalText | None = field(default=None, description="A file, link or study id.")
    note: OptionalText | None = field(default=None, description="What it showed.")


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
