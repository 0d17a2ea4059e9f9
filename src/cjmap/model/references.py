"""Checks that need the whole map: unique ids and references that must resolve.

In: a structurally valid `Journey` and its source map. Out: diagnostics
(errors and warnings), each positioned at the offending value.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from cjmap.errors import Diagnostic, Severity, UsageError
from cjmap.load.source_map import SourceMap, format_path
from cjmap.model.flow import check_flow
from cjmap.model.journey import Journey
from cjmap.model.lanes import Lane

PathT = tuple[str | int, ...]


class _Reporter:
    def __init__(self, file: str, source_map: SourceMap) -> None:
        self.file = file
        self.source_map = source_map
        self.found: list[Diagnostic] = []

    def add(
        self,
        path: PathT,
        code: str,
        message: str,
        hint: str | None = None,
        severity: Severity = "error",
        at_key: bool = False,
    ) -> None:
        pos = self.source_map.key(path) if at_key else self.source_map.value(path)
        self.found.append(
            Diagnostic(
                pos.file if pos else self.file,
                pos.line if pos else None,
                pos.column if pos else None,
                code,
                message,
                severity=severity,
                hint=hint,
                loc=format_path(path),
            )
        )


def require_persona(journey: Journey, persona: str | None) -> None:
    """Check a persona asked for on the command line (`--persona`).

    Raises:
        UsageError: the map has no such persona; names the closest one.
    """
    if persona is None or persona in journey.persona_by_id:
        return
    ids = list(journey.persona_by_id)
    hint = did_you_mean(persona, ids)
    known = ", ".join(ids) if ids else "none declared"
    raise UsageError(
        f"unknown persona `{persona}`" + (f"; {hint}" if hint else "") + f" (personas: {known})"
    )


def parse_lanes(names: Iterable[str]) -> tuple[Lane, ...]:
    """Lane names (from `--lanes`) as lanes, in order, without repeats.

    Raises:
        UsageError: unknown lanes, all of them in one message (rather than one
            per run), each with the closest lane; lists the lanes.
    """
    known = list(Lane.__members__)
    order: list[Lane] = []
    unknown: list[str] = []
    for name in names:
        if name not in Lane.__members__:
            if name not in unknown:
                unknown.append(name)
        elif Lane(name) not in order:
            order.append(Lane(name))
    lanes = f" (lanes: {', '.join(known)})"
    if len(unknown) == 1:
        hint = did_you_mean(unknown[0], known)
        raise UsageError(f"unknown lane `{unknown[0]}`" + (f"; {hint}" if hint else "") + lanes)
    if unknown:
        listed = ", ".join(
            f"`{n}`" + (f" ({hint})" if (hint := did_you_mean(n, known)) else "") for n in unknown
        )
        raise UsageError(f"unknown lanes {listed}{lanes}")
    return tuple(order)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """`did you mean `checkout`?` for the closest choice, or None."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in options}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f"did you mean `{close[0]}`?" if close else None


