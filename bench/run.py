"""`make bench`: cjmap against Mermaid CLI and check-jsonschema, as whole processes.

Generates maps of 10, 30, 300, 1,000 and 3,000 steps and a corpus of 1,000
typical maps (10–30 steps) with tests/mapgen.py, times every command from
process start to exit — the time a user waits — and writes bench/results.md.
See bench/README.md for what is measured and how to read it.

Usage:
    python bench/run.py                 # the full run (about 10 minutes on 2 cores)
    python bench/run.py --smoke         # smallest size, one run each, installs nothing
    python bench/run.py --timer builtin # without hyperfine
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time
from pathlib import Path

import _chromium
import _inputs
import _report
import _timing
import _tools
from _timing import Command, Result

SIZES = (10, 30, 300, 1000, 3000)
PHASES = {10: 3, 30: 6, 300: 17, 1000: 32, 3000: 55}  # 6 phases at 30 steps, as issue 3 asks
CORPUS = 1000
SMOKE_CORPUS = 20
FORMATS = ("svg", "png", "pdf", "html", "flow")
SLOW_FORMATS = ("flow", "html", "pdf")  # run after the comparisons, in this order
SUFFIX = {"svg": ".svg", "png": ".png", "pdf": ".pdf", "html": ".html", "flow": ".flow.svg"}

CASE_SECONDS = 8.0  # repeat a command until about this much time is spent on it …
MAX_RUNS = 15  # … but at most 15 timed runs (short commands: a steadier median on a noisy VM),
HEADLINE_RUNS = 5  # and at least 5 in the groups the targets compare (start-up, 30 steps, corpus)
SLOW = 20.0  # a first run slower than this is reported as the only run
TIMEOUT, TIMEOUT_LARGE = 60.0, 120.0  # seconds per process; from 1,000 steps the larger
CORPUS_TIMEOUT = 300.0  # check-jsonschema takes minutes over 1,000 files
BUDGET = 12 * 60.0  # past it, commands not started yet are skipped (make bench < 15 min)
MERMAID_MAX_PNG_WIDTH = 100_000_000 // 565  # px: 100 MP at the journey's 565 px height


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    started = time.monotonic()
    load_start = os.getloadavg()[0]
    work = Path(args.work).resolve()
    out = (
        Path(args.out)
        if args.out
        else work / "results-smoke.md"
        if args.smoke
        else _tools.BENCH / "results.md"
    )
    if args.report_only:
        return _report_only(work / "results.json", out)
    env = dict(os.environ)
    # A normal install keeps compiled bytecode; this container disables it, which
    # would add the compile time of every module to every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(NO_COLOR="1", COLUMNS="100", PUPPETEER_SKIP_DOWNLOAD="1")
    tools = _tools.find_tools(install=not args.smoke, want_mmdc=not args.smoke, env=env)
    if args.smoke:
        tools.notes.append(
            "Mermaid CLI comparison skipped: smoke mode (it needs npm packages and Chromium)"
        )
    use_hyperfine = args.timer == "hyperfine" or (
        args.timer == "auto" and tools.hyperfine is not None
    )
    if use_hyperfine and tools.hyperfine is None:
        print("bench: --timer hyperfine but hyperfine is not installed", file=sys.stderr)
        return 2
    if not use_hyperfine:
        tools.notes.append("hyperfine not used: timed with the built-in fork/wait4 timer")
    sizes = [SIZES[0]] if args.smoke else list(SIZES)
    corpus_n = SMOKE_CORPUS if args.smoke else CORPUS
    maps, corpus = _inputs.generate(work / "maps", {n: PHASES[n] for n in sizes}, corpus_n)
    bench = _Bench(tools, env, work, use_hyperfine, args.smoke, started + args.budget)
    groups = _groups(bench, maps, corpus, sizes, tools)
    results: list[Result] = []
    for name, cmds, min_runs in groups:
        print(f"bench: {name}", file=sys.stderr, flush=True)
        results += bench.measure(cmds, min_runs)
    print("bench: opening the HTML reports in Chromium", file=sys.stderr, flush=True)
    results += _chromium.open_reports(results, work / "out", sizes, args.smoke, tools.python, env)
    ctx = {
        "command": "make bench" if not args.smoke else "python bench/run.py --smoke",
        "smoke": args.smoke,
        "finished": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "duration": time.monotonic() - started,
        "timer": "hyperfine, rounds alternating the commands"
        if use_hyperfine
        else "built-in (fork + wait4)",
        "memory_tool": "GNU time -v (max RSS)" if tools.gnu_time else "wait4 ru_maxrss",
        "machine": _tools.machine(),
        "cores": os.cpu_count(),
        "load": (load_start, os.getloadavg()[0]),
        "versions": _tools.versions(tools, env),
        "sizes": sizes,
        "corpus": corpus_n,
        "method": _method(bench, sizes, corpus_n),
        "notes": tools.notes + bench.notes,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(_report.render_report(ctx, results), encoding="utf-8")
    raw = {
        "context": ctx,
        "results": [r.to_json() for r in results],
    }
    (work / "results.json").write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    print(f"bench: wrote {out} ({ctx['duration']:.0f} s)", file=sys.stderr)
    broken = [r.key for r in results if r.tool == "cjmap" and r.status in ("error", "timeout")]
    if broken:
        print(f"bench: cjmap failed in: {', '.join(broken)}", file=sys.stderr)
    return 1 if args.strict and broken else 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="smallest size, one run, no installs")
    parser.add_argument("--timer", choices=("auto", "hyperfine", "builtin"), default="auto")
    parser.add_argument("--work", default=str(_tools.BENCH / "work"), help="scratch directory")
    parser.add_argument(
        "--out", help="results file (default bench/results.md; smoke: WORK/results-smoke.md)"
    )
    parser.add_argument(
        "--budget", type=float, default=BUDGET, help="seconds before runs are cut short"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a cjmap command fails")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite results.md from WORK/results.json"
    )
    return parser.parse_args(argv)


def _report_only(raw_file: Path, out: Path) -> int:
    """Write results.md again from the last run's raw numbers (after a change to the report)."""
    raw = json.loads(raw_file.read_text(encoding="utf-8"))
    results = []
    for row in raw["results"]:
        res = Result(row["key"], row["tool"], row["command"], row["status"], row["note"])
        res.times, res.cpu = row["times_s"], row["cpu_s"]
        res.peak_kib, res.exit_code = row["peak_kib"], row["exit_code"]
        results.append(res)
    out.write_text(_report.render_report(raw["context"], results), encoding="utf-8")
    print(f"bench: wrote {out} from {raw_file}", file=sys.stderr)
    return 0


