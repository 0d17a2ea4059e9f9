"""The lint rule registry: each rule a small function with a stable code.

A rule reads a valid `Journey` and yields `Finding`s (a document path plus a
sentence); the runner positions them through the source map and applies the
configured severity. Rules register themselves with `@rule(...)`, in the order
`cjmap lint --list-rules` prints them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cjmap._record import Record
from cjmap.errors import Severity
from cjmap.model import Journey, Phase, Step

PathT = tuple[str | int, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Finding(Record):
    """One thing a rule found, before it is positioned.

    Attributes:
        path: where in the document, e.g. `("phases", 0, "steps", 2)`.
        message: one sentence for a human.
        hint: an optional suggestion.
        at_key: position at the mapping key that ends `path` rather than its value
            (for a whole list, whose key line reads better than its first item).
    """

    path: PathT
    message: str
    hint: str | None = None
    at_key: bool = False


Check = Callable[[Journey], Iterator[Finding]]


@dataclass(frozen=True, eq=False, repr=False)
class Rule(Record):
    """A lint rule: stable code, default severity, one-line rationale, and its check."""

    code: str
    severity: Severity
    rationale: str
    check: Check


RULE_BY_CODE: dict[str, Rule] = {}


def rule(code: str, severity: Severity, rationale: str) -> Callable[[Check], Check]:
    """Register the decorated function as the rule `code`.

    Args:
        code: the stable, kebab-case code users disable it by.
        severity: `error` (fails `cjmap lint`) or `warning` (fails only with `--strict`).
        rationale: one line saying why the rule exists.

    Returns:
        A decorator that returns the function unchanged.
    """

    def register(check: Check) -> Check:
        if code in RULE_BY_CODE:  # a programming error, caught by the test suite
            raise ValueError(f"lint rule `{code}` registered twice")
        RULE_BY_CODE[code] = Rule(code, severity, rationale, check)
        return check

    return register


def step_paths(journey: Journey) -> Iterator[tuple[PathT, Phase, Step]]:
    """`(path, phase, step)` of every step, in the order written."""
    for i, phase in enumerate(journey.phases):
        for j, step in enumerate(phase.steps):
            yield ("phases", i, "steps", j), phase, step
