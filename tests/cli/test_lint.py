"""`cjmap lint` end to end: output formats and exit codes as `cjmap validate`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from tests.cli.conftest import ROOT, Run

CLEAN = """\
cjmap: 1
title: Clean
phases:
  - name: Buy
    steps:
      - name: Pays
        emotion: 0
        moment_of_truth: true
      - name: Gets a receipt
        emotion: 1
"""
# one warning (no moment of truth) and one error (critical pain point, no owner)
FLAWED = """\
cjmap: 1
title: Flawed
phases:
  - name: Buy
    steps:
      - name: Pays
        emotion: 0
        pain_points: [{text: Card declined, severity: critical}]
        opportunities: [{text: Retry, impact: high, effort: low}]
      - name: Gets a receipt
        emotion: 1
"""


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_map_exits_0(cli: Run, tmp_path: Path) -> None:
    result = cli("lint", write(tmp_path / "clean.yaml", CLEAN))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{tmp_path}/clean.yaml: clean", "1 map linted"]


def test_warnings_pass_unless_strict(cli: Run, tmp_path: Path) -> None:
    name = write(tmp_path / "m.yaml", CLEAN.replace("        moment_of_truth: true\n", ""))
    result = cli("lint", name)
    assert result.exit_code == 0
    assert f"{name}:3:1: warning: no step is marked as a moment of truth [no-moment-of-truth]" in (
        result.stdout
    )
    assert "    3 | phases:" in result.stdout  # the source line, as validate shows it
    strict = cli("lint", "--strict", name)
    assert strict.exit_code == 1
    assert strict.stdout.splitlines()[-2:] == [
        f"{name}: 1 warning, failing the run with --strict",
        "1 of 1 map failed on warnings (--strict): 0 errors, 1 warning",
    ]


def test_error_severity_exits_1(cli: Run, tmp_path: Path) -> None:
    name = write(tmp_path / "m.yaml", FLAWED)
    result = cli("lint", "--format", "json", name)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(d["code"], d["severity"], d["line"]) for d in report["diagnostics"]] == [
        ("no-moment-of-truth", "warning", 3),
        ("critical-pain-point-without-owner", "error", 8),
    ]
    assert report["files"] == [{"file": name, "valid": False, "errors": 1, "warnings": 1}]


def test_github_format(cli: Run, tmp_path: Path) -> None:
    name = write(tmp_path / "m.yaml", FLAWED)
    lines = cli("lint", "-f", "github", name).stdout.splitlines()
    assert lines[0] == (
        f"::warning file={name},line=3,col=1::no step is marked as a moment of truth "
        "(add `moment_of_truth: true` to the step that decides whether the customer stays "
        "or leaves) [no-moment-of-truth]"
    )
    assert lines[1].startswith(f"::error file={name},line=8,col=23::critical pain point")


def test_invalid_map_gets_validates_diagnostics(cli: Run, tmp_path: Path) -> None:
    name = write(tmp_path / "bad.yaml", CLEAN.replace("emotion: 0", "emotion: 7"))
    linted = cli("lint", "-f", "json", name)
    validated = cli("validate", "-f", "json", name)
    assert linted.exit_code == validated.exit_code == 1
    assert json.loads(linted.stdout)["diagnostics"] == json.loads(validated.stdout)["diagnostics"]
    assert json.loads(linted.stdout)["diagnostics"][0]["code"] == "emotion-range"


def test_repository_config_applies(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cjmap.lint]\nseverity = { no-moment-of-truth = "error" }\n'
    )
    (tmp_path / "maps").mkdir()
    name = write(tmp_path / "maps" / "m.yaml", CLEAN.replace("        moment_of_truth: true\n", ""))
    assert cli("lint", name).exit_code == 1
    (tmp_path / ".cjmap.toml").write_text('[lint]\ndisable = ["no-moment-of-truth"]\n')
    assert cli("lint", name).stdout.splitlines()[0] == f"{name}: clean"


def test_directory_of_maps(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", CLEAN)
    write(tmp_path / "b.yaml", FLAWED)
    write(tmp_path / "ci.yaml", "jobs: {}\n")
    result = cli("lint", "-q", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "1 of 2 maps invalid: 1 error, 1 warning; 1 file skipped (no `cjmap` key)"
    )


def test_list_rules(cli: Run) -> None:
    result = cli("lint", "--list-rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) >= 10
    assert lines[1].split()[:2] == ["critical-pain-point-without-owner", "error"]
    rules = json.loads(cli("lint", "--list-rules", "-f", "json").stdout)
    assert rules[0] == {
        "code": "pain-point-without-opportunity",
        "severity": "warning",
        "rationale": "A pain point nobody proposes to relieve is a complaint, not a plan.",
    }


def test_usage_errors_exit_2(cli: Run, tmp_path: Path) -> None:
    assert cli("lint", str(tmp_path / "missing.yaml")).exit_code == 2
    assert cli("lint", "--format", "xml", str(tmp_path)).exit_code == 2
    (tmp_path / ".cjmap.toml").write_text('[lint]\ndisable = ["nope"]\n')
    name = write(tmp_path / "m.yaml", CLEAN)
    result = cli("lint", name)
    assert result.exit_code == 2
    assert "unknown lint rule `nope`" in result.stderr


def test_skip_non_maps_for_pre_commit(cli: Run, tmp_path: Path) -> None:
    ci = write(tmp_path / "ci.yaml", "jobs: {}\n")
    name = write(tmp_path / "a.yaml", CLEAN)
    assert cli("lint", ci, name).exit_code == 1  # named explicitly: linted, and invalid
    result = cli("lint", "--skip-non-maps", ci, name)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "1 map linted; 1 file skipped (no `cjmap` key)"


def test_pre_commit_hook_runs_lint_on_changed_yaml_files(cli: Run, tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "cjmap-lint"]
    program, *args = hook["entry"].split()
    assert program == "cjmap" and hook["types"] == ["yaml"]
    ci = write(tmp_path / "ci.yaml", "jobs: {}\n")
    assert cli(*args, ci, write(tmp_path / "a.yaml", CLEAN)).exit_code == 0
    assert cli(*args, ci, write(tmp_path / "b.yaml", FLAWED)).exit_code == 1


def test_no_map_found_fails_unless_skipping_non_maps(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "ci.yaml", "jobs: {}\n")
    result = cli("lint", str(tmp_path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"cjmap lint: no journey maps found in {tmp_path} (1 YAML file skipped); "
        "a map has a top-level `cjmap: 1` key\n"
    )
    result = cli("lint", "--skip-non-maps", str(tmp_path))
    assert (result.exit_code, result.stdout) == (
        0,
        "0 maps linted; 1 file skipped (no `cjmap` key)\n",
    )


def test_a_skipped_shared_file_is_linted_through_the_maps_that_include_it(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)  # maps that include it are looked for here
    shared = "examples/personas/shared-personas.yaml"
    result = cli("lint", "--skip-non-maps", shared)
    assert result.exit_code == 0  # the example has warnings, no errors
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{shared}: no `cjmap` key; checked through the map that includes it: "
        "examples/saas-trial-to-paid.yaml"
    )
    assert lines[-1].startswith("1 map linted (")
    assert lines[-1].endswith("; 1 file skipped (no `cjmap` key)")
    path = tmp_path / shared
    path.write_text(path.read_text(encoding="utf-8").replace("id: priya", "id: pria"))
    result = cli("lint", "--skip-non-maps", "-q", shared)
    assert result.exit_code == 1
    assert "examples/saas-trial-to-paid.yaml:" in result.stdout
    assert "unknown persona `priya`" in result.stdout
