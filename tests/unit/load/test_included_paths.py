"""`included_paths`: the `include:` entries of a file, from its path or its bytes already read."""

from __future__ import annotations

import os
from pathlib import Path

from cjmap.load import included_paths


def test_entries_are_joined_to_the_files_folder(tmp_path: Path) -> None:
    f = tmp_path / "maps" / "a.yaml"
    f.parent.mkdir()
    f.write_text("include: [shared/personas.yaml, ../top.yaml, 3]\n", encoding="utf-8")
    expected = [
        os.path.normpath(tmp_path / "maps" / "shared" / "personas.yaml"),
        os.path.normpath(tmp_path / "top.yaml"),
    ]
    assert included_paths(str(f)) == expected


def test_bytes_given_are_parsed_and_the_file_is_not_read(tmp_path: Path) -> None:
    never_written = tmp_path / "a.yaml"  # reading it would fail: it does not exist
    raw = b"\xef\xbb\xbfcjmap: 1\ninclude:\n  - p.yaml\n"
    assert included_paths(str(never_written), raw=raw) == [str(tmp_path / "p.yaml")]
    assert included_paths(str(never_written), raw=b"cjmap: 1\n") == []
