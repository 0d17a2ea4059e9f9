"""Finding map files (`expand_paths`, `looks_like_map`)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ROOT

from cjmap.cli.files import expand_paths, looks_like_map
from cjmap.errors import UsageError

MAP = "cjmap: 1\ntitle: T\nphases:\n  - name: P\n    steps:\n      - name: S\n        emotion: 0\n"


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- looks_like_map: what a directory search takes for a map ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        MAP,
        "\ufeffcjmap: 1\ntitle: T\n",  # a byte order mark
        '"cjmap": 1\n',
        MAP.replace("cjmap:", "cjamp:"),  # two letters swapped
        MAP.replace("cjmap:", "Cjmap:"),  # case
        MAP.replace("cjmap:", "CJMAP :"),
        MAP.replace("cjmap:", "cjmp:"),  # a letter left out
        MAP.replace("cjmap:", "cj-map:"),
        MAP.replace("cjmap: 1", 'cjmpa: "1"'),
        MAP.replace("cjmap: 1", "cjamp: 1").replace("\n", "\r\n"),  # CRLF
        MAP.replace("cjmap: 1\n", ""),  # no version key, but a title and phases
        MAP.replace("cjmap: 1\n", "# comment\n---\n").replace("title: T", '"title": T'),
    ],
    ids=[
        "cjmap",
        "bom",
        "quoted",
        "cjamp",
        "Cjmap",
        "CJMAP-space",
        "cjmp",
        "cj-map",
        "cjmpa-quoted-version",
        "cjamp-crlf",
        "no-version-key",
        "no-version-key-quoted-title",
    ],
)
def test_a_map_or_a_near_miss_is_taken_as_a_map(tmp_path: Path, text: str) -> None:
    assert looks_like_map(_write(tmp_path / "m.yaml", text))


@pytest.mark.parametrize(
    "text",
    [
        "personas: []\n",
        "personas:\n  - id: ada\n    name: Ada\nphases:\n  - name: Shared\n    steps: []\n",
        "phases:\n  - name: P\n    steps: []\nkpis: []\n",
        "personas: []\ntitle: an include fragment may not have one, but has no phases\n",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
        "cmap: viridis\n",  # near `cjmap`, but no version: a plotting config
        "map: 1\n",  # too short a key to be a typo of `cjmap`
        "cjmapper: 1\n",  # three edits away
        "  cjmap: 1\n",  # not top level
        "description: |\n  title: x\n  phases: y\n",
        "",
    ],
    ids=[
        "personas-fragment",
        "personas-and-phases-fragment",
        "phases-fragment",
        "fragment-with-title",
        "ci-config",
        "cmap",
        "map",
        "cjmapper",
        "indented",
        "block-scalar",
        "empty",
    ],
)
def test_other_yaml_is_not_a_map(tmp_path: Path, text: str) -> None:
    assert not looks_like_map(_write(tmp_path / "other.yaml", text))


def test_examples_keep_their_maps_and_skip_the_shared_personas() -> None:
    found = expand_paths([str(ROOT / "examples")])
    assert [Path(f).name for f in found.skipped] == ["shared-personas.yaml"]
    assert len(found.files) == len(list((ROOT / "examples").glob("*.yaml")))


def test_a_directory_search_returns_a_mistyped_map_and_skips_fragments(tmp_path: Path) -> None:
    _write(tmp_path / "maps" / "good.yaml", MAP)
    typo = _write(tmp_path / "maps" / "typo.yaml", MAP.replace("cjmap:", "cjamp:"))
    bare = _write(tmp_path / "maps" / "sub" / "bare.yml", MAP.replace("cjmap: 1\n", ""))
    fragment = _write(tmp_path / "maps" / "personas.yaml", "personas: []\nphases: []\n")
    found = expand_paths([str(tmp_path / "maps")])
    assert found.files == [str(tmp_path / "maps" / "good.yaml"), bare, typo]
    assert found.skipped == [fragment]


# --- expand_paths: a directory that cannot be searched --------------------------------


def test_an_unreadable_directory_is_an_error_naming_it_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "maps" / "a.yaml", MAP)
    _write(tmp_path / "maps" / "private" / "b.yaml", MAP)
    private = str(tmp_path / "maps" / "private")
    real_scandir = os.scandir

    # As root, chmod 000 does not stop reads: refuse the listing as the OS would.
    def scandir(path: str) -> object:
        if os.fspath(path) == private:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), private)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(UsageError) as caught:
        expand_paths([str(tmp_path / "maps")])
    assert str(caught.value) == f"cannot search the directory {private} (Permission denied)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 directory")
def test_a_chmod_000_directory_is_an_error(tmp_path: Path) -> None:  # pragma: no cover - CI is root
    _write(tmp_path / "maps" / "private" / "b.yaml", MAP)
    private = tmp_path / "maps" / "private"
    private.chmod(0)
    try:
        with pytest.raises(UsageError, match=r"private \(Permission denied\)"):
            expand_paths([str(tmp_path / "maps")])
    finally:
        private.chmod(0o755)


def _refuse_listing(monkeypatch: pytest.MonkeyPatch, *refused: Path) -> None:
    # As root, chmod 000 does not stop reads: refuse the listing as the OS would.
    real_scandir = os.scandir
    names = {os.path.abspath(p) for p in refused}

    def scandir(path: str = ".") -> Any:
        if os.path.abspath(os.fspath(path)) in names:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_glob_into_an_unreadable_directory_is_an_error_not_a_silent_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "maps" / "a.yaml", MAP)
    _write(tmp_path / "maps" / "private" / "b.yaml", MAP)
    _write(tmp_path / "maps" / "private" / "c.yaml", MAP)
    _refuse_listing(monkeypatch, tmp_path / "maps" / "private")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        expand_paths(["maps/**/*.yaml"])
    assert str(caught.value) == (
        "maps/**/*.yaml: cannot search the directory maps/private (Permission denied)"
    )
    pattern = str(tmp_path / "maps" / "*" / "*.yaml")
    with pytest.raises(UsageError, match=r"cannot search the directory .*/maps/private \("):
        expand_paths([pattern])
    # glob only passes through `private` here (no wildcard after it): nothing to list
    found = expand_paths(["maps/*/c.yaml", "maps/*.yaml"]).files
    assert found == ["maps/private/c.yaml", "maps/a.yaml"]


def test_a_glob_whose_own_directory_is_unreadable_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "maps" / "a.yaml", MAP)
    _refuse_listing(monkeypatch, tmp_path / "maps")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=r"^maps/\*.yaml: cannot search the directory maps "):
        expand_paths(["maps/*.yaml"])  # not "no file matches this pattern"


def test_hidden_directories_a_recursive_glob_skips_are_not_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "maps" / "a.yaml", MAP)
    (tmp_path / "maps" / ".cache").mkdir()
    _refuse_listing(monkeypatch, tmp_path / "maps" / ".cache")
    monkeypatch.chdir(tmp_path)
    assert expand_paths(["maps/**/*.yaml"]).files == ["maps/a.yaml"]
