"""`cjmap serve`: a real server process on loopback, a real map file edited under it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NORMATIVE = ROOT / "tests" / "cases" / "valid" / "normative"
START_TIMEOUT = 60.0  # s; a cold start instances the font and imports the stack


class Served:
    """A running `cjmap serve` and the URL it printed."""

    def __init__(self, proc: subprocess.Popen[str], url: str) -> None:
        self.proc, self.url = proc, url

    def get(self, path: str = "", timeout: float = 30) -> tuple[int, str, str]:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            body = response.read().decode("utf-8")
            return response.status, response.headers["Content-Type"], body

    def version(self) -> str:
        return str(json.loads(self.get("__cjmap/version")[2])["version"])

    def wait_for_new_version(self, old: str) -> str:
        # the long poll answers as soon as the render after the save is done
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            version = json.loads(self.get(f"__cjmap/wait?v={old}", timeout=40)[2])["version"]
            if version != old:
                return str(version)
        raise AssertionError("no new render within 30 s")


def _start(*args: str) -> Served:
    proc = subprocess.Popen(
        [sys.executable, "-m", "cjmap", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the URL is printed (or the process ends)
    if not line.startswith("http://"):
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"no URL printed: {line!r} {err}")
    return Served(proc, line.strip())


@pytest.fixture
def map_dir(tmp_path: Path) -> Path:
    shutil.copy(NORMATIVE / "map.yaml", tmp_path / "map.yaml")
    shutil.copy(NORMATIVE / "personas.yaml", tmp_path / "personas.yaml")
    return tmp_path


@pytest.fixture
def served(map_dir: Path) -> Iterator[Served]:
    server = _start(str(map_dir / "map.yaml"), "--port", "0", "--exit-after", "120")
    yield server
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGINT)
        server.proc.communicate(timeout=20)


def test_serves_the_report_on_loopback_and_rerenders_on_save(served: Served, map_dir: Path) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    status, kind, body = served.get()
    assert status == 200 and kind == "text/html; charset=utf-8"
    assert "<h1>First purchase at Plantly</h1>" in body
    assert "connect-src &#39;self&#39;" in body  # the live-reload script may poll
    first = served.version()
    assert f'data-cj-version="{first}"' in body

    path = map_dir / "map.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: First purchase at Plantly", "title: Renamed <b>map</b>"
        ),
        encoding="utf-8",
    )
    second = served.wait_for_new_version(first)
    body = served.get()[2]
    assert "<h1>Renamed &lt;b&gt;map&lt;/b&gt;</h1>" in body
    assert f'data-cj-version="{second}"' in body

    # an included file counts too
    personas = map_dir / "personas.yaml"
    personas.write_text(personas.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    served.wait_for_new_version(second)


def test_an_invalid_save_shows_diagnostics_then_recovers(served: Served, map_dir: Path) -> None:
    path = map_dir / "map.yaml"
    good = path.read_text(encoding="utf-8")
    first = served.version()
    path.write_text(good.replace("emotion: -2\n", "emotion: -7\n", 1), encoding="utf-8")
    second = served.wait_for_new_version(first)
    status, _, body = served.get()
    assert status == 200
    assert "has 1 problem</h1>" in body and "emotion-range" in body
    assert 'class="cj-diagnostic cj-diagnostic--error"><code>' in body
    path.write_text(good, encoding="utf-8")
    served.wait_for_new_version(second)
    assert "<h1>First purchase at Plantly</h1>" in served.get()[2]


def test_unknown_paths_are_404(served: Served) -> None:
    with pytest.raises(urllib.request.HTTPError) as info:
        served.get("etc/passwd")
    assert info.value.code == 404


def test_ctrl_c_stops_cleanly(served: Served) -> None:
    served.proc.send_signal(signal.SIGINT)
    _, err = served.proc.communicate(timeout=20)
    assert served.proc.returncode == 0
    assert "stopped serving" in err and "Traceback" not in err
    with pytest.raises(OSError):
        served.get(timeout=2)


def test_exit_after_stops_by_itself(map_dir: Path) -> None:
    server = _start(str(map_dir / "map.yaml"), "--port", "0", "--exit-after", "1")
    _, err = server.proc.communicate(timeout=30)
    assert server.proc.returncode == 0
    assert f"at {server.url} (Ctrl+C to stop)" in err and "stopped serving" in err


def test_a_busy_port_is_a_usage_error(map_dir: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "cjmap",
                "serve",
                str(map_dir / "map.yaml"),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
        )
    assert proc.returncode == 2
    assert f"cjmap serve: cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml"], "cjmap serve: missing.yaml: no such file"),
        (["{map}", "--theme", "neon"], "unknown theme `neon`"),
        (["{map}", "--persona", "zed"], "unknown persona `zed`"),
    ],
)
def test_bad_arguments_exit_2_before_serving(map_dir: Path, args: list[str], message: str) -> None:
    argv = [a.replace("{map}", str(map_dir / "map.yaml")) for a in args]
    proc = subprocess.run(
        [sys.executable, "-m", "cjmap", "serve", *argv, "--port", "0"],
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
        check=False,
    )
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stdout == ""
