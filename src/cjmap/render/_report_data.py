"""What the HTML report shows, computed from a `Journey`: rows, counts, coverage.

The template only loops and prints; every number, anchor, sort key and
grouping is decided here, so it can be tested without parsing HTML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cjmap._record import Record
from cjmap.layout.cards import format_metric
from cjmap.layout.themes import MapColors
from cjmap.model import Journey, Phase, Step
from cjmap.model.lanes import (
    FREQUENCY_RANK,
    LEVEL_RANK,
    SEVERITY_RANK,
    STATUS_RANK,
    Opportunity,
    PainPoint,
)
from cjmap.model.persona import Persona

SEVERITIES = ("critical", "high", "medium", "low")
STATUSES = ("idea", "planned", "in progress", "done")
EMOTION_WORDS = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}
ASSUMPTION = "assumption"


@dataclass(frozen=True, eq=False, repr=False)
class Emotion(Record):
    """One emotion score shown for a step (per persona, or shared)."""

    persona: str | None  # persona name; None for a shared score
    score: int

    @property
    def sign(self) -> str:
        return "0" if self.score == 0 else f"{self.score:+d}".replace("-", "−")

    @property
    def word(self) -> str:
        return EMOTION_WORDS[self.score]

    @property
    def css(self) -> str:
        return f"cj-emotion--{'n' if self.score < 0 else 'p'}{abs(self.score)}"


@dataclass(frozen=True, eq=False, repr=False)
class StepView(Record):
    """A step with what the report needs beside the model fields."""

    step: Step
    phase: Phase
    index: int  # 0-based position over the whole journey, in the order written
    phase_index: int
    number: int  # 1-based position as shown
    personas: tuple[Persona, ...]  # who takes it
    emotions: tuple[Emotion, ...]
    evidence: str  # "research", "assumption" (only) or "none"
    next_links: tuple[tuple[str, str, str | None], ...]  # explicit `next`: (anchor, name, label)

    @property
    def anchor(self) -> str:
        return step_anchor(self.step.id)

    @property
    def persona_ids(self) -> str:
        """Who takes the step, for `data-personas` (Jinja's `map` filter is slow)."""
        return " ".join(p.id for p in self.personas)


@dataclass(frozen=True, eq=False, repr=False)
class PainRow(Record):
    """A row of the pain points table."""

    anchor: str
    number: int
    pain: PainPoint
    view: StepView
    owner: str  # the pain point's owner, else its step's owner, else ""
    owner_from_step: bool
    addressed_by: tuple[tuple[str, str], ...]  # (anchor, "O3")

    @property
    def label(self) -> str:
        """`P3`: the third pain point as the journey is walked (the opportunities cite it)."""
        return f"P{self.number}"

    @property
    def severity_rank(self) -> int:
        return SEVERITY_RANK[self.pain.severity]

    @property
    def frequency_key(self) -> str:
        """Sort key of the frequency column; empty (sorts last) when not given."""
        frequency = self.pain.frequency
        return str(FREQUENCY_RANK[frequency]) if frequency is not None else ""


@dataclass(frozen=True, eq=False, repr=False)
class PainRef(Record):
    """A pain point an opportunity addresses: a link to its row, shown as its label."""

    anchor: str
    label: str  # "P3"
    text: str  # the pain point, for the link's tooltip


@dataclass(frozen=True, eq=False, repr=False)
class OpportunityRow(Record):
    """A row of the opportunities table and a dot on the impact × effort matrix."""

    anchor: str
    number: int
    opportunity: Opportunity
    view: StepView
    owner: str
    addresses: tuple[PainRef, ...]

    @property
    def label(self) -> str:
        return f"O{self.number}"

    @property
    def rated(self) -> bool:
        """Both impact and effort are set: the opportunity is on the matrix."""
        return self.opportunity.impact is not None and self.opportunity.effort is not None

    @property
    def impact_key(self) -> str:
        """Sort key of the impact column; empty (sorts last either way) when not rated."""
        impact = self.opportunity.impact
        return str(LEVEL_RANK[impact]) if impact is not None else ""

    @property
    def effort_key(self) -> str:
        """Sort key of the effort column; empty (sorts last either way) when not rated."""
        effort = self.opportunity.effort
        return str(LEVEL_RANK[effort]) if effort is not None else ""

    @property
    def status_rank(self) -> int:
        return STATUS_RANK[self.opportunity.status]


@dataclass(frozen=True, eq=False, repr=False)
class PersonaView(Record):
    """A persona card: the persona, its curve colour and how many steps it takes."""

    persona: Persona
    color: str
    steps: int


@dataclass(frozen=True, eq=False, repr=False)
class KpiRow(Record):
    """A map-level KPI, with a link to its step when it names one."""

    name: str
    current: str
    target: str
    description: str
    step_anchor: str
    step_name: str


@dataclass(frozen=True, eq=False, repr=False)
class Coverage(Record):
    """How much of the map rests on research."""

    total: int
    research: tuple[StepView, ...]
    assumption_only: tuple[StepView, ...]
    none: tuple[StepView, ...]

    @property
    def with_evidence(self) -> int:
        return len(self.research) + len(self.assumption_only)

    def percent(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0


@dataclass(frozen=True, eq=False, repr=False)
class ReportData(Record):
    """Everything the report template shows."""

    journey: Journey
    persona_filter: Persona | None
    phases: tuple[tuple[Phase, tuple[StepView, ...]], ...]
    steps: tuple[StepView, ...]
    personas: tuple[PersonaView, ...]
    pains: tuple[PainRow, ...]
    opportunities: tuple[OpportunityRow, ...]
    kpis: tuple[KpiRow, ...]
    coverage: Coverage
    pains_by_severity: tuple[tuple[str, int], ...]
    opportunities_by_status: tuple[tuple[str, int], ...]
    pain_owners: tuple[str, ...]
    moments_of_truth: tuple[StepView, ...]

    @property
    def unrated_opportunities(self) -> tuple[OpportunityRow, ...]:
        """Opportunities missing impact or effort: not on the matrix."""
        return tuple(r for r in self.opportunities if not r.rated)


def step_anchor(step_id: str) -> str:
    """The `id` of a step's section: `report.html#step-checkout`."""
    return f"step-{step_id}"


def build_report_data(journey: Journey, colors: MapColors, persona: str | None) -> ReportData:
    """Collect what the report shows, optionally for one persona's journey only.

    Args:
        journey: a validated map.
        colors: the render's colours (persona colours, as the curves are drawn).
        persona: show only the steps this persona takes (ids were checked by the layout).

    Returns:
        The report's content, in the map's order.
    """
    persona_color = colors.persona_colors(journey)
    only = journey.persona_by_id.get(persona) if persona else None
    views: list[StepView] = []
    phases: list[tuple[Phase, tuple[StepView, ...]]] = []
    index = 0
    for phase_index, phase in enumerate(journey.phases):
        shown: list[StepView] = []
        for step in phase.steps:
            if only is None or step.takes_part(only.id):
                view = _step_view(journey, step, phase, index, phase_index, len(views) + 1, only)
                shown.append(view)
                views.append(view)
            index += 1
        if shown:
            phases.append((phase, tuple(shown)))
    pains, opportunities = _rows(journey, views)
    personas = tuple(
        PersonaView(p, persona_color[p.id], sum(1 for v in views if p in v.personas))
        for p in journey.personas
        if only is None or p.id == only.id
    )
    severity_counts = Counter[str](row.pain.severity for row in pains)
    status_counts = Counter[str](row.opportunity.status for row in opportunities)
    return ReportData(
        journey=journey,
        persona_filter=only,
        phases=tuple(phases),
        steps=tuple(views),
        personas=personas,
        pains=pains,
        opportunities=opportunities,
        kpis=_kpis(journey),
        coverage=Coverage(
            total=len(views),
            research=tuple(v for v in views if v.evidence == "research"),
            assumption_only=tuple(v for v in views if v.evidence == ASSUMPTION),
            none=tuple(v for v in views if v.evidence == "none"),
        ),
        pains_by_severity=tuple((s, severity_counts[s]) for s in SEVERITIES),
        opportunities_by_status=tuple((s, status_counts[s]) for s in STATUSES),
        pain_owners=tuple(sorted({row.owner for row in pains if row.owner}, key=str.casefold)),
        moments_of_truth=tuple(v for v in views if v.step.moment_of_truth),
    )


def _step_view(
    journey: Journey,
    step: Step,
    phase: Phase,
    index: int,
    phase_index: int,
    number: int,
    only: Persona | None,
) -> StepView:
    personas = tuple(p for p in journey.personas if step.takes_part(p.id))
    emotions: list[Emotion] = []
    if isinstance(step.emotion, dict):
        for p in journey.personas:
            score = step.emotion.get(p.id)
            if score is not None and (only is None or p.id == only.id):
                emotions.append(Emotion(p.name, score))
    elif step.emotion is not None:
        emotions.append(Emotion(None, step.emotion))
    kinds = {e.kind.strip().casefold() for e in step.evidence}
    evidence = "none" if not kinds else ASSUMPTION if kinds == {ASSUMPTION} else "research"
    # Only explicit `next` is shown: the default (the following step) is the
    # order of the page itself. (Not `journey.successors`, which is O(steps).)
    links = tuple(
        (step_anchor(link.to), journey.step_by_id[link.to].name, link.label)
        for link in step.next or ()
        if link.to in journey.step_by_id
    )
    return StepView(
        step=step,
        phase=phase,
        index=index,
        phase_index=phase_index,
        number=number,
        personas=personas,
        emotions=tuple(emotions),
        evidence=evidence,
        next_links=links,
    )


def _rows(
    journey: Journey, views: list[StepView]
) -> tuple[tuple[PainRow, ...], tuple[OpportunityRow, ...]]:
    # Anchors are `pp-<step>-<n>`/`opp-<step>-<n>`: the number after the last
    # dash keeps them unique, whatever the step ids are. Pain points are
    # numbered (P1, P2, …) as the journey is walked, like the opportunities.
    pain_ref: dict[str, PainRef] = {}  # pain id -> its row
    number = 0
    for view in views:
        for k, pain in enumerate(view.step.pain_points, start=1):
            number += 1
            if pain.id:
                pain_ref[pain.id] = PainRef(f"pp-{view.step.id}-{k}", f"P{number}", pain.text)
    opportunities: list[OpportunityRow] = []
    addressed: dict[str, list[tuple[str, str]]] = {}
    for view in views:
        for k, opp in enumerate(view.step.opportunities, start=1):
            row = OpportunityRow(
                anchor=f"opp-{view.step.id}-{k}",
                number=len(opportunities) + 1,
                opportunity=opp,
                view=view,
                owner=opp.owner or "",
                addresses=tuple(pain_ref[a] for a in opp.addresses if a in pain_ref),
            )
            opportunities.append(row)
            for target in opp.addresses:
                addressed.setdefault(target, []).append((row.anchor, row.label))
    pains: list[PainRow] = []
    for view in views:
        for k, pain in enumerate(view.step.pain_points, start=1):
            owner = pain.owner or view.step.owner or ""
            pains.append(
                PainRow(
                    anchor=f"pp-{view.step.id}-{k}",
                    number=len(pains) + 1,
                    pain=pain,
                    view=view,
                    owner=owner,
                    owner_from_step=not pain.owner and bool(owner),
                    addressed_by=tuple(addressed.get(pain.id, ())) if pain.id else (),
                )
            )
    # The default order is the one teams triage by: worst first, then as walked.
    pains.sort(key=lambda row: (-row.severity_rank, row.view.index, row.number))
    return tuple(pains), tuple(opportunities)


def _kpis(journey: Journey) -> tuple[KpiRow, ...]:
    rows = []
    for kpi in journey.kpis:
        step = journey.step_by_id.get(kpi.step) if kpi.step else None
        rows.append(
            KpiRow(
                name=kpi.name,
                current=format_metric(kpi.current),
                target=format_metric(kpi.target),
                description=kpi.description or "",
                step_anchor=step_anchor(step.id) if step else "",
                step_name=step.name if step else "",
            )
        )
    return tuple(rows)
