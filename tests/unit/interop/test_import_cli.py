"""`cjmap import mermaid` end to end: files in, map files out, exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parents[2] / "cases" / "mermaid"


def copy(name: str, folder: Path) -> Path:
    source = next(CASES.glob(f"*/{name}"))
    return Path(shutil.copy(source, folder / name))


def test_import_writes_a_valid_map(run_cli: Any, tmp_path: Path) -> None:
    source = copy("docs-working-day.mmd", tmp_path)
    code, out, err = run_cli("import", "mermaid", source, "-o", tmp_path / "day.yaml")
    assert code == 0, err
    assert out == ""
    assert err.strip() == f"{source} -> {tmp_path / 'day.yaml'}: 2 phases, 5 steps, 2 personas"
    code, out, err = run_cli("validate", tmp_path / "day.yaml")
    assert code == 0, out + err


def test_without_output_the_yaml_goes_to_stdout_and_warnings_to_stderr(
    run_cli: Any, tmp_path: Path
) -> None:
    source = copy("am-score-out-of-range.mmd", tmp_path)
    code, out, err = run_cli("import", "mermaid", source)
    assert code == 0
    assert out.startswith("# Imported from am-score-out-of-range.mmd")
    assert "mermaid_score: 9" in out
    assert f"{source}:2:9: warning: the score 9 of task `Wake`" in err
    assert "    2 |   Wake: 9: Me" in err


def test_rejected_mermaid_exits_1_and_writes_nothing(run_cli: Any, tmp_path: Path) -> None:
    source = copy("am-semicolon.mmd", tmp_path)
    target = tmp_path / "out.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    code, _, err = run_cli("import", "mermaid", source, "-o", target, "--force")
    assert code == 1
    assert f"{source}:3:22: error: Mermaid's journey grammar has no `;`" in err
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_an_existing_map_is_kept_unless_forced(run_cli: Any, tmp_path: Path) -> None:
    source = copy("docs-working-day.mmd", tmp_path)
    target = tmp_path / "hand-written.yaml"
    target.write_text("cjmap: 1\n# months of workshop notes\n", encoding="utf-8")
    code, out, err = run_cli("import", "mermaid", source, "-o", target)
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"cjmap import mermaid: {target} already exists; pass --force to overwrite it"
    )
    assert target.read_text(encoding="utf-8") == "cjmap: 1\n# months of workshop notes\n"
    code, _, err = run_cli("import", "mermaid", source, "-o", target, "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# Imported from")


def test_strict_fails_on_warnings(run_cli: Any, tmp_path: Path) -> None:
    source = copy("am-score-out-of-range.mmd", tmp_path)
    code, out, err = run_cli("import", "mermaid", source, "--strict", "-o", tmp_path / "m.yaml")
    assert code == 1 and out == ""
    assert "error: the score 9" in err
    assert not (tmp_path / "m.yaml").exists()


def test_the_input_is_never_overwritten(run_cli: Any, tmp_path: Path) -> None:
    source = copy("docs-working-day.mmd", tmp_path)
    before = source.read_bytes()
    code, _, err = run_cli("import", "mermaid", source, "-o", source)
    assert code == 2 and "already exists" in err
    code, _, err = run_cli("import", "mermaid", source, "-o", source, "--force")
    assert code == 2 and "refusing to overwrite the input file" in err  # not even forced
    assert source.read_bytes() == before


def test_missing_file_is_a_usage_error(run_cli: Any, tmp_path: Path) -> None:
    code, _, err = run_cli("import", "mermaid", tmp_path / "none.mmd")
    assert code == 2 and "no such file" in err


def test_markdown_with_a_journey_block(run_cli: Any, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Notes\n\n```mermaid\nflowchart TD\n  A --> B\n```\n\n"
        "```mermaid\njourney\n  title Onboarding\n  section Start\n    Sign up: 7: Ann\n```\n\n"
        "~~~mermaid\njourney\n  Other: 3\n~~~\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("import", "mermaid", readme)
    assert code == 0, err
    assert "title: Onboarding" in out
    # Line numbers are those of the Markdown file.
    assert f"{readme}:12:14: warning: the score 7 of task `Sign up`" in err
    assert f"{readme}:9: warning: this Markdown file holds 2 journey diagrams" in err


def test_stdin(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cjmap", "import", "mermaid", "-"],
        input="journey\n  section S\n  Pays: 1: Ann\n",
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "name: Pays" in proc.stdout and "emotion: -2" in proc.stdout
