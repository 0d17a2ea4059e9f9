"""What the consoles print is the user's text as written (no emoji shortcodes, no markup)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import RunCli


def test_emoji_shortcodes_and_brackets_in_a_map_are_quoted_as_written(
    run_cli: RunCli, tmp_path: Path
) -> None:
    step = '      - {name: ":x: [bold]S[/bold]", personas: [":x:", mya]}'
    (tmp_path / "m.yaml").write_text(
        "cjmap: 1\ntitle: Codes\npersonas: [{id: maya, name: Maya}]\nphases:\n"
        f"  - name: P\n    steps:\n{step}\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "m.yaml", cwd=tmp_path)
    assert code == 1
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "unknown persona `:x:`" in line)
    assert lines[first + 1] == f"    7 | {step}"
    # the caret sits under the `":x:"` of the personas list (column 49)
    assert lines[first + 2] == "      | " + " " * 48 + "^"
    assert "❌" not in out
