"""The PNG encoder: valid files whose pixels are exactly the ones given."""

from __future__ import annotations

import io
import itertools
import struct
import zlib
from types import ModuleType

import pytest
from PIL import Image

from cjmap.render._png_encode import (
    PNG_SIGNATURE,
    _adler32_combine,
    _zlib_header,
    band_starts,
    encode_png,
    encode_png_strips,
    straight_alpha_patches,
)


@pytest.fixture(params=["zlib", "isal"])
def deflater(request: pytest.FixtureRequest) -> ModuleType:
    """Each deflate library the encoder can use (ISA-L comes with the fast-png extra)."""
    if request.param == "isal":
        return pytest.importorskip("isal.isal_zlib")
    return zlib


def pattern(width: int, height: int, alpha: int = 255) -> bytes:
    # Rows that differ from each other (and repeat), so deflate has real work.
    return bytes(
        value
        for y in range(height)
        for x in range(width)
        for value in ((x * 7 + y) % 256, (x ^ y) % 256, (y * 3) % 256, alpha)
    )


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png.startswith(PNG_SIGNATURE)
    found, offset = [], len(PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, data = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        found.append((kind, data))
        offset += 12 + length
    return found


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 2), (17, 255), (5, 300), (9, 1030)])
def test_decoded_pixels_are_the_pixels_given(width: int, height: int, deflater: ModuleType) -> None:
    rgba = pattern(width, height)
    image = Image.open(io.BytesIO(encode_png(rgba, width, height, deflater=deflater)))
    assert (image.mode, image.size) == ("RGBA", (width, height))
    assert image.tobytes() == rgba


def test_the_file_is_one_ihdr_one_zlib_stream_and_iend(deflater: ModuleType) -> None:
    width, height = 9, 1030  # four bands, joined into one stream
    rgba = pattern(width, height)
    found = chunks(encode_png(rgba, width, height, deflater=deflater))
    assert [kind for kind, _ in found] == [b"IHDR", b"IDAT", b"IEND"]
    assert struct.unpack(">IIBBBBB", found[0][1]) == (width, height, 8, 6, 0, 0, 0)
    # zlib.decompress checks the header and the combined Adler-32 trailer.
    raw = zlib.decompress(found[1][1])
    stride = width * 4
    assert raw == b"".join(b"\x00" + rgba[y * stride : (y + 1) * stride] for y in range(height))


def test_the_same_pixels_give_the_same_bytes() -> None:
    rgba = pattern(40, 700)
    assert encode_png(rgba, 40, 700) == encode_png(bytes(rgba), 40, 700)


def test_any_level_decodes_to_the_same_pixels(deflater: ModuleType) -> None:
    rgba = pattern(30, 600)
    for level in (0, 1, 3, 6, 9) if deflater is zlib else (0, 1, 2, 3):  # ISA-L: 0-3
        png = encode_png(rgba, 30, 600, level=level, deflater=deflater)
        assert Image.open(io.BytesIO(png)).tobytes() == rgba, level


def test_a_buffer_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="2×2"):
        encode_png(bytes(15), 2, 2)


@pytest.mark.parametrize("height", [1, 255, 256, 511, 512, 1030, 100_000])
def test_bands_cover_every_row_once(height: int) -> None:
    starts = band_starts(height)
    assert starts[0] == 0 and starts[-1] == height
    assert all(a < b for a, b in itertools.pairwise(starts))
    assert 1 <= len(starts) - 1 <= 4
    assert (len(starts) == 2) == (height < 512)


@pytest.mark.parametrize("cut", [0, 1, 1000, 65_521, 99_999])
def test_adler32_of_two_parts_combines_to_that_of_the_whole(cut: int) -> None:
    data = bytes(range(256)) * 400 + b"\xff" * 65_600
    first, second = data[:cut], data[cut:]
    combined = _adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
    assert combined == zlib.adler32(data)


@pytest.mark.parametrize("level", range(1, 10))
def test_zlib_header_is_the_one_zlib_writes(level: int) -> None:
    assert _zlib_header(level) == zlib.compress(b"x", level)[:2]


def test_an_opaque_image_needs_no_patches() -> None:
    assert straight_alpha_patches(pattern(8, 8), 8) == {}