class _Bench:
    """Runs groups of commands: a first run each, then alternating timed rounds."""

    def __init__(
        self,
        tools: _tools.Tools,
        env: dict[str, str],
        work: Path,
        hyperfine: bool,
        smoke: bool,
        deadline: float,
    ) -> None:
        self.tools, self.env, self.work = tools, env, work
        self.hyperfine, self.smoke, self.deadline = hyperfine, smoke, deadline
        self.notes: list[str] = []
        self.timed_out: dict[str, int] = {}  # series -> the size at which it was killed

    def measure(self, cmds: list[Command], min_runs: int = 1) -> list[Result]:
        results = {c.key: Result(c.key, c.tool, c.shown) for c in cmds}
        plan: dict[str, int] = {}  # key -> timed runs still wanted
        first: dict[str, float] = {}
        for cmd in cmds:
            runs, wall = self._first_run(cmd, results[cmd.key], min_runs)
            if runs:
                plan[cmd.key], first[cmd.key] = runs, wall
        live = [c for c in cmds if c.key in plan]
        # the first run already warmed caches; quick commands get one more warm-up run
        warmup = 0 if self.smoke or any(wall > 3 for wall in first.values()) else 1
        for rnd in range(max(plan.values(), default=0)):
            now = [c for c in live if plan[c.key] > rnd and results[c.key].status == "ok"]
            if not now:
                break
            if time.monotonic() > self.deadline and rnd >= 1:
                self.notes.append(
                    f"time budget reached: {', '.join(c.key for c in now)} ran {rnd}×"
                )
                break
            rows = self._round(now, warmup if rnd == 0 else 0)
            for cmd, (wall, cpu, code) in zip(now, rows, strict=True):
                res = results[cmd.key]
                if code != 0:
                    res.status, res.note = "error", f"exit {code} in a timed run"
                    continue
                res.times.append(wall)
                res.cpu.append(cpu)
        return list(results.values())

    def _first_run(self, cmd: Command, res: Result, min_runs: int) -> tuple[int, float]:
        """Run once untimed-for-stats; returns (timed runs wanted, wall time of this run)."""
        series, _, size = cmd.key.rpartition("-")
        if cmd.argv[0] == "not available":
            res.status, res.note = "not available", cmd.shown
            return 0, 0.0
        if series in self.timed_out:
            res.status = "skipped"
            res.note = f"killed at {self.timed_out[series]:,} steps already"
            return 0, 0.0
        if time.monotonic() > self.deadline:
            res.status, res.note = "skipped", "time budget"
            return 0, 0.0
        out = _timing.probe(cmd, self.env, self.tools.gnu_time)
        res.exit_code, res.peak_kib = out.exit_code, out.peak_kib
        if out.timed_out:
            res.status, res.note = "timeout", f"killed after {cmd.timeout:.0f} s"
            if size.isdigit():
                self.timed_out[series] = int(size)
            return 0, out.wall
        if out.exit_code != 0:
            # an output cjmap declines by design (e.g. a PNG over 100 MP) is not a crash
            refused = out.exit_code == 1 and "[output-error]" in out.stderr_tail
            res.status = "refused" if refused else "error"
            res.note = f"exit {out.exit_code}: {_timing.first_line(out.stderr_tail)}"
            return 0, out.wall
        if self.smoke:
            return 1, out.wall
        if out.wall > SLOW or time.monotonic() > self.deadline:
            res.times, res.cpu = [out.wall], [out.cpu]
            res.note = f"one run (over {SLOW:.0f} s)" if out.wall > SLOW else "one run: time budget"
            return 0, out.wall
        return max(min_runs, min(MAX_RUNS, int(CASE_SECONDS / max(out.wall, 0.01)))), out.wall

    def _round(self, cmds: list[Command], warmup: int) -> list[tuple[float, float, int]]:
        if self.hyperfine:
            return _timing.round_with_hyperfine(cmds, self.env, warmup, self.work)
        return _timing.round_builtin(cmds, self.env, warmup)


