"""`cjmap render` end to end: real files written (or not), exit codes, formats."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative"


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cjmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        check=False,
        timeout=120,
    )


@pytest.fixture()
def map_dir(tmp_path: Path) -> Path:
    for name in ("map.yaml", "personas.yaml"):
        shutil.copy(NORMATIVE / name, tmp_path / name)
    return tmp_path


def _svg_size(data: bytes) -> tuple[float, float]:
    root = ET.fromstring(data)
    return float(root.get("width", 0)), float(root.get("height", 0))


def test_render_without_output_writes_svg_beside_the_map(map_dir: Path) -> None:
    result = run("render", str(map_dir / "map.yaml"))
    assert result.returncode == 0, result.stderr
    out = map_dir / "map.svg"
    assert out.exists()
    width, height = _svg_size(out.read_bytes())
    assert width > 700 and height > 500
    assert "Traceback" not in result.stderr


def test_png_decodes_with_the_size_the_svg_declares(map_dir: Path) -> None:
    svg = run("render", str(map_dir / "map.yaml"), "-o", str(map_dir / "a.svg"))
    png = run("render", str(map_dir / "map.yaml"), "-o", str(map_dir / "a.png"), "--scale", "2")
    assert svg.returncode == 0 and png.returncode == 0, png.stderr
    width, height = _svg_size((map_dir / "a.svg").read_bytes())
    image = Image.open(io.BytesIO((map_dir / "a.png").read_bytes()))
    assert image.size == (round(width * 2), round(height * 2))


def test_pdf_opens_with_one_page_of_the_diagrams_size(map_dir: Path) -> None:
    result = run("render", str(map_dir / "map.yaml"), "-f", "pdf", "-o", str(map_dir / "out") + "/")
    assert result.returncode == 0, result.stderr
    pdf = PdfReader(str(map_dir / "out" / "map.pdf"))
    assert len(pdf.pages) == 1
    run("render", str(map_dir / "map.yaml"), "-o", str(map_dir / "a.svg"))
    width, height = _svg_size((map_dir / "a.svg").read_bytes())
    box = pdf.pages[0].mediabox
    assert float(box.width) == pytest.approx(width * 0.75, rel=0.01)
    assert float(box.height) == pytest.approx(height * 0.75, rel=0.01)
    assert "Checks out" in pdf.pages[0].extract_text()


def test_invalid_map_exits_1_writes_nothing_and_keeps_old_output(map_dir: Path) -> None:
    bad = map_dir / "map.yaml"
    bad.write_text(
        bad.read_text().replace("emotion: -2\n        moment", "emotion: -5\n        moment")
    )
    old = map_dir / "map.svg"
    old.write_text("previous output")
    result = run("render", str(bad))
    assert result.returncode == 1
    assert "map.yaml:61:18: error: emotion -5 is out of range" in result.stderr
    assert old.read_text() == "previous output"
    assert not list(map_dir.glob(".map.svg.*"))


def test_output_equal_to_input_is_refused_and_the_input_kept(map_dir: Path) -> None:
    source = map_dir / "map.yaml"
    before = source.read_bytes()
    result = run("render", str(source), "-o", str(source), "-f", "svg")
    assert result.returncode == 2  # the tool was called wrong; the map is fine
    assert "refusing to overwrite the input" in result.stderr
    assert source.read_bytes() == before


def test_several_maps_render_and_one_failure_is_summarised(map_dir: Path) -> None:
    (map_dir / "broken.yaml").write_text("cjmap: 1\ntitle: x\nphases: [\n")
    shutil.copy(map_dir / "map.yaml", map_dir / "second.yaml")
    out = map_dir / "out"
    result = run(
        "render",
        str(map_dir / "map.yaml"),
        str(map_dir / "broken.yaml"),
        str(map_dir / "second.yaml"),
        "-o",
        str(out) + "/",
    )
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["map.svg", "second.svg"]
    assert "1 of 3 maps invalid" in result.stderr
    assert "broken.yaml:" in result.stderr and "yaml-syntax" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "gif"], "unknown format `gif`"),
        (["--theme", "neon"], "unknown theme `neon`"),
        (["--lanes", "steps,pain_point"], "did you mean `pain_points`"),
        (["--persona", "mya"], "did you mean `maya`"),
    ],
)
def test_bad_options_are_usage_errors(map_dir: Path, args: list[str], message: str) -> None:
    result = run("render", str(map_dir / "map.yaml"), *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (map_dir / "map.svg").exists()


def test_a_directory_or_missing_file_is_a_usage_error(map_dir: Path) -> None:
    assert run("render", str(map_dir)).returncode == 2
    missing = run("render", str(map_dir / "nope.yaml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_dash_writes_to_standard_output(map_dir: Path) -> None:
    result = run("render", str(map_dir / "map.yaml"), "-o", "-")
    assert result.returncode == 0
    assert result.stdout.startswith("<svg")
    assert not (map_dir / "map.svg").exists()


def test_unwritable_output_directory_is_one_line(map_dir: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = "/proc/cjmap-cannot-write/map.svg"
    else:  # pragma: no cover - CI runs as root
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = str(locked / "map.svg")
    result = run("render", str(map_dir / "map.yaml"), "-o", target)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot write" in result.stderr or "cannot create the output directory" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_png_text_survives_a_machine_without_fonts(map_dir: Path, tmp_path: Path) -> None:
    """No fontconfig, no home fonts, an empty font cache: text must still be drawn."""
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {
        "HOME": str(empty),
        "XDG_DATA_HOME": str(empty),
        "XDG_CONFIG_HOME": str(empty),
        "XDG_CACHE_HOME": str(empty),
        "FONTCONFIG_FILE": str(empty / "none.conf"),
        "FONTCONFIG_PATH": str(empty),
        "CJMAP_CACHE_DIR": str(tmp_path / "fresh-cache"),
    }
    result = run("render", str(map_dir / "map.yaml"), "-o", str(tmp_path / "t.png"), env=env)
    assert result.returncode == 0, result.stderr
    image = Image.open(tmp_path / "t.png").convert("L")
    # the title is dark 26 px bold text at the top left: count its dark pixels
    title = image.crop((32, 32, 400, 64))
    dark = sum(1 for px in title.tobytes() if px < 100)
    assert dark > 800
