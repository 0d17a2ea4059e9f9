"""Mutation fuzz: damaged copies of the example maps never crash cjmap.

Each example is mutated the way hand edits go wrong (a deleted or doubled
line, indentation off by two, a value of the wrong type, pasted garbage,
a truncated save) and run through `cjmap validate` and `cjmap render -f svg`.
Whatever the damage: exit code 0, 1 or 2, no Python traceback, and no
output file unless the render succeeded (then it is complete XML).
"""

from __future__ import annotations

import contextlib
import io
import random
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import RunCli

from cjmap.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SETTINGS = settings(
    max_examples=35,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Values of the wrong type, and fragments a stray paste or keystroke leaves.
REPLACEMENTS = (
    b"[1, 2, 3]",
    b"{a: 1, b: [x]}",
    b"42",
    b"-3.5e9",
    b"~",
    b"true",
    b"''",
    b"[",
    b"{",
    b"*nowhere",
    b"&anchor",
    b'!!python/object/apply:os.system ["echo pwned"]',
    b'"unclosed',
    b"- item",
    b"@@ %%",
)
GARBAGE = st.one_of(
    st.binary(min_size=1, max_size=6),
    st.sampled_from(
        [b"\t", b": ", b"[", b"]", b"{", b"- ", b"\x00", b"\xff\xfe", b"'", b"#", b"\n  "]
    ),
)


@st.composite
def mutation(draw: st.DrawFn, text: bytes) -> bytes:
    """One hand-editing accident applied to `text`."""
    lines = text.split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "indent", "retype", "insert", "truncate"]))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "indent":
        if draw(st.booleans()):
            lines[i] = b"  " + lines[i]
        else:
            lines[i] = lines[i][2:] if lines[i].startswith(b"  ") else lines[i]
    elif kind == "retype":
        candidates = [n for n, line in enumerate(lines) if b": " in line]
        n = draw(st.sampled_from(candidates))
        key = lines[n].split(b": ", 1)[0]
        lines[n] = key + b": " + draw(st.sampled_from(REPLACEMENTS))
    elif kind == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(GARBAGE) + text[at:]
    else:
        return text[: draw(st.integers(0, len(text)))]
    return b"\n".join(lines)


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    """An example's file name and its text after one to three mutations."""
    path = draw(st.sampled_from(EXAMPLES))
    text = path.read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        text = draw(mutation(text))
    return path.name, text


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of examples/ (with the personas and data files they include).

    Also registers every subcommand on the shared app: `main()` registers only
    the one in argv, once per process, and these tests call it many times.
    """
    from cjmap.cli import commands
    from cjmap.cli.app import app

    commands.register(app)  # adds whatever an earlier test's `main()` left out
    where = tmp_path_factory.mktemp("mutants") / "examples"
    shutil.copytree(ROOT / "examples", where)
    return where


def _run(*args: str) -> tuple[int, str]:
    """`cjmap ARGS` in-process through the real entry point; (exit code, stdout+stderr)."""
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["cjmap", *args]
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            pytest.raises(SystemExit) as exited,
        ):
            main()
    finally:
        sys.argv = argv
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out.getvalue() + err.getvalue()


def test_an_unmutated_example_validates_and_renders(workdir: Path) -> None:
    # The baseline the fuzz relies on: without damage, both commands succeed.
    source, output = workdir / EXAMPLES[0].name, workdir / "baseline.svg"
    assert _run("validate", str(source))[0] == 0
    code, said = _run("render", "-f", "svg", str(source), "-o", str(output))
    assert code == 0, said
    ET.parse(output)


@SETTINGS
@given(case=mutants())
def test_a_mutated_example_never_crashes(workdir: Path, case: tuple[str, bytes]) -> None:
    name, text = case
    source = workdir / f"mutant-{name}"
    output = workdir / "out" / "mutant.svg"
    output.parent.mkdir(exist_ok=True)
    source.write_bytes(text)
    try:
        code, said = _run("validate", str(source))
        assert code in (0, 1, 2), said
        assert "Traceback" not in said and "internal error" not in said, said
        code, said = _run("render", "-f", "svg", str(source), "-o", str(output))
        assert code in (0, 1, 2), said
        assert "Traceback" not in said and "internal error" not in said, said
        if code == 0:
            ET.parse(output)  # complete, well-formed
        else:
            assert not output.exists(), said
        assert not list(output.parent.glob(".*.tmp"))
        assert source.read_bytes() == text  # the input is never touched
    finally:
        source.unlink(missing_ok=True)
        output.unlink(missing_ok=True)


def test_mutants_in_a_real_process_print_no_traceback(
    workdir: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    rng = random.Random(6)
    codes = []
    for n, path in enumerate(EXAMPLES[:5]):
        lines = path.read_bytes().split(b"\n")
        _damage(lines, rng.randrange(5, len(lines) - 1), n)
        source = workdir / f"proc-{path.name}"
        source.write_bytes(b"\n".join(lines))
        out = tmp_path / f"{n}.svg"
        code, stdout, stderr = run_cli("render", "-f", "svg", source, "-o", out)
        codes.append(code)
        assert code in (0, 1, 2), stderr
        assert "Traceback" not in stderr + stdout
        assert out.exists() == (code == 0), stderr
        if code:
            assert str(source) in stderr  # the message names the file
    assert any(codes), "no damage was detected at all"


def _damage(lines: list[bytes], at: int, kind: int) -> None:
    # A fixed, varied damage per example: retype a value, tab-indent, truncate …
    if kind == 0:
        lines[at] = lines[at].split(b":")[0] + b": [1, {"
    elif kind == 1:
        lines[at] = b"\t" + lines[at]
    elif kind == 2:
        del lines[at:]
    elif kind == 3:
        lines.insert(at, b"phases: 42")
    else:
        lines[at] = b"  " + lines[at] + b": ]"
