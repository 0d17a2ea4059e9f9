"""Inter instances: right names and weights, cached per user, safe to share."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from cjmap.text import fonts
from cjmap.text.fonts import FontFiles, font_files, font_license


@pytest.fixture
def fresh_font_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the font cache at an empty directory; restore the process-wide cache after."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CJMAP_CACHE_DIR", str(cache))
    font_files.cache_clear()
    yield cache
    font_files.cache_clear()


def test_instances_are_static_inter_regular_and_bold() -> None:
    files = font_files()
    for path, style, weight in ((files.regular, "Regular", 400), (files.bold, "Bold", 700)):
        font = TTFont(path)
        name = font["name"]
        assert name.getDebugName(1) == "Inter"
        assert name.getDebugName(2) == style
        assert font["OS/2"].usWeightClass == weight
        assert bool(font["OS/2"].fsSelection & 0x20) == (weight == 700)
        assert "fvar" not in font and "gvar" not in font
        # An instance, not a subset: every glyph and the kerning survive.
        assert font["maxp"].numGlyphs == 2933
        features = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
        assert "kern" in features


@pytest.mark.parametrize("bold", [False, True])
def test_instance_advances_match_the_variable_font(bold: bool) -> None:
    # fontTools evaluates the variable font's HVAR at the same location,
    # independently of how the instance was made.
    source = TTFont(fonts._source_font())
    location = {"wght": 700 if bold else 400, "opsz": fonts.OPTICAL_SIZE}
    expected = source.getGlyphSet(location=location)
    instance = TTFont(font_files().for_weight(bold))
    cmap = instance.getBestCmap()
    for ch in "AVWaegiy0123,.–…ÄÉß":
        glyph = cmap[ord(ch)]
        assert abs(instance["hmtx"][glyph][0] - expected[glyph].width) <= 1, ch


def test_fresh_cache_is_filled_once_and_reused(fresh_font_cache: Path) -> None:
    files = font_files()
    assert files.regular.parent == fresh_font_cache / "fonts"
    assert files.regular.name.startswith("Inter-Regular-")
    mtime = files.bold.stat().st_mtime_ns
    font_files.cache_clear()
    assert font_files() == files
    assert files.bold.stat().st_mtime_ns == mtime
    # Written via temp file + rename: nothing half-written is left behind.
    assert sorted(p.name for p in files.regular.parent.iterdir()) == sorted(
        [files.regular.name, files.bold.name]
    )


def test_corrupt_cache_entry_is_rebuilt(fresh_font_cache: Path) -> None:
    files = font_files()
    good = files.regular.read_bytes()
    files.regular.write_bytes(b"truncated")
    font_files.cache_clear()
    assert font_files().regular.read_bytes() == good


def test_instancing_is_deterministic(fresh_font_cache: Path) -> None:
    first = font_files()
    data = (first.regular.read_bytes(), first.bold.read_bytes())
    for path in (first.regular, first.bold):
        path.unlink()
    font_files.cache_clear()
    second = font_files()
    assert (second.regular.read_bytes(), second.bold.read_bytes()) == data


def test_unwritable_cache_falls_back_to_a_private_temp_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("CJMAP_CACHE_DIR", str(blocker / "cache"))
    font_files.cache_clear()
    try:
        files = font_files()
        assert files.regular.is_file() and files.bold.is_file()
        assert not str(files.regular).startswith(str(blocker))
    finally:
        font_files.cache_clear()


def test_cache_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CJMAP_CACHE_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fonts.font_cache_dir() == tmp_path / "explicit" / "fonts"
    monkeypatch.delenv("CJMAP_CACHE_DIR")
    assert fonts.font_cache_dir() == tmp_path / "xdg" / "cjmap" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert fonts.font_cache_dir() == tmp_path / "home" / ".cache" / "cjmap" / "fonts"


def test_concurrent_first_use_is_safe(tmp_path: Path) -> None:
    code = "from cjmap.text.fonts import font_files; f = font_files(); print(f.regular, f.bold)"
    env = {"CJMAP_CACHE_DIR": str(tmp_path / "shared"), "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = {proc.communicate(timeout=120)[0] for proc in procs}
    assert all(proc.returncode == 0 for proc in procs)
    assert len(outputs) == 1
    regular, bold = outputs.pop().split()
    files = FontFiles(Path(regular), Path(bold))
    assert TTFont(files.bold)["OS/2"].usWeightClass == 700


def test_licence_is_the_ofl() -> None:
    path = font_license()
    assert path is not None
    assert "SIL Open Font License" in path.read_text(encoding="utf-8")
