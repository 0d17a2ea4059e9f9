"""Raw RGBA pixels -> PNG bytes, deflated by zlib in parallel threads.

A 30-step map is a 6456 × 2000 px image, 52 MB of RGBA. Deflating that is
most of the cost of a PNG, so the rows are cut into a few bands, each
deflated by its own `zlib.compressobj` in its own thread (zlib's C code runs
without the GIL), and the pieces are joined into the *one* zlib stream that
PNG's IDAT requires:

    78 5E | band 1, raw deflate, ends with a sync flush | … | last band, final block | adler32

A sync flush ends a band on a byte boundary with no "last block" bit, so the
raw deflate streams simply concatenate; each band starts with an empty
window, which costs a few hundred bytes. The Adler-32 checksums of the bands
are combined arithmetically, as zlib's `adler32_combine` does.

Every row gets filter type 0 (None): computing PNG's predictive filters takes
a pass over every byte in Python, far slower than what they save here (the
maps are large flat areas that deflate well unfiltered). For the same reason
the alpha channel stays (colour type 6): dropping it costs 0.2 s and saves
0.04 s of deflate. The price is size: the files are about 1.5× those of
resvg's own (filtering) encoder (836 KB against 578 KB for the 30-step map;
2.0 MB against 1.3 MB for the plantly example at `--scale 2`, whose rows are
wider than deflate's 32 KB window).

With the `fast-png` extra, rows within deflate's window are deflated by
ISA-L (`isal.isal_zlib`, zlib's interface over Intel's deflate) instead: its
level 1 gives zlib level 3's size (839 against 836 KB on the 30-step map) in
13 ms of CPU instead of 78, and its Adler-32 takes 4.6 ms instead of 17.6.
Wider rows stay with zlib level 6, which finds the row above where ISA-L
cannot (2.5 MB against 1.3 MB at `--scale 2`).

The bands depend only on the image size, never on the core count, so the
bytes are the same on every machine with the same deflate library.
"""

from __future__ import annotations

import functools
import itertools
import struct
import threading
import zlib
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import NamedTuple

_isal_zlib: ModuleType | None
try:  # the fast-png extra
    from isal import isal_zlib as _isal_zlib
except ImportError:  # pragma: no cover - tested by passing `deflater=zlib`
    _isal_zlib = None

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: zlib level while a row fits deflate's 32 KB window (≤ 8,191 px), so that
#: rows repeating the one above are found. On the 30-step map (52 MB RGBA)
#: level 3 takes 0.10 s of CPU for 836 KB, level 4 0.29 s for 578 KB, level 6
#: 0.31 s for 515 KB; 1 and 2 are no faster than 3 and larger.
COMPRESSION_LEVEL = 3
#: zlib level for wider rows. The 30-step map at `--scale 2` (12,912 px wide):
#: level 3 0.49 s for 2.4 MB (1.9× resvg's 1.27 MB), level 6 1.3 s for 1.29 MB.
WIDE_COMPRESSION_LEVEL = 6
#: ISA-L level (0-3) for rows within the window; 2 is no smaller, 3 is 16× slower.
ISAL_LEVEL = 1
_WINDOW = 32 * 1024
#: rows per band, at least; small images are one band (no thread).
MIN_BAND_ROWS = 256
MAX_BANDS = 4
#: translucent pixels converted in Python at most (a 6456 × 2000 map has
#: at most 8,455 on its edges).
MAX_TRANSLUCENT = 100_000
_ADLER_BASE = 65521
# alpha byte -> 1 if translucent, 0 if opaque
_TRANSLUCENT_MARKS = bytes([1] * 255 + [0])
_COLOUR_TYPE_RGBA = 6
_FILTER_NONE = b"\x00"


def encode_png(
    rgba: bytes,
    width: int,
    height: int,
    patches: Mapping[int, list[tuple[int, bytes]]] | None = None,
    level: int | None = None,
    deflater: ModuleType | None = None,
) -> bytes:
    """Encode 8-bit straight-alpha RGBA pixels as a PNG.

    Args:
        rgba: `width * height * 4` bytes, row by row, top row first.
        width: image width in px.
        height: image height in px.
        patches: row -> [(byte offset in the row, bytes to put there)], as
            `straight_alpha_patches` returns them; a few changed pixels then
            need no copy of the whole image.
        level: compression level of `deflater` (zlib: 1 fastest … 9
            smallest; ISA-L: 0 … 3); by default `ISAL_LEVEL` with ISA-L,
            else `COMPRESSION_LEVEL`, or `WIDE_COMPRESSION_LEVEL` for rows
            wider than deflate's window.
        deflater: `zlib` or `isal.isal_zlib` (anything with their
            `compressobj` and `adler32`); by default ISA-L when it is
            installed, the rows fit deflate's window and no `level` is
            given, else zlib.

    Returns:
        The PNG file's bytes (colour type 6, 8 bits per channel, no interlace).

    Raises:
        ValueError: `rgba` has the wrong length for the size.
    """
    stride = width * 4
    if width <= 0 or height <= 0 or len(rgba) != stride * height:
        raise ValueError(f"{len(rgba)} bytes are not a {width}×{height} RGBA image")
    starts = band_starts(height)
    pieces = [_Piece(rgba, first, end, patches or {}) for first, end in itertools.pairwise(starts)]
    return _png(pieces, width, height, level, deflater)


