"""The journey as a directed graph of steps: who can follow whom, and where it ends.

In: a valid `Journey` (and optionally a persona). Out: a `Flow` — the steps,
the links between them with their labels, the main ("happy") path and the
exits — plus the graph checks validation reports as warnings:

- `unreachable-step`: no path from the first step reaches the step;
- `loop-without-exit`: a set of steps that only lead to one another, so no
  exit (`next: []`, or the last step) can be reached from them.

Both the validator (`check_flow`) and the flow renderer read this module, so
the picture and the warnings can never disagree about the graph.

A step without `next` leads to the step written after it; `next: []` ends the
journey there. The main path starts at the first step and follows each step's
first successor (the default one, or the first `next` entry) that it has not
visited yet, until it reaches an exit or has nowhere new to go.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from cjmap._record import Record
from cjmap.errors import Diagnostic
from cjmap.load.source_map import SourceMap, format_path
from cjmap.model.journey import Journey, Step

_NAMES_IN_MESSAGE = 4  # steps named in a loop warning before "and N more"


@dataclass(frozen=True, eq=False, repr=False)
class FlowLink(Record):
    """One arrow of the flow: `source` can be followed by `target`.

    Attributes:
        source: id of the step the link leaves.
        target: id of the step it leads to.
        label: when this branch is taken (`next: [{to: …, label: …}]`), if said.
        main: whether the link is on the main path.
    """

    source: str
    target: str
    label: str | None
    main: bool


@dataclass(frozen=True, eq=False, repr=False)
class Flow(Record):
    """The steps of a journey (or of one persona's journey) as a graph.

    Attributes:
        steps: the steps in the order written.
        links: every link, grouped by source in step order, each source's
            links in the order of its `next`.
        main_path: step ids of the main path, from the first step.
    """

    steps: tuple[Step, ...]
    links: tuple[FlowLink, ...]
    main_path: tuple[str, ...]

    @cached_property
    def successors(self) -> dict[str, tuple[str, ...]]:
        """Target ids of each step's links, in order."""
        found: dict[str, list[str]] = {step.id: [] for step in self.steps}
        for link in self.links:
            found[link.source].append(link.target)
        return {step_id: tuple(targets) for step_id, targets in found.items()}

    @cached_property
    def exits(self) -> frozenset[str]:
        """Ids of the steps where the journey ends: nothing follows them."""
        return frozenset(step_id for step_id, targets in self.successors.items() if not targets)

    def unreachable(self, starts: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Ids of the steps no path reaches, in written order.

        Paths start at the first step and at `starts` (each persona's first
        step: a second persona may enter the journey somewhere else).
        """
        if not self.steps:
            return ()
        seen = _reachable(self.successors, [self.steps[0].id, *starts])
        return tuple(step.id for step in self.steps if step.id not in seen)

    def closed_loops(self) -> tuple[tuple[str, ...], ...]:
        """Loops with no way out: step sets that lead only to one another.

        Returns:
            Each loop's step ids in written order; loops ordered by their
            first step. Every step that cannot reach an exit leads into one.
        """
        order = {step.id: n for n, step in enumerate(self.steps)}
        loops = []
        for component in _strongly_connected(self.successors):
            members = set(component)
            cyclic = len(component) > 1 or component[0] in self.successors[component[0]]
            leaves = any(t not in members for s in component for t in self.successors[s])
            if cyclic and not leaves:
                loops.append(tuple(sorted(component, key=order.__getitem__)))
        return tuple(sorted(loops, key=lambda loop: order[loop[0]]))


def journey_flow(journey: Journey, persona: str | None = None) -> Flow:
    """Build the flow graph of a journey, or of one persona's journey.

    For a persona, steps they don't take are left out and the links bridge
    them: a step without `next` leads to the next step *this persona* takes,
    and a `next` target the persona doesn't take is followed through to the
    persona's steps beyond it (keeping the branch label).

    Args:
        journey: a valid journey (every `next` target resolves).
        persona: a persona id, or None for every step.

    Returns:
        The flow.

    Example:
        >>> flow = journey_flow(journey)
        >>> flow.main_path
        ('see-ad', 'browse', 'checkout', 'confirmation')
    """
    steps = tuple(s for s in journey.steps if persona is None or s.takes_part(persona))
    kept = {step.id for step in steps}
    by_id = journey.step_by_id
    skipped_reach = _reach_through_skipped(journey, kept, persona)
    raw: dict[str, list[tuple[str, str | None]]] = {}
    for index, step in enumerate(steps):
        if step.next is None:
            following = steps[index + 1 : index + 2]
            raw[step.id] = [(following[0].id, None)] if following else []
            continue
        out: list[tuple[str, str | None]] = []
        for link in step.next:
            if link.to in kept:
                out.append((link.to, link.label))
            elif link.to in by_id:
                out.extend((target, link.label) for target in skipped_reach[link.to])
        raw[step.id] = list(dict.fromkeys(out))  # drop repeats, keep order
    main_path = _main_path(steps, raw)
    on_main = set(itertools.pairwise(main_path))
    links = []
    for source, targets in raw.items():
        for target, label in targets:
            main = (source, target) in on_main
            on_main.discard((source, target))  # only the first of repeated targets
            links.append(FlowLink(source, target, label, main))
    return Flow(steps, tuple(links), main_path)


def is_branching(journey: Journey) -> bool:
    """Whether any step leads somewhere other than simply the next step written.

    A straight line adds nothing to what the swimlane shows; the HTML report
    can use this to embed the flow graph only where it does.
    """
    return any(
        step.next is not None and tuple(link.to for link in step.next) != default
        for step, default in zip(journey.steps, _written_successors(journey.steps), strict=True)
    )


def check_flow(journey: Journey, file: str, source_map: SourceMap) -> list[Diagnostic]:
    """Warnings about the shape of the flow: unreachable steps, loops with no way out.

    Skipped when step ids are not unique (that is already an error, and the
    graph would be ambiguous).

    Args:
        journey: the structurally valid map; dangling `next` targets are ignored.
        file: the map file, for diagnostics without a position.
        source_map: positions of the merged document.

    Returns:
        Warnings positioned at the step concerned.
    """
    if len(journey.step_by_id) != len(journey.steps) or not journey.steps:
        return []
    path_of = {
        step.id: ("phases", i, "steps", j)
        for i, phase in enumerate(journey.phases)
        for j, step in enumerate(phase.steps)
    }
    flow = journey_flow(journey)
    first = journey.steps[0]
    entries = tuple(
        next(s.id for s in journey.steps if s.takes_part(p.id))
        for p in journey.personas
        if any(s.takes_part(p.id) for s in journey.steps)
    )
    found = []
    for step_id in flow.unreachable(entries):
        step = journey.step_by_id[step_id]
        found.append(
            _warning(
                file,
                source_map,
                path_of[step_id],
                "unreachable-step",
                f"no path from the first step `{first.id}`"
                + (" (or a persona's first step)" if set(entries) - {first.id} else "")
                + f" reaches step `{step.id}`",
                f"list `{step.id}` in the `next` of a step that comes before it, or remove it",
            )
        )
    for loop in flow.closed_loops():
        names = ", ".join(f"`{step_id}`" for step_id in loop[:_NAMES_IN_MESSAGE])
        if len(loop) > _NAMES_IN_MESSAGE:
            names += f" and {len(loop) - _NAMES_IN_MESSAGE} more"
        what = f"step {names} only leads to itself" if len(loop) == 1 else f"steps {names} loop"
        found.append(
            _warning(
                file,
                source_map,
                path_of[loop[0]],
                "loop-without-exit",
                f"{what} with no way out: no exit or end of the journey can be reached",
                "add a `next` entry that leads out of the loop, "
                "or `next: []` on the step where the journey ends",
            )
        )
    return found


def _warning(
    file: str,
    source_map: SourceMap,
    path: tuple[str | int, ...],
    code: str,
    message: str,
    hint: str,
) -> Diagnostic:
    pos = source_map.value(path)
    return Diagnostic(
        pos.file if pos else file,
        pos.line if pos else None,
        pos.column if pos else None,
        code,
        message,
        severity="warning",
        hint=hint,
        loc=format_path(path),
    )


def _written_successors(steps: Sequence[Step]) -> list[tuple[str, ...]]:
    return [(steps[n + 1].id,) if n + 1 < len(steps) else () for n in range(len(steps))]


def _main_path(
    steps: Sequence[Step], raw: Mapping[str, list[tuple[str, str | None]]]
) -> tuple[str, ...]:
    if not steps:
        return ()
    path = [steps[0].id]
    seen = set(path)
    while True:
        # A retry listed first (`next: [itself, …]`) is not the way forward.
        fresh = [target for target, _ in raw[path[-1]] if target not in seen]
        if not fresh:
            return tuple(path)
        path.append(fresh[0])
        seen.add(fresh[0])


def _reach_through_skipped(
    journey: Journey, kept: set[str], persona: str | None
) -> dict[str, tuple[str, ...]]:
    """For each step the persona skips: the persona's steps reached through skipped steps only.

    Computed per strongly connected component of the skipped steps, in
    reverse topological order, so long chains and loops of skipped steps cost
    linear time, not a walk per link.
    """
    if persona is None:
        return {}
    skipped = [s for s in journey.steps if s.id not in kept]
    graph = {
        s.id: tuple(t for t, _ in journey.successors(s) if t in journey.step_by_id) for s in skipped
    }
    reach: dict[str, tuple[str, ...]] = {}
    for component in _strongly_connected(
        {k: tuple(t for t in v if t in graph) for k, v in graph.items()}
    ):
        members = set(component)
        found: dict[str, None] = {}
        for source in component:
            for target in graph[source]:
                if target in kept:
                    found[target] = None
                elif target not in members:
                    found.update(dict.fromkeys(reach[target]))
        for source in component:
            reach[source] = tuple(found)
    return reach


def _reachable(successors: Mapping[str, Iterable[str]], starts: Iterable[str]) -> set[str]:
    seen = set(starts)
    stack = list(seen)
    while stack:
        for target in successors[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _strongly_connected(successors: Mapping[str, Sequence[str]]) -> list[tuple[str, ...]]:
    """Tarjan's algorithm without recursion (maps may have thousands of steps).

    Components come out in reverse topological order: a component is emitted
    only after every component it leads to.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[tuple[str, ...]] = []
    for root in successors:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = successors[node]
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(tuple(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
