"""Each lint rule with a failing and a passing case, plus how settings apply.

Every case starts from GOOD, a small map no rule fires on, and changes one
thing. Findings are checked by code and line, not by wording.
"""

from __future__ import annotations

import re

import pytest

from cjmap.errors import Diagnostic
from cjmap.lint import RULE_BY_CODE, LintConfig, lint_journey
from cjmap.load import load_text
from cjmap.model import build_journey

GOOD = """\
cjmap: 1
title: Test journey
personas:
  - id: maya
    name: Maya
  - id: ben
    name: Ben
phases:
  - id: find
    name: Find
    steps:
      - id: search
        name: Searches
        emotion: 1
        evidence: [interview]
      - id: compare
        name: Compares
        emotion: 0
  - id: buy
    name: Buy
    steps:
      - id: pay
        name: Pays
        emotion: -2
        moment_of_truth: true
        owner: Web team
        pain_points:
          - id: fees
            text: Hidden fees
            severity: critical
        opportunities:
          - text: Show fees early
            impact: high
            effort: low
            addresses: [fees]
      - id: receipt
        name: Gets a receipt
        emotion: 1
"""


def lint(text: str, config: LintConfig | None = None) -> list[Diagnostic]:
    doc = load_text(text, "map.yaml")
    result = build_journey(doc)
    return lint_journey(result.journey, doc, config, result.warnings)


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def found(text: str, code: str) -> list[int | None]:
    return [d.line for d in lint(text) if d.code == code]


def test_good_map_has_no_findings() -> None:
    assert lint(GOOD) == []


def test_rules_have_stable_codes_severities_and_one_line_rationales() -> None:
    assert list(RULE_BY_CODE)[:10] == [
        "pain-point-without-opportunity",
        "critical-pain-point-without-owner",
        "missing-emotion",
        "no-moment-of-truth",
        "unused-persona",
        "assumption-only",
        "unexplained-emotion-drop",
        "single-step-phase",
        "duplicate-step-name",
        "opportunity-without-sizing",
    ]
    for code, rule in RULE_BY_CODE.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code)
        assert rule.code == code
        assert rule.severity in ("error", "warning")
        assert "\n" not in rule.rationale and rule.rationale.endswith(".")
    assert RULE_BY_CODE["critical-pain-point-without-owner"].severity == "error"


# pain-point-without-opportunity


def test_pain_point_without_any_opportunity() -> None:
    text = edit(
        """        opportunities:
          - text: Show fees early
            impact: high
            effort: low
            addresses: [fees]
""",
        "",
    )
    assert found(text, "pain-point-without-opportunity") == [line_of(text, "- id: fees")]


def test_opportunity_addressing_another_pain_point_does_not_cover_it() -> None:
    text = edit("addresses: [fees]", "addresses: [queue]")
    text = edit(
        "            severity: critical\n",
        "            severity: critical\n          - id: queue\n            text: Long queue\n",
        text,
    )
    assert found(text, "pain-point-without-opportunity") == [line_of(text, "- id: fees")]


def test_opportunity_elsewhere_that_addresses_the_pain_point_covers_it() -> None:
    block = """        opportunities:
          - text: Show fees early
            impact: high
            effort: low
            addresses: [fees]
"""
    text = edit(block, "")
    text = edit("        evidence: [interview]\n", "        evidence: [interview]\n" + block, text)
    assert found(text, "pain-point-without-opportunity") == []


def test_general_opportunity_at_the_same_step_covers_its_pain_points() -> None:
    text = edit("            addresses: [fees]\n", "")
    assert found(text, "pain-point-without-opportunity") == []


# critical-pain-point-without-owner


def test_critical_pain_point_without_any_owner_is_an_error() -> None:
    text = edit("        owner: Web team\n", "")
    findings = [d for d in lint(text) if d.code == "critical-pain-point-without-owner"]
    assert [(d.line, d.severity) for d in findings] == [(line_of(text, "- id: fees"), "error")]


def test_critical_pain_point_owned_by_itself_passes() -> None:
    text = edit("        owner: Web team\n", "")
    text = edit("severity: critical\n", "severity: critical\n            owner: Billing\n", text)
    assert found(text, "critical-pain-point-without-owner") == []


def test_high_pain_point_needs_no_owner() -> None:
    text = edit("        owner: Web team\n", "")
    text = edit("severity: critical", "severity: high", text)
    assert found(text, "critical-pain-point-without-owner") == []


# missing-emotion


def test_step_without_emotion_is_reported_once() -> None:
    text = edit("        name: Compares\n        emotion: 0\n", "        name: Compares\n")
    assert found(text, "missing-emotion") == [line_of(text, "- id: compare")]


