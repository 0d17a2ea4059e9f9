"""The built-in lint rules: quality problems in maps that are valid.

Each rule is a generator over a `Journey` yielding `Finding`s; `@rule` gives it
a stable code, a default severity and a one-line rationale (what
`cjmap lint --list-rules` prints). Codes never change once released: users
write them into `lint: {disable: [...]}` and `[tool.cjmap.lint]`.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.lint.registry import Finding, PathT, rule, step_paths
from cjmap.model import Journey, Step
from cjmap.text.words import shortened

# An emotion drop this large between adjacent steps needs a pain point to explain it.
EMOTION_DROP = 3  # points on the -2 … +2 scale
QUOTED = 48  # characters of map text quoted in a message


def _signed(score: int) -> str:
    return f"{score:+d}" if score else "0"


@rule(
    "pain-point-without-opportunity",
    "warning",
    "A pain point nobody proposes to relieve is a complaint, not a plan.",
)
def pain_point_without_opportunity(journey: Journey) -> Iterator[Finding]:
    # Covered: the same step has an opportunity that names no particular pain
    # point, or any opportunity in the map lists the pain point in `addresses`.
    addressed = {ref for s in journey.steps for o in s.opportunities for ref in o.addresses}
    for path, _phase, step in step_paths(journey):
        general = any(not o.addresses for o in step.opportunities)
        for n, pain in enumerate(step.pain_points):
            if general or (pain.id is not None and pain.id in addressed):
                continue
            how = (
                f"`addresses: [{pain.id}]`"
                if pain.id
                else "`addresses: [<id>]` (give the pain point an `id`)"
            )
            yield Finding(
                (*path, "pain_points", n),
                f"pain point `{shortened(pain.text, QUOTED)}` at step `{step.name}` "
                "has no opportunity",
                hint=f"add an opportunity to this step, or one elsewhere with {how}",
            )


@rule(
    "critical-pain-point-without-owner",
    "error",
    "A critical pain point that no team owns is the one nobody will fix.",
)
def critical_pain_point_without_owner(journey: Journey) -> Iterator[Finding]:
    for path, _phase, step in step_paths(journey):
        if step.owner:
            continue
        for n, pain in enumerate(step.pain_points):
            if pain.severity == "critical" and not pain.owner:
                yield Finding(
                    (*path, "pain_points", n),
                    f"critical pain point `{shortened(pain.text, QUOTED)}` has no owner, "
                    f"and neither has step `{step.name}`",
                    hint="set `owner:` on the pain point or on the step",
                )


@rule(
    "missing-emotion",
    "warning",
    "A step without an emotion leaves a gap in the emotion curve.",
)
def missing_emotion(journey: Journey) -> Iterator[Finding]:
    for path, _phase, step in step_paths(journey):
        if step.emotion is None:
            yield Finding(
                path,
                f"step `{step.name}` has no emotion, so the emotion curve skips it",
                hint="add `emotion: 0` (neutral) if nothing is known yet",
            )
        elif isinstance(step.emotion, dict):
            for persona in journey.personas:
                if step.takes_part(persona.id) and persona.id not in step.emotion:
                    yield Finding(
                        (*path, "emotion"),
                        f"step `{step.name}` has no emotion for persona `{persona.id}`, "
                        "who takes it",
                        hint=f"add `{persona.id}: 0`, or leave the persona out of "
                        "the step's `personas`",
                    )


@rule(
    "no-moment-of-truth",
    "warning",
    "Every journey has a step that decides whether the customer stays or leaves; name it.",
)
def no_moment_of_truth(journey: Journey) -> Iterator[Finding]:
    if journey.steps and not any(step.moment_of_truth for step in journey.steps):
        yield Finding(
            ("phases",),
            "no step is marked as a moment of truth",
            hint="add `moment_of_truth: true` to the step that decides whether the "
            "customer stays or leaves",
            at_key=True,
        )


@rule(
    "unused-persona",
    "warning",
    "A persona that no step or emotion refers to was probably forgotten.",
)
def unused_persona(journey: Journey) -> Iterator[Finding]:
    # Only meaningful once the map tells personas apart: while no step restricts
    # its personas and no emotion is given per persona, every persona takes
    # every step and none is unused.
    used: set[str] = set()
    distinguishes = False
    for step in journey.steps:
        if step.personas is not None:
            distinguishes = True
            used.update(step.personas)
        if isinstance(step.emotion, dict):
            distinguishes = True
            used.update(step.emotion)
    if not distinguishes:
        return
    if journey.view.persona is not None:
        used.add(journey.view.persona)
    for k, persona in enumerate(journey.personas):
        if persona.id not in used:
            yield Finding(
                ("personas", k),
                f"persona `{persona.id}` is declared but no step's `personas` or "
                "`emotion` mentions it",
                hint="add it to the steps it takes (or give it emotions), or remove it",
            )


@rule(
    "assumption-only",
    "warning",
    "A step backed only by assumptions needs research before decisions rest on it.",
)
def assumption_only(journey: Journey) -> Iterator[Finding]:
    for path, _phase, step in step_paths(journey):
        kinds = {e.kind.casefold() for e in step.evidence}
        if kinds == {"assumption"}:
            yield Finding(
                (*path, "evidence"),
                f"step `{step.name}` rests only on assumptions",
                hint="back it with research: interview, survey, analytics, support tickets, …",
            )


def _curves(journey: Journey) -> list[str | None]:
    """Persona ids when any emotion is given per persona, else one shared curve."""
    if any(isinstance(step.emotion, dict) for step in journey.steps):
        return [p.id for p in journey.personas]
    return [None]


def _score(step: Step, persona: str | None) -> int | None:
    # As the drawn curve counts it: a shared score for the personas who take the
    # step; a per-persona score always (nothing written is dropped).
    if persona is not None and not isinstance(step.emotion, dict) and not step.takes_part(persona):
        return None
    return step.emotion_for(persona)


@rule(
    "unexplained-emotion-drop",
    "warning",
    f"An emotion drop of {EMOTION_DROP} or more between adjacent steps has a cause; "
    "record it as a pain point.",
)
def unexplained_emotion_drop(journey: Journey) -> Iterator[Finding]:
    # Adjacent means "can follow": `next` links where given, else the order written.
    path_of = {step.id: path for path, _phase, step in step_paths(journey)}
    curves = _curves(journey)
    for step in journey.steps:
        for target_id, _label in journey.successors(step):
            target = journey.step_by_id.get(target_id)
            if target is None or target.pain_points:
                continue
            drops: list[tuple[str | None, int, int]] = []
            for persona in curves:
                before, after = _score(step, persona), _score(target, persona)
                if before is not None and after is not None and before - after >= EMOTION_DROP:
                    drops.append((persona, before, after))
            if not drops:
                continue
            first = drops[0]
            if all(d[1:] == first[1:] for d in drops):
                scores = f"from {_signed(first[1])} to {_signed(first[2])}"
            else:
                scores = ", ".join(f"{p}: {_signed(a)} to {_signed(b)}" for p, a, b in drops)
            who = [p for p, _a, _b in drops if p is not None]
            whom = f" for {', '.join(who)}" if who else ""
            yield Finding(
                (*path_of[target.id], "emotion"),
                f"emotion drops {scores}{whom} from step `{step.name}` to `{target.name}`, "
                "which has no pain point to explain it",
                hint="add the pain point that causes the drop to this step",
            )


@rule(
    "single-step-phase",
    "warning",
    "A phase with one step is either a step in disguise or a phase not yet explored.",
)
def single_step_phase(journey: Journey) -> Iterator[Finding]:
    for i, phase in enumerate(journey.phases):
        if len(phase.steps) == 1:
            yield Finding(
                ("phases", i),
                f"phase `{phase.name}` has a single step",
                hint="split it into the moments it covers, or merge it into a neighbouring phase",
            )


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


@rule(
    "duplicate-step-name",
    "warning",
    "Two steps with the same name read as one on the map and confuse reviews.",
)
def duplicate_step_name(journey: Journey) -> Iterator[Finding]:
    first: dict[str, tuple[str, str]] = {}
    for path, phase, step in step_paths(journey):
        key = _name_key(step.name)
        if key in first:
            other_id, other_phase = first[key]
            yield Finding(
                (*path, "name"),
                f"step name `{step.name}` is also used by step `{other_id}` "
                f"(phase `{other_phase}`)",
                hint="name each step for the moment it stands for",
            )
        else:
            first[key] = (step.id, phase.name)


@rule(
    "opportunity-without-sizing",
    "warning",
    "Opportunities are prioritised by impact and effort; one without both cannot be ranked.",
)
def opportunity_without_sizing(journey: Journey) -> Iterator[Finding]:
    for path, _phase, step in step_paths(journey):
        for n, opportunity in enumerate(step.opportunities):
            missing = [k for k in ("impact", "effort") if getattr(opportunity, k) is None]
            if missing:
                where: PathT = (*path, "opportunities", n)
                yield Finding(
                    where,
                    f"opportunity `{shortened(opportunity.text, QUOTED)}` "
                    f"has no {' or '.join(missing)}",
                    hint="rate it with `impact: low|medium|high` and `effort: low|medium|high`",
                )


@rule(
    "emotion-for-absent-persona",
    "warning",
    "A score for a persona the step leaves out contradicts the step's `personas`.",
)
def emotion_for_absent_persona(journey: Journey) -> Iterator[Finding]:
    # Valid (the format's own example scores ben on maya's `browse`), and the
    # explicit score is drawn; but one of the two is probably a mistake.
    for path, _phase, step in step_paths(journey):
        if not isinstance(step.emotion, dict) or step.personas is None:
            continue
        for persona_id in step.emotion:
            if not step.takes_part(persona_id):
                takers = ", ".join(step.personas)
                yield Finding(
                    (*path, "emotion", persona_id),
                    f"`{persona_id}` has an emotion at step `{step.name}` but does not take "
                    f"it (its personas: {takers}); the curve draws the score anyway",
                    hint=f"add `{persona_id}` to the step's `personas`, or remove the score",
                    at_key=True,
                )


_SENTENCE_LISTS = ("actions", "thoughts", "backstage", "support")
_PERSONA_LISTS = ("goals", "needs", "frustrations", "behaviours")


@rule(
    "list-item-split-at-comma",
    "warning",
    "In `[a, b]` every comma starts a new item, so a sentence with a comma becomes two.",
)
def list_item_split_at_comma(journey: Journey) -> Iterator[Finding]:
    # A list whose first item starts with a capital and a later one in lower
    # case reads like one sentence cut at its comma ("Enters name, date of
    # birth and address"). All-lower-case lists are a style, not a slip.
    lists: list[tuple[PathT, tuple[str, ...]]] = []
    for k, persona in enumerate(journey.personas):
        lists += [(("personas", k, name), getattr(persona, name)) for name in _PERSONA_LISTS]
    for path, _phase, step in step_paths(journey):
        lists += [((*path, name), getattr(step, name)) for name in _SENTENCE_LISTS]
        lists.append(((*path, "pain_points"), tuple(p.text for p in step.pain_points)))
        lists.append(((*path, "opportunities"), tuple(o.text for o in step.opportunities)))
    for path, items in lists:
        if len(items) < 2 or not items[0][:1].isupper():
            continue
        for n in range(1, len(items)):
            first = items[n][:1]
            if first.islower() and not items[n - 1].rstrip().endswith((".", "!", "?", ";")):
                yield Finding(
                    (*path, n),
                    f"`{shortened(items[n - 1], 30)}` and `{shortened(items[n], 30)}` may be one "
                    "item cut at its comma",
                    hint=f'quote the item: "{items[n - 1]}, {items[n]}"',  # the whole fix
                )
