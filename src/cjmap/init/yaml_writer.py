"""Writing a starter map as YAML with comments that teach the format.

PyYAML cannot write comments, so this small emitter writes the subset a map
needs (mappings, lists, scalars) in block style, with short lists and
per-persona emotions in flow style, and a comment beside the first use of
each key (later uses stay quiet, so the file does not drown in notes).
"""

from __future__ import annotations

import json
import re
from typing import Any

COMMENT_COLUMN = 36  # characters; inline comments line up here when the line is shorter
FLOW_LIMIT = 72  # characters; a list of scalars longer than this is written as a block

# Comments beside keys (first use only), by `parent.key` or, failing that, by `key`;
# the parent of a top-level key is "".
KEY_COMMENTS = {
    ".cjmap": "format version; always 1 for now",
    ".title": "shown above the map",
    ".state": "current (as-is today) or future (to-be)",
    ".owner": "who keeps this map up to date",
    ".tags": "free labels, for finding maps",
    "personas.id": "how steps and per-persona emotions refer to this persona",
    "steps.id": "stable id for links and diffs; derived from `name` if omitted",
    "steps.owner": "team responsible for this step",
    "pain_points.id": "optional, for `addresses` in opportunities",
    "role": "role or segment",
    "goals": "what they want to achieve",
    "frustrations": "what annoys or blocks them",
    "quote": "a representative quote from research",
    "current": "today's value",
    "target": "the value aimed for",
    "step": "optional: the step this KPI belongs to",
    "channel": "web, mobile app, email, phone, chat, social, in person, sms, … or any text",
    "touchpoint": "where the customer meets the organisation",
    "actions": "what the customer does",
    "thoughts": "what they think, often as quotes",
    "emotion": "-2 angry, -1 unhappy, 0 neutral, +1 pleased, +2 delighted; or {maya: 1, ben: 0}",
    "feeling": "optional word for the emotion",
    "moment_of_truth": "the step that decides whether the customer stays or leaves",
    "severity": "low | medium | high | critical",
    "impact": "low | medium | high",
    "effort": "low | medium | high",
    "status": "idea | planned | in progress | done",
    "addresses": "ids of the pain points this opportunity relieves",
    "backstage": "what the organisation does out of sight",
    "evidence": "interview, survey, analytics, support tickets, usability test, assumption, …",
    "metrics": "measured values for this step",
}

# Comment lines above top-level keys.
SECTION_COMMENTS = {
    "personas": [
        "Personas: whose journey this is. Steps can be limited to some personas",
        "with `personas: [id, …]`, and emotions given per persona.",
    ],
    "kpis": ["KPIs for the whole map: what success is measured by."],
    "phases": [
        "Phases run left to right; each holds steps, one column each on the map.",
        "A step can have: description, channel, touchpoint, actions, thoughts,",
        "expectation, experience, emotion, feeling, intensity (1-5), moment_of_truth,",
        "pain_points, opportunities, backstage, support, owner, evidence, metrics,",
        "duration and next (branches). Pain points and opportunities may be plain",
        "strings, or mappings with details as below.",
    ],
}

_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _.'()/&%+!?-]*$")


def scalar(value: Any, flow: bool = False) -> str:
    """A YAML scalar: plain where that is unambiguous, else a JSON (double-quoted) string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    plain = (
        _PLAIN.match(text) is not None
        and text == text.strip()
        and text.lower() not in _RESERVED
        and ": " not in text
        and " #" not in text
        and not (flow and text.endswith(("?", "!")))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


class Writer:
    """Collects lines; remembers which keys have been explained."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.explained: set[str] = set()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def comment(self, lines: list[str], indent: str = "") -> None:
        self.lines.extend(f"{indent}# {line}".rstrip() for line in lines)

    def mapping(
        self,
        data: dict[str, Any],
        indent: str,
        parent: str = "",
        first_prefix: str | None = None,
    ) -> None:
        """Write `data`; the first line starts with `first_prefix` (`- `) when in a list."""
        for k, (key, value) in enumerate(data.items()):
            lead = first_prefix if (k == 0 and first_prefix is not None) else indent
            if not indent and key in SECTION_COMMENTS:
                self.lines.append("")
                self.comment(SECTION_COMMENTS[key])
            self._entry(lead, indent, parent, key, value)

    def _entry(self, lead: str, indent: str, parent: str, key: str, value: Any) -> None:
        flow = _flow(value)
        if flow is not None:
            self._line(f"{lead}{key}: {flow}", parent, key)
        elif isinstance(value, dict):
            self._line(f"{lead}{key}:", parent, key)
            self.mapping(value, indent + "  ", key)
        else:  # a list that needs block style
            self._line(f"{lead}{key}:", parent, key)
            for item in value:
                if isinstance(item, dict):
                    self.mapping(item, indent + "    ", key, first_prefix=indent + "  - ")
                else:
                    self.lines.append(f"{indent}  - {scalar(item)}")

    def _line(self, line: str, parent: str, key: str) -> None:
        name = f"{parent}.{key}" if f"{parent}.{key}" in KEY_COMMENTS else key
        note = KEY_COMMENTS.get(name)
        if note is not None and name not in self.explained:
            self.explained.add(name)
            line = f"{line.ljust(COMMENT_COLUMN - 1)} # {note}"
        self.lines.append(line)


def _flow(value: Any) -> str | None:
    """The one-line form of a scalar, a short list of scalars or a mapping of scalars."""
    if not isinstance(value, list | dict):
        return scalar(value)
    if isinstance(value, dict):
        if any(isinstance(v, list | dict) for v in value.values()):
            return None
        text = "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in value.items()) + "}"
    else:
        if any(isinstance(v, list | dict) for v in value):
            return None
        text = "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
    return text if len(text) <= FLOW_LIMIT else None


def to_yaml(data: dict[str, Any], header: list[str]) -> str:
    """The commented YAML text of a map.

    Args:
        data: the map as plain data, keys in the order to write.
        header: comment lines for the top of the file.

    Returns:
        The text, ending in a newline.
    """
    writer = Writer()
    writer.comment(header)
    writer.mapping(data, "")
    return writer.text()
