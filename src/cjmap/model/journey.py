"""The validated journey: a map's phases, steps, personas and settings."""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, StrictBool, StrictInt, model_validator

from cjmap.model._base import HexColor, Identifier, Model, OptionalText, Text, slugify
from cjmap.model.data_source import DataSourceEntry
from cjmap.model.lanes import (
    EvidenceEntry,
    Lane,
    NextEntry,
    OpportunityEntry,
    PainPointEntry,
)
from cjmap.model.persona import Persona
from cjmap.model.theme import Theme

SUPPORTED_VERSIONS = (1,)

EmotionScore = Annotated[StrictInt, Field(ge=-2, le=2)]
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


def _derive_id(data: Any) -> Any:
    if isinstance(data, dict) and "id" not in data and isinstance(data.get("name"), str):
        return {"id": slugify(data["name"]), **data}
    return data


class Step(Model):
    """One moment of the journey: a column of the map."""

    id: Identifier = Field("", description="Unique step id; derived from `name` when omitted.")
    name: Text = Field(description="What happens, in a short title.")
    description: OptionalText | None = Field(None, description="More detail about the step.")
    personas: tuple[Identifier, ...] | None = Field(
        None, description="Which personas take this step (default: all)."
    )
    channel: OptionalText | None = Field(
        None,
        description="Medium of the touchpoint: " + ", ".join(KNOWN_CHANNELS) + ", or any text.",
    )
    touchpoint: OptionalText | None = Field(
        None, description="Where the customer meets the organisation."
    )
    actions: tuple[Text, ...] = Field((), description="What the customer does.")
    thoughts: tuple[Text, ...] = Field((), description="What they think, often as quotes.")
    expectation: OptionalText | None = Field(None, description="What the customer expected.")
    experience: OptionalText | None = Field(None, description="What actually happened.")
    emotion: EmotionScore | dict[Identifier, EmotionScore] | None = Field(
        None,
        description="How the customer feels, -2 (angry) … 0 (neutral) … +2 (delighted); "
        "one integer, or one per persona id.",
    )
    feeling: OptionalText | None = Field(None, description="A word naming the emotion.")
    intensity: Annotated[StrictInt, Field(ge=1, le=5)] | None = Field(
        None, description="Dramatic arc: engagement or intensity 1 … 5, apart from valence."
    )
    moment_of_truth: StrictBool = Field(
        False, description="True where this step decides whether the customer stays or leaves."
    )
    pain_points: tuple[PainPointEntry, ...] = Field(
        (), description="Where it hurts; a string is shorthand for `{text: …}`."
    )
    opportunities: tuple[OpportunityEntry, ...] = Field(
        (), description="Improvement ideas; a string is shorthand for `{text: …}`."
    )
    backstage: tuple[Text, ...] = Field(
        (), description="What the organisation does out of sight to make this step happen."
    )
    support: tuple[Text, ...] = Field(
        (), description="Support processes and systems behind the backstage."
    )
    owner: OptionalText | None = Field(None, description="Team or department responsible.")
    evidence: tuple[EvidenceEntry, ...] = Field(
        (), description="What this step is based on (e.g. `interview`, `analytics`, `assumption`)."
    )
    metrics: dict[str, MetricValue] = Field(
        default_factory=dict, description="Measured values for this step, e.g. `{csat: 3.9}`."
    )
    duration: OptionalText | None = Field(None, description="How long the step takes.")
    next: tuple[NextEntry, ...] | None = Field(
        None,
        description="Step ids that can follow; default is the next step as written. "
        "`[]` ends the journey.",
    )

    _derive = model_validator(mode="before")(_derive_id)
    # Set by `cjmap.data` when `emotion` came from `emotion_from`, never from YAML
    # (a private attribute is neither a key nor in the schema).
    _emotion_source: Literal["data"] | None = PrivateAttr(None)

    @property
    def emotion_source(self) -> Literal["data"] | None:
        """`"data"` when the emotion was computed from a `data:` file, else None."""
        return self._emotion_source

    def emotion_for(self, persona: str | None) -> int | None:
        """This step's emotion for a persona (or the shared score)."""
        if isinstance(self.emotion, dict):
            return self.emotion.get(persona) if persona is not None else None
        return self.emotion

    def takes_part(self, persona: str) -> bool:
        """Whether `persona` takes this step."""
        return self.personas is None or persona in self.personas


class Phase(Model):
    """A broad period of the journey, holding steps left to right."""

    id: Identifier = Field("", description="Unique phase id; derived from `name` when omitted.")
    name: Text = Field(description="Display name, e.g. `Awareness`.")
    description: OptionalText | None = Field(None, description="What this phase covers.")
    color: HexColor | None = Field(None, description="Header band colour (default: palette).")
    steps: tuple[Step, ...] = Field((), description="The steps of this phase, in order.")

    _derive = model_validator(mode="before")(_derive_id)


class Kpi(Model):
    """A measurable signal for the whole map."""

    name: Text = Field(description="e.g. `Conversion rate`.")
    current: MetricValue | None = Field(None, description="Today's value.")
    target: MetricValue | None = Field(None, description="The value aimed for.")
    description: OptionalText | None = Field(None, description="How it is measured.")
    step: Identifier | None = Field(None, description="The step this KPI belongs to, if any.")


class View(Model):
    """How the map is drawn by default."""

    lanes: tuple[Lane, ...] | None = Field(
        None, description="Lanes to draw, in order (default: every lane that has content)."
    )
    persona: Identifier | None = Field(None, description="Draw only this persona's journey.")


class LintSettings(Model):
    """Per-map settings for `cjmap lint`."""

    disable: tuple[Text, ...] = Field((), description="Lint rule codes to switch off.")


class Journey(Model):
    """A customer journey map (format version 1)."""

    cjmap: Literal[1] = Field(description="Format version; this release reads version 1.")
    title: Text = Field(description="The map's title.")
    description: OptionalText | None = Field(None, description="What the journey covers.")
    state: Literal["current", "future"] = Field(
        "current", description="`current` (as-is) or `future` (to-be)."
    )
    owner: OptionalText | None = Field(None, description="Who owns the map.")
    tags: tuple[Text, ...] = Field((), description="Free tags.")
    include: tuple[Text, ...] = Field(
        (),
        description="Files whose top-level lists (personas, phases, kpis) are merged in "
        "before this file's own; paths relative to this file.",
    )
    kpis: tuple[Kpi, ...] = Field((), description="Map-level KPIs with current and target.")
    data: tuple[DataSourceEntry, ...] = Field(
        (),
        description="CSV or JSON files whose rows join metrics (and optionally emotions) "
        "onto steps by step id; paths relative to this file.",
    )
    personas: tuple[Persona, ...] = Field((), description="Whose journey this is.")
    view: View = Field(default_factory=View, description="Default drawing options.")
    theme: Theme | None = Field(None, description="Colour overrides.")
    lint: LintSettings = Field(default_factory=LintSettings, description="Lint settings.")
    phases: tuple[Phase, ...] = Field(description="The phases of the journey, left to right.")

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
