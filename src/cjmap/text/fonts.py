"""The Inter font files every stage measures, rasterises and embeds with.

Inter comes from the `fontpkg-inter` wheel as one variable font
(`Inter[opsz,wght].ttf`). Nothing reads variable fonts the same way (fpdf2
cannot at all, resvg picks the default instance), so on first use we derive two
static instances, Regular (wght 400) and Bold (wght 700), both at opsz 14, and
cache them per user:

    $CJMAP_CACHE_DIR/fonts/            if set, else
    $XDG_CACHE_HOME/cjmap/fonts/       if set, else
    ~/.cache/cjmap/fonts/
        Inter-Regular-<key>.ttf        key: FONT_CACHE_VERSION, and the CRC-32
        Inter-Bold-<key>.ttf                and size of the source font

HarfBuzz's subsetter instances a face in ~40 ms (pinning every axis, keeping
every glyph, table and layout feature); fontTools' instancer takes ~9 s and is
only the fallback for a uharfbuzz without `pin_axis_location`. Both give the
same glyphs and advances (fontTools rounds 27 of 2,933 Bold advances 1/2048 em
differently). The instances are then renamed so the Bold one says
`Inter`/`Bold`/weight 700: resvg picks a face by family name plus OS/2 weight.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from cjmap._record import Record
from cjmap.errors import CjmapError

#: Bump when the way instances are made changes, so stale caches are ignored.
FONT_CACHE_VERSION = 1
FAMILY = "Inter"
OPTICAL_SIZE = 14  # opsz axis; Inter's text cut, what browsers use at 11-16 px
_WEIGHT_BY_STYLE = {"Regular": 400, "Bold": 700}
_SOURCE_NAME = "Inter[opsz,wght].ttf"
_TRUETYPE_MAGIC = b"\x00\x01\x00\x00"


@dataclass(frozen=True, eq=False, repr=False)
class FontFiles(Record):
    """Paths of the static Inter instances.

    Attributes:
        regular: Inter Regular (weight 400) TTF.
        bold: Inter Bold (weight 700) TTF.
    """

    regular: Path
    bold: Path

    def for_weight(self, bold: bool) -> Path:
        """Return the bold or the regular face.

        Args:
            bold: True for the Bold face.

        Returns:
            The path of that face.
        """
        return self.bold if bold else self.regular


@functools.cache
def font_files() -> FontFiles:
    """Return the static Inter Regular/Bold files, making them on first use.

    The first call in a fresh cache takes about 0.1 s (uharfbuzz) or about
    18 s (fontTools fallback); later calls read the cache. Concurrent processes
    are safe: each writes a temporary file and renames it into place.

    Returns:
        The two font files.

    Raises:
        CjmapError: the `fontpkg-inter` package is missing or its font
            unreadable, or neither the cache nor a temp dir is writable.
    """
    source = _source_font()
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise CjmapError(f"cannot read the Inter font {source}: {exc.strerror}") from exc
    # CRC-32 and size tell fontpkg-inter's releases apart as well as a SHA-256
    # would, without importing hashlib (~4 ms of every run, for OpenSSL).
    key = f"v{FONT_CACHE_VERSION}-{zlib.crc32(data):08x}-{len(data):x}"
    try:
        return _files_in(font_cache_dir(), data, key)
    except (OSError, RuntimeError):  # RuntimeError: Path.home() without a home
        pass
    # Read-only home, full disk, sandbox: a private per-process directory
    # still works, it just costs the instancing time on every run.
    try:
        return _files_in(_private_temp_dir(), data, key)
    except OSError as exc:
        raise CjmapError(f"cannot write the Inter font instances anywhere: {exc}") from exc


def font_license() -> Path | None:
    """Return Inter's SIL Open Font License text shipped with `fontpkg-inter`.

    Returns:
        The path of the licence file, or None if the package has none.
    """
    try:
        import fontpkg_inter
    except ImportError:
        return None
    path = Path(fontpkg_inter.ROOT) / "LICENSE"
    return path if path.is_file() else None


def font_cache_dir() -> Path:
    """Return the directory where the font instances are cached.

    Returns:
        `$CJMAP_CACHE_DIR/fonts`, else `$XDG_CACHE_HOME/cjmap/fonts`, else
        `~/.cache/cjmap/fonts` (it may not exist yet).
    """
    return _cache_root() / "fonts"


def _source_font() -> Path:
    try:
        import fontpkg_inter
    except ImportError as exc:
        raise CjmapError(
            "the Inter font package is missing; reinstall cjmap (pip install fontpkg-inter)"
        ) from exc
    path = Path(fontpkg_inter.ROOT) / "files" / _SOURCE_NAME
    if not path.is_file():
        raise CjmapError(f"the Inter font is missing from fontpkg-inter: {path}")
    return path


def _cache_root() -> Path:
    explicit = os.environ.get("CJMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    # The XDG spec says to ignore a relative value.
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "cjmap"
    return Path.home() / ".cache" / "cjmap"


@functools.cache
def _private_temp_dir() -> Path:
    import atexit
    import shutil
    import tempfile

    # mkdtemp is 0700 and unique, so no other user can swap a font in.
    path = Path(tempfile.mkdtemp(prefix="cjmap-fonts-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _files_in(directory: Path, source: bytes, key: str) -> FontFiles:
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for style, weight in _WEIGHT_BY_STYLE.items():
        path = directory / f"{FAMILY}-{style}-{key}.ttf"
        if not _looks_valid(path):
            _write_atomically(path, _make_instance(source, style, weight))
        paths[style] = path
    return FontFiles(regular=paths["Regular"], bold=paths["Bold"])


def _looks_valid(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(4)
            size = f.seek(0, os.SEEK_END)
    except OSError:
        return False
    return head == _TRUETYPE_MAGIC and size > 10_000


def _write_atomically(path: Path, data: bytes) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a font is not a secret
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _make_instance(source: bytes, style: str, weight: int) -> bytes:
    try:
        data = _instance_with_harfbuzz(source, weight)
    except (ImportError, AttributeError, RuntimeError):
        data = _instance_with_fonttools(source, weight)
    return _rename_style(data, style, weight)


def _instance_with_harfbuzz(source: bytes, weight: int) -> bytes:
    import uharfbuzz as hb

    face = hb.Face(hb.Blob(source))
    subset_input = hb.SubsetInput()
    # Every glyph, code point, table and layout feature (kern, liga, ...):
    # an instance, not a subset.
    subset_input.keep_everything()
    pinned = subset_input.pin_axis_location(face, "wght", weight) and (
        subset_input.pin_axis_location(face, "opsz", OPTICAL_SIZE)
    )
    if not pinned:
        raise RuntimeError("uharfbuzz could not pin the Inter axes")
    result = hb.subset(face, subset_input)
    if result is None:
        raise RuntimeError("uharfbuzz could not instance Inter")
    data = bytes(result.blob.data)
    if not data.startswith(_TRUETYPE_MAGIC):
        raise RuntimeError("uharfbuzz produced an invalid Inter instance")
    return data


def _instance_with_fonttools(source: bytes, weight: int) -> bytes:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = instancer.instantiateVariableFont(
        TTFont(io.BytesIO(source)), {"wght": weight, "opsz": OPTICAL_SIZE}
    )
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rename_style(data: bytes, style: str, weight: int) -> bytes:
    from fontTools.ttLib import TTFont

    # lazy=True plus no recalculation: only name, OS/2 and head are decompiled,
    # glyf/GPOS are copied through as bytes (~30 ms instead of ~1 s), and the
    # head timestamp stays the source's, so the bytes are reproducible.
    font = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 16, 17, 21, 22, 25):
            name.removeNames(nameID=record.nameID)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName(style, 2, 3, 1, 0x409)
    name.setName(f"{FAMILY} {style}", 4, 3, 1, 0x409)
    name.setName(f"{FAMILY}-{style}", 6, 3, 1, 0x409)
    version = name.getDebugName(5) or "Version ?"
    name.setName(f"{version};{FAMILY}-{style};cjmap-{FONT_CACHE_VERSION}", 3, 3, 1, 0x409)
    os2 = font["OS/2"]
    os2.usWeightClass = weight
    is_bold = weight >= 700
    # fsSelection bit 5 = BOLD, bit 6 = REGULAR; head.macStyle bit 0 = bold.
    os2.fsSelection = (os2.fsSelection & ~0b110_0001) | (0b10_0000 if is_bold else 0b100_0000)
    font["head"].macStyle = (font["head"].macStyle & ~1) | (1 if is_bold else 0)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
