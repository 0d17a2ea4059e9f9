"""A `JourneyDiff` as text: rich markup for a terminal, Markdown for a PR, or JSON.

Both text forms share one sentence per change (`describe`); they differ only
in how names and values are quoted and how emotions are laid out (aligned
columns in a terminal, a table in Markdown).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.markup import escape

from cjmap._record import Record
from cjmap.diff.changes import SECTION_TITLES, SECTIONS, Change, JourneyDiff, Value
from cjmap.diff.scores import signed
from cjmap.text.words import counted

# Symbol of each kind of change, in the terminal and in Markdown.
_MARK = {"added": "+", "removed": "−", "resolved": "✓", "moved": "↕"}
_STYLE = {"+": "green", "−": "red", "✓": "green", "↕": "cyan", "~": "yellow"}
_NOUNS = {
    "map": ("map field", "map fields"),
    "phases": ("phase", "phases"),
    "steps": ("step change", "step changes"),
    "emotions": ("emotion", "emotions"),
    "pain_points": ("pain point", "pain points"),
    "opportunities": ("opportunity", "opportunities"),
    "kpis": ("KPI or metric", "KPIs and metrics"),
    "personas": ("persona change", "persona changes"),
}
MAX_VALUE = 60  # characters of a value shown before it is cut with `…`
# Fields whose values are words from a fixed list or numbers: shown bare, not quoted.
_BARE_FIELDS = frozenset(
    ("status", "severity", "impact", "effort", "frequency", "state", "intensity", "color")
)


@dataclass(frozen=True, eq=False, repr=False)
class _Quoting(Record):
    ident: Callable[[str], str]  # an id: `checkout`
    text: Callable[[str], str]  # a name or sentence: “Checks out”


_TERMINAL = _Quoting(ident=lambda s: s, text=lambda s: f"“{s}”")


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#~])", r"\\\1", text)


_MARKDOWN = _Quoting(ident=lambda s: f"`{s}`", text=lambda s: f"“{_md_escape(s)}”")


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _value(value: Value, q: _Quoting, bare: bool = False) -> str:
    if value is None or value == [] or value == {}:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        text = _cut(", ".join(value))
    elif isinstance(value, dict):
        text = _cut(", ".join(f"{k}: {v}" for k, v in value.items()))
    else:
        text = _cut(str(value))
    return text if bare or not isinstance(value, str | list | dict) else q.text(text)


def _change(c: Change, q: _Quoting, bare: bool = False) -> str:
    """`old → new` for a changed field."""
    bare = bare or c.field in _BARE_FIELDS
    return f"{_value(c.old, q, bare)} → {_value(c.new, q, bare)}"


def _mark(c: Change) -> str:
    return _MARK.get(c.kind.rsplit("-", 1)[-1], "~")


def describe(c: Change, q: _Quoting = _TERMINAL) -> str:
    """One sentence for a change (without its leading mark).

    Args:
        c: the change.
        q: how ids and texts are quoted (terminal or Markdown).

    Returns:
        e.g. `checkout channel: web → “mobile app”`.
    """
    name = q.text(_cut(c.label))
    at = f" at step {q.ident(c.step)}" if c.step else ""
    kind = c.kind
    if kind == "map-changed":
        return f"{c.field}: {_change(c, q)}"
    if kind in ("phase-added", "phase-removed", "step-added", "step-removed"):
        verb = "added" if kind.endswith("added") else "removed"
        return f"{q.ident(c.subject)} {name} {verb}" + (f" {c.detail}" if c.detail else "")
    if kind.endswith("-renamed"):
        return f"{q.ident(c.subject)} renamed {_value(c.old, q)} → {_value(c.new, q)}"
    if kind.endswith("-moved"):
        return f"{q.ident(c.subject)} {name} moved {c.detail}"
    if kind in ("step-changed", "persona-changed"):
        return f"{q.ident(c.subject)} {c.field}: {_change(c, q)}"
    if kind == "pain-point-added":
        return f"[{c.new}] {name}{at}"
    if kind == "pain-point-resolved":
        return f"[{c.old}] {name}{at} resolved"
    if kind == "opportunity-added":
        return f"{name}{at} ({c.new})"
    if kind == "opportunity-removed":
        return f"{name}{at} removed (was {c.old})"
    if kind in ("pain-point-changed", "opportunity-changed", "opportunity-status-changed"):
        if c.field == "step":
            return f"{name} {c.detail}"
        return f"{name}{at}: {c.field} {_change(c, q)}"
    if kind in ("kpi-added", "kpi-removed"):
        verb = "added" if kind == "kpi-added" else "removed"
        value = c.new if kind == "kpi-added" else c.old
        current = f" (current {_value(value, q, bare=True)})" if value is not None else ""
        return f"{name} {verb}{current}"
    if kind == "kpi-changed":
        return f"{name}: {c.field} {_change(c, q, bare=c.field != 'description')}"
    if kind == "metric-changed":
        return f"{q.ident(c.step or '')} {c.field}: {_change(c, q, bare=True)}"
    if kind in ("persona-added", "persona-removed"):
        return f"{q.ident(c.subject)} {name} {kind.split('-')[1]}"
    return f"{q.ident(c.subject)} {kind}"  # a kind added to the diff but not described yet


def summary(diff: JourneyDiff) -> str:
    """`7 changes: 3 step changes, 2 emotions, 1 pain point`, or `no changes`."""
    if not diff:
        return "no changes"
    n = len(diff.changes)
    parts = []
    for section in SECTIONS:
        count = len(diff.section(section))
        if count:
            parts.append(counted(count, *_NOUNS[section]))
    return f"{counted(n, 'change')}: " + ", ".join(parts)


def _emotion_label(c: Change) -> str:
    return c.subject + (f" ({c.persona})" if c.persona else "")


def text_lines(diff: JourneyDiff) -> list[str]:
    """The diff for a terminal.

    Args:
        diff: the changes.

    Returns:
        Rich markup lines (plain text once markup is stripped, as without colour).
    """
    lines = [f"[bold]cjmap diff[/]: {escape(diff.old_name)} → {escape(diff.new_name)}"]
    if not diff:
        return [*lines, "no changes"]
    for section in SECTIONS:
        changes = diff.section(section)
        if not changes:
            continue
        lines.append("")
        lines.append(f"[bold]{SECTION_TITLES[section]}[/]")
        if section == "emotions":
            lines.extend(_emotion_rows(changes))
            continue
        for c in changes:
            mark = _mark(c)
            lines.append(f"  [{_STYLE[mark]}]{mark}[/] {escape(describe(c))}")
    lines.append("")
    lines.append(escape(summary(diff)))
    return lines


def _emotion_rows(changes: list[Change]) -> list[str]:
    # Aligned columns:  checkout        −2 → 0   ▲2
    labels = [_emotion_label(c) for c in changes]
    width = max(len(label) for label in labels)
    befores = [signed(c.old if isinstance(c.old, int) else None) for c in changes]
    afters = [signed(c.new if isinstance(c.new, int) else None) for c in changes]
    w_old, w_new = max(map(len, befores)), max(map(len, afters))
    rows = []
    for c, label, a, b in zip(changes, labels, befores, afters, strict=True):
        mark = c.detail or ""
        style = "green" if mark.startswith("▲") else "red" if mark.startswith("▼") else "yellow"
        row = f"  {escape(label):<{width}}  {a:>{w_old}} → {b:<{w_new}}"
        rows.append((row + f"  [{style}]{mark}[/]") if mark else row.rstrip())
    return rows


def markdown(diff: JourneyDiff) -> str:
    """The diff as Markdown, ready to post as a pull-request comment.

    Args:
        diff: the changes.

    Returns:
        The text, ending in a newline; emotions as a table, other changes as lists.
    """
    q = _MARKDOWN
    title = _md_escape(diff.new_title)
    out = [f"### Journey map changes: {title}", ""]
    out.append(f"`{_code(diff.old_name)}` → `{_code(diff.new_name)}`: **{summary(diff)}**")
    for section in SECTIONS:
        changes = diff.section(section)
        if not changes:
            continue
        out += ["", f"#### {SECTION_TITLES[section]}", ""]
        if section == "emotions":
            out += [
                "| Step | Persona | Before | After | Change |",
                "| --- | --- | ---: | ---: | :---: |",
            ]
            for c in changes:
                step = f"{_md_escape(c.label)} (`{c.subject}`)"
                persona = f"`{c.persona}`" if c.persona else ""
                before = signed(c.old if isinstance(c.old, int) else None)
                after = signed(c.new if isinstance(c.new, int) else None)
                out.append(f"| {step} | {persona} | {before} | {after} | {c.detail or ''} |")
            continue
        for c in changes:
            out.append(f"- {describe(c, q)}")
    return "\n".join(out) + "\n"


def _code(text: str) -> str:
    return text.replace("`", "'")


def to_json(diff: JourneyDiff) -> str:
    """The diff as indented JSON with stable keys (see `JourneyDiff.to_json`)."""
    return json.dumps(diff.to_json(), indent=2, ensure_ascii=False)
