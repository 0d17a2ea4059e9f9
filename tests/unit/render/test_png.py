"""SVG -> PNG: right size, text really drawn, even on a machine with no fonts.

Most tests run with both bindings of resvg: svg2png-py (the fast path, when
installed) and resvg-py (always installed, the fallback).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from cjmap.errors import CjmapError, OutputError
from cjmap.render import _png_fast
from cjmap.render._png_encode import PNG_SIGNATURE
from cjmap.render.png import _declared_size, render_png
from cjmap.text import default_measurer

SAMPLE = Path(__file__).with_name("sample_card.svg")
# The bold title of sample_card.svg.
TITLE = {"text": "Sign up", "x": 24, "baseline": 44, "size": 18}


def sample_svg() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(params=["svg2png-py", "resvg-py"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with one binding of resvg: the fast one, or the fallback."""
    if request.param == "svg2png-py":
        pytest.importorskip("svg2png_py")
    else:
        monkeypatch.setattr(_png_fast, "available", lambda: False)
    return str(request.param)


def dark_pixels(png: bytes, box: tuple[float, float, float, float], scale: float = 1) -> int:
    image = Image.open(io.BytesIO(png)).convert("L")
    left, top, right, bottom = (round(v * scale) for v in box)
    region = image.crop((left, top, right, bottom))
    return sum(1 for value in region.tobytes() if value < 96)


def title_box() -> tuple[float, float, float, float]:
    m = default_measurer()
    size = TITLE["size"]
    width = m.width(str(TITLE["text"]), size, bold=True)
    x, y = TITLE["x"], TITLE["baseline"]
    return (x - 1, y - m.ascent(size), x + width + 1, y + m.descent(size))


@pytest.mark.parametrize("scale", [1.0, 2.0, 0.5])
def test_png_size_is_svg_size_times_scale(scale: float, backend: str) -> None:
    png = render_png(sample_svg(), scale=scale)
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    assert image.size == (round(400 * scale), round(240 * scale))


def test_title_text_is_drawn_inside_its_measured_box(backend: str) -> None:
    png = render_png(sample_svg(), scale=2)
    box = title_box()
    assert dark_pixels(png, box, scale=2) > 200
    # Just right of the measured width there is no ink: resvg and the
    # measurer agree on the width (within the 1 px margin of the box).
    _, top, x1, bottom = box
    assert dark_pixels(png, (x1 + 1, top, x1 + 30, bottom), scale=2) == 0


def test_blank_area_stays_blank(backend: str) -> None:
    assert dark_pixels(render_png(sample_svg()), (300, 20, 390, 120)) == 0


def test_rendering_is_deterministic(backend: str) -> None:
    assert render_png(sample_svg()) == render_png(sample_svg())


def test_text_is_drawn_on_a_machine_without_fonts(tmp_path: Path) -> None:
    # No HOME fonts, no XDG dirs, a fontconfig pointing nowhere, an empty
    # font cache: text must still appear, drawn with the bundled Inter. The
    # families here are the risky ones: none at all, and a generic.
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80">'
        '<rect width="300" height="80" fill="#fff"/>'
        '<text x="10" y="30" font-size="20">Default family</text>'
        '<text x="10" y="65" font-size="20" font-family="sans-serif" '
        'font-weight="bold">Generic family</text></svg>'
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "fonts.conf").write_text("<?xml version='1.0'?><fontconfig></fontconfig>")
    out = tmp_path / "out.png"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(empty),
        "XDG_DATA_HOME": str(empty),
        "XDG_DATA_DIRS": str(empty),
        "XDG_CONFIG_HOME": str(empty),
        "XDG_CONFIG_DIRS": str(empty),
        "XDG_CACHE_HOME": str(empty),
        "FONTCONFIG_FILE": str(empty / "fonts.conf"),
        "FONTCONFIG_PATH": str(empty),
        "CJMAP_CACHE_DIR": str(tmp_path / "fresh-cache"),
    }
    code = (
        "import sys, pathlib\n"
        "from cjmap.render.png import render_png\n"
        "pathlib.Path(sys.argv[2]).write_bytes(render_png(sys.argv[1]))\n"
    )
    subprocess.run([sys.executable, "-c", code, svg, str(out)], env=env, check=True, timeout=120)
    png = out.read_bytes()
    assert dark_pixels(png, (10, 10, 200, 36)) > 100
    assert dark_pixels(png, (10, 45, 200, 71)) > 100
    assert (tmp_path / "fresh-cache" / "fonts").is_dir()


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        ("", "cannot rasterise"),
        ("not xml at all", "cannot rasterise"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect></svg>', "rect"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>', "invalid size"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"/>', "MP limit"),
    ],
)
def test_failures_are_one_line_output_errors(svg: str, message: str, backend: str) -> None:
    with pytest.raises(OutputError, match=message) as caught:
        render_png(svg)
    assert isinstance(caught.value, CjmapError)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("scale", [0, -1, float("nan"), float("inf")])
def test_bad_scale_is_refused(scale: float) -> None:
    with pytest.raises(OutputError, match="scale"):
        render_png(sample_svg(), scale=scale)


def test_declared_size_understands_units() -> None:
    assert _declared_size('<svg width="72pt" height="1in">') == pytest.approx((96, 96))
    assert _declared_size('<svg viewBox="0 0 640 480">') == (640, 480)
    assert _declared_size('<svg width="100%" viewBox="0,0,10,20">') == (10, 20)
    assert _declared_size("<g/>") is None


def test_fallback_fonts_are_searched_only_for_characters_inter_lacks() -> None:
    from cjmap.render.png import fallback_font_dirs

    assert fallback_font_dirs("<svg><text>Café – naïve €5</text></svg>") == []
    dirs = fallback_font_dirs("<svg><text>顧客 🎉</text></svg>")
    assert all(os.path.isdir(d) for d in dirs)
    if os.path.isdir("/usr/share/fonts"):
        assert "/usr/share/fonts" in dirs
