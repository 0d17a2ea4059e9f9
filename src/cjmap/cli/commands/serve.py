"""`cjmap serve`: the HTML report on localhost, re-rendered and reloaded on every save.

A stdlib `ThreadingHTTPServer` answers three paths:

    /                 the current report (or a page of diagnostics while the
                      map is invalid), rendered with a live-reload script
    /__cjmap/wait?v=  long poll: answers `{"version": …}` once the version
                      differs from `v` (or after WAIT_S, with the same one)
    /__cjmap/version  the current version, at once

A watcher thread polls the map and the files it includes (mtime, size,
inode) every POLL_S and re-renders when they change; the page's script then
reloads. Polling needs no dependency and sees every kind of save (in-place
writes, rename-over, touch).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import parse_qs, urlsplit

import typer
from rich.markup import escape

from cjmap.cli import console
from cjmap.cli.outputs import file_stamp

if TYPE_CHECKING:  # pragma: no cover
    from cjmap.pipeline import RenderOptions

HELP = """Serve a map's HTML report on localhost and reload the browser on every save.

The report is re-rendered whenever the map (or a file it includes) changes,
and the open page reloads by itself. While the map is invalid, the page shows
its problems instead. Bound to 127.0.0.1 unless --host says otherwise; stop
with Ctrl+C.

Examples:

\b
  cjmap serve checkout.yaml                 # http://127.0.0.1:8000/
  cjmap serve checkout.yaml --port 0        # any free port; the URL is printed
  cjmap serve checkout.yaml --theme dark --persona maya
