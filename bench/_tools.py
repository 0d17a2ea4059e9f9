"""The programs bench/run.py compares, found or installed, and what machine it runs on.

Installs only from Debian's packages (hyperfine, time) and from the npm
lockfile in bench/mermaid/ (Mermaid CLI, with PUPPETEER_SKIP_DOWNLOAD=1 so no
browser is downloaded: puppeteer drives Debian's /usr/bin/chromium). Nothing is
installed in smoke mode, which must work offline.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MERMAID_DIR = BENCH / "mermaid"
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Tools:
    """Paths of the programs in use (None: not available) and why not."""

    cjmap: tuple[str, ...]
    python: str
    hyperfine: str | None = None
    gnu_time: str | None = None
    mmdc: str | None = None
    check_jsonschema: str | None = None
    notes: list[str] = field(default_factory=list)


def find_tools(install: bool, want_mmdc: bool, env: dict[str, str]) -> Tools:
    """Locate (and, when `install`, install) everything the harness runs."""
    bindir = Path(sys.executable).parent
    script = bindir / "cjmap"
    cjmap = (str(script),) if script.exists() else (sys.executable, "-m", "cjmap")
    tools = Tools(cjmap=cjmap, python=sys.executable)
    tools.hyperfine = _apt_tool("hyperfine", "hyperfine", install, tools.notes)
    tools.gnu_time = _apt_tool("/usr/bin/time", "time", install, tools.notes)
    cjs = bindir / "check-jsonschema"
    tools.check_jsonschema = str(cjs) if cjs.exists() else shutil.which("check-jsonschema")
    if tools.check_jsonschema is None:
        tools.notes.append("check-jsonschema not found: install the test extra (`make bench` does)")
    if want_mmdc:
        tools.mmdc = _mmdc(install, env, tools.notes)
    return tools


def _apt_tool(binary: str, package: str, install: bool, notes: list[str]) -> str | None:
    found = shutil.which(binary)
    if found or not install:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        notes.append(f"{binary} missing and cannot install it (not root or no apt-get)")
        return None
    print(f"bench: installing Debian package {package}", file=sys.stderr)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package]
    if subprocess.run(cmd, env=apt_env, check=False, **quiet).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=apt_env, check=False, **quiet)
        subprocess.run(cmd, env=apt_env, check=False, **quiet)
    found = shutil.which(binary)
    if found is None:
        notes.append(f"{binary}: `apt-get install {package}` failed")
    return found


def _mmdc(install: bool, env: dict[str, str], notes: list[str]) -> str | None:
    mmdc = MERMAID_DIR / "node_modules" / ".bin" / "mmdc"
    if not Path(CHROMIUM).exists():
        notes.append(f"Mermaid CLI skipped: no {CHROMIUM} (Debian package `chromium`)")
        return None
    if not mmdc.exists() and install:
        if shutil.which("npm") is None:
            notes.append("Mermaid CLI skipped: npm is not installed")
            return None
        print("bench: npm ci in bench/mermaid (no browser download)", file=sys.stderr)
        npm_env = {**env, "PUPPETEER_SKIP_DOWNLOAD": "1"}
        cmd = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        done = subprocess.run(cmd, cwd=MERMAID_DIR, env=npm_env, check=False)
        if done.returncode != 0:
            notes.append("Mermaid CLI skipped: `npm ci` in bench/mermaid failed")
    if not mmdc.exists():
        notes.append("Mermaid CLI skipped: bench/mermaid/node_modules is not installed")
        return None
    return str(mmdc)


def _version(argv: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    # chromium's wrapper script prints shell noise on stderr; dot prints on stderr
    text = done.stdout.strip() or done.stderr.strip()
    lines = [x for x in text.splitlines() if x.strip() and ": [:" not in x]
    return lines[0].strip() if lines else "unknown"


def versions(tools: Tools, env: dict[str, str]) -> dict[str, str]:
    """Version line of every tool involved, for the results table."""
    found: dict[str, str] = {
        "cjmap": _version([*tools.cjmap, "--version"], env),
        "Python": platform.python_version(),
    }
    if tools.check_jsonschema:
        found["check-jsonschema"] = _version([tools.check_jsonschema, "--version"], env)
    if tools.mmdc:
        found["Mermaid CLI (mmdc)"] = _version([tools.mmdc, "--version"], env)
        found["Node.js"] = _version(["node", "--version"], env)
        found["Chromium"] = _version([CHROMIUM, "--version"], env)
    if tools.hyperfine:
        found["hyperfine"] = _version([tools.hyperfine, "--version"], env)
    if shutil.which("dot"):
        found["Graphviz"] = _version(["dot", "-V"], env)
    return found


def machine() -> dict[str, str]:
    """CPU, cores, memory, OS and the git commit measured."""
    info = {
        "CPU": _cpuinfo("model name") or platform.processor() or "unknown",
        "Cores": str(os.cpu_count()),
        "Memory": _meminfo(),
        "OS": _os_release(),
        "Commit": _commit(),
    }
    return info


def _cpuinfo(key: str) -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _meminfo() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1_048_576:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os_release() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def _commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "unknown"
    dirty = git("status", "--porcelain", "--", "src")
    return f"{head} (with uncommitted changes in src/)" if dirty else head