def _groups(
    bench: _Bench, maps: dict[int, Path], corpus: list[Path], sizes: list[int], tools: _tools.Tools
) -> list[tuple[str, list[Command], int]]:
    """The groups in the order they run: the headline comparisons first, big maps last."""
    from cjmap.render import available_formats

    formats = set(available_formats())
    cj = tools.cjmap
    floor = (tools.python, "-c", "pass")
    startup = [
        Command("python", "python", floor, "python -c pass (the interpreter alone, a floor)"),
        Command(
            "libraries",
            "python",
            (tools.python, "-c", "import yaml, uharfbuzz"),
            "importing the libraries a render needs (PyYAML, uharfbuzz): a floor for it",
        ),
        Command("version", "cjmap", (*cj, "--version"), "cjmap --version"),
    ]
    files = tuple(str(p) for p in corpus)
    many = f"{len(corpus):,} files"
    key = f"files{len(corpus)}"
    corpus_cmds = [
        Command(f"validate-{key}", "cjmap", (*cj, "validate", *files), f"cjmap validate <{many}>")
    ]
    schema = None
    if tools.check_jsonschema:
        schema = _inputs.schema_file(tools, bench.env, bench.work, bench.notes)
    if schema is not None:
        corpus_cmds.append(_cjs(schema, tools, key, files, f"<{many}>", CORPUS_TIMEOUT))
    mermaid: dict[int, Path] = {}
    if tools.mmdc:
        mermaid = _inputs.mermaid_texts(tools, bench.env, bench.work, maps, formats, bench.notes)
    by_size = {n: _size_group(bench, n, maps[n], formats, mermaid.get(n), schema) for n in sizes}
    order = [30, *(n for n in sizes if n != 30)] if 30 in sizes else sizes
    first = HEADLINE_RUNS if order[0] == 30 else 1
    groups = [
        ("start-up", startup, HEADLINE_RUNS),
        (f"{order[0]:,} steps", by_size[order[0]], first),
    ]
    groups.append((f"validate {many}", corpus_cmds, HEADLINE_RUNS))
    groups += [(f"{n:,} steps", by_size[n], 1) for n in order[1:]]
    return groups


