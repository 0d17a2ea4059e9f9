"""Finding and reading `[tool.cjmap.lint]` / `.cjmap.toml`."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.errors import UsageError
from cjmap.lint import LintConfig, config_for, find_config, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_config_found_walking_up(tmp_path: Path) -> None:
    found = write(
        tmp_path / "pyproject.toml", '[tool.cjmap.lint]\ndisable = ["single-step-phase"]\n'
    )
    deep = tmp_path / "maps" / "team"
    deep.mkdir(parents=True)
    assert find_config(deep) == found
    assert config_for(deep / "x.yaml") == LintConfig(
        frozenset({"single-step-phase"}), {}, str(found)
    )


def test_pyproject_without_tool_cjmap_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / ".cjmap.toml", "[lint]\ndisable = []\n")
    write(tmp_path / "maps" / "pyproject.toml", "[tool.black]\nline-length = 80\n")
    assert find_config(tmp_path / "maps") == outer


def test_cjmap_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.cjmap.lint]\n")
    own = write(tmp_path / ".cjmap.toml", "[lint]\n")
    assert find_config(tmp_path) == own


def test_no_config_means_defaults(tmp_path: Path) -> None:
    # tmp_path lies under the system temporary folder, which holds no configuration
    assert find_config(tmp_path) is None
    assert config_for(tmp_path / "x.yaml") == LintConfig()


def test_severity_levels_and_off(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".cjmap.toml",
        '[lint]\nseverity = { unused-persona = "error", assumption-only = "off" }\n',
    )
    config = load_config(path)
    assert config.severity == {"unused-persona": "error"}
    assert config.disable == frozenset({"assumption-only"})


def test_validation_warning_codes_may_be_named(tmp_path: Path) -> None:
    path = write(tmp_path / ".cjmap.toml", '[lint]\ndisable = ["empty-phase"]\n')
    assert load_config(path).disable == frozenset({"empty-phase"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[lint]\ndisable = ["no-moment-of-thruth"]\n', "did you mean `no-moment-of-truth`?"),
        ('[lint]\ndisabled = ["x"]\n', "unknown key `disabled` in [lint]; did you mean `disable`?"),
        ('[lint]\nseverity = { missing-emotion = "fatal" }\n', "cannot be 'fatal'"),
        ('[lint]\ndisable = "missing-emotion"\n', "should be a list of rule codes"),
        ("[lint\n", "not valid TOML"),
    ],
)
def test_wrong_configuration_is_a_usage_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / ".cjmap.toml", text)
    with pytest.raises(UsageError, match=None) as info:
        load_config(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
