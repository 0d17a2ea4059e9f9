"""What the benchmark feeds the tools: generated maps, the JSON Schema, Mermaid text."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType

import _tools


def _mapgen() -> ModuleType:
    path = _tools.ROOT / "tests" / "mapgen.py"
    spec = importlib.util.spec_from_file_location("cjmap_bench_mapgen", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(
    where: Path, phases: dict[int, int], corpus_n: int
) -> tuple[dict[int, Path], list[Path]]:
    """Write one map per size (`phases`: steps -> phases) and the validation corpus.

    Written once: a stamp of tests/mapgen.py's source and the sizes says when to
    write them again.
    """
    mapgen_src = (_tools.ROOT / "tests" / "mapgen.py").read_bytes()
    stamp = hashlib.sha256(mapgen_src + repr((phases, corpus_n)).encode()).hexdigest()
    maps = {n: where / f"steps-{n}.yaml" for n in phases}
    corpus = [where / "corpus" / f"map-{i:04d}.yaml" for i in range(corpus_n)]
    stamp_file = where / "stamp"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return maps, corpus
    gen = _mapgen()
    (where / "corpus").mkdir(parents=True, exist_ok=True)
    for n, path in maps.items():
        gen.write_map(path, steps=n, phases=phases[n], personas=2, branches=n // 3, seed=n)
    for i, path in enumerate(corpus):
        # typical maps, like examples/: 10–30 steps, 1–3 personas, a few branches
        gen.write_map(path, steps=10 + (i * 7) % 21, personas=1 + i % 3, branches=i % 4, seed=i)
    stamp_file.write_text(stamp)
    return maps, corpus


def schema_file(
    tools: _tools.Tools, env: dict[str, str], work: Path, notes: list[str]
) -> Path | None:
    """schemas/cjmap.schema.json, or `cjmap schema`'s output while the committed copy is missing."""
    committed = _tools.ROOT / "schemas" / "cjmap.schema.json"
    if committed.exists():
        return committed
    made = work / "cjmap.schema.json"
    done = subprocess.run([*tools.cjmap, "schema"], env=env, capture_output=True)
    if done.returncode != 0 or not done.stdout.strip():
        notes.append("check-jsonschema skipped: no schemas/cjmap.schema.json and no `cjmap schema`")
        return None
    made.write_bytes(done.stdout)
    notes.append(
        "schemas/cjmap.schema.json is missing: check-jsonschema used `cjmap schema`'s output"
    )
    return made


def mermaid_texts(
    tools: _tools.Tools,
    env: dict[str, str],
    work: Path,
    maps: dict[int, Path],
    formats: set[str],
    notes: list[str],
) -> dict[int, Path]:
    """The maps as Mermaid `journey` text: cjmap's own export when it has one, else ours."""
    where = work / "mermaid"
    where.mkdir(parents=True, exist_ok=True)
    texts: dict[int, Path] = {}
    fallback = []
    for n, path in maps.items():
        target = where / f"steps-{n}.mmd"
        done = None
        if "mermaid" in formats:
            argv = [*tools.cjmap, "render", str(path), "-f", "mermaid", "-o", str(target)]
            done = subprocess.run(argv, env=env, capture_output=True, text=True)
        if done is None or done.returncode != 0:
            import mermaid_export

            mermaid_export.main([str(path), str(target)])
            fallback.append(n)
        texts[n] = target
    if not fallback:
        notes.append("Mermaid text exported with `cjmap render -f mermaid`")
        return texts
    why = "no `-f mermaid` in this build" if "mermaid" not in formats else "it failed"
    notes.append(f"Mermaid text of sizes {fallback} written by bench/mermaid_export.py ({why})")
    return texts