def _size_group(
    bench: _Bench, n: int, path: Path, formats: set[str], mermaid: Path | None, schema: Path | None
) -> list[Command]:
    """Every command on the map of `n` steps, the slow renderers (flow, HTML, PDF) last."""
    cj, tools, out = bench.tools.cjmap, bench.tools, bench.work / "out"
    out.mkdir(parents=True, exist_ok=True)
    limit = TIMEOUT_LARGE if n >= 1000 else TIMEOUT
    shown = f"steps-{n}.yaml"
    cmds = [
        Command(
            f"validate-{n}", "cjmap", (*cj, "validate", str(path)), f"cjmap validate {shown}", limit
        )
    ]
    later = []
    for fmt in FORMATS:
        target = out / f"steps-{n}{SUFFIX[fmt]}"
        argv: tuple[str, ...] = (*cj, "render", str(path), "-f", fmt, "-o", str(target))
        line = f"cjmap render {shown} -f {fmt} -o {target.name}"
        if fmt not in formats:
            argv, line = ("not available",), f"`-f {fmt}` is not implemented in this build"
        elif fmt == "flow" and shutil.which("dot") is None:
            argv, line = ("not available",), "Graphviz `dot` is not installed"
        (later if fmt in SLOW_FORMATS else cmds).append(
            Command(f"{fmt}-{n}", "cjmap", argv, line, limit)
        )
    if tools.mmdc and mermaid is not None:
        for fmt in ("svg", "png"):
            target = out / f"steps-{n}.mmdc.{fmt}"
            argv = (tools.mmdc, "-p", str(_tools.MERMAID_DIR / "puppeteer-config.json"))
            argv += ("-c", str(_tools.MERMAID_DIR / "mermaid-config.json"), "-q")
            line = "mmdc -p puppeteer-config.json -c mermaid-config.json"
            if fmt == "png":
                # mmdc's PNG is an 800 px wide page unless told the width; give it the
                # journey's natural width (Mermaid lays tasks 200 px apart), so both
                # tools draw a readable image, within cjmap's 100-megapixel limit.
                width = min(200 * n + 300, MERMAID_MAX_PNG_WIDTH)
                argv += ("-w", str(width))
                line += f" -w {width}"
            argv += ("-i", str(mermaid), "-o", str(target))
            line += f" -i steps-{n}.mmd -o {target.name}"
            cmds.append(Command(f"mmdc-{fmt}-{n}", "mmdc", argv, line, limit))
    if schema is not None:
        cmds.append(_cjs(schema, tools, str(n), (str(path),), shown, limit))
    # the slow renderers last, so a spent time budget skips them and not a comparison
    return cmds + sorted(later, key=lambda c: SLOW_FORMATS.index(c.key.rpartition("-")[0]))


def _cjs(
    schema: Path,
    tools: _tools.Tools,
    key: str,
    files: tuple[str, ...],
    shown: str,
    timeout: float,
) -> Command:
    assert tools.check_jsonschema is not None
    argv = (tools.check_jsonschema, "--schemafile", str(schema), *files)
    return Command(
        f"cjs-{key}",
        "check-jsonschema",
        argv,
        f"check-jsonschema --schemafile schemas/cjmap.schema.json {shown}",
        timeout,
    )


def _method(bench: _Bench, sizes: list[int], corpus_n: int) -> list[str]:
    gen = ", ".join(f"{n:,} ({PHASES[n]} phases)" for n in sizes)
    lines = [
        "Maps from `tests/mapgen.py` "
        f"`generate_map(steps, phases, personas=2, branches=steps // 3)`: {gen} steps, "
        "with personas (some per-persona emotions), pain points, opportunities and branches "
        "(300 steps → 100 branches).",
        f"Validation corpus: {corpus_n:,} maps of 10–30 steps with 1–3 personas and 0–3 branches "
        "(the size of the bundled examples), passed as one file list to both validators.",
        "Each command runs once first (that run checks the exit status, warms caches and gives the "
        "peak memory), then in timed rounds that alternate all commands of a group "
        f"(A B C … A B C …); a command is repeated for about {CASE_SECONDS:.0f} s "
        f"(at most {MAX_RUNS} timed runs; at least {HEADLINE_RUNS} for start-up, the 30-step map "
        f"and the corpus, which the targets compare); a first run over {SLOW:.0f} s is "
        "reported alone.",
        f"Each process is killed after {TIMEOUT:.0f} s ({TIMEOUT_LARGE:.0f} s from 1,000 steps, "
        f"{CORPUS_TIMEOUT:.0f} s for check-jsonschema over the corpus); a command killed at one "
        "size is skipped at larger sizes, and commands not started after "
        f"{BUDGET / 60:.0f} minutes are skipped, so `make bench` ends within about 15 minutes.",
        "Mermaid CLI's PNG is an 800 px wide page by default (the whole journey shrunk to fit); "
        "the harness passes `-w` with the journey's natural width (capped at 100 megapixels) "
        "so both tools produce a readable image.",
        "Commands run with `.pyc` caching on, as after a normal install "
        "(this container sets PYTHONDONTWRITEBYTECODE, which the harness unsets).",
        "Mermaid CLI drives Debian's `/usr/bin/chromium` through "
        "bench/mermaid/puppeteer-config.json (`--no-sandbox`); bench/mermaid/mermaid-config.json "
        "raises `maxTextSize` so large journeys render.",
        "`cjmap render` writes a real file each time (`-o`); `cjmap validate` and "
        "check-jsonschema print to /dev/null.",
        _chromium.METHOD,
    ]
    if bench.smoke:
        lines.append("Smoke mode: one run per command, no warm-up, nothing installed.")
    raw = bench.work / "results.json"
    shown = raw.relative_to(_tools.ROOT) if raw.is_relative_to(_tools.ROOT) else raw
    return [*lines, f"Raw numbers of this run: `{shown}` (not committed)."]


if __name__ == "__main__":
    raise SystemExit(main())
