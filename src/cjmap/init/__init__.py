"""`cjmap init`: a starter map from a template, commented so a newcomer learns the format.

In: a template name and, optionally, a title and the names of personas and
phases. Out: the text of a valid map (`starter_map`). Phases and personas the
template knows keep their content; new ones get placeholders to fill in.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from cjmap.init.templates import TEMPLATE_BY_NAME, Template
from cjmap.init.yaml_writer import to_yaml
from cjmap.model._base import slugify
from cjmap.model.references import did_you_mean

__all__ = ["TEMPLATE_BY_NAME", "defaults", "starter_map"]


def defaults(template: str) -> tuple[str, list[str], list[str]]:
    """The template's title, persona names and phase names (the prompts' defaults)."""
    data = _template(template)
    return (
        data["title"],
        [p["name"] for p in data["personas"]],
        [p["name"] for p in data["phases"]],
    )


def starter_map(
    template: str,
    title: str | None = None,
    personas: Sequence[str] | None = None,
    phases: Sequence[str] | None = None,
    file_name: str = "journey.yaml",
) -> str:
    """The commented YAML of a new map.

    Args:
        template: `ecommerce`, `saas` or `service`.
        title: the map's title (default: the template's).
        personas: persona names, in order (default: the template's).
        phases: phase names, left to right (default: the template's).
        file_name: the file's name, used in the comments that say how to render it.

    Returns:
        The map's text; it validates as written.

    Raises:
        ValueError: an unknown template, or an empty list of phases.
    """
    data = copy.deepcopy(_template(template))
    if title is not None and title.strip():
        data["title"] = title.strip()
    if personas is not None:
        data["personas"] = _personas(data["personas"], personas)
    if phases is not None:
        data["phases"] = _phases(data["phases"], phases)
    _keep_references(data)
    ordered = {"cjmap": 1, "title": data.pop("title")}
    ordered["description"] = data.pop("description")
    ordered["state"] = "current"
    ordered.update(data)
    return to_yaml(ordered, _header(file_name, template))


def _template(name: str) -> Template:
    if name not in TEMPLATE_BY_NAME:
        hint = did_you_mean(name, TEMPLATE_BY_NAME)
        raise ValueError(
            f"unknown template `{name}`"
            + (f"; {hint}" if hint else "")
            + f" (templates: {', '.join(TEMPLATE_BY_NAME)})"
        )
    return TEMPLATE_BY_NAME[name]


def _names(names: Sequence[str]) -> list[str]:
    """Trimmed, non-empty names, each once."""
    out: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if name and name.casefold() not in (n.casefold() for n in out):
            out.append(name)
    return out


def _unique_id(name: str, taken: set[str]) -> str:
    base = slugify(name)
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def _personas(known: list[dict[str, Any]], names: Sequence[str]) -> list[dict[str, Any]]:
    by_name = {p["name"].casefold(): p for p in known}
    taken: set[str] = set()
    out = []
    for name in _names(names):
        if name.casefold() in by_name:
            persona = by_name[name.casefold()]
            taken.add(persona["id"])
            out.append(persona)
        else:
            out.append(
                {
                    "id": _unique_id(name, taken),
                    "name": name,
                    "description": f"Who is {name}? Describe them from research.",
                }
            )
    return out


def _phases(known: list[dict[str, Any]], names: Sequence[str]) -> list[dict[str, Any]]:
    names = _names(names)
    if not names:
        raise ValueError("a map needs at least one phase")
    by_name = {p["name"].casefold(): p for p in known}
    taken = {s["id"] for p in known for s in p["steps"]} | {p["id"] for p in known}
    out = []
    for name in names:
        if name.casefold() in by_name:
            out.append(by_name[name.casefold()])
            continue
        phase_id = _unique_id(name, taken)
        out.append(
            {
                "id": phase_id,
                "name": name,
                "steps": [
                    {
                        "id": _unique_id(f"{name} first", taken),
                        "name": f"First moment of {name}",
                        "description": "What happens here, from the customer's side?",
                        "emotion": 0,
                    },
                    {
                        "id": _unique_id(f"{name} next", taken),
                        "name": f"Next moment of {name}",
                        "emotion": 0,
                    },
                ],
            }
        )
    if not any(s.get("moment_of_truth") for p in out for s in p["steps"]):
        out[len(out) // 2]["steps"][0]["moment_of_truth"] = True
    return out


def _keep_references(data: dict[str, Any]) -> None:
    """Drop KPI links to steps that are no longer in the map."""
    steps = {s["id"] for p in data["phases"] for s in p["steps"]}
    for kpi in data.get("kpis", []):
        if kpi.get("step") not in (None, *steps):
            del kpi["step"]


def _header(file_name: str, template: str) -> list[str]:
    return [
        f"A customer journey map for cjmap, started from the `{template}` template.",
        "Edit it to tell your customers' journey; every key is optional unless the",
        "format needs it (cjmap, title, phases, and a name for each phase and step).",
        "",
        f"  cjmap validate {file_name}    check it (CI-friendly)",
        f"  cjmap lint {file_name}        quality hints: pain points without opportunities, …",
        f"  cjmap render {file_name}      draw it as an SVG swimlane beside this file",
        f"  cjmap show {file_name}        read it in the terminal",
        "",
        "Editor completion: run `cjmap schema > cjmap.schema.json` and make this",
        "the first line: # yaml-language-server: $schema=cjmap.schema.json",
    ]
