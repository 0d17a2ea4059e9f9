"""How long an HTML report takes to open in Chromium, for bench/run.py (issue #4).

"Opens" is measured inside the page, from the browser's own clocks
(Navigation Timing and Paint Timing, both counted from navigation start):

- `load`: the end of the `load` event — the whole page is parsed, its
  inline CSS, SVG, fonts and script are in, and the script has run;
- `fcp`: the first contentful paint — the first frame with text or SVG on
  screen;
- **open** = the later of the two: the page is loaded *and* the user sees it.

Headless Debian Chromium (`/usr/bin/chromium`, driven by Playwright, no
browser download), 1280×800 viewport, light colour scheme. The report is
opened from a `file://` URL; every other request is aborted and counted, so
the measurement cannot depend on the network. Each run opens the page in a
fresh browser context (no cache, no state); the browser itself is started
once and is not part of the time — a user opens a report in a browser that
is already running. One untimed warm-up open per page first (disk cache,
Chromium's own code), then rounds alternating the pages (A B A B …).

Runs in its own process (`python bench/_chromium.py --runs 5 A.html B.html`,
JSON on stdout) so a hung browser cannot hang the harness: run.py gives it a
timeout.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from _timing import Result

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as tests/browser/support.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
OPEN_SIZES = (30, 1000)  # the reports bench/run.py opens (issue #4) …
OPEN_RUNS = 5  # … this many times each, alternating, after a warm-up
METHOD = (  # for results.md's "How it was run"
    "A report **opens** in Chromium when its `load` event has ended and its first "
    "contentful paint has happened (the later of the two, both from navigation start, "
    "read from the page's Navigation and Paint Timing): the page is parsed, its inline "
    "CSS, SVG, fonts and script are in, the script has run, and something is on screen. "
    "Headless Debian Chromium driven by Playwright, 1280×800, light scheme, the file "
    "opened from a `file://` URL with every other request blocked (none is made); a "
    "fresh browser context per open (no cache), the browser already running; one "
    f"warm-up open, then {OPEN_RUNS} opens of each report, alternating "
    "(bench/_chromium.py). The report lets the browser skip the diagram and long tables "
    "while they are off screen, so the note also gives the time to draw the diagram once "
    "scrolled to."
)
PAGE_TIMEOUT_MS = 60_000
# Waits (in the page) for loadEventEnd and the first contentful paint, then
# reads both from the performance timeline (ms from navigation start).
_TIMINGS_JS = """
async () => {
  const deadline = performance.now() + 30000;
  const nav = () => performance.getEntriesByType("navigation")[0];
  const paint = (name) => {
    const e = performance.getEntriesByName(name, "paint")[0];
    return e ? e.startTime : null;
  };
  while ((!nav() || !nav().loadEventEnd || paint("first-contentful-paint") === null)
         && performance.now() < deadline) {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  const n = nav();
  return {
    dcl: n.domContentLoadedEventEnd,
    load: n.loadEventEnd,
    fp: paint("first-paint"),
    fcp: paint("first-contentful-paint"),
    bytes: n.decodedBodySize,
    elements: document.getElementsByTagName("*").length,
  };
}
"""
# After the page opened: scroll the swimlane into view and wait until two frames
# are drawn. The report lets the browser skip the diagram while it is off screen
# (`content-visibility: auto`), so this is where its layout cost now shows.
_REVEAL_JS = """
async () => {
  const target = document.querySelector(".cj-diagram-viewport");
  if (!target) return null;
  const start = performance.now();
  target.scrollIntoView();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return performance.now() - start;
}
"""


def measure(paths: list[Path], runs: int) -> dict[str, Any]:
    """Open each page `runs` times (after one warm-up each) and time it.

    Args:
        paths: HTML files.
        runs: timed opens per page, alternating between the pages.

    Returns:
        Per page (by file name): the lists `open_s`, `load_s`, `fcp_s` and
        `reveal_s` (the diagram scrolled into view and drawn), their medians,
        the page's size in bytes and element count, and any request
        other than the page itself (`blocked`) or console error (`errors`).
    """
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {
        p.name: {
            "open_s": [],
            "load_s": [],
            "fcp_s": [],
            "reveal_s": [],
            "blocked": [],
            "errors": [],
        }
        for p in paths
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for rnd in range(runs + 1):
                for path in paths:
                    timings = _open(browser, path, out[path.name])
                    if rnd == 0:  # warm-up
                        out[path.name]["bytes"] = timings["bytes"] or path.stat().st_size
                        out[path.name]["elements"] = timings["elements"]
                        continue
                    row = out[path.name]
                    row["load_s"].append(timings["load"] / 1000)
                    row["fcp_s"].append(timings["fcp"] / 1000)
                    row["open_s"].append(max(timings["load"], timings["fcp"]) / 1000)
                    if timings["reveal"] is not None:
                        row["reveal_s"].append(timings["reveal"] / 1000)
        finally:
            browser.close()
    for row in out.values():
        for key in ("open", "load", "fcp", "reveal"):
            row[f"{key}_median_s"] = statistics.median(row[f"{key}_s"]) if row[f"{key}_s"] else None
    return out


def _open(browser: Any, path: Path, row: dict[str, Any]) -> dict[str, Any]:
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    try:
        own = path.resolve().as_uri()

        def route(r: Any) -> None:
            if r.request.url.split("#")[0] == own:
                r.continue_()
            else:
                row["blocked"].append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda e: row["errors"].append(str(e)))
        page.on("console", lambda m: row["errors"].append(m.text) if m.type == "error" else None)
        page.goto(own, wait_until="load", timeout=PAGE_TIMEOUT_MS)
        timings: dict[str, Any] = page.evaluate(_TIMINGS_JS)
        if timings["fcp"] is None or not timings["load"]:
            raise RuntimeError(f"{path.name}: no load event or no contentful paint within 30 s")
        timings["reveal"] = page.evaluate(_REVEAL_JS)
        return timings
    finally:
        context.close()


def open_reports(
    results: list[Result],
    out: Path,
    sizes: list[int],
    smoke: bool,
    python: str,
    env: dict[str, str],
) -> list[Result]:
    """Open the reports this run wrote (`html-<steps>` succeeded) in Chromium.

    The 30- and 1,000-step reports, five times each; in smoke mode the
    smallest map's, once (so the code path cannot rot).
    """
    rendered = {r.key for r in results if r.status == "ok"}
    pages = {
        n: out / f"steps-{n}.html"
        for n in ([sizes[0]] if smoke else OPEN_SIZES)
        if f"html-{n}" in rendered
    }
    return open_results(pages, 1 if smoke else OPEN_RUNS, python, env)


def open_results(
    pages: dict[int, Path], runs: int, python: str, env: dict[str, str], timeout: float = 300
) -> list[Result]:
    """Time opening the reports of `pages` (steps -> HTML file) in its own process.

    Returns:
        One `Result` per page, keyed `open-<steps>` (tool `chromium`; its times
        are the open times; it has no CPU time), or the reason it was not measured.
    """
    if not pages:
        return []
    shown = {n: f"Chromium opens `cjmap render steps-{n}.yaml -f html` (file://)" for n in pages}
    results = {n: Result(f"open-{n}", "chromium", shown[n]) for n in pages}
    why = None
    if not Path(CHROMIUM).exists():
        why = f"not available: no {CHROMIUM}"
    elif importlib.util.find_spec("playwright") is None:
        why = "not available: Playwright is not installed (test extra)"
    if why is None:
        argv = [python, str(Path(__file__)), "--runs", str(runs), *map(str, pages.values())]
        try:
            done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            why = f"timeout: killed after {timeout:.0f} s"
        else:
            if done.returncode != 0:
                tail = [line for line in done.stderr.splitlines() if line.strip()]
                why = f"error: {tail[-1][:160] if tail else f'exit {done.returncode}'}"
    if why is not None:
        for res in results.values():
            res.status, _, res.note = why.partition(": ")
        return list(results.values())
    data = json.loads(done.stdout)
    for n, path in pages.items():
        row, res = data[path.name], results[n]
        res.times = row["open_s"]
        problems = row["blocked"] + row["errors"]
        if problems:
            res.status, res.note = "error", f"requests or errors: {problems[0][:120]}"
            continue
        reveal = row["reveal_median_s"]
        res.note = (
            f"load {row['load_median_s'] * 1000:.0f} ms, first contentful paint "
            f"{row['fcp_median_s'] * 1000:.0f} ms; {row['bytes'] / 1e6:.1f} MB, "
            f"{row['elements']:,} elements"
            + (f"; diagram drawn {reveal * 1000:.0f} ms after scrolling to it" if reveal else "")
        )
    return list(results.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("pages", nargs="+", type=Path)
    args = parser.parse_args(argv)
    json.dump(measure(args.pages, args.runs), sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
