"""`cjmap diff` end to end: formats, exit codes, git revisions, --render."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests.cli.conftest import Run


def edited(source: Path, target: Path, *pairs: tuple[str, str]) -> str:
    text = source.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return str(target)


@pytest.fixture
def future(normative: Path) -> str:
    """The normative map with checkout's emotion raised and an opportunity done."""
    (normative.parent / "future").mkdir()
    for name in ("map.yaml", "personas.yaml"):
        (normative.parent / "future" / name).write_bytes((normative.parent / name).read_bytes())
    return edited(
        normative,
        normative.parent / "future" / "map.yaml",
        (
            "        emotion: -2\n        moment_of_truth",
            "        emotion: 0\n        moment_of_truth",
        ),
        ("status: planned", "status: done"),
    )


def test_text_output_and_exit_1(cli: Run, normative: Path, future: str) -> None:
    result = cli("diff", str(normative), future)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"cjmap diff: {normative} → {future}",
        "",
        "Emotions",
        "  checkout  −2 → 0  ▲2",
        "",
        "Opportunities",
        "  ~ “Add a light-level filter” at step browse: status planned → done",
        "",
        "2 changes: 1 emotion, 1 opportunity",
    ]


def test_no_difference_exits_0(cli: Run, normative: Path) -> None:
    result = cli("diff", str(normative), str(normative))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "no changes"


def test_markdown_and_json(cli: Run, normative: Path, future: str) -> None:
    md = cli("diff", "-f", "markdown", str(normative), future)
    assert md.exit_code == 1
    assert md.stdout.startswith("### Journey map changes: First purchase at Plantly\n")
    assert "| Checks out (`checkout`) |  | −2 | 0 | ▲2 |" in md.stdout
    data = json.loads(cli("diff", "-f", "json", str(normative), future).stdout)
    assert data["counts"] == {"emotion-changed": 1, "opportunity-status-changed": 1}


def test_working_copy_against_a_branch(cli: Run, normative: Path, future: str) -> None:
    repo = normative.parent
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    ident = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    for args in (["init", "-q", "-b", "main"], ["add", "map.yaml", "personas.yaml"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    subprocess.run(
        ["git", "-C", str(repo), *ident, "commit", "-q", "-m", "v1"], check=True, env=env
    )
    normative.write_bytes(Path(future).read_bytes())
    result = cli("diff", "--rev", "main", str(normative), "-f", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["old"]["file"] == "main:map.yaml"
    assert data["new"]["file"] == str(normative)
    assert [c["kind"] for c in data["changes"]] == [
        "emotion-changed",
        "opportunity-status-changed",
    ]


def test_invalid_map_exits_2_with_diagnostics(cli: Run, normative: Path, tmp_path: Path) -> None:
    bad = edited(normative, tmp_path / "bad.yaml", ("emotion: 2\n", "emotion: 9\n"))
    result = cli("diff", str(normative), bad)
    assert result.exit_code == 2
    assert f"{bad}:74:18: error: emotion 9 is out of range" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["only-one.yaml"],
        ["--rev", "main", "a.yaml", "b.yaml"],
        ["missing.yaml", "missing-too.yaml"],
    ],
)
def test_usage_errors_exit_2(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("diff", *args).exit_code == 2


def test_render_writes_the_comparison_svg(
    cli: Run, normative: Path, future: str, tmp_path: Path
) -> None:
    out = tmp_path / "compare.svg"
    result = cli("diff", str(normative), future, "--render", str(out))
    assert result.exit_code == 1
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "cjm-diff-old-curve" in svg
    assert (
        'data-step="checkout" data-lane="steps" data-moment-of-truth="true" data-diff="changed"'
        in svg
    )
    assert cli("diff", str(normative), future, "--render", str(tmp_path / "x.png")).exit_code == 2
