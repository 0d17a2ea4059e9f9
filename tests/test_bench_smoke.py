"""The benchmark harness keeps working: bench/run.py --smoke end to end, and its parts.

`make bench` is not part of `make test`, so without this the harness would rot
unnoticed. The smoke run times cjmap's own commands on the smallest map (one
run each, nothing installed, no network); Mermaid CLI is skipped with a note.
No assertion here is about speed: timings vary by machine (see bench/).
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


@pytest.fixture
def bench_module(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(BENCH))

    def load(name: str) -> ModuleType:
        return importlib.import_module(name)

    return load


def _row(text: str, key: str) -> str:
    found = [line for line in text.splitlines() if line.startswith(f"| `{key}` |")]
    assert len(found) == 1, f"no single row for {key} in results"
    return found[0]


def test_smoke_run_times_every_cjmap_command_and_writes_results(tmp_path: Path) -> None:
    work, out = tmp_path / "work", tmp_path / "results.md"
    argv = [sys.executable, str(BENCH / "run.py"), "--smoke", "--strict"]
    argv += ["--work", str(work), "--out", str(out)]
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "smoke mode: smallest size only" in text
    assert re.search(r"^\| Cores \| \d+ \|$", text, re.M)
    assert "Mermaid CLI comparison skipped: smoke mode" in text

    from cjmap.render import available_formats

    formats = set(available_formats())
    timed = ["version", "validate-10", "validate-files20"]
    timed += [f"{fmt}-10" for fmt in ("svg", "png", "pdf", "html") if fmt in formats]
    for key in timed:
        # | `svg-10` | cjmap | 412 ms | 412 ms – 412 ms | 0.40 s | 51 MB | 1 |
        assert re.match(
            rf"^\| `{key}` \| cjmap \| \d+(\.\d+)? m?s \| .+ \| \d+ MB \| 1 \|", _row(text, key)
        ), _row(text, key)
    for fmt in ("svg", "png", "pdf", "html", "flow"):
        if fmt not in formats:
            assert "| not available |" in _row(text, f"{fmt}-10")

    raw = json.loads((work / "results.json").read_text(encoding="utf-8"))
    by_key = {r["key"]: r for r in raw["results"]}
    assert by_key["svg-10"]["status"] == "ok" and by_key["svg-10"]["exit_code"] == 0
    assert by_key["svg-10"]["peak_kib"] > 1000
    # the renders are real files, not just exit codes
    assert b"<svg" in (work / "out" / "steps-10.svg").read_bytes()[:2000]
    assert (work / "out" / "steps-10.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (work / "out" / "steps-10.pdf").read_bytes().startswith(b"%PDF-")
    assert len(list((work / "maps" / "corpus").glob("*.yaml"))) == 20


def test_builtin_timer_reports_exit_code_cpu_and_memory(bench_module) -> None:  # type: ignore[no-untyped-def]
    timing = bench_module("_timing")
    code = "import sys; b = bytearray(64 * 1024 * 1024); sys.exit(3)"
    out = timing.run_once((sys.executable, "-c", code), {}, 60.0)
    assert out.exit_code == 3 and not out.timed_out
    assert out.peak_kib > 64 * 1024  # the 64 MiB buffer is resident (zero-filled pages touched)
    assert 0 < out.wall < 60


def test_builtin_timer_kills_a_command_past_its_timeout(bench_module) -> None:  # type: ignore[no-untyped-def]
    timing = bench_module("_timing")
    out = timing.run_once((sys.executable, "-c", "import time; time.sleep(30)"), {}, 0.5)
    assert out.timed_out
    assert out.wall < 10


@pytest.mark.skipif(shutil.which("hyperfine") is None, reason="hyperfine is not installed")
def test_hyperfine_round_times_each_command_once_in_order(bench_module, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    timing = bench_module("_timing")
    ok = timing.Command("a", "python", (sys.executable, "-c", "pass"), "a")
    failing = timing.Command("b", "python", (sys.executable, "-c", "raise SystemExit(4)"), "b")
    rows = timing.round_with_hyperfine([ok, failing], {}, 0, tmp_path)
    assert [code for *_, code in rows] == [0, 4]
    assert all(wall > 0 for wall, *_ in rows)


def _result(timing: ModuleType, key: str, *times: float, peak: int | None = None) -> object:
    # one process, idle machine: CPU time = wall time
    return timing.Result(key, "cjmap", key, times=list(times), cpu=list(times), peak_kib=peak)


def test_report_judges_targets_and_growth(bench_module) -> None:  # type: ignore[no-untyped-def]
    timing, report = bench_module("_timing"), bench_module("_report")
    results = [
        _result(timing, "version", 0.05, 0.06, 0.07),
        _result(timing, "svg-30", 0.2),
        _result(timing, "mmdc-svg-30", 1.5),  # 7.5×: misses the 10× target
        _result(timing, "png-30", 0.5),
        _result(timing, "mmdc-png-30", 3.0),  # 6×: meets the 5× target
        _result(timing, "svg-1000", 1.0, peak=100_000),
        _result(timing, "svg-3000", 3.0, peak=400_000),  # 410 MB: over 300 MB
    ]
    ctx = {
        "command": "test",
        "smoke": False,
        "finished": "now",
        "duration": 1.0,
        "timer": "t",
        "memory_tool": "m",
        "machine": {"Cores": "2"},
        "cores": 2,
        "load": (0.0, 0.0),
        "versions": {},
        "sizes": [30, 1000, 3000],
        "corpus": 1000,
        "method": [],
        "notes": [],
    }
    text = report.render_report(ctx, results)
    lines = {line.split(" | ")[1]: line for line in text.splitlines() if line.startswith("| #")}
    assert lines["render 30 steps to SVG ≥ 10× faster than mmdc"].endswith(
        "| 7.5× (1.50 s vs 200 ms) | **MISS** |"
    )
    assert lines["render 30 steps to PNG ≥ 5× faster than mmdc"].endswith("| **PASS** |")
    assert lines["`cjmap --version` < 100 ms"].endswith("| 60 ms | **PASS** |")
    assert lines["3,000-step map to SVG ≤ 300 MB"].endswith("| 410 MB | **MISS** |")
    # 1 s at 1,000 steps and 3 s at 3,000 steps is exactly linear
    linear = "SVG CPU time grows no worse than linearly (k ≤ 1.15, 1,000→3,000 steps)"
    assert lines[linear].endswith("| k = 1.00 | **PASS** |")
    assert lines["validate 1,000 files < 2 s"].endswith("| not measured | **n/a** |")
    assert "| k 1,000→3,000 | 1.00 | — |" in text
