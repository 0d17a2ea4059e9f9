"""`cjmap init`: the starter map validates, lints clean, renders, and teaches the format."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.conftest import Run

from cjmap.cli.commands import init as init_command
from cjmap.init import TEMPLATE_BY_NAME, starter_map
from cjmap.lint import lint_journey
from cjmap.load import load_text
from cjmap.model import build_journey
from cjmap.pipeline import RenderOptions, load_journey, render_journey


@pytest.mark.parametrize("template", sorted(TEMPLATE_BY_NAME))
def test_yes_writes_a_valid_clean_map_without_a_terminal(
    cli: Run, tmp_path: Path, template: str
) -> None:
    target = tmp_path / "maps" / f"{template}.yaml"
    result = cli("init", str(target), "--template", template, "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"wrote {target} (template {template})"
    loaded = load_journey(target)
    assert loaded.warnings == []
    assert lint_journey(loaded.journey, loaded.document, None, loaded.warnings) == []
    assert render_journey(loaded.journey, RenderOptions(format="svg")).startswith(b"<svg")
    assert cli("validate", "--strict", str(target)).exit_code == 0


def test_output_is_commented_for_newcomers(cli: Run) -> None:
    text = cli("init", "-", "--yes").stdout
    assert text.startswith("# A customer journey map for cjmap")
    lines = text.splitlines()
    assert "cjmap: 1                            # format version; always 1 for now" in lines
    emotion = [line for line in lines if line.strip().startswith("emotion:")]
    assert "# -2 angry, -1 unhappy, 0 neutral, +1 pleased, +2 delighted" in emotion[0]
    assert all("#" not in line for line in emotion[1:])  # each key explained once
    assert "# Phases run left to right" in text
    assert build_journey(load_text(text)).journey.title == "First purchase"


def test_without_a_terminal_and_without_yes_takes_the_defaults(cli: Run, tmp_path: Path) -> None:
    # CliRunner's stdin is not a terminal: nothing is asked
    result = cli("init", str(tmp_path / "j.yaml"), "-t", "saas")
    assert result.exit_code == 0
    assert load_journey(tmp_path / "j.yaml").journey.title == "Trial to paid"


def test_questions_on_a_terminal(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_command, "_is_terminal", lambda: True)
    target = tmp_path / "j.yaml"
    answers = "service\nBoiler repair: winter\nGrace, Tom\nReport, Wait, Pay\n"
    result = cli("init", str(target), input=answers)
    assert result.exit_code == 0, result.output
    journey = load_journey(target).journey
    assert journey.title == "Boiler repair: winter"
    assert [p.name for p in journey.personas] == ["Grace", "Tom"]
    assert journey.personas[0].role == "Homeowner"  # a template persona keeps its details
    assert [p.name for p in journey.phases] == ["Report", "Wait", "Pay"]
    assert [s.name for s in journey.phases[1].steps] == [
        "First moment of Wait",
        "Next moment of Wait",
    ]
    assert journey.phases[0].steps[0].id == "call"  # a template phase keeps its steps
    assert sum(s.moment_of_truth for s in journey.steps) == 1


def test_existing_file_is_kept_unless_forced(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "journey.yaml"
    target.write_text("mine")
    result = cli("init", str(target), "--yes")
    assert result.exit_code == 2
    assert "already exists; pass --force" in result.stderr
    assert target.read_text() == "mine"
    assert cli("init", str(target), "--yes", "--force").exit_code == 0
    assert target.read_text().startswith("# A customer journey map")


def test_unknown_template_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "x.yaml"), "--template", "bank")
    assert result.exit_code == 2
    assert not (tmp_path / "x.yaml").exists()


def test_awkward_names_are_quoted_and_get_unique_ids() -> None:
    text = starter_map(
        "ecommerce",
        title="Returns: the #1 complaint",
        personas=["yes", "Zoë", "zoë ", "O'Brien, J."],
        phases=["Buy", "Return it!", "Return it?"],
    )
    journey = build_journey(load_text(text)).journey
    assert journey.title == "Returns: the #1 complaint"
    assert [p.name for p in journey.personas] == ["yes", "Zoë", "O'Brien, J."]
    assert [p.id for p in journey.personas] == ["yes", "zoë", "o-brien-j"]
    assert [p.id for p in journey.phases] == ["buy", "return-it", "return-it-2"]
