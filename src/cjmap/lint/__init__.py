"""Lint: quality rules for maps that are already valid.

In: a valid `Journey`, the `SourceDocument` it was built from, validation's
warnings and a `LintConfig`. Out: positioned `Diagnostic`s, one per finding,
at each rule's severity (or the configured one). Rules live in `rules.py`;
`RULE_BY_CODE` lists them in `--list-rules` order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cjmap.errors import Diagnostic, Severity
from cjmap.lint import rules as _rules  # noqa: F401  (registers the built-in rules)
from cjmap.lint.config import LintConfig, config_for, find_config, known_codes, load_config
from cjmap.lint.registry import RULE_BY_CODE, Finding, Rule
from cjmap.load import SourceDocument
from cjmap.load.source_map import format_path
from cjmap.model import Journey
from cjmap.model.references import did_you_mean

__all__ = [
    "RULE_BY_CODE",
    "Finding",
    "LintConfig",
    "Rule",
    "config_for",
    "find_config",
    "known_codes",
    "lint_journey",
    "load_config",
]


def lint_journey(
    journey: Journey,
    document: SourceDocument,
    config: LintConfig | None = None,
    warnings: Sequence[Diagnostic] = (),
) -> list[Diagnostic]:
    """Run every enabled rule over a valid map.

    Validation's own warnings are passed through (subject to the same
    `disable` settings), except those a lint rule reports itself, so a
    problem is never listed twice.

    Args:
        journey: the valid map.
        document: the document it was built from, for positions.
        config: repository settings; the map's own `lint.disable` adds to them.
        warnings: validation's warnings for this map.

    Returns:
        Diagnostics sorted by file, line, column and code.
    """
    config = config or LintConfig()
    disabled = set(config.disable) | set(journey.lint.disable)
    found = [
        _with_severity(d, config.severity.get(d.code, d.severity))
        for d in warnings
        if d.code not in RULE_BY_CODE and d.code not in disabled
    ]
    found.extend(_unknown_disabled(journey, document))
    for code, rule in RULE_BY_CODE.items():
        if code in disabled:
            continue
        severity = config.severity.get(code, rule.severity)
        for finding in rule.check(journey):
            found.append(_position(document, code, severity, finding))
    return sorted(found, key=lambda d: (d.file, d.line or 0, d.column or 0, d.code, d.message))


def _with_severity(d: Diagnostic, severity: Severity) -> Diagnostic:
    return d if d.severity == severity else replace(d, severity=severity)


def _position(document: SourceDocument, code: str, severity: Severity, f: Finding) -> Diagnostic:
    source_map = document.source_map
    pos = source_map.key(f.path) if f.at_key else source_map.value(f.path)
    return Diagnostic(
        pos.file if pos else document.path,
        pos.line if pos else None,
        pos.column if pos else None,
        code,
        f.message,
        severity=severity,
        hint=f.hint,
        loc=format_path(f.path),
    )


def _unknown_disabled(journey: Journey, document: SourceDocument) -> list[Diagnostic]:
    codes = known_codes()
    out = []
    for k, code in enumerate(journey.lint.disable):
        if code not in codes:
            hint = did_you_mean(code, codes) or "`cjmap lint --list-rules` lists the codes"
            finding = Finding(("lint", "disable", k), f"unknown lint rule `{code}`", hint)
            out.append(_position(document, "unknown-lint-rule", "warning", finding))
    return out
