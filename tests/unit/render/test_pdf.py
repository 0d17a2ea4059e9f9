"""SVG -> PDF: one page of the right size, real Inter text, identical bytes."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from cjmap.errors import OutputError
from cjmap.render._svg_for_pdf import MISSING_GLYPH, svg_for_pdf
from cjmap.render.pdf import PDF_MAGIC, render_pdf
from cjmap.text import default_measurer

SAMPLE = Path(__file__).with_name("sample_card.svg")
NS = "{http://www.w3.org/2000/svg}"


def sample_svg() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def page_of(pdf: bytes) -> tuple[PdfReader, object]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, reader.pages[0]


def prepared(svg: str) -> ET.Element:
    text, _, _ = svg_for_pdf(svg, default_measurer().covered_code_points())
    return ET.fromstring(text)


def wrap_svg(body: str, extra: str = "") -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" {extra}>{body}</svg>'


def test_one_page_at_96_dpi_with_the_text() -> None:
    pdf = render_pdf(sample_svg())
    assert pdf.startswith(PDF_MAGIC)
    reader, page = page_of(pdf)
    assert len(reader.pages) == 1
    box = page.mediabox  # type: ignore[attr-defined]
    assert (float(box.width), float(box.height)) == pytest.approx((400 * 0.75, 240 * 0.75))
    text = page.extract_text()  # type: ignore[attr-defined]
    for expected in ("Sign up", "Customer fills in", "the registration form"):
        assert expected in text


def test_text_is_embedded_inter_regular_and_bold() -> None:
    _, page = page_of(render_pdf(sample_svg()))
    fonts = page["/Resources"]["/Font"]  # type: ignore[index]
    names = sorted(str(font.get_object()["/BaseFont"]) for font in fonts.values())
    # fpdf2 names the subsets "<6-letter tag>+<family><style>".
    assert [re.sub(r"^/[A-Z]{6}\+", "", name) for name in names] == ["Inter", "InterBold"]


def test_two_renders_are_byte_identical_even_across_processes(tmp_path: Path) -> None:
    first = render_pdf(sample_svg())
    assert render_pdf(sample_svg()) == first
    out = tmp_path / "other.pdf"
    code = (
        "import sys, pathlib\n"
        "from cjmap.render.pdf import render_pdf\n"
        "svg = pathlib.Path(sys.argv[1]).read_text(encoding='utf-8')\n"
        "pathlib.Path(sys.argv[2]).write_bytes(render_pdf(svg))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(SAMPLE), str(out)], check=True, timeout=120)
    assert out.read_bytes() == first


def test_no_timestamps() -> None:
    reader, _ = page_of(render_pdf(sample_svg()))
    assert reader.metadata is not None
    assert str(reader.metadata["/CreationDate"]).startswith("D:20000101")


def test_sample_renders_without_fpdf_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        render_pdf(sample_svg())
    assert [r.getMessage() for r in caplog.records if r.name.startswith("fpdf")] == []


def test_what_fpdf2_would_reject_still_renders() -> None:
    svg = wrap_svg(
        "<title>t</title><style>text{font-style:italic}</style>"
        '<rect width="10" height="10" fill="rgba(255,0,0,0.5)" stroke="transparent"/>'
        '<rect x="20" width="10" height="10" fill="hsl(120, 50%, 50%)"/>'
        '<text x="5" y="50" font-family="Comic Sans MS" font-size="12px">Any family</text>'
        '<a href="https://example.com"><text x="5" y="80">Linked 日本 😀</text></a>'
    )
    _, page = page_of(render_pdf(svg))
    text = page.extract_text()  # type: ignore[attr-defined]
    assert "Any family" in text and "Linked" in text


def test_malformed_svg_is_a_one_line_output_error() -> None:
    for bad in ("", "<svg", "<html/>", wrap_svg("").replace('width="200" height="100"', "")):
        with pytest.raises(OutputError, match="cannot convert the SVG to PDF") as caught:
            render_pdf(bad)
        assert "\n" not in str(caught.value)


# The pre-pass, element by element.


def test_style_rules_are_inlined_by_specificity() -> None:
    root = prepared(
        wrap_svg(
            "<style>@font-face{font-family:'Inter';src:url(x)} rect{fill:#111} .card{fill:#222}"
            " g > .card{stroke:#333} #one{fill:#444} .lane .card{stroke-width:3px}</style>"
            '<g class="lane"><rect id="one" class="card" width="1" height="1"/>'
            '<rect class="card" width="1" height="1" style="fill:#555"/></g>'
        )
    )
    first, second = root.iter(f"{NS}rect")
    assert first.get("style") == "fill:#444;stroke:#333;stroke-width:3"
    assert second.get("style") == "fill:#555;stroke:#333;stroke-width:3"
    assert root.find(f"{NS}style") is None


def test_hidden_and_undrawable_elements_are_removed() -> None:
    root = prepared(
        wrap_svg(
            "<title>x</title><desc>y</desc><metadata/>"
            '<defs><marker id="m"><circle r="1"/></marker></defs>'
            '<rect id="gone1" display="none" width="1" height="1"/>'
            '<rect id="gone2" style="visibility:hidden" width="1" height="1"/>'
            '<g visibility="hidden"><rect id="gone3" width="1" height="1"/>'
            '<rect id="kept" visibility="visible" width="1" height="1"/></g>'
            '<path d="M0 0 L1 1" marker-end="url(#m)"/>'
        )
    )
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert not tags & {"title", "desc", "metadata", "marker"}
    ids = {el.get("id") for el in root.iter(f"{NS}rect")}
    assert ids == {"kept"}
    assert root.find(f"{NS}path").get("marker-end") is None  # type: ignore[union-attr]


def test_text_becomes_upright_inter_with_unitless_sizes() -> None:
    root = prepared(
        wrap_svg(
            '<text font-family="Georgia" style="font-style:italic;font-size:14px">'
            '<tspan font-family="Mono" font-size="12px" dy="1.5px">x</tspan></text>'
        )
    )
    text = root.find(f"{NS}text")
    assert text is not None
    assert text.get("font-family") == "Inter"
    assert text.get("style") == "font-size:14"
    tspan = text.find(f"{NS}tspan")
    assert tspan is not None
    assert tspan.get("font-family") is None
    assert (tspan.get("font-size"), tspan.get("dy")) == ("12", "1.5")


def test_colours_are_normalised() -> None:
    root = prepared(
        wrap_svg(
            '<g color="#123456">'
            '<rect fill="currentColor" stroke="transparent" width="1" height="1"/>'
            '<rect fill="rgba(255, 0, 0, 0.5)" stroke="RGB(0,0,255)" width="1" height="1"/>'
            '<rect fill="hsl(0, 100%, 50%)" width="1" height="1"/>'
            '<rect fill="url(#Grad)" stroke="Red" width="1" height="1"/>'
            '<rect fill="currentColor" color="Teal" width="1" height="1"/></g>'
        )
    )
    fills = [(r.get("fill"), r.get("stroke")) for r in root.iter(f"{NS}rect")]
    assert fills == [
        ("#123456", "none"),
        ("#ff000080", "#0000ff"),
        ("#ff0000", None),
        ("url(#Grad)", "red"),
        ("teal", None),
    ]


def test_characters_inter_lacks_become_visible_boxes() -> None:
    root = prepared(wrap_svg("<text>A日本 👩‍💻 é ❤️<tspan>😀</tspan>tail🇯🇵</text>"))
    text = root.find(f"{NS}text")
    assert text is not None
    assert text.text == f"A{MISSING_GLYPH * 2} {MISSING_GLYPH} é ❤"
    tspan = text.find(f"{NS}tspan")
    assert tspan is not None
    assert (tspan.text, tspan.tail) == (MISSING_GLYPH, f"tail{MISSING_GLYPH}")


def test_page_is_96_dpi_and_capped() -> None:
    _, width, height = svg_for_pdf(wrap_svg("", 'viewBox="0 0 200 100"'), frozenset())
    assert (width, height) == (150, 75)
    big = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40000 1000"/>'
    _, width, height = svg_for_pdf(big, frozenset())
    assert width == pytest.approx(14_400) and height == pytest.approx(360)


def test_an_svg_too_complex_for_fpdf2_is_a_clean_output_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fpdf.svg
    from fpdf.errors import FPDFSvgLimitExceeded

    def too_big(*args: object, **kwargs: object) -> None:
        raise FPDFSvgLimitExceeded("SVG complexity exceeds the configured limit (1000)")

    monkeypatch.setattr(fpdf.svg.SVGObject, "__init__", too_big)
    with pytest.raises(OutputError, match="too large for a PDF"):
        render_pdf(sample_svg())
