"""Writing outputs (`write_atomic`) and telling files apart (`same_file`)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cjmap.cli import outputs
from cjmap.cli.outputs import OverwritesInput, same_file, write_atomic
from cjmap.errors import OutputError

MAP = "cjmap: 1\ntitle: T\nphases:\n  - name: P\n    steps:\n      - name: S\n        emotion: 0\n"


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_missing_parent_directories_are_created(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "img" / "map.png"
    write_atomic(target, b"data", [])
    assert target.read_bytes() == b"data"
    assert os.listdir(target.parent) == ["map.png"]  # no temporary file left


def test_a_failed_write_removes_the_directories_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def temporary_file(directory: Path, name: str) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs, "temporary_file", temporary_file)
    with pytest.raises(OutputError, match=r"cannot write the output \(No space left on device\)"):
        write_atomic(tmp_path / "new" / "deeper" / "map.svg", b"data", [])
    assert os.listdir(tmp_path) == []


def test_a_file_in_the_way_of_the_directory_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "docs").write_text("a file, not a folder")
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "docs" / "img" / "map.png", b"data", [])
    message = str(caught.value)
    assert message.startswith(f"{tmp_path}/docs/img/map.png: cannot create the output directory ")
    assert "Not a directory" in message and "\n" not in message
    with pytest.raises(
        OutputError, match=r"cannot create the output directory .*/docs \(a file is there\)$"
    ):
        write_atomic(tmp_path / "docs" / "map.png", b"data", [])
    assert (tmp_path / "docs").read_text() == "a file, not a folder"


def test_overwriting_an_input_is_refused_as_its_own_error(tmp_path: Path) -> None:
    source = _write(tmp_path / "map.yaml", MAP)
    link = tmp_path / "hard.svg"
    os.link(source, link)
    for target in (Path(source), tmp_path / "." / "map.yaml", link):
        with pytest.raises(OverwritesInput, match="refusing to overwrite the input file"):
            write_atomic(target, b"<svg/>", [source])
    assert Path(source).read_text(encoding="utf-8") == MAP
    assert issubclass(OverwritesInput, OutputError)  # commands catching OutputError still do


def test_same_file(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.yaml", MAP)
    assert same_file(a, tmp_path / "sub" / ".." / "a.yaml")
    assert not same_file(a, tmp_path / "b.yaml")
    assert not same_file(tmp_path / "x.svg", tmp_path / "y.svg")


def test_the_temporary_file_is_new_private_and_beside_the_output(tmp_path: Path) -> None:
    fd, path = outputs.temporary_file(tmp_path, "map.svg")
    os.close(fd)
    second_fd, second = outputs.temporary_file(tmp_path, "map.svg")
    os.close(second_fd)
    assert path != second
    for made in (path, second):
        assert Path(made).parent == tmp_path
        assert Path(made).name.startswith(".map.svg.") and made.endswith(".tmp")
        assert os.stat(made).st_mode & 0o777 == 0o600
