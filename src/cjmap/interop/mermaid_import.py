"""Mermaid journey -> cjmap map: sections become phases, tasks steps, actors personas.

In: Mermaid text. Out: `MermaidImport` holding map YAML (valid by construction:
it is validated before it is returned), the `Journey` it describes, and
warnings. Nothing is clamped or guessed silently:

- a score 1…5 becomes the emotion score − 3 (1 -> −2 … 5 -> +2);
- a score outside 1…5, a fractional one or one that is not a number leaves
  the step without an emotion, keeps the score as metric `mermaid_score`, and
  is reported with its line (Mermaid itself draws such faces off the chart);
- tasks written before the first `section` go into a phase `(no section)`;
- a task's actors become the step's `personas`, left out when they are all
  the map's personas (cjmap's default) or when the task names none;
- `accDescr` (and an `accTitle` that differs from the title) becomes the
  map's `description`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import yaml

from cjmap._record import Record
from cjmap.errors import Diagnostic, InvalidMap
from cjmap.interop.mermaid_grammar import MermaidDiagram, MermaidTask, parse_journey
from cjmap.model import Journey
from cjmap.model._base import slugify

NO_SECTION = "(no section)"
SCORE_METRIC = "mermaid_score"


@dataclass(frozen=True, eq=False, repr=False)
class MermaidImport(Record):
    """The outcome of importing one Mermaid journey.

    Attributes:
        yaml_text: the cjmap map, ready to write.
        journey: the same map, validated.
        diagram: what Mermaid reads from the file.
        warnings: what was set aside or could not be carried over, with lines.
    """

    yaml_text: str
    journey: Journey
    diagram: MermaidDiagram
    warnings: list[Diagnostic]


def import_mermaid(text: str, file: str = "<string>", *, strict: bool = False) -> MermaidImport:
    """Turn a Mermaid `journey` diagram into a cjmap map.

    Args:
        text: the Mermaid source.
        file: its name, for diagnostics and the header comment.
        strict: treat every warning as an error (scores must be whole numbers
            1…5; no front matter config or directives), as a check that a file
            holds nothing the import would drop.

    Returns:
        The map YAML, its `Journey` and the warnings.

    Raises:
        InvalidMap: input Mermaid rejects, a diagram without tasks, or (strict)
            any warning.
    """
    diagram = parse_journey(text, file)
    data, warnings = map_data(diagram, file)
    if strict and warnings:
        raise InvalidMap(
            [
                Diagnostic(w.file, w.line, w.column, w.code, w.message, "error", w.hint)
                for w in warnings
            ]
        )
    yaml_text = dump_map(data, os.path.basename(file))
    return MermaidImport(yaml_text, _validate(yaml_text, file), diagram, warnings)


def map_data(diagram: MermaidDiagram, file: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The plain map data (as YAML would hold it) for a parsed diagram.

    Raises:
        InvalidMap: the diagram has no tasks, so it makes no valid map.
    """
    warnings = list(diagram.notes)
    if not diagram.tasks:
        line = diagram.sections[-1].line if diagram.sections else 1
        raise InvalidMap(
            [
                Diagnostic(
                    file,
                    line,
                    None,
                    "mermaid-no-tasks",
                    "the diagram has no tasks; a cjmap map needs at least one step",
                    hint="add a task such as `Make tea: 5: Me`",
                )
            ]
        )
    persona_ids = _Ids()
    actor_ids: dict[str, str] = {}
    for task in diagram.tasks:
        for actor in task.actors:
            if actor and actor not in actor_ids:
                actor_ids[actor] = persona_ids.new(actor)
    everyone = set(actor_ids.values())
    phase_ids, step_ids = _Ids(), _Ids()
    phases: list[dict[str, Any]] = []
    for section in diagram.sections:
        name = section.name
        if name is None:
            name = NO_SECTION
            warnings.append(
                _warn(
                    file,
                    section.line,
                    1,
                    "mermaid-no-section",
                    f"tasks before the first `section` are put in a phase named `{NO_SECTION}`",
                )
            )
        elif not name:
            name = "(unnamed section)"
        steps = [
            _step(task, step_ids, actor_ids, everyone, file, warnings) for task in section.tasks
        ]
        phases.append({"id": phase_ids.new(name), "name": name, "steps": steps})
    data: dict[str, Any] = {"cjmap": 1, "title": _title(diagram, file)}
    description = _description(diagram, data["title"])
    if description:
        data["description"] = description
    if actor_ids:
        data["personas"] = [{"id": pid, "name": name} for name, pid in actor_ids.items()]
    data["phases"] = phases
    warnings.sort(key=lambda d: (d.line or 0, d.column or 0))
    return data, warnings