def check_references(journey: Journey, file: str, source_map: SourceMap) -> list[Diagnostic]:
    """Every id unique within its kind, every reference resolving; plus warnings.

    Args:
        journey: the structurally valid map.
        file: the map file, for diagnostics without a position.
        source_map: positions of the merged document.

    Returns:
        Diagnostics, errors and warnings mixed.
    """
    r = _Reporter(file, source_map)
    persona_ids = [p.id for p in journey.personas]
    persona_paths: list[tuple[PathT, str]] = [
        (("personas", i, "id"), p.id) for i, p in enumerate(journey.personas)
    ]
    phase_paths: list[tuple[PathT, str]] = [
        (("phases", i, "id"), ph.id) for i, ph in enumerate(journey.phases)
    ]
    step_paths: list[tuple[PathT, str]] = [
        (("phases", i, "steps", j, "id"), step.id)
        for i, phase in enumerate(journey.phases)
        for j, step in enumerate(phase.steps)
    ]
    _unique(r, persona_paths, "persona")
    _unique(r, phase_paths, "phase")
    _unique(r, step_paths, "step")

    step_ids = [s.id for s in journey.steps]
    pain_ids = [pp.id for s in journey.steps for pp in s.pain_points if pp.id]
    broken_next = False
    if not journey.steps:
        r.add(("phases",), "no-steps", "the map has no steps; add at least one step to a phase")
    for i, phase in enumerate(journey.phases):
        if not phase.steps:
            r.add(
                ("phases", i),
                "empty-phase",
                f"phase `{phase.name}` has no steps",
                severity="warning",
            )
        for j, _step in enumerate(phase.steps):
            base: PathT = ("phases", i, "steps", j)
            broken_next |= _check_step_refs(r, journey, base, persona_ids, step_ids, pain_ids)
    for k, kpi in enumerate(journey.kpis):
        if kpi.step is not None and kpi.step not in step_ids:
            _dangling(r, ("kpis", k, "step"), "step", kpi.step, step_ids)
    if journey.view.persona is not None and journey.view.persona not in persona_ids:
        _dangling(r, ("view", "persona"), "persona", journey.view.persona, persona_ids)
    if not broken_next:
        # A mistyped `next` target cuts the flow: every step behind it would be
        # "unreachable", noise until the typo is fixed.
        r.found.extend(check_flow(journey, file, source_map))
    return r.found


def _check_step_refs(
    r: _Reporter,
    journey: Journey,
    base: PathT,
    persona_ids: Sequence[str],
    step_ids: Sequence[str],
    pain_ids: Sequence[str],
) -> bool:
    """Check one step's references; True when a `next` target does not resolve."""
    i, j = int(base[1]), int(base[3])
    step = journey.phases[i].steps[j]
    for n, pid in enumerate(step.personas or ()):
        if pid not in persona_ids:
            _dangling(r, (*base, "personas", n), "persona", pid, persona_ids)
    if isinstance(step.emotion, dict):
        for pid in step.emotion:
            if pid not in persona_ids:
                _dangling(r, (*base, "emotion", pid), "persona", pid, persona_ids, at_key=True)
    elif step.emotion is None:
        r.add(
            base,
            "missing-emotion",
            f"step `{step.name}` has no emotion, so the emotion curve skips it",
            hint="add `emotion: 0` (neutral) if nothing is known yet",
            severity="warning",
        )
    broken_next = False
    for n, link in enumerate(step.next or ()):
        path: PathT = (*base, "next", n)
        if (*path, "to") in r.source_map.values:
            path = (*path, "to")
        if link.to not in step_ids:
            _dangling(r, path, "step", link.to, step_ids)
            broken_next = True
    for n, opp in enumerate(step.opportunities):
        for m, ref in enumerate(opp.addresses):
            if ref not in pain_ids:
                _dangling(
                    r, (*base, "opportunities", n, "addresses", m), "pain point", ref, pain_ids
                )
    return broken_next


def _dangling(
    r: _Reporter,
    path: PathT,
    kind: str,
    ref: str,
    choices: Sequence[str],
    at_key: bool = False,
) -> None:
    hint = did_you_mean(ref, choices)
    if hint is None and not choices:
        hint = f"the map declares no {kind}s"
    r.add(path, "dangling-reference", f"unknown {kind} `{ref}`", hint=hint, at_key=at_key)


def _unique(r: _Reporter, entries: Sequence[tuple[PathT, str]], kind: str) -> None:
    first: dict[str, PathT] = {}
    for path, ident in entries:
        explicit = path in r.source_map.values
        if ident in first:
            prev = r.source_map.value(first[ident])
            here = r.source_map.value(path)
            if prev is None:
                where = ""
            elif here is not None and here.file == prev.file:
                where = f" (first used at line {prev.line})"
            else:  # the first one came from an included file
                where = f" (first used at {prev.file}:{prev.line})"
            if explicit:
                r.add(path, "duplicate-id", f"duplicate {kind} id `{ident}`{where}")
            else:
                # No `id` written: the id comes from the name, so point at the name.
                r.add(
                    (*path[:-1], "name"),
                    "duplicate-id",
                    f"this {kind}'s name gives the id `{ident}`, already used{where}",
                    hint="give one of them an explicit `id`",
                )
        else:
            first[ident] = path
