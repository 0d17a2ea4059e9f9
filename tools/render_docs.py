"""Render the examples shown in the README into docs/ (run with `make docs`).

Uses the CLI, exactly as a user would, so the images prove the commands work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# (map, output, extra arguments)
RENDERS: list[tuple[str, str, list[str]]] = [
    ("examples/plantly-first-purchase.yaml", "plantly-first-purchase.png", []),
    ("examples/plantly-first-purchase.yaml", "plantly-first-purchase.svg", []),
    ("examples/saas-trial-to-paid.yaml", "saas-trial-to-paid.png", []),
    ("examples/clinica-visita-paciente.yaml", "clinica-visita-paciente.png", []),
    ("examples/bank-account-opening.yaml", "bank-account-opening-dark.png", ["--theme", "dark"]),
    (
        "tests/cases/valid/normative/map.yaml",
        "normative-example.png",
        [],
    ),
]
OPTIONAL: list[tuple[str, str, list[str]]] = [
    ("examples/plantly-first-purchase.yaml", "plantly-first-purchase.flow.svg", ["-f", "flow"]),
    ("examples/plantly-first-purchase.yaml", "plantly-first-purchase.flow.png", ["-f", "flow"]),
    ("examples/plantly-first-purchase.yaml", "plantly-first-purchase.html", ["-f", "html"]),
]


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    for source, target, extra in RENDERS + OPTIONAL:
        cmd = [sys.executable, "-m", "cjmap", "render", source, "-o", str(DOCS / target), *extra]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            if (source, target, extra) in OPTIONAL:
                print(f"skipped {target}: {result.stderr.strip().splitlines()[-1:]}")
                continue
            sys.stderr.write(result.stderr)
            return result.returncode
        print(f"docs/{target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