def _step(
    task: MermaidTask,
    step_ids: _Ids,
    actor_ids: dict[str, str],
    everyone: set[str],
    file: str,
    warnings: list[Diagnostic],
) -> dict[str, Any]:
    name = task.name or "(unnamed task)"
    step: dict[str, Any] = {"id": step_ids.new(name), "name": name}
    personas = list(dict.fromkeys(actor_ids[a] for a in task.actors if a))
    if personas and set(personas) != everyone:
        step["personas"] = personas
    score = task.score
    if math.isnan(score):
        warnings.append(
            _warn(
                file,
                task.score_line,
                task.score_column,
                "mermaid-score-nan",
                f"the score `{task.score_text}` of task `{name}` is not a number; "
                f"the step gets no emotion and keeps the text as metric `{SCORE_METRIC}`",
                "scores are whole numbers from 1 (very negative) to 5 (very positive)",
            )
        )
        step["metrics"] = {SCORE_METRIC: task.score_text}
    elif score.is_integer() and 1 <= score <= 5:
        step["emotion"] = int(score) - 3
    else:
        shown = int(score) if score.is_integer() else score
        warnings.append(
            _warn(
                file,
                task.score_line,
                task.score_column,
                "mermaid-score-range",
                f"the score {shown} of task `{name}` is not a whole number from 1 to 5; "
                f"the step gets no emotion and keeps it as metric `{SCORE_METRIC}`",
                "cjmap emotions run -2…+2, which are Mermaid's scores 1…5",
            )
        )
        step["metrics"] = {SCORE_METRIC: shown if math.isfinite(score) else task.score_text}
    return step


class _Ids:
    """Ids derived from names, made unique with `-2`, `-3` … in order of appearance."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, name: str) -> str:
        base = slugify(name)
        ident, n = base, 1
        while ident in self.used:
            n += 1
            ident = f"{base}-{n}"
        self.used.add(ident)
        return ident


def _warn(
    file: str, line: int, column: int, code: str, message: str, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(file, line, column, code, message, severity="warning", hint=hint)


def _title(diagram: MermaidDiagram, file: str) -> str:
    for candidate in (diagram.title, diagram.acc_title):
        if candidate and candidate.strip():
            return candidate.strip()
    stem = os.path.splitext(os.path.basename(file))[0].replace("-", " ").replace("_", " ")
    stem = stem.strip()
    return stem[:1].upper() + stem[1:] if stem and not stem.startswith("<") else "Imported journey"


def _description(diagram: MermaidDiagram, title: str) -> str | None:
    parts = []
    if diagram.acc_title and diagram.acc_title != title:
        parts.append(diagram.acc_title)
    if diagram.acc_descr:
        parts.append(diagram.acc_descr)
    return "\n\n".join(parts) or None


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key; text with line breaks as `|` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_map(data: dict[str, Any], source_name: str) -> str:
    """Map data as YAML text with a short header saying where it came from."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    header = (
        f"# Imported from {source_name} by `cjmap import mermaid`.\n"
        "# Mermaid scores 1…5 became emotions -2…+2 (score - 3); actors became personas.\n"
    )
    return header + body


def _validate(yaml_text: str, file: str) -> Journey:
    from cjmap.load import load_text
    from cjmap.model import build_journey

    doc = load_text(yaml_text, file + " (imported)")
    return build_journey(doc).journey