def test_per_persona_emotion_missing_a_persona_who_takes_the_step() -> None:
    text = edit("        emotion: 0\n", "        emotion: {maya: 0}\n")
    findings = [d for d in lint(text) if d.code == "missing-emotion"]
    assert [d.line for d in findings] == [line_of(text, "emotion: {maya: 0}")]
    assert "`ben`" in findings[0].message


def test_per_persona_emotion_for_every_persona_who_takes_the_step_passes() -> None:
    text = edit("        emotion: 0\n", "        personas: [maya]\n        emotion: {maya: 0}\n")
    assert found(text, "missing-emotion") == []


def test_a_score_for_a_persona_the_step_leaves_out() -> None:
    text = edit(
        "        emotion: 0\n", "        personas: [maya]\n        emotion: {maya: 0, ben: 1}\n"
    )
    [finding] = [d for d in lint(text) if d.code == "emotion-for-absent-persona"]
    assert (finding.line, finding.column) == (line_of(text, "ben: 1"), 28)
    assert "`ben`" in finding.message and "its personas: maya" in finding.message
    # taking part (no `personas:` restriction) is fine
    assert (
        found(
            edit("        emotion: 0\n", "        emotion: {maya: 0, ben: 1}\n"),
            "emotion-for-absent-persona",
        )
        == []
    )


def test_a_sentence_cut_at_its_comma_by_a_flow_list() -> None:
    def with_actions(actions: str) -> str:
        return edit(
            "        name: Compares\n", f"        name: Compares\n        actions: {actions}\n"
        )

    text = with_actions("[Enters name, date of birth and address, Checks the total]")
    [finding] = [d for d in lint(text) if d.code == "list-item-split-at-comma"]
    assert (finding.line, finding.column) == (line_of(text, "Enters name"), 32)  # `date`
    assert finding.hint == 'quote the item: "Enters name, date of birth and address"'
    # quoted as one item, a lower-case list, or a full stop before: nothing to say
    for fine in (
        '["Enters name, date of birth", Checks the total]',
        "[enters name, date of birth]",
        "[Enters her name., then the date]",
    ):
        assert found(with_actions(fine), "list-item-split-at-comma") == [], fine


# no-moment-of-truth


def test_map_without_moment_of_truth_is_reported_at_phases() -> None:
    text = edit("        moment_of_truth: true\n", "")
    assert found(text, "no-moment-of-truth") == [line_of(text, "phases:")]


# unused-persona


def test_persona_never_named_once_steps_tell_personas_apart() -> None:
    text = edit("        name: Compares\n", "        name: Compares\n        personas: [maya]\n")
    assert found(text, "unused-persona") == [line_of(text, "- id: ben")]


def test_persona_named_in_a_per_persona_emotion_is_used() -> None:
    text = edit("        name: Compares\n", "        name: Compares\n        personas: [maya]\n")
    text = edit(
        "        emotion: 1\n        evidence",
        "        emotion: {maya: 1, ben: 0}\n        evidence",
        text,
    )
    assert found(text, "unused-persona") == []


def test_personas_are_all_used_while_no_step_restricts_them() -> None:
    assert found(GOOD, "unused-persona") == []


# assumption-only


def test_step_resting_only_on_assumptions() -> None:
    text = edit("evidence: [interview]", "evidence: [assumption, Assumption]")
    assert found(text, "assumption-only") == [line_of(text, "evidence: [assumption")]


def test_assumption_backed_by_research_passes() -> None:
    text = edit("evidence: [interview]", "evidence: [assumption, survey]")
    assert found(text, "assumption-only") == []


# unexplained-emotion-drop


def test_drop_of_three_without_pain_point() -> None:
    text = edit("        emotion: 1\n        evidence", "        emotion: 2\n        evidence")
    text = edit("        emotion: 0\n", "        emotion: -1\n", text)
    findings = [d for d in lint(text) if d.code == "unexplained-emotion-drop"]
    assert [d.line for d in findings] == [line_of(text, "emotion: -1")]
    assert "from +2 to -1" in findings[0].message


def test_drop_of_three_explained_by_a_pain_point_passes() -> None:
    # GOOD already drops from +1 … to −2 at `pay`, which has a pain point; make it 3.
    text = edit("        emotion: 0\n", "        emotion: 1\n")
    assert found(text, "unexplained-emotion-drop") == []


def test_drop_of_two_passes() -> None:
    text = edit("        emotion: 0\n", "        emotion: -1\n")
    assert found(text, "unexplained-emotion-drop") == []


def test_drop_per_persona_names_the_persona() -> None:
    text = edit(
        "        emotion: 1\n        evidence",
        "        emotion: {maya: 2, ben: 0}\n        evidence",
    )
    text = edit("        emotion: 0\n", "        emotion: {maya: -1, ben: 0}\n", text)
    findings = [d for d in lint(text) if d.code == "unexplained-emotion-drop"]
    assert len(findings) == 1 and "for maya" in findings[0].message


