"""`-f csv`: step table and pain-point / opportunity backlogs as RFC 4180 CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from cjmap.errors import UsageError
from cjmap.model import Journey, validate
from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render import render
from cjmap.render.csv_table import render_csv, safe_cell

ROOT = Path(__file__).resolve().parents[3]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def table(journey: Journey, name: str = "steps", **options: Any) -> str:
    return render_csv(journey, RenderOptions(format="csv", table=name, **options))


@pytest.fixture(scope="module")
def normative() -> Journey:
    return load_journey(NORMATIVE).journey


def test_steps_table_has_one_row_per_step(normative: Journey) -> None:
    text = table(normative)
    header = text.split("\r\n", 1)[0].split(",")
    assert header == [
        "phase_id", "phase", "step_id", "step", "personas", "channel", "touchpoint",
        "emotion", "emotion.maya", "emotion.ben", "feeling", "moment_of_truth",
        "pain_points", "opportunities", "owner", "metrics.ctr", "metrics.visits_per_week",
    ]  # fmt: skip
    got = rows(text)
    assert [r["step_id"] for r in got] == [
        "see-ad",
        "browse",
        "checkout",
        "abandon",
        "confirmation",
    ]
    first, browse, checkout = got[0], got[1], got[2]
    assert first["phase"] == "Discover" and first["personas"] == "maya, ben"
    assert (first["channel"], first["touchpoint"], first["owner"]) == (
        "social",
        "Instagram story ad",
        "Marketing",
    )
    assert (first["emotion"], first["metrics.ctr"], first["metrics.visits_per_week"]) == (
        "1",
        "1.8%",
        "12400",
    )
    # Per-persona emotions: no single value; the persona columns hold them.
    assert (browse["emotion"], browse["emotion.maya"], browse["emotion.ben"]) == ("", "0", "")
    assert browse["pain_points"] == "No filter for low-light plants (high)"
    assert checkout["emotion"] == "-2" and checkout["moment_of_truth"] == "true"
    assert checkout["opportunities"] == "Show shipping cost on the product page (idea)"


def test_output_is_rfc4180_and_byte_stable(normative: Journey) -> None:
    data = render(normative, RenderOptions(format="csv"))
    assert data == render(normative, RenderOptions(format="csv"))
    assert data.count(b"\r\n") == 6 and b"\n" not in data.replace(b"\r\n", b"")
    assert not data.startswith(b"\xef\xbb\xbf")
    journey = validate(
        Journey,
        {
            "cjmap": 1,
            "title": "T",
            "phases": [
                {
                    "name": "Pay, then wait",
                    "steps": [
                        {
                            "name": 'Says "ok"',
                            "emotion": 0,
                            "pain_points": ["Slow", "Café closed"],
                        }
                    ],
                }
            ],
        },
    )
    line = render_csv(journey).split("\r\n")[1]
    assert line == (
        'pay-then-wait,"Pay, then wait",says-ok,"Says ""ok""",,,,0,,false,'
        '"Slow (medium)\nCafé closed (medium)",,'
    )
    assert rows(render_csv(journey))[0]["pain_points"] == "Slow (medium)\nCafé closed (medium)"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("-5%", "-5%"),
        ("-2", "-2"),
        ("+1.5e3", "+1.5e3"),
        ("Plain", "Plain"),
    ],
)
def test_formula_cells_are_defused(text: str, cell: str) -> None:
    assert safe_cell(text) == cell


def test_numbers_are_never_prefixed() -> None:
    assert [safe_cell(v) for v in (-2, -0.5, True, None)] == ["-2", "-0.5", "true", ""]


def test_step_named_like_a_formula_is_defused_in_the_table() -> None:
    journey = validate(
        Journey,
        {
            "cjmap": 1,
            "title": "T",
            "phases": [{"name": "P", "steps": [{"id": "s", "name": "=1+1"}]}],
        },
    )
    assert rows(render_csv(journey))[0]["step"] == "'=1+1"


def test_pain_point_backlog(normative: Journey) -> None:
    got = rows(table(normative, "pain-points"))
    assert got == [
        {
            "id": "browse-pain-1",
            "text": "No filter for low-light plants",
            "severity": "high",
            "frequency": "",
            "owner": "",
            "evidence": "",
            "opportunities": "",
            "step_id": "browse",
            "step": "Browses the catalogue",
            "phase_id": "discover",
            "phase": "Discover",
            "moment_of_truth": "false",
        },
        {
            "id": "checkout-pain-1",
            "text": "Shipping cost appears only at the last step",
            "severity": "medium",
            "frequency": "",
            "owner": "",
            "evidence": "",
            "opportunities": "",
            "step_id": "checkout",
            "step": "Checks out",
            "phase_id": "buy",
            "phase": "Buy",
            "moment_of_truth": "true",
        },
    ]


def test_backlogs_link_opportunities_and_pain_points_by_id() -> None:
    journey = validate(
        Journey,
        {
            "cjmap": 1,
            "title": "T",
            "phases": [
                {
                    "name": "P",
                    "steps": [
                        {
                            "id": "pay",
                            "name": "Pays",
                            "owner": "Billing",
                            "pain_points": [
                                {"id": "fees", "text": "Hidden fees", "frequency": "often"}
                            ],
                            "opportunities": [
                                {
                                    "text": "Show fees",
                                    "impact": "high",
                                    "effort": "low",
                                    "addresses": ["fees"],
                                },
                                {
                                    "id": "o2",
                                    "text": "Refund",
                                    "status": "planned",
                                    "owner": "Support",
                                },
                            ],
                        }
                    ],
                }
            ],
        },
    )
    pains = rows(table(journey, "pain-points"))
    assert [(p["id"], p["opportunities"], p["owner"], p["frequency"]) for p in pains] == [
        ("fees", "pay-opportunity-1", "Billing", "often")
    ]
    opps = rows(table(journey, "opportunities"))
    assert [
        (o["id"], o["impact"], o["effort"], o["status"], o["owner"], o["addresses"]) for o in opps
    ] == [
        ("pay-opportunity-1", "high", "low", "idea", "Billing", "fees"),
        ("o2", "", "", "planned", "Support", ""),
    ]
    assert list(opps[0]) == [
        "id", "text", "impact", "effort", "status", "owner", "addresses",
        "step_id", "step", "phase_id", "phase",
    ]  # fmt: skip


def test_persona_option_keeps_that_personas_steps_and_emotion(normative: Journey) -> None:
    got = rows(table(normative, persona="ben"))
    assert [(r["step_id"], r["personas"], r["emotion"]) for r in got] == [
        ("see-ad", "ben", "1"),
        ("checkout", "ben", "-2"),
        ("abandon", "ben", "-2"),
        ("confirmation", "ben", "2"),
    ]
    with pytest.raises(UsageError):
        table(normative, persona="nobody")


def test_unknown_table_is_a_usage_error(normative: Journey) -> None:
    with pytest.raises(UsageError, match="unknown table"):
        table(normative, "kpis")


def test_cli_writes_the_backlog_beside_the_map(run_cli: Any, tmp_path: Path) -> None:
    for name in ("map.yaml", "personas.yaml"):
        (tmp_path / name).write_bytes((NORMATIVE.parent / name).read_bytes())
    code, _, err = run_cli("render", tmp_path / "map.yaml", "-f", "csv", "--table", "pain-points")
    assert code == 0, err
    written = (tmp_path / "map.pain-points.csv").read_text(encoding="utf-8")
    assert [r["id"] for r in rows(written)] == ["browse-pain-1", "checkout-pain-1"]
