"""Reading maps from git revisions, in a temporary repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from cjmap.diff import diff_journeys
from cjmap.diff.revisions import is_revision, read_at_revision, read_map
from cjmap.errors import InvalidMap, UsageError

MAP_V1 = """\
cjmap: 1
title: Checkout
include: [../shared/personas.yaml]
phases:
  - name: Buy
    steps:
      - id: checkout
        name: Checks out
        emotion: -2
"""
PERSONAS_V1 = "personas:\n  - {id: maya, name: Maya}\n"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits of maps/checkout.yaml (and its included personas)."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "maps").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "maps" / "checkout.yaml").write_text(MAP_V1)
    (tmp_path / "shared" / "personas.yaml").write_text(PERSONAS_V1)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "v1")
    (tmp_path / "maps" / "checkout.yaml").write_text(MAP_V1.replace("emotion: -2", "emotion: 0"))
    (tmp_path / "shared" / "personas.yaml").write_text(PERSONAS_V1 + "  - {id: ben, name: Ben}\n")
    git(tmp_path, "commit", "-q", "-am", "v2")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_revision_with_its_includes_from_the_same_revision(repo: Path) -> None:
    old = read_map("HEAD~1:maps/checkout.yaml")
    new = read_map("HEAD:maps/checkout.yaml")
    assert old.name == "HEAD~1:maps/checkout.yaml"
    assert [p.id for p in old.journey.personas] == ["maya"]
    assert [p.id for p in new.journey.personas] == ["maya", "ben"]
    diff = diff_journeys(old.journey, new.journey, old.name, new.name)
    assert [(c.kind, c.subject, c.old, c.new) for c in diff.changes] == [
        ("emotion-changed", "checkout", -2, 0),
        ("persona-added", "ben", None, None),
    ]
    assert "HEAD~1:maps/checkout.yaml" in old.lines_by_file


def test_path_relative_to_the_working_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "maps")
    assert read_map("HEAD~1:./checkout.yaml").journey.steps[0].emotion == -2


def test_working_copy_against_a_branch(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "maps" / "checkout.yaml").write_text(MAP_V1.replace("emotion: -2", "emotion: 2"))
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # not in the repository
    path = str(repo / "maps" / "checkout.yaml")
    at_main = read_at_revision(path, "main")
    assert at_main.name == "main:maps/checkout.yaml"
    assert at_main.journey.steps[0].emotion == 0
    assert read_map(path).journey.steps[0].emotion == 2


def test_invalid_map_at_a_revision_names_the_revision(repo: Path) -> None:
    (repo / "maps" / "checkout.yaml").write_text(MAP_V1.replace("emotion: -2", "emotion: -5"))
    git(repo, "commit", "-q", "-am", "broken")
    with pytest.raises(InvalidMap) as info:
        read_map("HEAD:maps/checkout.yaml")
    [d] = info.value.diagnostics
    assert (d.file, d.line, d.code) == ("HEAD:maps/checkout.yaml", 9, "emotion-range")


def test_missing_include_at_a_revision_names_the_revision(repo: Path) -> None:
    git(repo, "rm", "-q", "shared/personas.yaml")
    git(repo, "commit", "-q", "-m", "drop personas")
    with pytest.raises(InvalidMap) as info:
        read_map("HEAD:maps/checkout.yaml")
    [d] = info.value.diagnostics
    assert (d.file, d.line, d.code) == ("HEAD:maps/checkout.yaml", 3, "include-missing")
    assert "cjmap-diff-" not in d.message


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nosuchrev:maps/checkout.yaml", "nosuchrev:maps/checkout.yaml:"),
        ("HEAD:maps/nothing.yaml", "HEAD:maps/nothing.yaml:"),
        ("HEAD:maps", "is a tree, not a file"),
    ],
)
def test_bad_revisions_are_usage_errors(repo: Path, spec: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        read_map(spec)


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="not a git repository"):
        read_map("HEAD:map.yaml")


def test_what_counts_as_a_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a:b.yaml").write_text("x")
    assert is_revision("HEAD~3:maps/x.yaml")
    assert is_revision(":maps/x.yaml")  # the index
    assert not is_revision("a:b.yaml")  # an existing file wins
    assert not is_revision("maps/x.yaml")
    assert not is_revision("C:\\maps\\x.yaml")