def encode_png_strips(
    strips: Sequence[tuple[bytes, Mapping[int, list[tuple[int, bytes]]]]],
    width: int,
    level: int | None = None,
    deflater: ModuleType | None = None,
) -> bytes:
    """Encode an image given as horizontal strips, top strip first, as one PNG.

    Each strip is deflated as one band (in its own thread), so the strips
    never need to be joined into one buffer.

    Args:
        strips: (RGBA rows of `width` px, their patches as in `encode_png`,
            by row number within the strip).
        width: image width in px.
        level: as in `encode_png`.
        deflater: as in `encode_png`.

    Returns:
        The PNG file's bytes.

    Raises:
        ValueError: no strips, or a strip is not a whole number of rows.
    """
    stride = width * 4
    if width <= 0 or not strips or any(not s or len(s) % stride for s, _ in strips):
        raise ValueError(f"the strips are not rows of a {width} px wide RGBA image")
    pieces = [_Piece(rgba, 0, len(rgba) // stride, patches) for rgba, patches in strips]
    return _png(pieces, width, sum(p.end for p in pieces), level, deflater)


class _Piece(NamedTuple):
    """Rows `first` to `end` (exclusive) of `rgba`, deflated as one band."""

    rgba: bytes
    first: int
    end: int
    patches: Mapping[int, list[tuple[int, bytes]]]


def _png(
    pieces: list[_Piece], width: int, height: int, level: int | None, deflater: ModuleType | None
) -> bytes:
    stride = width * 4
    narrow = stride < _WINDOW
    if deflater is None:
        deflater = _isal_zlib if _isal_zlib is not None and narrow and level is None else zlib
    if level is None:
        if deflater is not zlib:
            level = ISAL_LEVEL
        else:
            level = COMPRESSION_LEVEL if narrow else WIDE_COMPRESSION_LEVEL
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPE_RGBA, 0, 0, 0)
    idat = _zlib_stream(pieces, stride, level, deflater)
    return b"".join(
        (
            PNG_SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", idat),
            _chunk(b"IEND", b""),
        )
    )


def straight_alpha_patches(
    rgba: bytes,
    width: int,
    max_translucent: int = MAX_TRANSLUCENT,
    opaque_inside: bool = False,
) -> dict[int, list[tuple[int, bytes]]] | None:
    """Where premultiplied RGBA (resvg's pixmap) differs from straight RGBA.

    PNG stores straight alpha. Opaque pixels are the same either way, and a
    map is opaque but for its last row or column when its zoomed size has a
    fraction ≥ 0.5 (resvg rounds it up). So only the translucent pixels are
    converted, with tiny-skia's own formula (its `demultiply`), which makes
    the PNG identical to resvg's.

    Args:
        rgba: premultiplied RGBA bytes.
        width: image width in px.
        max_translucent: give up (return None) past this many translucent
            pixels, which Python converts at about half a million a second.
        opaque_inside: the caller knows that an opaque rectangle from (0, 0)
            covers the image, so that only the last row and column can be
            translucent (partly covered): only those are looked at. Finding the
            translucent pixels of a whole 6456 × 2000 image takes ~40 ms.

    Returns:
        Row -> [(byte offset in the row, the pixel's straight R, G, B)], for
        `encode_png`'s `patches`; {} when every pixel is opaque; None when
        there are too many translucent pixels.
    """
    stride = width * 4
    if opaque_inside:
        last_row = len(rgba) // stride - 1
        column = rgba[stride - 1 :: stride]  # alpha of each row's last pixel
        row = rgba[last_row * stride + 3 :: 4]  # alpha of the last row
        found = [r * width + width - 1 for r, a in enumerate(column) if a != 255]
        found += [last_row * width + c for c, a in enumerate(row[:-1]) if a != 255]
        pixels = sorted(found)
    else:
        alpha = rgba[3::4]
        translucent = len(alpha) - alpha.count(255)
        if translucent == 0:
            return {}
        if translucent > max_translucent:
            return None
        marks = alpha.translate(_TRANSLUCENT_MARKS)
        pixels = []
        pixel = marks.find(1)
        while pixel >= 0:
            pixels.append(pixel)
            pixel = marks.find(1, pixel + 1)
    if len(pixels) > max_translucent:
        return None
    patches: dict[int, list[tuple[int, bytes]]] = {}
    for pixel in pixels:
        row_number, column_number = divmod(pixel, width)
        start = pixel * 4
        colour = rgba[start : start + 3].translate(_demultiply_table(rgba[start + 3]))
        patches.setdefault(row_number, []).append((column_number * 4, colour))
    return patches


@functools.cache
def _demultiply_table(alpha: int) -> bytes:
    # tiny-skia: (c as f64 / (a as f64 / 255.0) + 0.5) as u8, where `as u8`
    # saturates and turns 0/0 (a transparent pixel) into 0.
    if alpha == 0:
        return bytes(256)
    factor = alpha / 255.0
    return bytes(min(int(c / factor + 0.5), 255) for c in range(256))


def band_starts(height: int) -> list[int]:
    """First row of each band the image is deflated in (plus `height` at the end).

    Args:
        height: image height in rows.

    Returns:
        Ascending row numbers, starting with 0 and ending with `height`.
    """
    bands = max(1, min(MAX_BANDS, height // MIN_BAND_ROWS))
    return [height * k // bands for k in range(bands + 1)]


def _zlib_stream(pieces: list[_Piece], stride: int, level: int, deflater: ModuleType) -> bytes:
    results: list[tuple[bytes, int, int]] = [(b"", 1, 0)] * len(pieces)
    errors: list[BaseException] = []
    last = len(pieces) - 1

    def deflate_band(index: int) -> None:
        try:
            results[index] = _deflate_rows(pieces[index], stride, level, deflater, index == last)
        except BaseException as exc:  # re-raised in the calling thread below
            errors.append(exc)

    threads = [threading.Thread(target=deflate_band, args=(i,)) for i in range(1, len(pieces))]
    for thread in threads:
        thread.start()
    deflate_band(0)  # the calling thread does the first band itself
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    checksum = 1
    for _, band_adler, band_length in results:
        checksum = _adler32_combine(checksum, band_adler, band_length)
    return b"".join(
        (_zlib_header(level), *(data for data, _, _ in results), struct.pack(">I", checksum))
    )


def _deflate_rows(
    piece: _Piece, stride: int, level: int, deflater: ModuleType, final: bool
) -> tuple[bytes, int, int]:
    # Raw deflate (wbits -15): the zlib header and trailer are written once
    # for the whole stream. Feeding row by row avoids copying 52 MB just to
    # put a filter byte in front of every row.
    compressor = deflater.compressobj(level, zlib.DEFLATED, -15)
    adler32 = deflater.adler32
    view = memoryview(piece.rgba)
    patches = piece.patches
    patched = bytearray(stride)  # a patched row is copied here (compress copies it in turn)
    parts = []
    adler = 1
    for row in range(piece.first, piece.end):
        pixels: memoryview | bytearray = view[row * stride : (row + 1) * stride]
        if row in patches:
            patched[:] = pixels
            for offset, data in patches[row]:
                patched[offset : offset + len(data)] = data
            pixels = patched
        parts.append(compressor.compress(_FILTER_NONE))
        parts.append(compressor.compress(pixels))
        adler = adler32(pixels, adler32(_FILTER_NONE, adler))
    parts.append(compressor.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH))
    return b"".join(parts), adler, (piece.end - piece.first) * (stride + 1)


def _adler32_combine(adler1: int, adler2: int, length2: int) -> int:
    # Adler-32 of A+B from those of A and B: the low sums add (each started
    # at 1), and each of B's bytes also carried A's low sum into the high sum.
    low1, high1 = adler1 & 0xFFFF, adler1 >> 16
    low2, high2 = adler2 & 0xFFFF, adler2 >> 16
    low = (low1 + low2 - 1) % _ADLER_BASE
    high = (high1 + high2 + length2 * (low1 - 1)) % _ADLER_BASE
    return (high << 16) | low


def _zlib_header(level: int) -> bytes:
    # CMF 0x78: deflate with a 32 KB window. FLG: the level hint (as zlib
    # writes it), then check bits making the 16-bit header a multiple of 31.
    cmf = 0x78
    flevel = 0 if level < 2 else 1 if level < 6 else 2 if level == 6 else 3
    flg = flevel << 6
    flg += (31 - (cmf * 256 + flg) % 31) % 31
    return bytes((cmf, flg))


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(kind))
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
