"""The bundled example maps, and the map generator used by tests and benchmarks.

Every `examples/*.yaml` must pass `cjmap validate --strict` (no errors, no
warnings) through the real CLI, and together the examples must use every key
the model knows, so a new key without an example fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cjmap.load import load_document
from cjmap.model import Journey
from cjmap.model._base import Model
from cjmap.model._validate import model_fields, model_in
from cjmap.pipeline import load_journey
from tests.mapgen import generate_map, write_map

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


def _validate(*args: str) -> tuple[int, dict[str, Any]]:
    proc = subprocess.run(
        [sys.executable, "-m", "cjmap", "validate", "--strict", "--format", "json", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.stderr == "", proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture(scope="module")
def examples_run() -> tuple[int, dict[str, Any]]:
    """One `cjmap validate --strict examples/` run, shared by the tests below."""
    return _validate("examples/")


def test_there_are_at_least_three_examples() -> None:
    assert len(EXAMPLES) >= 3, EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_validates_without_warnings(
    examples_run: tuple[int, dict[str, Any]], path: Path
) -> None:
    _, report = examples_run
    name = f"examples/{path.name}"
    assert [d for d in report["diagnostics"] if d["file"] == name] == []
    assert {"file": name, "valid": True, "errors": 0, "warnings": 0} in report["files"]


def test_examples_directory_validates_and_skips_the_shared_personas(
    examples_run: tuple[int, dict[str, Any]],
) -> None:
    code, report = examples_run
    assert report["diagnostics"] == []
    assert [f["file"] for f in report["files"]] == [f"examples/{p.name}" for p in EXAMPLES]
    assert report["skipped"] == ["examples/personas/shared-personas.yaml"]
    assert code == 0


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_has_ten_to_thirty_steps(path: Path) -> None:
    journey = load_journey(path).journey
    assert 10 <= len(journey.steps) <= 30
    assert all(step.emotion is not None for step in journey.steps)


def test_examples_show_both_states_an_include_and_non_latin_text() -> None:
    journeys = {p.name: load_journey(p) for p in EXAMPLES}
    assert {j.journey.state for j in journeys.values()} == {"current", "future"}
    included = [j for j in journeys.values() if j.journey.include]
    assert included and all(len(j.document.files) > 1 for j in included)
    text = "".join(p.read_text(encoding="utf-8") for p in EXAMPLES)
    assert any("\u3040" <= ch <= "\u9fff" for ch in text), "no CJK text in the examples"
    assert any(ord(ch) >= 0x1F300 for ch in text), "no emoji in the examples"


def _all_keys(model: type[Model], out: set[tuple[str, str]]) -> None:
    for spec in model_fields(model):
        if (model.__name__, spec.name) in out:
            continue
        out.add((model.__name__, spec.name))
        nested = model_in(spec.annotation)
        if nested is not None:
            _all_keys(nested, out)


def _keys_used(model: type[Model], data: Any, out: set[tuple[str, str]]) -> None:
    if not isinstance(data, dict):
        return  # shorthand: a plain string for a pain point, opportunity, link …
    specs = {spec.name: spec for spec in model_fields(model)}
    for key, value in data.items():
        out.add((model.__name__, key))
        spec = specs.get(key)
        nested = model_in(spec.annotation) if spec is not None else None
        if nested is not None:
            for item in value if isinstance(value, list) else [value]:
                _keys_used(nested, item, out)


def test_examples_use_every_key_of_the_model() -> None:
    expected: set[tuple[str, str]] = set()
    _all_keys(Journey, expected)
    used: set[tuple[str, str]] = set()
    for path in EXAMPLES:
        _keys_used(Journey, load_document(path).data, used)
    missing = sorted(f"{model}.{key}" for model, key in expected - used)
    assert missing == [], f"no example uses: {', '.join(missing)}"
    # the walk really reached the nested models
    assert {"Evidence.note", "NextLink.label", "Opportunity.addresses"} <= {
        f"{m}.{k}" for m, k in used
    }


# -- the generator ------------------------------------------------------------


@pytest.mark.parametrize("steps", [1, 2, 30, 100, 1000, 3000])
def test_generated_map_validates(tmp_path: Path, steps: int) -> None:
    path = write_map(tmp_path / "map.yaml", steps=steps, seed=steps)
    loaded = load_journey(path)
    assert len(loaded.journey.steps) == steps
    assert len(loaded.journey.phases) == max(1, round(steps**0.5))
    assert loaded.warnings == []
    assert loaded.journey.steps[-1].next == ()


@pytest.mark.parametrize(
    ("steps", "branches"), [(1, 1), (2, 100), (30, 5), (100, 100), (1000, 100)]
)
def test_generated_map_has_the_requested_branches(
    tmp_path: Path, steps: int, branches: int
) -> None:
    path = write_map(tmp_path / "map.yaml", steps=steps, branches=branches, personas=3)
    loaded = load_journey(path)
    assert loaded.warnings == []  # every step reachable, no loop without a way out
    branching = [s for s in loaded.journey.steps if s.next]
    assert len(branching) == min(steps - 1, branches)  # the last step stays the exit
    assert all(len(s.next or ()) == 2 and (s.next or ())[1].label for s in branching)


def test_generated_map_is_deterministic() -> None:
    first = generate_map(200, personas=3, branches=12, seed=5)
    assert generate_map(200, personas=3, branches=12, seed=5) == first
    assert generate_map(200, personas=3, branches=12, seed=6) != first


def test_generated_map_mixes_realistic_content(tmp_path: Path) -> None:
    journey = load_journey(write_map(tmp_path / "map.yaml", steps=300, seed=1)).journey
    steps = journey.steps
    with_pain = sum(1 for s in steps if s.pain_points)
    assert 0.25 <= with_pain / len(steps) <= 0.4
    assert sum(1 for s in steps if s.opportunities) >= 50
    assert any(isinstance(s.emotion, dict) and len(s.emotion) == 2 for s in steps)
    assert any(s.personas == ("maya",) for s in steps)
    assert any(len(pp.text) > 150 for s in steps for pp in s.pain_points)
    assert any(s.description and len(s.description) > 150 for s in steps)


def test_generated_map_without_personas(tmp_path: Path) -> None:
    loaded = load_journey(write_map(tmp_path / "map.yaml", steps=12, personas=0))
    assert loaded.journey.personas == ()
    assert loaded.warnings == []


def test_generated_map_takes_a_phase_count(tmp_path: Path) -> None:
    journey = load_journey(write_map(tmp_path / "map.yaml", steps=40, phases=7)).journey
    assert len(journey.phases) == 7
    assert all(phase.steps for phase in journey.phases)


@pytest.mark.parametrize(
    "kw", [{"steps": 0}, {"steps": 3, "phases": 4}, {"steps": 3, "branches": -1}]
)
def test_generator_refuses_impossible_sizes(kw: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        generate_map(**kw)


def test_write_map_writes_the_generated_text(tmp_path: Path) -> None:
    path = write_map(tmp_path / "m.yaml", steps=9, branches=2, seed=3)
    assert path.read_text(encoding="utf-8") == generate_map(9, branches=2, seed=3)
