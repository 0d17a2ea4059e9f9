"""Hostile inputs: refused (or handled) quickly, with a message that names the limit.

Big inputs are generated into a temporary folder, never committed. Each
case is checked in-process (code, position, the limit in the message) and
through the real command (exit 1, the file named, no traceback). Time and
memory are measured by `make bench`, not asserted here.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from cjmap.errors import Diagnostic, InvalidMap, Limits
from cjmap.load import DEFAULT_LIMITS, load_document
from cjmap.pipeline import load_journey
from tests.conftest import RunCli

HOSTILE = Path(__file__).resolve().parent / "cases" / "hostile"
HEAD = "cjmap: 1\ntitle: Hostile\nphases:\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The large generated cases, written once for the module."""
    where = tmp_path_factory.mktemp("hostile")
    steps = "".join(f"      - {{id: s{i}, name: Step {i}, emotion: 0}}\n" for i in range(100_000))
    return {
        "deep-flow": _write(
            where / "deep-flow.yaml", HEAD + "  " + "[" * 20_000 + "]" * 20_000 + "\n"
        ),
        "deep-flow-lines": _write(
            where / "deep-flow-lines.yaml", HEAD + "  [\n" * 20_000 + "  " + "]" * 20_000 + "\n"
        ),
        "deep-block": _write(
            where / "deep-block.yaml",
            HEAD
            + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(3_000))
            + "  " * 3_001
            + "v\n",
        ),
        "30mb": _write(where / "30mb.yaml", HEAD + "# " + "x" * (30 * 1024 * 1024) + "\n"),
        "100k-steps": _write(
            where / "100k-steps.yaml", HEAD + "  - name: All\n    steps:\n" + steps
        ),
    }


def _only_error(path: Path) -> Diagnostic:
    with pytest.raises(InvalidMap) as info:
        load_journey(path)
    (diagnostic,) = info.value.diagnostics
    return diagnostic


def test_alias_bomb_is_refused_at_the_alias_that_crosses_the_limit() -> None:
    d = _only_error(HOSTILE / "billion-laughs.yaml")
    assert (d.code, d.line, d.column) == ("limit-aliases", 8, 8)
    assert f"{DEFAULT_LIMITS.max_alias_expansion:,}" in d.message


def test_deep_flow_nesting_is_refused_at_the_first_level_too_deep(big: dict[str, Path]) -> None:
    d = _only_error(big["deep-flow-lines"])
    # `phases:` is level 1, so the 64th `[` (line 4 + 63) opens level 65.
    assert (d.code, d.line, d.column) == ("limit-depth", 4 + 63, 3)
    assert str(DEFAULT_LIMITS.max_depth) in d.message


def test_deep_flow_nesting_on_one_line_is_refused_as_too_deep(big: dict[str, Path]) -> None:
    d = _only_error(big["deep-flow"])
    # The 64th `[` (column 3 + 63) opens level 65. The libyaml in PyYAML 6.0.4's
    # wheels looks ahead along the line for a possible key and stops at its own
    # 1,000 levels first (column 3 + 999): the same refusal, further right.
    assert (d.code, d.line) == ("limit-depth", 4)
    assert d.column in (3 + 63, 3 + 999)
    assert str(DEFAULT_LIMITS.max_depth) in d.message


def test_deep_block_nesting_is_refused(big: dict[str, Path]) -> None:
    d = _only_error(big["deep-block"])
    assert d.code == "limit-depth"
    assert d.line == 4 + DEFAULT_LIMITS.max_depth - 1


def test_oversized_file_is_refused_before_reading(big: dict[str, Path]) -> None:
    d = _only_error(big["30mb"])
    assert d.code == "limit-file-size"
    assert "10 MB" in d.message


def test_too_many_values_is_refused(tmp_path: Path) -> None:
    # The real limit (1,000,000 values) takes seconds to reach; the count is the same code.
    path = _write(tmp_path / "many.yaml", "cjmap: 1\ntitle: x\nmetrics: [" + "0, " * 600 + "0]\n")
    with pytest.raises(InvalidMap) as info:
        load_document(path, Limits(max_nodes=500))
    (d,) = info.value.diagnostics
    assert (d.code, d.line) == ("limit-nodes", 3)
    assert "500" in d.message


