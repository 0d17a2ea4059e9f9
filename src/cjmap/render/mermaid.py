"""Journey -> Mermaid `journey` text, for maps that must also live in Markdown.

Reads the `Journey` (not the layout: Mermaid lays the diagram out itself).
A section per phase, a task per step, the step's personas as actors, and the
emotion −2…+2 as Mermaid's score 1…5 (score = emotion + 3). A step with one
emotion per persona gets the mean of its personas' emotions, rounded half
away from zero; a step without an emotion gets 3 (neutral). Everything else
a map holds has no place in Mermaid's grammar: `mermaid_losses` lists it so
the CLI can say so (this module never prints).

Text is escaped the way Mermaid reads it (see `cjmap.interop.mermaid_grammar`):
`:` `#` `;` become entity codes (`#58;` `#35;` `#59;`), as do `%%` and a
leading `%` (comments or directives), tag-like `<` and entity-like `&` (HTML
in labels), `,` in actor names (the separator) and `}` in a multi-line
`accDescr`; a name that starts with a keyword (`title `, `section `,
`journey`, `accDescr {`) has its first letter written as a code; a line break
in a name becomes a space (Mermaid's HTML labels would show a `<br>` as text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cjmap.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.model import Journey, Persona, Step
    from cjmap.pipeline import RenderOptions

INDENT = "  "
NEUTRAL_SCORE = 3
_CODE_ALWAYS = frozenset("#;:")
# Mermaid's lexer tries these keywords before a task name (case-insensitive,
# `journey` followed by a non-ASCII-word character, so `journeyſ` is the
# keyword too: the lookahead must not fold `ſ` to `s`); wider is harmless.
_KEYWORD_START = re.compile(
    r"(?:journey(?-i:(?![A-Za-z0-9_]))|title[\s\ufeff]|section[\s\ufeff]|acc(?:title|descr)[\s\ufeff]*[:{])",
    re.IGNORECASE,
)


def render_mermaid(journey: Journey, options: RenderOptions | None = None) -> str:
    """The Mermaid `journey` text of a map.

    Args:
        journey: the map.
        options: `options.persona` exports one persona's journey: only the steps
            they take, their own emotion, themselves as the only actor.

    Returns:
        Mermaid text with LF line ends and a final newline.

    Raises:
        UsageError: `options.persona` is not a persona of the map.
    """
    persona = _persona(journey, options)
    names = _actor_names(journey)
    lines = ["journey", f"{INDENT}title {escape(journey.title)}"]
    if journey.description:
        lines.extend(_acc_descr(journey.description))
    for phase in journey.phases:
        steps = [s for s in phase.steps if persona is None or s.takes_part(persona.id)]
        if persona is not None and not steps:
            continue
        lines.append(f"{INDENT}section {escape(phase.name)}")
        for step in steps:
            lines.append(INDENT * 2 + _task(journey, step, names, persona))
    return "\n".join(lines) + "\n"


def render_mermaid_bytes(journey: Journey, options: RenderOptions) -> bytes:
    """`render_mermaid` as UTF-8 bytes (the `-f mermaid` backend)."""
    return render_mermaid(journey, options).encode("utf-8")


def mermaid_score(journey: Journey, step: Step, persona: str | None = None) -> int | None:
    """The Mermaid score 1…5 of a step, or None when it has no emotion.

    Args:
        journey: the map (for the personas a step applies to by default).
        step: the step.
        persona: score this persona's emotion only.

    Returns:
        emotion + 3; per-persona emotions are averaged over the step's personas
        (rounded half away from zero) unless `persona` is given.
    """
    if persona is not None or not isinstance(step.emotion, dict):
        emotion = step.emotion_for(persona)
        return None if emotion is None else emotion + 3
    taking_part = [p for p in _persona_ids(journey, step) if p in step.emotion]
    values = [step.emotion[p] for p in taking_part] or list(step.emotion.values())
    if not values:
        return None
    mean = sum(values) / len(values)
    return int(math.copysign(math.floor(abs(mean) + 0.5), mean)) + 3


def mermaid_losses(journey: Journey, options: RenderOptions | None = None) -> list[str]:
    """What the Mermaid export leaves out or changes, one phrase per kind.

    Args:
        journey: the map.
        options: as for `render_mermaid`.

    Returns:
        e.g. `["pain points (3)", "channels (on 4 steps)", …]`; empty when the
        export carries everything.
    """
    persona = _persona(journey, options)
    steps = [s for s in journey.steps if persona is None or s.takes_part(persona.id)]
    out: list[str] = []

    def count(label: str, n: int, unit: str = "") -> None:
        if n:
            out.append(f"{label} ({n}{unit})")

    def on_steps(label: str, n: int) -> None:
        count(label, n, " step" if n == 1 else " steps")

    count("pain points", sum(len(s.pain_points) for s in steps))
    count("opportunities", sum(len(s.opportunities) for s in steps))
    for label, field in _STEP_FIELDS:
        on_steps(label, sum(1 for s in steps if getattr(s, field) not in (None, (), {}, False)))
    on_steps("branches set with `next`", sum(1 for s in steps if s.next is not None))
    count("map KPIs", len(journey.kpis))
    on_steps("step ids, which an import derives from names", _renamed_steps(steps))
    details = [p for p in journey.personas if _has_details(p)]
    count(
        "persona details such as role and goals",
        len(details),
        " personas" if len(details) > 1 else " persona",
    )
    count(
        "phase descriptions and colours", sum(1 for p in journey.phases if p.description or p.color)
    )
    for label, present in (
        ("the map's owner, tags, state and view settings", _map_settings(journey)),
        ("the theme", journey.theme is not None),
    ):
        if present:
            out.append(label)
    if persona is None:
        averaged = [
            s.id for s in steps if isinstance(s.emotion, dict) and len(set(s.emotion.values())) > 1
        ]
        if averaged:
            out.append(f"per-persona emotions, averaged to one score: {_ids(averaged)}")
    missing = [
        s.id for s in steps if mermaid_score(journey, s, persona.id if persona else None) is None
    ]
    if missing:
        out.append(
            f"missing emotions, exported as score {NEUTRAL_SCORE} (neutral): {_ids(missing)}"
        )
    broken = [s.id for s in steps if "\n" in s.name]
    broken += [p.id for p in journey.phases if "\n" in p.name]
    if broken or "\n" in journey.title:
        out.append(f"line breaks in names, written as spaces: {_ids(broken or ['title'])}")
    empty = [p.name for p in journey.phases if not p.steps]
    if empty and persona is None:
        out.append(f"phases without steps, which Mermaid does not draw: {', '.join(empty)}")
    return out


_STEP_FIELDS = (
    ("channels", "channel"),
    ("touchpoints", "touchpoint"),
    ("actions", "actions"),
    ("thoughts", "thoughts"),
    ("expectations", "expectation"),
    ("experiences", "experience"),
    ("feelings", "feeling"),
    ("intensity", "intensity"),
    ("moments of truth", "moment_of_truth"),
    ("backstage", "backstage"),
    ("support processes", "support"),
    ("owners", "owner"),
    ("evidence", "evidence"),
    ("metrics", "metrics"),
    ("durations", "duration"),
    ("step descriptions", "description"),
)


def escape(text: str, *, extra: str = "") -> str:
    """Write `text` so that Mermaid's journey lexer reads it back unchanged.

    A line break becomes a space: Mermaid 11 draws labels as HTML text
    (`textPlacement: fo`), where a `<br>` would show literally.

    Args:
        text: the text.
        extra: further characters to write as codes (`,` for actors).
    """
    text = text.replace("\r\n", "\n")
    out: list[str] = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in _CODE_ALWAYS or ch in extra:
            out.append(f"#{ord(ch)};")
        elif ch == "%" and (i == 0 or "%" in (prev, nxt)):
            out.append("#37;")
        elif ch == "<" and (nxt.isalpha() or nxt in "/!"):
            out.append("#60;")
        elif ch == "&" and (nxt.isalnum() or nxt == "#"):
            out.append("#38;")
        elif ch == "\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _task(journey: Journey, step: Step, names: dict[str, str], persona: Persona | None) -> str:
    name = escape(step.name)
    if _KEYWORD_START.match(name):
        name = f"#{ord(name[0])};{name[1:]}"
    score = mermaid_score(journey, step, persona.id if persona else None)
    text = f"{name}: {NEUTRAL_SCORE if score is None else score}"
    actors = [persona.id] if persona is not None else _persona_ids(journey, step)
    if actors:
        text += ": " + ", ".join(escape(names[a], extra=",") for a in actors)
    return text


def _acc_descr(description: str) -> list[str]:
    if "\n" not in description:
        return [f"{INDENT}accDescr: {escape(description)}"]
    # Mermaid drops the whitespace after every line break, blank lines
    # included, so a paragraph break is written as a line-feed code `#10;`.
    lines = [f"{INDENT}accDescr {{"]
    blank = 0
    for raw in description.split("\n"):
        line = escape(raw.strip(), extra="}")
        if not line:
            blank += 1
            continue
        lines.append(INDENT * 2 + "#10;" * blank + line)
        blank = 0
    lines.append(INDENT + "}")
    return lines


def _persona(journey: Journey, options: RenderOptions | None) -> Persona | None:
    wanted = getattr(options, "persona", None)
    if wanted is None:
        return None
    persona = journey.persona_by_id.get(wanted)
    if persona is None:
        known = ", ".join(journey.persona_by_id) or "none"
        raise UsageError(f"unknown persona `{wanted}`; this map's personas: {known}")
    return persona


def _persona_ids(journey: Journey, step: Step) -> list[str]:
    if step.personas is not None:
        return list(step.personas)
    return [p.id for p in journey.personas]


def _actor_names(journey: Journey) -> dict[str, str]:
    """Actor label per persona id: the name, or `name (id)` where names repeat."""
    seen: dict[str, int] = {}
    for p in journey.personas:
        seen[p.name] = seen.get(p.name, 0) + 1
    return {p.id: p.name if seen[p.name] == 1 else f"{p.name} ({p.id})" for p in journey.personas}


def _has_details(p: Persona) -> bool:
    fields = (p.role, p.segment, p.description, p.quote, p.color)
    lists = (p.goals, p.needs, p.frustrations, p.behaviours)
    return any(f is not None for f in fields) or any(lists) or bool(p.demographics)


def _map_settings(journey: Journey) -> bool:
    return bool(
        journey.owner
        or journey.tags
        or journey.state != "current"
        or journey.view.lanes is not None
        or journey.view.persona is not None
    )


def _renamed_steps(steps: Sequence[Step]) -> int:
    from cjmap.model._base import slugify

    return sum(1 for s in steps if s.id != slugify(s.name))


def _ids(ids: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
