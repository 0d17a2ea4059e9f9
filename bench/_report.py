"""bench/results.md from the measurements: machine, tools, targets, tables and the curve."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from _timing import Result

MB = 1_000_000  # the targets say MB; peak RSS is measured in KiB

# (label, key prefix) of the series in the time-vs-steps table and chart
SERIES = (
    ("validate", "validate"),
    ("SVG", "svg"),
    ("PNG", "png"),
    ("PDF", "pdf"),
    ("HTML", "html"),
    ("flow", "flow"),
    ("mmdc SVG", "mmdc-svg"),
    ("mmdc PNG", "mmdc-png"),
    ("check-jsonschema", "cjs"),
)
CJMAP_SERIES = ("validate", "svg", "png", "pdf", "html", "flow")
MARKS = {"validate": "V", "svg": "S", "png": "P", "pdf": "D", "html": "H", "flow": "F"}
MARKS |= {"mmdc-svg": "M", "mmdc-png": "m", "cjs": "J"}


@dataclass(frozen=True)
class Target:
    """One benchmark line of an issue, checked against the results."""

    issue: str
    text: str
    check: Callable[[dict[str, Result]], tuple[str, str]]  # -> (measured, PASS/MISS/n/a)


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_mem(kib: int | None) -> str:
    return "—" if kib is None else f"{kib * 1024 / MB:.0f} MB"


def _why(r: Result | None) -> str:
    if r is None:
        return "not measured"
    return r.status if r.status != "ok" else "no timing"


def _limit(key: str, seconds: float) -> Callable[[dict[str, Result]], tuple[str, str]]:
    def check(res: dict[str, Result]) -> tuple[str, str]:
        r = res.get(key)
        if r is None or r.median is None:
            return _why(r), "n/a"
        return fmt_time(r.median), "PASS" if r.median < seconds else "MISS"

    return check


def _memory(key: str, megabytes: float) -> Callable[[dict[str, Result]], tuple[str, str]]:
    def check(res: dict[str, Result]) -> tuple[str, str]:
        r = res.get(key)
        if r is None or r.peak_kib is None or r.status != "ok":
            return _why(r), "n/a"
        return fmt_mem(r.peak_kib), "PASS" if r.peak_kib * 1024 <= megabytes * MB else "MISS"

    return check


def _faster(slow: str, fast: str, factor: float) -> Callable[[dict[str, Result]], tuple[str, str]]:
    def check(res: dict[str, Result]) -> tuple[str, str]:
        a, b = res.get(slow), res.get(fast)
        if a is None or b is None or a.median is None or b.median is None:
            missing = a if a is None or a.median is None else b
            return f"{_why(missing)} ({slow if missing is a else fast})", "n/a"
        ratio = a.median / b.median
        shown = f"{ratio:.1f}× ({fmt_time(a.median)} vs {fmt_time(b.median)})"
        return shown, "PASS" if ratio >= factor else "MISS"

    return check


def exponent(res: dict[str, Result], prefix: str, n1: int, n2: int) -> float | None:
    """k in CPU time ∝ steps^k between two sizes (1 is linear)."""
    a, b = res.get(f"{prefix}-{n1}"), res.get(f"{prefix}-{n2}")
    if a is None or b is None or not a.median_cpu or not b.median_cpu:
        return None
    return math.log(b.median_cpu / a.median_cpu) / math.log(n2 / n1)


def _linear(prefix: str, n1: int, n2: int) -> Callable[[dict[str, Result]], tuple[str, str]]:
    def check(res: dict[str, Result]) -> tuple[str, str]:
        k = exponent(res, prefix, n1, n2)
        if k is None:
            return "not measured", "n/a"
        return f"k = {k:.2f}", "PASS" if k <= 1.15 else "MISS"

    return check


TARGETS = (
    Target(
        "#7", "render 30 steps to SVG ≥ 10× faster than mmdc", _faster("mmdc-svg-30", "svg-30", 10)
    ),
    Target(
        "#7", "render 30 steps to PNG ≥ 5× faster than mmdc", _faster("mmdc-png-30", "png-30", 5)
    ),
    Target(
        "#7",
        "validate 1,000 files faster than check-jsonschema",
        _faster("cjs-files1000", "validate-files1000", 1),
    ),
    Target("#7 #2", "`cjmap --version` < 100 ms", _limit("version", 0.1)),
    Target("#7", "3,000-step map to SVG < 5 s", _limit("svg-3000", 5)),
    Target("#7", "3,000-step map to SVG ≤ 300 MB", _memory("svg-3000", 300)),
    Target(
        "#7",
        "SVG CPU time grows no worse than linearly (k ≤ 1.15, 1,000→3,000 steps)",
        _linear("svg", 1000, 3000),
    ),
    Target("#2", "validate 1,000 files < 2 s", _limit("validate-files1000", 2)),
    Target("#3", "6-phase, 30-step map to SVG < 300 ms", _limit("svg-30", 0.3)),
    Target("#3", "6-phase, 30-step map to PNG < 700 ms", _limit("png-30", 0.7)),
    Target("#3", "1,000-step map to SVG < 5 s", _limit("svg-1000", 5)),
    Target("#3", "1,000-step map to SVG ≤ 300 MB", _memory("svg-1000", 300)),
    Target("#4", "report (HTML) of 30 steps < 500 ms", _limit("html-30", 0.5)),
    Target("#4", "report (HTML) of 1,000 steps < 5 s", _limit("html-1000", 5)),
    Target("#4", "report of 1,000 steps opens in Chromium < 2 s", _limit("open-1000", 2)),
    Target("#5", "flow of 300 steps / 100 branches < 10 s", _limit("flow-300", 10)),
)


def _cell(r: Result | None) -> str:
    if r is None:
        return "—"
    if r.median is None:
        return r.status
    return fmt_time(r.median)


def _range(r: Result) -> str:
    if not r.times or r.status != "ok":
        return "—"
    return f"{fmt_time(min(r.times))} – {fmt_time(max(r.times))}"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def render_report(ctx: dict[str, Any], results: list[Result]) -> str:
    """The whole results.md text."""
    res = {r.key: r for r in results}
    sizes: list[int] = ctx["sizes"]
    lines = [
        "# cjmap benchmark results",
        "",
        f"Written by `{ctx['command']}` on {ctx['finished']} in {ctx['duration']:.0f} s"
        + (
            " — **smoke mode: smallest size only, one run each; not a benchmark**."
            if ctx["smoke"]
            else "."
        ),
        "Whole processes, as a user runs them: Python start-up, imports, reading, "
        "rendering and writing the file are all inside each time. "
        f"Timer: {ctx['timer']}; peak memory: {ctx['memory_tool']}.",
        "",
        "## Machine and tools",
        "",
    ]
    rows = [[k, str(v)] for k, v in ctx["machine"].items()]
    rows.append(
        ["Load average (1 min) at start / end", f"{ctx['load'][0]:.2f} / {ctx['load'][1]:.2f}"]
    )
    rows += [[k, v] for k, v in ctx["versions"].items()]
    lines += _table(["", ""], rows)
    if max(ctx["load"]) > (ctx["cores"] or 1) * 0.75:
        lines += [
            "",
            "The load average shows other processes were competing for the cores while "
            "this ran; absolute times are then pessimistic, ratios between commands "
            "measured in the same rounds less so.",
        ]
    lines += ["", "## Targets", ""]
    rows = []
    for target in TARGETS:
        measured, verdict = target.check(res)
        rows.append([target.issue, target.text, measured, f"**{verdict}**"])
    lines += _table(["issue", "target", "measured (median)", "result"], rows)
    lines += ["", "## cjmap against the alternatives", ""]
    lines += _ratios(res, sizes, ctx["corpus"])
    lines += ["", "## Time against steps", ""]
    lines += _curve(res, sizes)
    lines += ["", "## Every case", ""]
    lines += _every_case(results)
    lines += ["", "## How it was run", ""]
    lines += [f"- {note}" for note in ctx["method"]]
    if ctx["notes"]:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in ctx["notes"]]
    return "\n".join(lines) + "\n"


def _ratios(res: dict[str, Result], sizes: list[int], corpus: int) -> list[str]:
    pairs = [("mmdc-svg", "svg", "SVG: mmdc / cjmap"), ("mmdc-png", "png", "PNG: mmdc / cjmap")]
    pairs.append(("cjs", "validate", "validate: check-jsonschema / cjmap"))
    rows = []
    for slow, fast, text in pairs:
        for n in [*sizes, f"files{corpus}"]:
            a, b = res.get(f"{slow}-{n}"), res.get(f"{fast}-{n}")
            if a is None or b is None:
                continue
            what = f"{n:,} steps" if isinstance(n, int) else f"{corpus:,} files of 10–30 steps"
            ratio = f"{a.median / b.median:.1f}×" if a.median and b.median else "—"
            rows.append([text, what, _cell(a), _cell(b), ratio])
    if not rows:
        return ["No comparison was measured (see the notes below)."]
    head = ["comparison", "input", "other tool", "cjmap", "cjmap faster by"]
    return ["Medians of the same rounds (A B A B …):", "", *_table(head, rows)]


def _curve(res: dict[str, Result], sizes: list[int]) -> list[str]:
    present = [(label, p) for label, p in SERIES if any(f"{p}-{n}" in res for n in sizes)]
    head = ["steps"] + [label for label, _ in present]
    rows = [[f"{n:,}"] + [_cell(res.get(f"{p}-{n}")) for _, p in present] for n in sizes]
    out = ["Median wall time of one process per map size:", "", *_table(head, rows)]
    own = [(label, p) for label, p in present if p in CJMAP_SERIES]
    cpu_rows = []
    for n in sizes:
        cells = []
        for _, p in own:
            r = res.get(f"{p}-{n}")
            cpu = None if r is None else r.median_cpu
            cells.append(_cell(r) if cpu is None else f"{fmt_time(cpu)} ({cpu / n * 1000:.2f})")
        cpu_rows.append([f"{n:,}", *cells])
    for n1, n2 in itertools.pairwise(sizes):
        cells = []
        for _, p in own:
            k = exponent(res, p, n1, n2)
            cells.append("—" if k is None else f"{k:.2f}")
        cpu_rows.append([f"k {n1:,}→{n2:,}", *cells])
    out += [
        "",
        "cjmap's CPU time (user + system; in brackets ms per step) and its growth exponent "
        "`k` between neighbouring sizes (CPU time ∝ steps^k; 1 is linear, below 1 while the "
        "fixed start-up cost still dominates). CPU time is used for the growth because "
        "other processes on a shared machine inflate wall time at random; on an idle "
        "machine the two are nearly equal for one cjmap process.",
        "",
        *_table(["steps", *(label for label, _ in own)], cpu_rows),
    ]
    chart = _chart(res, sizes)
    if chart:
        out += ["", "```text", *chart, "```"]
    return out


def _chart(
    res: dict[str, Result], sizes: list[int], width: int = 60, height: int = 14
) -> list[str]:
    """A log-log scatter of cjmap's CPU time against steps, with a linear guide."""
    points = []
    for _, p in SERIES:
        for n in sizes:
            r = res.get(f"{p}-{n}")
            if p in CJMAP_SERIES and r is not None and r.median_cpu:
                points.append((n, r.median_cpu, MARKS[p]))
    if len(sizes) < 2 or len(points) < 2:
        return []
    lo_t = 10 ** math.floor(math.log10(min(t for _, t, _ in points)))
    hi_t = 10 ** math.ceil(math.log10(max(t for _, t, _ in points)))
    lx, hx = math.log(sizes[0]), math.log(sizes[-1])

    def col(n: float) -> int:
        return round((math.log(n) - lx) / (hx - lx) * (width - 1))

    def row(t: float) -> int:
        return round(
            (math.log(hi_t) - math.log(t)) / (math.log(hi_t) - math.log(lo_t)) * (height - 1)
        )

    grid = [[" "] * width for _ in range(height)]
    anchor = res.get(f"svg-{sizes[-1]}")
    if anchor is not None and anchor.median_cpu:
        for c in range(width):
            n = math.exp(lx + (hx - lx) * c / (width - 1))
            t = anchor.median_cpu * n / sizes[-1]
            if lo_t <= t <= hi_t:
                grid[row(t)][c] = "."
    for n, t, mark in points:
        r, c = row(t), col(n)
        grid[r][c] = mark if grid[r][c] in " ." else "*"
    labels = {
        row(10.0**e): fmt_time(10.0**e)
        for e in range(round(math.log10(lo_t)), round(math.log10(hi_t)) + 1)
    }
    out = [f"{labels.get(i, ''):>7} |{''.join(line)}" for i, line in enumerate(grid)]
    axis = [" "] * width
    ticks = [" "] * (width + 8)
    for n in sizes:
        axis[col(n)] = "+"
        text = f"{n:,}"
        start = min(max(0, col(n) - len(text) // 2), width - len(text))
        ticks[9 + start : 9 + start + len(text)] = text
    out.append("        +" + "".join(axis))
    out.append("".join(ticks).rstrip() + "   steps (log)")
    legend = ", ".join(
        f"{MARKS[p]} {label}" for label, p in SERIES if any(m == MARKS[p] for *_, m in points)
    )
    out += ["", f"cjmap CPU time (log) against steps (log): {legend}; * overlap;"]
    out.append(". is linear growth through the largest SVG: a series parallel to it is linear")
    return out


def _every_case(results: list[Result]) -> list[str]:
    rows = []
    for r in results:
        cpu = f"{sum(r.cpu) / len(r.cpu):.2f} s" if r.cpu and r.status == "ok" else "—"
        rows.append(
            [
                f"`{r.key}`",
                r.tool,
                _cell(r),
                _range(r),
                cpu,
                fmt_mem(r.peak_kib) if r.status == "ok" else "—",
                str(len(r.times)) if r.status == "ok" else "0",
                r.note.replace("|", "\\|"),
            ]
        )
    head = ["case", "tool", "median", "min – max", "CPU (mean)", "peak RSS", "runs", "note"]
    return _table(head, rows)