def test_translucent_pixels_are_demultiplied_as_tiny_skia_does() -> None:
    # 2 × 2 px: opaque, half-covered grey, fully transparent, 1/255 alpha.
    rgba = bytes([10, 20, 30, 255, 64, 32, 0, 128, 0, 0, 0, 0, 1, 0, 1, 1])
    patches = straight_alpha_patches(rgba, 2)
    # (c / (a / 255) + 0.5) truncated, saturating at 255; 0/0 gives 0
    half = [int(c / (128 / 255) + 0.5) for c in (64, 32, 0)]
    assert patches == {0: [(4, bytes(half))], 1: [(0, bytes(3)), (4, bytes([255, 0, 255]))]}
    image = Image.open(io.BytesIO(encode_png(rgba, 2, 2, patches)))
    assert image.tobytes() == bytes([10, 20, 30, 255, *half, 128, 0, 0, 0, 0, 255, 0, 255, 1])


def test_too_many_translucent_pixels_are_left_to_resvg() -> None:
    rgba = pattern(10, 10, alpha=200)
    assert straight_alpha_patches(rgba, 10, max_translucent=99) is None
    assert len(straight_alpha_patches(rgba, 10, max_translucent=100) or {}) == 10


def test_patches_change_only_their_pixels(deflater: ModuleType) -> None:
    width, height = 6, 700
    rgba = pattern(width, height)
    patches = {0: [(0, b"\x01\x02\x03")], 699: [(20, b"\x09\x08\x07")]}
    png = encode_png(rgba, width, height, patches, deflater=deflater)
    decoded = Image.open(io.BytesIO(png)).tobytes()
    expected = bytearray(rgba)
    expected[0:3] = b"\x01\x02\x03"
    expected[699 * width * 4 + 20 : 699 * width * 4 + 23] = b"\x09\x08\x07"
    assert decoded == bytes(expected)


@pytest.mark.parametrize(("width", "header"), [(8191, b"\x78\x5e"), (8192, b"\x78\x9c")])
def test_rows_wider_than_deflates_window_get_a_stronger_level(width: int, header: bytes) -> None:
    # Level 3 finds little once the row above is out of deflate's 32 KB reach.
    png = encode_png(bytes(width * 4 * 2), width, 2, deflater=zlib)
    assert dict(chunks(png))[b"IDAT"][:2] == header


@pytest.mark.parametrize(("width", "header"), [(8191, b"\x78\x01"), (8192, b"\x78\x9c")])
def test_isal_deflates_rows_within_the_window_and_zlib_wider_ones(
    width: int, header: bytes
) -> None:
    # 78 01: ISA-L level 1 (the fastest hint); 78 9C: zlib level 6, which finds
    # the row above across a wide row where ISA-L would not.
    pytest.importorskip("isal.isal_zlib")
    assert dict(chunks(encode_png(bytes(width * 4 * 2), width, 2)))[b"IDAT"][:2] == header


@pytest.mark.parametrize("heights", [[1], [3, 4], [300, 301], [2, 1, 5]])
def test_strips_encode_as_one_image_with_their_own_patches(
    heights: list[int], deflater: ModuleType
) -> None:
    # Each strip brings its own rows and patches (row numbers within the strip);
    # the PNG is the strips stacked, zlib stream and checksum whole.
    width = 6
    rgba = pattern(width, sum(heights))
    strips = []
    expected = bytearray(rgba)
    top = 0
    for height in heights:
        strip = rgba[top * width * 4 : (top + height) * width * 4]
        last = height - 1
        strips.append((strip, {last: [(4, b"\x01\x02\x03")]}))
        expected[(top + last) * width * 4 + 4 : (top + last) * width * 4 + 7] = b"\x01\x02\x03"
        top += height
    png = encode_png_strips(strips, width, deflater=deflater)
    idat = b"".join(data for kind, data in chunks(png) if kind == b"IDAT")
    zlib.decompress(idat)  # one valid stream, Adler-32 and all
    image = Image.open(io.BytesIO(png))
    assert image.size == (width, sum(heights))
    assert image.tobytes() == bytes(expected)


@pytest.mark.parametrize("strips", [[], [(b"", {})], [(bytes(24), {}), (bytes(20), {})]])
def test_strips_must_be_whole_rows(
    strips: list[tuple[bytes, dict[int, list[tuple[int, bytes]]]]],
) -> None:
    with pytest.raises(ValueError, match="rows of a 6 px wide"):
        encode_png_strips(strips, 6)
