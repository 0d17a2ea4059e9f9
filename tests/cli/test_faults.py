"""Faults while rendering: one bad map, an interrupt, a full disk, a read-only directory.

Whatever goes wrong, the other maps still render, the user sees one line
naming the file, no partial or temporary file is left, and an output that
existed before is untouched.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from tests.cli.conftest import ROOT, Run
from tests.mapgen import write_map

from cjmap.cli import outputs

OLD = b"<svg>the previous render</svg>\n"


def _maps(where: Path, names: str, steps: int = 3) -> list[Path]:
    return [write_map(where / f"{n}.yaml", steps=steps, seed=i) for i, n in enumerate(names)]


def test_one_invalid_map_and_one_unwritable_output_do_not_stop_the_others(
    cli: Run, tmp_path: Path
) -> None:
    a, b, c, d = _maps(tmp_path, "abcd")
    c.write_text("cjmap: 1\ntitle: Broken\nphases: 3\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "b.svg").mkdir(parents=True)  # b's output cannot be written: a directory is there
    result = cli("render", str(a), str(b), str(c), str(d), "-o", f"{out}/")
    assert result.exit_code == 1
    ET.parse(out / "a.svg")
    ET.parse(out / "d.svg")
    assert (out / "b.svg").is_dir() and not (out / "c.svg").exists()
    assert sorted(p.name for p in out.iterdir()) == ["a.svg", "b.svg", "d.svg"]  # no temp files
    err = result.stderr
    assert f"{b}: error: {out}/b.svg: cannot write the output (Is a directory)" in err
    assert f"{c}:3:9: error: `phases` should be a list" in err
    assert "Traceback" not in err
    # The closing summary says which maps were not rendered, and why.
    assert err.splitlines()[-1] == f"not rendered: {b} (output error), {c} (invalid map)"


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writes get half way, then fail as a full disk does."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.fh, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))


def _refused(code: int) -> Any:
    def install(monkeypatch: pytest.MonkeyPatch) -> None:
        # As root, chmod does not stop writes; refuse the temporary file instead.
        def temporary_file(directory: Path, name: str) -> tuple[int, str]:
            raise OSError(code, os.strerror(code), str(directory))

        monkeypatch.setattr(outputs, "temporary_file", temporary_file)

    return install


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (_full_disk, "No space left on device"),
        (_refused(errno.EROFS), "Read-only file system"),
        (_refused(errno.EACCES), "Permission denied"),
    ],
    ids=["full-disk", "read-only", "permission-denied"],
)
def test_a_write_fault_is_one_line_and_keeps_the_old_output(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: Any, reason: str
) -> None:
    (source,) = _maps(tmp_path, "m")
    out = tmp_path / "out"
    out.mkdir()
    (out / "m.svg").write_bytes(OLD)
    fault(monkeypatch)
    result = cli("render", str(source), "-o", str(out / "m.svg"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}: error: {out}/m.svg: cannot write the output ({reason}) [output-error]"
    ]
    assert (out / "m.svg").read_bytes() == OLD
    assert os.listdir(out) == ["m.svg"]


def test_sigint_during_a_multi_map_render_leaves_only_complete_files(tmp_path: Path) -> None:
    maps = _maps(tmp_path, "abcdefgh", steps=1000)
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cjmap", "render", *map(str, maps), "-o", f"{out}/"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(p.suffix == ".svg" for p in out.iterdir()):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no output appeared"
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130  # 128 + SIGINT, as shells report an interrupt
    assert b"Traceback" not in stderr + stdout, stderr.decode()
    assert b"interrupted" in stderr and b"none partial" in stderr
    written = sorted(out.iterdir())
    assert not [p.name for p in written if p.name.startswith(".") or p.suffix == ".tmp"]
    assert 1 <= len(written) < len(maps)  # interrupted part way
    for path in written:
        ET.parse(path)  # every file that exists is complete


def test_an_output_the_file_system_takes_for_one_written_in_this_run_is_not_overwritten(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On macOS or Windows `A.svg` and `a.svg` are one file (the second then has
    # the first one's inode). Linux is case-sensitive: identity is faked by name.
    from cjmap.cli.commands import render as render_command

    def case_blind_keys(path: Any) -> tuple[str, ...]:
        return (str(Path(path).resolve()).casefold(),)

    upper, lower = _maps(tmp_path, "Aa")
    out = tmp_path / "out"
    monkeypatch.setattr(render_command, "file_keys", case_blind_keys)
    result = cli("render", str(upper), str(lower), "-o", f"{out}/")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["A.svg"]
    assert result.stderr.splitlines()[1] == (
        f"{lower}: error: {out}/a.svg: the file system takes this for {out}/A.svg, just "
        f"written for {upper} (are the names the same but for upper and lower case?); "
        "render them into different directories [output-error]"
    )
