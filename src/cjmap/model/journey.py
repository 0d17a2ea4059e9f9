"""The validated journey: a map's phases, steps, personas and settings."""

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Literal

from cjmap.model._base import (
    HexColor,
    Identifier,
    Model,
    OptionalText,
    Range,
    StrictInt,
    Text,
    field,
    internal,
)
from cjmap.model.data_source import DataSource
from cjmap.model.lanes import Evidence, Lane, NextLink, Opportunity, PainPoint
from cjmap.model.persona import Persona
from cjmap.model.theme import Theme

SUPPORTED_VERSIONS = (1,)

EmotionScore = Annotated[StrictInt, Range(ge=-2, le=2)]
MetricValue = str | StrictInt | float

KNOWN_CHANNELS = (
    "web",
    "mobile app",
    "email",
    "phone",
    "chat",
    "social",
    "in person",
    "sms",
    "mail",
    "partner",
    "word of mouth",
    "video",
    "self-service",
)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Step(Model):
    """One moment of the journey: a column of the map."""

    DERIVE_ID = True

    id: Identifier = field(
        default="", description="Unique step id; derived from `name` when omitted."
    )
    name: Text = field("What happens, in a short title.")
    description: OptionalText | None = field(
        default=None, description="More detail about the step."
    )
    personas: tuple[Identifier, ...] | None = field(
        default=None, description="Which personas take this step (default: all)."
    )
    channel: OptionalText | None = field(
        default=None,
        description="Medium of the touchpoint: " + ", ".join(KNOWN_CHANNELS) + ", or any text.",
    )
    touchpoint: OptionalText | None = field(
        default=None, description="Where the customer meets the organisation."
    )
    actions: tuple[Text, ...] = field(default=(), description="What the customer does.")
    thoughts: tuple[Text, ...] = field(default=(), description="What they think, often as quotes.")
    expectation: OptionalText | None = field(
        default=None, description="What the customer expected."
    )
    experience: OptionalText | None = field(default=None, description="What actually happened.")
    emotion: EmotionScore | dict[Identifier, EmotionScore] | None = field(
        default=None,
        description="How the customer feels, -2 (angry) … 0 (neutral) … +2 (delighted); "
        "one integer, or one per persona id.",
    )
    feeling: OptionalText | None = field(default=None, description="A word naming the emotion.")
    intensity: Annotated[StrictInt, Range(ge=1, le=5)] | None = field(
        default=None, description="Dramatic arc: engagement or intensity 1 … 5, apart from valence."
    )
    moment_of_truth: bool = field(
        default=False,
        description="True where this step decides whether the customer stays or leaves.",
    )
    pain_points: tuple[PainPoint, ...] = field(
        default=(), description="Where it hurts; a string is shorthand for `{text: …}`."
    )
    opportunities: tuple[Opportunity, ...] = field(
        default=(), description="Improvement ideas; a string is shorthand for `{text: …}`."
    )
    backstage: tuple[Text, ...] = field(
        default=(), description="What the organisation does out of sight to make this step happen."
    )
    support: tuple[Text, ...] = field(
        default=(), description="Support processes and systems behind the backstage."
    )
    owner: OptionalText | None = field(default=None, description="Team or department responsible.")
    evidence: tuple[Evidence, ...] = field(
        default=(),
        description="What this step is based on (e.g. `interview`, `analytics`, `assumption`).",
    )
    metrics: dict[str, MetricValue] = field(
        factory=dict, description="Measured values for this step, e.g. `{csat: 3.9}`."
    )
    duration: OptionalText | None = field(default=None, description="How long the step takes.")
    next: tuple[NextLink, ...] | None = field(
        default=None,
        description="Step ids that can follow; default is the next step as written. "
        "`[]` ends the journey.",
    )

    #: `"data"` when `cjmap.data` computed the emotion from `emotion_from`; never from YAML.
    emotion_source: Literal["data"] | None = internal()

    def emotion_for(self, persona: str | None) -> int | None:
        """This step's emotion for a persona (or the shared score)."""
        if isinstance(self.emotion, dict):
            return self.emotion.get(persona) if persona is not None else None
        return self.emotion

    def takes_part(self, persona: str) -> bool:
        """Whether `persona` takes this step."""
        return self.personas is None or persona in self.personas


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Phase(Model):
    """A broad period of the journey, holding steps left to right."""

    DERIVE_ID = True

    id: Identifier = field(
        default="", description="Unique phase id; derived from `name` when omitted."
    )
    name: Text = field("Display name, e.g. `Awareness`.")
    description: OptionalText | None = field(default=None, description="What this phase covers.")
    color: HexColor | None = field(
        default=None, description="Header band colour (default: palette)."
    )
    steps: tuple[Step, ...] = field(default=(), description="The steps of this phase, in order.")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Kpi(Model):
    """A measurable signal for the whole map."""

    name: Text = field("e.g. `Conversion rate`.")
    current: MetricValue | None = field(default=None, description="Today's value.")
    target: MetricValue | None = field(default=None, description="The value aimed for.")
    description: OptionalText | None = field(default=None, description="How it is measured.")
    step: Identifier | None = field(
        default=None, description="The step this KPI belongs to, if any."
    )


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class View(Model):
    """How the map is drawn by default."""

    lanes: tuple[Lane, ...] | None = field(
        default=None, description="Lanes to draw, in order (default: every lane that has content)."
    )
    persona: Identifier | None = field(
        default=None, description="Draw only this persona's journey."
    )


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class LintSettings(Model):
    """Per-map settings for `cjmap lint`."""

    disable: tuple[Text, ...] = field(default=(), description="Lint rule codes to switch off.")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Journey(Model):
    """A customer journey map (format version 1)."""

    cjmap: Literal[1] = field("Format version; this release reads version 1.")
    title: Text = field("The map's title.")
    description: OptionalText | None = field(default=None, description="What the journey covers.")
    state: Literal["current", "future"] = field(
        default="current", description="`current` (as-is) or `future` (to-be)."
    )
    owner: OptionalText | None = field(default=None, description="Who owns the map.")
    tags: tuple[Text, ...] = field(default=(), description="Free tags.")
    include: tuple[Text, ...] = field(
        default=(),
        description="Files whose top-level lists (personas, phases, kpis) are merged in "
        "before this file's own; paths relative to this file.",
    )
    kpis: tuple[Kpi, ...] = field(default=(), description="Map-level KPIs with current and target.")
    data: tuple[DataSource, ...] = field(
        default=(),
        description="CSV or JSON files whose rows join metrics (and optionally emotions) "
        "onto steps by step id; paths relative to this file.",
    )
    personas: tuple[Persona, ...] = field(default=(), description="Whose journey this is.")
    view: View = field(factory=View, description="Default drawing options.")
    theme: Theme | None = field(default=None, description="Colour overrides.")
    lint: LintSettings = field(factory=LintSettings, description="Lint settings.")
    phases: tuple[Phase, ...] = field("The phases of the journey, left to right.")

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """Every step, in the order written."""
        return tuple(step for phase in self.phases for step in phase.steps)

    @cached_property
    def step_by_id(self) -> dict[str, Step]:
        return {step.id: step for step in self.steps}

    @cached_property
    def phase_of(self) -> dict[str, Phase]:
        """The phase of each step id."""
        return {step.id: phase for phase in self.phases for step in phase.steps}

    @cached_property
    def persona_by_id(self) -> dict[str, Persona]:
        return {p.id: p for p in self.personas}

    def successors(self, step: Step) -> tuple[tuple[str, str | None], ...]:
        """`(step id, label)` of the steps that can follow `step`."""
        if step.next is not None:
            return tuple((link.to, link.label) for link in step.next)
        following = self._default_successor.get(step.id)
        return ((following, None),) if following is not None else ()

    @cached_property
    def _default_successor(self) -> dict[str, str]:
        ids = [s.id for s in self.steps]
        return dict(itertools.pairwise(ids))
