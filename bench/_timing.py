"""Wall-clock time and peak memory of whole processes, for bench/run.py.

Two timers measure the same thing, one process from fork to exit:

- hyperfine (preferred): the compared commands run in rounds, one
  `hyperfine -N --runs 1 A B C` per round, so the order is A B C A B C … and a
  burst of load from another process hits every command alike instead of all
  runs of one of them.
- a built-in timer (fallback when hyperfine is missing): fork, then
  `os.wait4`, which also returns the child's CPU time and peak RSS.

Peak memory comes from one extra run under GNU `/usr/bin/time -v` (or wait4
when it is missing). Both report the maximum resident set size of the largest
single process in the tree: for mmdc that is the biggest of node and
chromium's processes, not their sum.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Command:
    """One command line to time."""

    key: str  # stable id, e.g. "svg-30" or "mmdc-svg-30"
    tool: str  # cjmap, mmdc, check-jsonschema or python
    argv: tuple[str, ...]
    shown: str  # the command as printed in results.md (long file lists shortened)
    timeout: float = 120.0  # seconds per process


@dataclass
class Result:
    """What was measured for one command (times in seconds, memory in KiB)."""

    key: str
    tool: str
    shown: str
    status: str = "ok"  # ok, error, timeout, not available, skipped
    note: str = ""
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system per run
    peak_kib: int | None = None
    exit_code: int | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and self.status == "ok" else None

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu and self.status == "ok" else None

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "tool": self.tool,
            "command": self.shown,
            "status": self.status,
            "note": self.note,
            "times_s": [round(t, 5) for t in self.times],
            "cpu_s": [round(t, 5) for t in self.cpu],
            "median_s": None if self.median is None else round(self.median, 5),
            "peak_kib": self.peak_kib,
            "exit_code": self.exit_code,
        }


@dataclass(frozen=True)
class Outcome:
    """One run of one process."""

    wall: float
    cpu: float
    peak_kib: int
    exit_code: int
    timed_out: bool
    stderr_tail: str


def run_once(argv: tuple[str, ...], env: dict[str, str], timeout: float) -> Outcome:
    """Run `argv` once, stdout discarded, and measure it with `os.wait4`."""
    with tempfile.TemporaryFile() as err:
        killed = threading.Event()
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            start_new_session=True,  # so a timeout also ends chromium's children
        )
        timer = threading.Timer(timeout, _kill_group, (proc.pid, killed))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", errors="replace")
    return Outcome(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_kib=usage.ru_maxrss,  # Linux reports KiB
        exit_code=proc.returncode,
        timed_out=killed.is_set(),
        stderr_tail=tail,
    )


def _kill_group(pid: int, killed: threading.Event) -> None:
    killed.set()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


_MAX_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


def probe(cmd: Command, env: dict[str, str], gnu_time: str | None) -> Outcome:
    """The first run of a command: checks that it works, warms caches, gives peak memory.

    Under GNU time the peak RSS is read from its `-v` report (written to a
    separate file so it cannot mix with the command's own stderr).
    """
    if gnu_time is None:
        return run_once(cmd.argv, env, cmd.timeout)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        out = run_once((gnu_time, "-v", "-o", report.name, *cmd.argv), env, cmd.timeout)
        found = _MAX_RSS.search(Path(report.name).read_text(encoding="utf-8", errors="replace"))
    peak = int(found.group(1)) if found else out.peak_kib
    return Outcome(out.wall, out.cpu, peak, out.exit_code, out.timed_out, out.stderr_tail)


def first_line(text: str) -> str:
    """The most telling line of a failed command's stderr, for a table cell."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # "map.yaml: error: PNG would be … [output-error]" beats "1 of 1 map invalid: 1 error"
    for needle in ("error:", "Error:", "error"):
        for line in reversed(lines):
            if needle in line and not line.startswith("File "):
                return line[:160]
    return lines[-1][:160] if lines else "no message"


def round_with_hyperfine(
    cmds: list[Command], env: dict[str, str], warmup: int, scratch: Path
) -> list[tuple[float, float, int]]:
    """One round: every command once, in order, timed by hyperfine.

    Returns:
        `(wall, user+system, exit code)` per command, in the order given.

    Raises:
        RuntimeError: hyperfine itself failed (not the commands: `-i` keeps going).
    """
    export = scratch / "hyperfine.json"
    args = ["hyperfine", "-N", "-i", "--style", "none", "--runs", "1"]
    args += ["--export-json", str(export)]
    if warmup:
        args += ["--warmup", str(warmup)]
    args += [shlex.join(c.argv) for c in cmds]
    limit = sum(c.timeout for c in cmds) * (1 + warmup) + 30
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=limit)
    if done.returncode != 0:
        raise RuntimeError(first_line(done.stderr))
    data = json.loads(export.read_text(encoding="utf-8"))
    rows = []
    for res in data["results"]:
        codes = res.get("exit_codes") or [0]
        rows.append((float(res["times"][0]), float(res["user"] + res["system"]), int(codes[-1])))
    return rows


def round_builtin(
    cmds: list[Command], env: dict[str, str], warmup: int
) -> list[tuple[float, float, int]]:
    """One round with the built-in timer; same contract as `round_with_hyperfine`."""
    rows = []
    for cmd in cmds:
        for _ in range(warmup):
            run_once(cmd.argv, env, cmd.timeout)
        out = run_once(cmd.argv, env, cmd.timeout)
        rows.append((out.wall, out.cpu, -9 if out.timed_out else out.exit_code))
    return rows