def test_bom_and_crlf_file_is_valid() -> None:
    loaded = load_journey(HOSTILE / "bom-crlf-valid.yaml")
    assert loaded.journey.title == "Première visite — 初めての来店"
    assert [s.id for s in loaded.journey.steps] == ["voit-une-publicité", "店舗に来る"]
    assert loaded.journey.steps[1].pain_points[0].text == "Pas de parking 🚗"


def test_include_nested_too_deep(tmp_path: Path) -> None:
    depth = DEFAULT_LIMITS.max_include_depth + 2
    for i in range(depth):
        _write(tmp_path / f"p{i}.yaml", f"include: [p{i + 1}.yaml]\npersonas: []\n")
    _write(tmp_path / f"p{depth}.yaml", "personas: []\n")
    _write(tmp_path / "map.yaml", "cjmap: 1\ntitle: x\ninclude: [p0.yaml]\nphases: []\n")
    d = _only_error(tmp_path / "map.yaml")
    assert d.code == "limit-include-depth"
    assert d.file == str(tmp_path / f"p{DEFAULT_LIMITS.max_include_depth - 1}.yaml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_included_pipe_is_refused_not_read(tmp_path: Path, run_cli: RunCli) -> None:
    os.mkfifo(tmp_path / "personas.yaml")
    assert stat.S_ISFIFO(os.stat(tmp_path / "personas.yaml").st_mode)
    _write(tmp_path / "map.yaml", "cjmap: 1\ntitle: x\ninclude: [personas.yaml]\nphases: []\n")
    code, out, _ = run_cli("validate", "map.yaml", cwd=tmp_path, timeout=30)
    assert code == 1
    assert "map.yaml:3:11: error: `personas.yaml` is not a regular file [read-error]" in out


def test_python_tag_is_refused_and_never_run(tmp_path: Path, run_cli: RunCli) -> None:
    marker = tmp_path / "pwned"
    cmd = f"import pathlib; pathlib.Path({str(marker)!r}).touch()"
    call = f"[[{sys.executable!r}, '-c', {cmd!r}]]"
    _write(
        tmp_path / "map.yaml",
        f"cjmap: 1\ntitle: x\ndescription: !!python/object/apply:subprocess.call {call}\n"
        "phases: []\n",
    )
    with pytest.raises(InvalidMap) as info:
        load_journey(tmp_path / "map.yaml")
    assert [(d.code, d.line, d.column) for d in info.value.diagnostics] == [("yaml-tag", 3, 14)]
    code, out, _ = run_cli("validate", "map.yaml", cwd=tmp_path)
    assert code == 1
    assert "map.yaml:3:14: error: the YAML tag `!!python/object/apply:subprocess.call`" in out
    assert not marker.exists()


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("deep-flow", "limit-depth"),
        ("deep-block", "limit-depth"),
        ("30mb", "limit-file-size"),
        ("100k-steps", "limit-steps"),
    ],
)
def test_cli_refuses_big_inputs_without_a_traceback(
    big: dict[str, Path], run_cli: RunCli, case: str, code: str
) -> None:
    exit_code, out, err = run_cli("validate", big[case])
    assert exit_code == 1
    assert f"{big[case]}" in out and f"[{code}]" in out
    if case == "100k-steps":  # at the first step over the limit, naming both counts
        line = 6 + DEFAULT_LIMITS.max_steps
        assert f"{big[case]}:{line}:9: error: the map has 100,000 steps; the limit is 5,000" in out
    assert "Traceback" not in out + err
    assert out.rstrip().endswith("1 of 1 map invalid: 1 error, 0 warnings")


def test_cli_refuses_the_alias_bomb(run_cli: RunCli) -> None:
    code, out, err = run_cli("validate", HOSTILE / "billion-laughs.yaml")
    assert code == 1
    assert "billion-laughs.yaml:8:8: error: YAML aliases expand to more than 10,000 values" in out
    assert "Traceback" not in out + err


def test_limits_are_documented_in_one_place() -> None:
    doc = Limits.__doc__ or ""
    for name in ("max_file_bytes", "max_depth", "max_alias_expansion", "max_nodes", "max_steps"):
        assert name in doc
