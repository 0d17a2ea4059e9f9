"""Stage 1: a map file's bytes -> plain data plus where every value came from.

In: a path. Out: `SourceDocument(path, data, source_map)`, with the files
named under `include:` merged in. Every problem is a `Diagnostic`; problems
that stop loading are raised together as one `InvalidMap`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from cjmap.errors import Diagnostic, InvalidMap, Limits, UsageError
from cjmap.load.source_map import Position, SourceMap, format_path
from cjmap.load.yaml_safe import YamlFailure, parse_yaml

__all__ = [
    "DEFAULT_LIMITS",
    "INCLUDABLE_KEYS",
    "SourceDocument",
    "decode_text",
    "included_paths",
    "load_document",
    "load_text",
]

DEFAULT_LIMITS = Limits()
INCLUDABLE_KEYS = ("personas", "phases", "kpis")


@dataclass
class SourceDocument:
    """A loaded map: plain data, positions, and the files it was read from."""

    path: str
    data: dict[str, Any]
    source_map: SourceMap
    files: list[str] = field(default_factory=list)
    lines_by_file: dict[str, list[str]] = field(default_factory=dict)


def load_document(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """Read a map file (and the files it includes) into a `SourceDocument`.

    Args:
        path: the map file.
        limits: size, depth and alias limits.

    Returns:
        The merged document.

    Raises:
        UsageError: the path does not exist or is a directory.
        InvalidMap: anything wrong with the content, positioned.
    """
    name = os.fspath(path)
    fs = FsPath(name)
    if not fs.exists():
        raise UsageError(f"{name}: no such file")
    if fs.is_dir():
        raise UsageError(f"{name}: is a directory, not a map file")
    doc = _load_one(name, limits, None)
    lines = dict(doc.lines_by_file)
    _merge_includes(doc, limits, [], lines, 0)
    doc.lines_by_file = lines
    return doc


def included_paths(
    path: str, limits: Limits = DEFAULT_LIMITS, raw: bytes | None = None
) -> list[str]:
    """The files a map (or an included file) names under `include:`, resolved, not read.

    For finding the maps a shared file reaches, without loading those maps.

    Args:
        path: the map or included file.
        limits: size, depth and alias limits.
        raw: the file's bytes, when the caller has read them already.

    Returns:
        Each entry joined to the file's folder, in order; [] without an `include` list.

    Raises:
        InvalidMap: the file cannot be read or parsed.
    """
    if raw is None or len(raw) > limits.max_file_bytes:
        text = _read(path, limits, None)  # (bytes over the limit: _read says so, positioned)
    else:
        text = decode_text(raw, path)
    data, _ = _parse(text, path, limits)
    includes = data.get("include")
    if not isinstance(includes, list):
        return []
    base = FsPath(path).parent
    return [_include_target(base, entry) for entry in includes if isinstance(entry, str)]


def _include_target(base: FsPath, entry: str) -> str:
    # Paths under `include:` are relative to the including file.
    return os.path.normpath(os.path.join(base, entry))


def load_text(text: str, file: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """Parse map text that is already in memory (no includes are followed)."""
    data, source_map = _parse(text, file, limits)
    return SourceDocument(file, data, source_map, [file], {file: text.splitlines()})


def decode_text(raw: bytes, file: str) -> str:
    """Decode a map file's bytes: UTF-8 (BOM allowed) or UTF-16 with BOM.

    Raises:
        InvalidMap: invalid UTF-8 or a NUL byte, positioned at the bad byte.
    """
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise InvalidMap(
            [
                Diagnostic(
                    file,
                    line,
                    col,
                    "encoding",
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    hint="save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
                )
            ]
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _line_col(text.encode("utf-8"), len(text[:nul].encode("utf-8")))
        raise InvalidMap(
            [
                Diagnostic(
                    file,
                    line,
                    col,
                    "encoding",
                    "the file contains a NUL byte; is it a binary file?",
                )
            ]
        )
    return text


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _read(name: str, limits: Limits, included_at: Position | None) -> str:
    def fail(code: str, message: str, hint: str | None = None) -> InvalidMap:
        if included_at is None:
            return InvalidMap([Diagnostic(name, None, None, code, message, hint=hint)])
        return InvalidMap(
            [
                Diagnostic(
                    included_at.file,
                    included_at.line,
                    included_at.column,
                    code,
                    message,
                    hint=hint,
                )
            ]
        )

    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise fail("include-missing", f"included file `{name}` does not exist") from None
    except OSError as exc:
        raise fail("read-error", f"cannot read `{name}`: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail("include-directory", f"`{name}` is a directory, not a map file")
    if included_at is not None and not stat.S_ISREG(info.st_mode):
        # A pipe or device named by `include:` could block or never end.
        raise fail("read-error", f"`{name}` is not a regular file")

    def too_big() -> InvalidMap:
        return fail(
            "limit-file-size",
            f"`{name}` is larger than the limit of {limits.max_file_bytes // 1_048_576} MB "
            "per map file",
            "split the map into several files with `include:`",
        )

    if info.st_size > limits.max_file_bytes:
        raise too_big()
    try:
        with open(name, "rb") as fh:
            raw = fh.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise fail("read-error", f"cannot read `{name}`: {exc.strerror}") from None
    if len(raw) > limits.max_file_bytes:  # a pipe, or a file that grew meanwhile
        raise too_big()
    return decode_text(raw, name)


def _parse(
    text: str, file: str, limits: Limits, included: bool = False
) -> tuple[dict[str, Any], SourceMap]:
    try:
        data, source_map = parse_yaml(text, file, limits)
    except YamlFailure as failure:
        raise InvalidMap([failure.diagnostic]) from None
    if data is None:
        if included:
            message = "the included file is empty; it should hold `personas`, `phases` or `kpis`"
            hint = None
        else:
            message = (
                "the file is empty (or only comments); a map needs at least "
                "`cjmap: 1`, a `title` and `phases`"
            )
            hint = "run `cjmap init` to write a starter map"
        raise InvalidMap([Diagnostic(file, 1, 1, "empty-file", message, hint=hint)])
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        pos = source_map.value(())
        expected = "personas, phases, kpis" if included else "cjmap, title, phases, …"
        raise InvalidMap(
            [
                Diagnostic(
                    file,
                    pos.line if pos else 1,
                    pos.column if pos else 1,
                    "wrong-type",
                    f"the top level of a map file must be a mapping of keys ({expected}), "
                    f"not {kind}",
                )
            ]
        )
    return data, source_map


def _load_one(name: str, limits: Limits, included_at: Position | None) -> SourceDocument:
    text = _read(name, limits, included_at)
    data, source_map = _parse(text, name, limits, included=included_at is not None)
    return SourceDocument(name, data, source_map, [name], {name: text.splitlines()})


def _merge_includes(
    doc: SourceDocument,
    limits: Limits,
    chain: list[str],
    lines: dict[str, list[str]],
    depth: int,
) -> None:
    """Prepend the lists of each included file (in order) to the document's own."""
    includes = doc.data.get("include")
    if not isinstance(includes, list):
        return  # absent, or a wrong type that the model reports with its position
    chain = chain or [os.path.realpath(doc.path)]  # resolved only when there are includes
    base = FsPath(doc.path).parent
    merged: dict[str, list[Any]] = {key: [] for key in INCLUDABLE_KEYS}
    merged_map = SourceMap()
    diagnostics: list[Diagnostic] = []
    for i, entry in enumerate(includes):
        at = doc.source_map.value(("include", i)) or Position(doc.path, 1, 1)
        if not isinstance(entry, str):
            continue  # wrong type: reported by the model
        target = _include_target(base, entry)
        real = os.path.realpath(target)
        if real in chain:
            cycle = " -> ".join([*(os.path.basename(c) for c in chain), os.path.basename(real)])
            diagnostics.append(
                Diagnostic(
                    at.file,
                    at.line,
                    at.column,
                    "include-cycle",
                    f"`{entry}` is already being included ({cycle})",
                    hint="remove one of the includes that close the loop",
                )
            )
            continue
        if depth + 1 > limits.max_include_depth:
            diagnostics.append(
                Diagnostic(
                    at.file,
                    at.line,
                    at.column,
                    "limit-include-depth",
                    f"includes are nested deeper than {limits.max_include_depth} files",
                )
            )
            continue
        try:
            child = _load_one(target, limits, at)
            lines.update(child.lines_by_file)
            _merge_includes(child, limits, [*chain, real], lines, depth + 1)
        except InvalidMap as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        diagnostics.extend(_unincludable_keys(child))
        for key in INCLUDABLE_KEYS:
            items = child.data.get(key)
            if not isinstance(items, list):
                continue
            offset = len(merged[key])
            for j in range(len(items)):
                merged_map.update(child.source_map.rebased((key, j), (key, offset + j)))
            merged[key].extend(items)
        doc.files.extend(f for f in child.files if f not in doc.files)
    if diagnostics:
        raise InvalidMap(diagnostics)
    for key in INCLUDABLE_KEYS:
        if not merged[key]:
            continue
        own = doc.data.get(key)
        if own is not None and not isinstance(own, list):
            continue  # wrong type: reported by the model
        own_list = own or []
        shift = len(merged[key])
        shifted = doc.source_map.rebased((key,), (key,))
        for path in [p for p in doc.source_map.values if p[:1] == (key,) and len(p) > 1]:
            del doc.source_map.values[path]
        for path in [p for p in doc.source_map.keys if p[:1] == (key,) and len(p) > 1]:
            del doc.source_map.keys[path]
        for table_src, table_dst in (
            (shifted.values, doc.source_map.values),
            (shifted.keys, doc.source_map.keys),
        ):
            for path, pos in table_src.items():
                if len(path) > 1 and isinstance(path[1], int):
                    table_dst[(key, path[1] + shift, *path[2:])] = pos
        doc.source_map.update(merged_map.rebased((key,), (key,)))
        doc.data[key] = merged[key] + own_list
        include_at = doc.source_map.value(("include",))
        if own is None and include_at is not None:
            doc.source_map.values[(key,)] = include_at


def _unincludable_keys(child: SourceDocument) -> list[Diagnostic]:
    out = []
    for key in child.data:
        if key in INCLUDABLE_KEYS or key in ("cjmap", "include"):
            continue
        pos = child.source_map.key((key,))
        out.append(
            Diagnostic(
                child.path,
                pos.line if pos else None,
                pos.column if pos else None,
                "include-key",
                f"an included file may only hold {', '.join(INCLUDABLE_KEYS)}; "
                f"`{key}` would be ignored",
                loc=format_path((key,)),
            )
        )
    return out
