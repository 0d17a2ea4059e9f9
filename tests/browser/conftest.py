"""Headless Chromium for the report tests: Debian's `chromium`, driven by Playwright.

One browser for the whole session; each test opens its own context. No
browser is ever downloaded: without /usr/bin/chromium (or Playwright) the
tests are skipped. Screenshots go to tests/artifacts/ (gitignored), or to
$CJMAP_ARTIFACTS.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, MAPS, Opened, OpenReport, map_name

from cjmap.pipeline import RenderOptions, load_journey
from cjmap.render.html import render_html


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make test installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example map's report, rendered once (default theme: follows the browser)."""
    out = tmp_path_factory.mktemp("reports")
    paths = {}
    for path in MAPS:
        html = render_html(load_journey(path).journey, RenderOptions(format="html"))
        target = out / f"{map_name(path)}.html"
        target.write_text(html, encoding="utf-8")
        paths[map_name(path)] = target
    return paths


@pytest.fixture(scope="session")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of a generated branching map just past `LAZY_LAYOUT_MIN_STEPS`."""
    from tests.mapgen import write_map

    from cjmap.render.html import LAZY_LAYOUT_MIN_STEPS

    out = tmp_path_factory.mktemp("long")
    steps = LAZY_LAYOUT_MIN_STEPS + 1
    path = write_map(out / "map.yaml", steps=steps, personas=2, branches=steps // 5, seed=7)
    target = out / "long.html"
    target.write_text(render_html(load_journey(path).journey, RenderOptions(format="html")))
    return target


def _open(
    browser: Any, path: Path, width: int, scheme: str, height: int = 900
) -> tuple[Any, Opened]:
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, reduced_motion="reduce"
    )
    page = context.new_page()
    opened = Opened(page)
    own = path.resolve().as_uri()

    def route(r: Any) -> None:
        if r.request.url.split("#")[0] == own:
            r.continue_()
        else:
            opened.problems.append(f"request: {r.request.url}")
            r.abort()

    def console(message: Any) -> None:
        if message.type in ("error", "warning"):
            opened.problems.append(f"console {message.type}: {message.text}")

    def dialog(d: Any) -> None:
        opened.problems.append(f"dialog: {d.message}")
        d.dismiss()

    context.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda e: opened.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: opened.problems.append(f"failed: {r.url}"))
    page.on("dialog", dialog)
    page.goto(own, wait_until="load")
    return context, opened


@pytest.fixture
def open_report(browser: Any) -> Iterator[OpenReport]:
    """`open_report(path, width=1280, scheme="light", height=900)`: a fresh page on a report.

    Records as problems: console errors and warnings, uncaught exceptions,
    dialogs, failed requests, and any request other than the page itself
    (those are blocked).
    """
    contexts: list[Any] = []

    def open_(path: Path, width: int = 1280, scheme: str = "light", height: int = 900) -> Opened:
        context, opened = _open(browser, path, width, scheme, height)
        contexts.append(context)
        return opened

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def report_page(browser: Any, reports: dict[str, Path]) -> Iterator[OpenReport]:
    """`report_page(name, width=1280, scheme="light")`: one shared page per report.

    Loading a report with its big SVG is the slow part of these tests, so
    tests that only read or sort share the page; each leaves it usable.
    """
    cache: dict[tuple[str, int, str], tuple[Any, Opened]] = {}

    def get(name: str, width: int = 1280, scheme: str = "light") -> Opened:
        key = (name, width, scheme)
        if key not in cache:
            cache[key] = _open(browser, reports[name], width, scheme)
        return cache[key][1]

    yield get
    for context, _ in cache.values():
        context.close()
