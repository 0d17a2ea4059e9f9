"""The committed JSON Schema is `cjmap schema`'s output, and it accepts what cjmap accepts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from cjmap.errors import Limits
from cjmap.load.yaml_safe import parse_yaml
from cjmap.model.schema import schema_text
from tests.conftest import ROOT, RunCli

SCHEMA_FILE = ROOT / "schemas" / "cjmap.schema.json"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INCLUDED = sorted((ROOT / "examples").glob("*/*.yaml"))
MAPS = [ROOT / "tests" / "cases" / "valid" / "normative" / "map.yaml", *EXAMPLES]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def _data(path: Path) -> Any:
    # cjmap's own YAML reading (YAML 1.2 core scalars), as editors do.
    data, _ = parse_yaml(path.read_text(encoding="utf-8-sig"), str(path), Limits())
    return data


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schemas/cjmap.schema.json is stale: run `make schema` and commit the result"
    )


def test_schema_command_prints_the_schema(run_cli: RunCli) -> None:
    code, out, err = run_cli("schema")
    assert (code, err) == (0, "")
    assert out == SCHEMA_FILE.read_text(encoding="utf-8")
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_property_has_a_description() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    missing = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, prop in (node.get("properties") or {}).items():
                if "description" not in prop:
                    missing.append(f"{where}.{key}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    walk(schema, "#")
    assert missing == []


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_maps_are_valid_against_the_schema(validator: Draft202012Validator, path: Path) -> None:
    assert _errors(validator, _data(path)) == []


@pytest.mark.parametrize("path", INCLUDED, ids=lambda p: p.name)
def test_included_files_are_valid_against_the_schema(
    validator: Draft202012Validator, path: Path
) -> None:
    assert _errors(validator, _data(path)) == []


@pytest.mark.parametrize("path", [*EXAMPLES, *INCLUDED], ids=lambda p: p.name)
def test_examples_point_editors_at_the_schema(path: Path) -> None:
    found = MODELINE.search(path.read_text(encoding="utf-8"))
    assert found, "first line should be `# yaml-language-server: $schema=…/cjmap.schema.json`"
    assert (path.parent / found.group(1)).resolve() == SCHEMA_FILE


def test_shorthand_forms_are_accepted(validator: Draft202012Validator) -> None:
    data = {
        "cjmap": 1,
        "title": "Shorthands",
        "include": ["personas.yaml"],
        "personas": [{"name": "Maya"}, {"id": "ben", "name": "Ben"}],
        "phases": [
            {
                "name": "Buy",
                "steps": [
                    {
                        "name": "Checks out",
                        "emotion": {"maya": -2, "ben": 1},
                        "pain_points": [
                            "Shipping cost shown late",
                            {"text": "Slow", "severity": "low"},
                        ],
                        "opportunities": ["Show it early"],
                        "evidence": ["analytics", {"kind": "survey", "source": "Q3"}],
                        "next": ["done", {"to": "abandon", "label": "too expensive"}],
                        "metrics": {"ctr": "1.8%", "visits": 12400, "csat": 3.9},
                    },
                    {"id": "abandon", "name": "Abandons", "emotion": -2, "next": []},
                    {"id": "done", "name": "Done", "emotion": 2},
                ],
            }
        ],
    }
    assert _errors(validator, data) == []


@pytest.mark.parametrize(
    ("case", "path"),
    [
        ("unknown-key-step", "$.phases[0].steps[1]"),
        ("emotion-range-high", "$.phases[0].steps[1].emotion"),
        ("bad-enum-severity", "$.phases[0].steps[1].pain_points[0]"),
        ("missing-title", "$"),
        ("unsupported-version", "$.cjmap"),
    ],
)
def test_schema_rejects_what_cjmap_rejects(
    validator: Draft202012Validator, case: str, path: str
) -> None:
    data = _data(ROOT / "tests" / "cases" / "invalid" / f"{case}.yaml")
    errors = list(validator.iter_errors(data))
    assert errors
    assert any(e.json_path == path for e in errors), [e.json_path for e in errors]


def test_included_file_with_map_keys_is_rejected(validator: Draft202012Validator) -> None:
    assert _errors(validator, {"personas": [], "title": "Not merged"})


def test_check_jsonschema_accepts_the_examples() -> None:
    program = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if program is None:  # pragma: no cover - installed with the test extra
        pytest.skip("check-jsonschema is not installed")
    files = [str(p) for p in (*MAPS, *INCLUDED)]
    proc = subprocess.run(
        [program, "--schemafile", str(SCHEMA_FILE), *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok -- validation done" in proc.stdout
