"""`cjmap validate` end to end: exit codes, file discovery, several files, strictness.

Every test runs the real command (`python -m cjmap`) in a subprocess on real
files in a temporary folder.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from tests.conftest import ROOT, TWO_STEP_MAP, RunCli

NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative"
INVALID = ROOT / "tests" / "cases" / "invalid"

VALID_MAP = TWO_STEP_MAP
# The second step has no emotion: a warning, not an error.
WARNING_MAP = """cjmap: 1
title: Warn
phases:
  - name: P
    steps:
      - name: A
        emotion: 0
      - name: B
"""


def _map(path: Path, title: str = "Visit") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(VALID_MAP.format(title=title), encoding="utf-8")
    return path


@pytest.fixture
def normative(tmp_path: Path) -> Path:
    for name in ("map.yaml", "personas.yaml"):
        shutil.copy(NORMATIVE / name, tmp_path / name)
    return tmp_path / "map.yaml"


def test_valid_map_exits_0_with_a_summary(run_cli: RunCli, normative: Path) -> None:
    code, out, err = run_cli("validate", "map.yaml", cwd=normative.parent)
    assert (code, err) == (0, "")
    assert out == (
        "map.yaml: ok — 'First purchase at Plantly': 2 phases, 5 steps, 2 personas, "
        "2 pain points, 2 opportunities\n1 map valid\n"
    )


def test_invalid_map_exits_1(run_cli: RunCli) -> None:
    code, out, _ = run_cli("validate", INVALID / "unknown-key-step.yaml")
    assert code == 1
    assert out.endswith("1 of 1 map invalid: 1 error, 0 warnings\n")


def test_missing_file_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    code, out, err = run_cli("validate", "nope.yaml", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == "cjmap validate: nope.yaml: no such file or directory\n"


@pytest.mark.parametrize("args", [["--format", "xml"], ["--no-such-option"], []])
def test_bad_options_are_usage_errors(run_cli: RunCli, normative: Path, args: list[str]) -> None:
    code, _, err = run_cli("validate", *args, *(["map.yaml"] if args else []), cwd=normative.parent)
    assert code == 2
    assert "Usage: cjmap validate" in err + _
    assert "Traceback" not in err


def test_warnings_pass_unless_strict(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "warn.yaml").write_text(WARNING_MAP, encoding="utf-8")
    code, out, _ = run_cli("validate", "warn.yaml", cwd=tmp_path)
    assert code == 0
    assert "warn.yaml:8:9: warning: step `B` has no emotion" in out
    assert out.endswith("1 map valid (1 warning)\n")
    code, out, _ = run_cli("validate", "--strict", "warn.yaml", cwd=tmp_path)
    assert code == 1
    assert "ok —" not in out
    assert out.endswith(
        "warn.yaml: 1 warning, failing the run with --strict\n"
        "1 of 1 map failed on warnings (--strict): 0 errors, 1 warning\n"
    )


def test_summary_counts_are_singular_or_plural(run_cli: RunCli, tmp_path: Path) -> None:
    one_of_each = VALID_MAP.replace("title: {title}", "title: One\npersonas: [{id: p, name: P}]")
    one_of_each = one_of_each.replace(
        "      - name: Leaves\n        emotion: 0\n",
        "        pain_points: [Slow]\n        opportunities: [Faster]\n",
    )
    (tmp_path / "one.yaml").write_text(one_of_each, encoding="utf-8")
    code, out, _ = run_cli("validate", "one.yaml", cwd=tmp_path)
    assert (code, out.splitlines()[0]) == (
        0,
        "one.yaml: ok — 'One': 1 phase, 1 step, 1 persona, 1 pain point, 1 opportunity",
    )


def test_a_long_title_is_shortened_in_the_summary(run_cli: RunCli, tmp_path: Path) -> None:
    _map(tmp_path / "long.yaml", "x" * 200_000)
    code, out, _ = run_cli("validate", "long.yaml", cwd=tmp_path)
    assert (code, out.splitlines()[0]) == (
        0,
        f"long.yaml: ok — '{'x' * 79}…': 1 phase, 2 steps, 0 personas, 0 pain points, "
        "0 opportunities",
    )
    _map(tmp_path / "fits.yaml", "y" * 80)
    assert f"'{'y' * 80}'" in run_cli("validate", "fits.yaml", cwd=tmp_path)[1]


def test_no_map_found_fails_unless_skipping_non_maps(run_cli: RunCli, tmp_path: Path) -> None:
    # CI must not pass having checked nothing (a wrong folder, maps without `cjmap: 1`).
    (tmp_path / "empty").mkdir()
    code, out, err = run_cli("validate", "empty", cwd=tmp_path)
    assert (code, out) == (1, "")
    assert err == (
        "cjmap validate: no journey maps found in empty; a map has a top-level `cjmap: 1` key\n"
    )
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "ci" / "personas.yaml").write_text("personas: []\n", encoding="utf-8")
    code, out, err = run_cli("validate", "--format", "json", "empty", "ci", cwd=tmp_path)
    assert (code, out) == (1, "")
    assert err == (
        "cjmap validate: no journey maps found in empty, ci (2 YAML files skipped); "
        "a map has a top-level `cjmap: 1` key\n"
    )
    # The pre-commit hook: a commit that touches no map passes.
    code, out, err = run_cli("validate", "--skip-non-maps", "empty", "ci", cwd=tmp_path)
    assert (code, out, err) == (0, "0 maps valid; 2 files skipped (no `cjmap` key)\n", "")
    code, out, _ = run_cli("validate", "--skip-non-maps", "ci/ci.yml", cwd=tmp_path)
    assert (code, out) == (0, "0 maps valid; 1 file skipped (no `cjmap` key)\n")


def test_directory_is_searched_recursively_for_maps(run_cli: RunCli, tmp_path: Path) -> None:
    _map(tmp_path / "maps" / "a.yaml", "A")
    _map(tmp_path / "maps" / "deep" / "er" / "b.yml", "B")
    _map(tmp_path / "maps" / ".hidden" / "c.yaml", "Hidden")
    (tmp_path / "maps" / "deep" / "personas.yaml").write_text("personas: []\n", encoding="utf-8")
    (tmp_path / "maps" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "maps" / "notes.txt").write_text("cjmap: 1\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "maps", cwd=tmp_path)
    assert code == 0
    assert out.splitlines() == [
        "maps/a.yaml: ok — 'A': 1 phase, 2 steps, 0 personas, 0 pain points, 0 opportunities",
        "maps/deep/er/b.yml: ok — 'B': 1 phase, 2 steps, 0 personas, 0 pain points, "
        "0 opportunities",
        "2 maps valid; 2 files skipped (no `cjmap` key)",
    ]


def test_globs_are_expanded(run_cli: RunCli, tmp_path: Path) -> None:
    _map(tmp_path / "maps" / "a.yaml", "A")
    _map(tmp_path / "maps" / "sub" / "b.yaml", "B")
    _map(tmp_path / "maps" / "c.yml", "C")
    code, out, _ = run_cli("validate", "maps/**/*.yaml", cwd=tmp_path)
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == [
        "maps/a.yaml",
        "maps/sub/b.yaml",
    ]
    code, _, err = run_cli("validate", "maps/*.json", cwd=tmp_path)
    assert code == 2
    assert err == "cjmap validate: maps/*.json: no file matches this pattern\n"


def test_several_files_are_reported_together(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copy(INVALID / "unknown-key-top.yaml", tmp_path / "one.yaml")
    shutil.copy(INVALID / "several-errors.yaml", tmp_path / "two.yaml")
    _map(tmp_path / "three.yaml")
    code, out, _ = run_cli("validate", "one.yaml", "two.yaml", "three.yaml", cwd=tmp_path)
    assert code == 1
    heads = [line for line in out.splitlines() if ": error: " in line or ": ok — " in line]
    assert [h.split(": ")[0] for h in heads] == [
        "one.yaml:9:1",
        "two.yaml:9:1",
        "two.yaml:19:18",
        "two.yaml:20:26",
        "two.yaml:26:9",
        "three.yaml",
    ]
    assert out.endswith("2 of 3 maps invalid: 5 errors, 0 warnings\n")


def test_explicit_non_map_files_are_checked_unless_skipped(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "personas.yaml").write_text("personas: []\n", encoding="utf-8")
    _map(tmp_path / "map.yaml")
    code, out, _ = run_cli("validate", "map.yaml", "personas.yaml", cwd=tmp_path)
    assert code == 1
    assert "personas.yaml:1:1: error: missing `cjmap: 1`" in out
    code, out, _ = run_cli("validate", "--skip-non-maps", "map.yaml", "personas.yaml", cwd=tmp_path)
    assert code == 0
    assert out.endswith("1 map valid; 1 file skipped (no `cjmap` key)\n")


def test_many_files_keep_their_order(run_cli: RunCli, tmp_path: Path) -> None:
    # Enough files for the parallel path; output order must not depend on it.
    names = [f"m{i:02d}.yaml" for i in range(40)]
    for i, name in enumerate(names):
        _map(tmp_path / "maps" / name, f"Map {i}")
    shutil.copy(INVALID / "emotion-range-high.yaml", tmp_path / "maps" / "m17.yaml")
    code, out, _ = run_cli("validate", "maps", cwd=tmp_path)
    assert code == 1
    firsts = [line.split(":")[0] for line in out.splitlines() if line.startswith("maps/")]
    assert firsts == [f"maps/{n}" for n in names]
    assert out.endswith("1 of 40 maps invalid: 1 error, 0 warnings\n")


def test_bom_and_crlf_map_is_valid(run_cli: RunCli) -> None:
    code, out, _ = run_cli("validate", ROOT / "tests" / "cases" / "hostile" / "bom-crlf-valid.yaml")
    assert code == 0
    assert "ok — 'Première visite — 初めての来店'" in out


def test_error_in_an_included_file_names_that_file(run_cli: RunCli) -> None:
    code, out, _ = run_cli("validate", "include-value-errors.yaml", cwd=INVALID)
    assert code == 1
    assert out.splitlines()[:4] == [
        "_include/personas-bad.yaml:5:5: error: unknown key `colour` [unknown-key]",
        '    5 |     colour: "#ff0000"',
        "      |     ^",
        "      hint: did you mean `color`?",
    ]


def test_pre_commit_hook_runs_validate_on_changed_yaml(run_cli: RunCli, tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "cjmap-validate"]
    assert (hook["language"], hook["pass_filenames"]) == ("python", True)
    program, command, *options = hook["entry"].split()
    assert (program, command, options) == ("cjmap", "validate", ["--skip-non-maps"])
    _map(tmp_path / "map.yaml")
    (tmp_path / ".github.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("cjmap: 1\n", encoding="utf-8")
    changed = sorted(p.name for p in tmp_path.iterdir() if re.search(hook["files"], p.name))
    assert changed == [".github.yml", "map.yaml"]
    code, out, _ = run_cli(command, *options, *changed, cwd=tmp_path)
    assert code == 0
    assert out.endswith("1 map valid; 1 file skipped (no `cjmap` key)\n")
    shutil.copy(INVALID / "emotion-text.yaml", tmp_path / "map.yaml")
    code, out, _ = run_cli(command, *options, *changed, cwd=tmp_path)
    assert code == 1


def test_whole_invalid_corpus_through_the_command(run_cli: RunCli) -> None:
    expected = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))
    files = sorted(f"{case}.yaml" for case in expected)
    code, out, err = run_cli("validate", "--format", "json", *files, cwd=INVALID)
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert [f["file"] for f in report["files"]] == files
    assert all(not f["valid"] for f in report["files"])
    errors = sum(len(v) for v in expected.values())
    # Warnings (an unreachable step behind a dangling `next`, say) are not counted here.
    summary = f"{len(files)} of {len(files)} maps invalid: {errors} errors, "
    assert report["summary"].startswith(summary)


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of examples/ in a folder that is the working directory of the run."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


SHARED = "examples/personas/shared-personas.yaml"


def test_a_skipped_shared_file_is_checked_through_the_maps_that_include_it(
    run_cli: RunCli, examples: Path
) -> None:
    # pre-commit passes only the changed shared personas file.
    code, out, err = run_cli("validate", "--skip-non-maps", SHARED, cwd=examples)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        f"{SHARED}: no `cjmap` key; checked through the map that includes it: "
        "examples/saas-trial-to-paid.yaml"
    )
    assert lines[1].startswith("examples/saas-trial-to-paid.yaml: ok — ")
    assert lines[2:] == ["1 map valid; 1 file skipped (no `cjmap` key)"]
    shared = examples / SHARED
    shared.write_text(shared.read_text(encoding="utf-8").replace("id: priya", "id: pria"))
    code, out, _ = run_cli("validate", "--skip-non-maps", "--format", "json", SHARED, cwd=examples)
    report = json.loads(out)
    [checked] = report["files"]
    assert (code, report["skipped"], checked["file"], checked["valid"]) == (
        1,
        [SHARED],
        "examples/saas-trial-to-paid.yaml",
        False,
    )
    assert {d["message"] for d in report["diagnostics"]} == {"unknown persona `priya`"}
    assert checked["errors"] == len(report["diagnostics"]) > 1


def test_maps_are_found_through_includes_of_includes_and_checked_once(
    run_cli: RunCli, examples: Path
) -> None:
    saas = examples / "examples" / "saas-trial-to-paid.yaml"
    text = saas.read_text(encoding="utf-8")
    assert "include: [personas/shared-personas.yaml]" in text
    # A second map reaches the shared file through an in-between file.
    (examples / "examples" / "teams").mkdir()
    (examples / "examples" / "teams" / "support.yaml").write_text(
        "include: [../personas/shared-personas.yaml]\n", encoding="utf-8"
    )
    nested = examples / "examples" / "teams" / "trial.yaml"
    nested.write_text(text.replace("personas/shared-personas.yaml", "support.yaml"))
    code, out, _ = run_cli(
        "validate", "--skip-non-maps", SHARED, "examples/saas-trial-to-paid.yaml", cwd=examples
    )
    assert code == 0
    assert [line.split(" — ")[0] for line in out.splitlines()] == [
        f"{SHARED}: no `cjmap` key; checked through the map that includes it: "
        "examples/teams/trial.yaml",
        "examples/saas-trial-to-paid.yaml: ok",  # named, so not checked again
        "examples/teams/trial.yaml: ok",
        "2 maps valid; 1 file skipped (no `cjmap` key)",
    ]
    # Quiet: no note, as no line per valid map.
    code, out, _ = run_cli("validate", "--skip-non-maps", "-q", SHARED, cwd=examples)
    assert (code, out) == (0, "2 maps valid; 1 file skipped (no `cjmap` key)\n")


def test_a_skipped_file_no_map_includes_adds_nothing(run_cli: RunCli, examples: Path) -> None:
    (examples / "ci.yml").write_text("on: push\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "--skip-non-maps", "ci.yml", cwd=examples)
    assert (code, out) == (0, "0 maps valid; 1 file skipped (no `cjmap` key)\n")


def test_strict_summary_tells_invalid_maps_from_maps_failed_on_warnings(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "warn.yaml").write_text(WARNING_MAP, encoding="utf-8")
    shutil.copy(INVALID / "emotion-range-high.yaml", tmp_path / "bad.yaml")
    _map(tmp_path / "good.yaml")
    code, out, _ = run_cli(
        "validate", "--strict", "bad.yaml", "warn.yaml", "good.yaml", cwd=tmp_path
    )
    assert (code, out.splitlines()[-1]) == (
        1,
        "1 of 3 maps invalid and 1 failed on warnings (--strict): 1 error, 1 warning",
    )


@pytest.mark.parametrize("through", ["quick", "typer"])
def test_ctrl_c_exits_130_with_one_line_whoever_read_the_command_line(
    through: str,
    normative: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sys

    from cjmap.cli import app as app_module
    from cjmap.cli.commands import validate as validate_command

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(validate_command, "check_files", interrupted)
    monkeypatch.setenv("NO_COLOR", "1")
    # `--format=text` is plain (quick reads it); `-qf text` bundles flags (typer reads it)
    args = ["--format=text"] if through == "quick" else ["-qf", "text"]
    monkeypatch.setattr(sys, "argv", ["cjmap", "validate", *args, str(normative)])
    with pytest.raises(SystemExit) as exit_info:
        app_module.main()
    assert exit_info.value.code == 130
    assert capsys.readouterr().err == "cjmap validate: interrupted\n"  # not click's "Aborted!"