def test_drop_follows_next_links_rather_than_the_order_written() -> None:
    # search (+2) -> receipt (-1) by `next`; compare is never reached from search.
    text = edit(
        "        emotion: 1\n        evidence",
        "        emotion: 2\n        next: [receipt]\n        evidence",
    )
    text = edit(
        "        name: Gets a receipt\n        emotion: 1\n",
        "        name: Gets a receipt\n        emotion: -1\n",
        text,
    )
    assert found(text, "unexplained-emotion-drop") == [line_of(text, "emotion: -1")]


# single-step-phase


def test_phase_with_a_single_step() -> None:
    text = (
        GOOD
        + "  - id: after\n    name: After\n    steps:\n      - name: Reviews\n        emotion: 1\n"
    )
    assert found(text, "single-step-phase") == [line_of(text, "- id: after")]


def test_phases_with_two_steps_pass() -> None:
    assert found(GOOD, "single-step-phase") == []


# duplicate-step-name


def test_duplicated_step_name_ignores_case_and_spaces() -> None:
    text = edit("name: Gets a receipt", "name: '  searches '")
    assert found(text, "duplicate-step-name") == [line_of(text, "searches '")]


# opportunity-without-sizing


def test_opportunity_without_effort() -> None:
    text = edit("            effort: low\n", "")
    findings = [d for d in lint(text) if d.code == "opportunity-without-sizing"]
    assert [d.line for d in findings] == [line_of(text, "- text: Show fees early")]
    assert findings[0].message.endswith("has no effort")


def test_opportunity_shorthand_without_impact_or_effort() -> None:
    text = edit(
        "          - text: Show fees early\n            impact: high\n"
        "            effort: low\n            addresses: [fees]\n",
        "          - Show fees early\n",
    )
    findings = [d for d in lint(text) if d.code == "opportunity-without-sizing"]
    assert [d.line for d in findings] == [line_of(text, "- Show fees early")]
    assert findings[0].message.endswith("has no impact or effort")


# settings


def test_map_can_disable_rules() -> None:
    text = edit("        moment_of_truth: true\n", "") + "lint: {disable: [no-moment-of-truth]}\n"
    assert lint(text) == []


def test_unknown_code_in_map_disable_is_a_warning_with_a_hint() -> None:
    text = GOOD + "lint:\n  disable: [no-moment-of-thruth]\n"
    findings = lint(text)
    assert [(d.code, d.severity, d.line) for d in findings] == [
        ("unknown-lint-rule", "warning", line_of(text, "no-moment-of-thruth"))
    ]
    assert findings[0].hint == "did you mean `no-moment-of-truth`?"


def test_config_disables_and_changes_severity() -> None:
    text = edit("        moment_of_truth: true\n", "")
    text = edit("            effort: low\n", "", text)
    config = LintConfig(
        disable=frozenset({"opportunity-without-sizing"}),
        severity={"no-moment-of-truth": "error"},
    )
    assert [(d.code, d.severity) for d in lint(text, config)] == [("no-moment-of-truth", "error")]


def test_validation_warnings_pass_through_and_can_be_disabled() -> None:
    text = GOOD + "  - name: Later\n"
    assert [d.code for d in lint(text)] == ["empty-phase"]
    assert lint(text, LintConfig(disable=frozenset({"empty-phase"}))) == []


def test_findings_are_sorted_by_line() -> None:
    text = edit("        moment_of_truth: true\n", "")
    text = edit("            effort: low\n", "", text)
    lines = [d.line or 0 for d in lint(text)]
    assert lines == sorted(lines) and len(lines) == 2


@pytest.mark.parametrize("code", list(RULE_BY_CODE))
def test_every_rule_can_be_disabled_by_the_map(code: str) -> None:
    # a map that trips most rules at once
    text = """\
cjmap: 1
title: Everything wrong
personas: [{id: a, name: A}, {id: b, name: B}, {id: c, name: C}]
phases:
  - name: One
    steps:
      - id: same-1
        name: Same
        personas: [a]
        emotion: 2
        evidence: [assumption]
      - id: same-2
        name: same
        emotion: -2
      - name: Third
  - name: Two
    steps:
      - name: Fourth
        personas: [a]
        emotion: {a: 0, b: 1}
        actions: [Enters name, date of birth]
        pain_points: [{text: Bad, severity: critical}, {id: other, text: Other}]
        opportunities: [{text: Fix it, addresses: [other]}]
"""
    before = {d.code for d in lint(text)}
    assert code in before
    after = {d.code for d in lint(text + f"lint: {{disable: [{code}]}}\n")}
    assert code not in after
    assert after == before - {code}
