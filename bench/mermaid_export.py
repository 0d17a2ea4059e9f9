"""A minimal map -> Mermaid `journey` exporter, used only when cjmap has no `-f mermaid` yet.

The mapping is the one issue 7 asks of `cjmap render -f mermaid`: sections are
phases, tasks are steps, the score is the emotion moved from -2…+2 to 1…5 (the
rounded mean when a step has one emotion per persona; 3 when it has none) and
the actors are the names of the personas who take the step. Mermaid's journey
grammar ends a task name at `:`, `#` or `;`, so those become spaces.

Usage: python bench/mermaid_export.py MAP.yaml OUT.mmd
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_UNSAFE = re.compile(r"[:#;\n]")


def _clean(text: object) -> str:
    return " ".join(_UNSAFE.sub(" ", str(text)).split()) or "-"


def _score(emotion: object) -> int:
    if isinstance(emotion, dict) and emotion:
        values = [int(v) for v in emotion.values()]
        emotion = round(sum(values) / len(values))
    return int(emotion) + 3 if isinstance(emotion, int) else 3


def to_mermaid(data: dict[str, Any]) -> str:
    """The Mermaid `journey` text of a map's plain data (includes are not followed).

    Args:
        data: the map as loaded from YAML.

    Returns:
        Mermaid text ending in a newline.
    """
    names = {
        p.get("id", p.get("name")): p.get("name", p.get("id")) for p in data.get("personas", [])
    }
    everyone = ", ".join(_clean(n).replace(",", " ") for n in names.values()) or "Customer"
    lines = ["journey", f"    title {_clean(data.get('title', 'Journey'))}"]
    for phase in data.get("phases", []):
        lines.append(f"    section {_clean(phase.get('name', phase.get('id', 'Phase')))}")
        for step in phase.get("steps", []):
            who = step.get("personas")
            actors = (
                ", ".join(_clean(names.get(p, p)).replace(",", " ") for p in who)
                if who
                else everyone
            )
            name = _clean(step.get("name", step.get("id", "Step")))
            lines.append(f"      {name}: {_score(step.get('emotion'))}: {actors}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    source, target = argv
    data = yaml.load(Path(source).read_text(encoding="utf-8-sig"), Loader=_Loader)
    Path(target).write_text(to_mermaid(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