"""

POLL_S = 0.25  # how often the watcher looks at the files
WAIT_S = 25.0  # longest a long poll is held open (below browsers' idle timeouts)
WAIT_PATH = "/__cjmap/wait"  # render/assets/live-reload.js polls this path


def register(app: typer.Typer) -> None:
    app.command("serve", help=HELP, no_args_is_help=True)(serve)


def serve(
    path: str = typer.Argument(..., help="The map file.", metavar="MAP"),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on.", metavar="HOST"),
    port: int = typer.Option(
        8000, "--port", min=0, max=65535, help="Port; 0 picks a free one.", metavar="PORT"
    ),
    theme: str | None = typer.Option(
        None,
        "--theme",
        "-t",
        help="light, dark or print (default: follow the browser).",
        metavar="THEME",
    ),
    persona: str | None = typer.Option(
        None, "--persona", "-p", help="One persona's journey.", metavar="ID"
    ),
    lanes: str | None = typer.Option(
        None, "--lanes", help="Comma-separated lanes of the diagram, in order.", metavar="LANES"
    ),
    exit_after: float | None = typer.Option(
        None,
        "--exit-after",
        min=0.1,
        help="Stop after this many seconds (for scripts and tests).",
        metavar="SECONDS",
    ),
) -> None:
    from cjmap.errors import UsageError
    from cjmap.layout.themes import require_theme
    from cjmap.pipeline import RenderOptions

    err = console.stderr()
    if not Path(path).is_file():
        _usage(f"{path}: no such file")
    try:
        require_theme(theme)
    except UsageError as exc:
        _usage(str(exc))
    lane_list = tuple(x.strip() for x in lanes.split(",") if x.strip()) if lanes else None
    options = RenderOptions(format="html", theme=theme, persona=persona, lanes=lane_list)
    preview = Preview(path, options)
    preview.render()
    if preview.usage_error:
        _usage(preview.usage_error)
    try:
        server = _Server((host, port), _handler(preview))
    except OSError as exc:
        _usage(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{server.server_address[1]}/"
    serving = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
    )
    # Ctrl+C at any moment from here on stops cleanly and exits 0
    with contextlib.suppress(KeyboardInterrupt):
        try:
            serving.start()
            threading.Thread(target=preview.watch, daemon=True).start()
            if host not in ("127.0.0.1", "localhost", "::1"):
                err.print(f"warning: serving on {escape(host)}: other machines can read this map")
            # stdout carries just the URL, so scripts can read it; the rest goes to stderr
            print(url, flush=True)
            err.print(f"serving {escape(path)} at {url} (Ctrl+C to stop)")
            preview.stopped.wait(exit_after)
        finally:
            preview.stop()
            server.shutdown()  # serve_forever was started first, so this returns
            server.server_close()
    err.print("stopped serving")


class Preview:
    """The current render of one map, and who is waiting for the next."""

    def __init__(self, path: str, options: RenderOptions) -> None:
        self.path = path
        self.options = options
        self.inputs = [path]
        self.seen: tuple[Any, ...] = ()
        self.version = ""
        self.generation = 0
        self.page = b""
        self.usage_error = ""
        self.changed = threading.Condition()
        self.stopped = threading.Event()

    def render(self) -> None:
        """Load and render; an invalid map becomes a page of its diagnostics."""
        from cjmap.errors import CjmapError, Diagnostic, InvalidMap, UsageError
        from cjmap.pipeline import load_journey
        from cjmap.render._gc import gc_paused
        from cjmap.render.html import render_diagnostics_html, render_html

        err = console.stderr()
        self.seen = _signature(self.inputs)  # before loading: a save during the render shows
        version = f"{os.getpid()}-{self.generation + 1}"
        try:
            loaded = load_journey(self.path)
            self.inputs = [self.path, *(f for f in loaded.document.files if f != self.path)]
            self.seen = _signature(self.inputs)
            with gc_paused():  # as `render()` does for every other output
                page = render_html(loaded.journey, self.options, live_reload=version)
            for d in loaded.warnings:
                err.print(escape(str(d)))
            if self.generation:
                err.print(f"re-rendered {escape(self.path)}")
        except InvalidMap as exc:
            page = render_diagnostics_html(self.path, exc.diagnostics, live_reload=version)
            for d in exc.diagnostics:
                err.print(escape(str(d)))
            err.print(f"{escape(self.path)}: not valid; the page shows why")
        except UsageError as exc:
            if not self.generation:  # a bad option: say so and stop before serving
                self.usage_error = str(exc)
                return
            diagnostic = Diagnostic(self.path, None, None, "usage-error", str(exc))
            page = render_diagnostics_html(self.path, [diagnostic], live_reload=version)
            err.print(f"{escape(self.path)}: {escape(str(exc))}")
        except CjmapError as exc:
            diagnostic = Diagnostic(self.path, None, None, "render-error", str(exc))
            page = render_diagnostics_html(self.path, [diagnostic], live_reload=version)
            err.print(f"{escape(self.path)}: {escape(str(exc))}")
        with self.changed:
            self.generation += 1
            self.version = version
            self.page = page.encode("utf-8")
            self.changed.notify_all()

    def watch(self) -> None:
        """Re-render whenever an input file changes, until stopped."""
        while not self.stopped.wait(POLL_S):
            if _signature(self.inputs) != self.seen:
                time.sleep(0.05)  # let an editor's write-rename-touch burst settle
                self.render()

    def wait(self, known: str, timeout: float) -> str:
        """The version, as soon as it differs from `known` (or after `timeout`)."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.version != known or self.stopped.is_set(), timeout=timeout
            )
            return self.version

    def stop(self) -> None:
        self.stopped.set()
        with self.changed:
            self.changed.notify_all()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "cjmap"
        sys_version = ""

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                with preview.changed:
                    body = preview.page
                self._send(200, "text/html; charset=utf-8", body)
            elif url.path == WAIT_PATH:
                known = parse_qs(url.query).get("v", [""])[0]
                version = preview.wait(known, WAIT_S)
                self._send(200, "application/json", json.dumps({"version": version}).encode())
            elif url.path == "/__cjmap/version":
                self._send(
                    200, "application/json", json.dumps({"version": preview.version}).encode()
                )
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found\n")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # tab closed
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the terminal shows renders and diagnostics, not every poll

    return Handler


def _signature(files: list[str]) -> tuple[Any, ...]:
    return tuple((name, file_stamp(name)) for name in files)


def _usage(message: str) -> NoReturn:
    console.stderr().print(f"cjmap serve: {escape(message)}")
    raise typer.Exit(2)
