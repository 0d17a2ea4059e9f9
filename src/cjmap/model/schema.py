"""The JSON Schema of the map format, generated from the model.

`schemas/cjmap.schema.json` is this module's output (`make schema`); a test
fails when the committed copy is stale. Editors use it through the
yaml-language-server modeline that maps and included files carry.
"""

from __future__ import annotations

import json
from typing import Any

from cjmap.load import INCLUDABLE_KEYS
from cjmap.model.journey import Journey

SCHEMA_ID = "urn:cjmap:schema:map:1"


def json_schema() -> dict[str, Any]:
    """The draft 2020-12 schema of a map file, with a description for every field.

    A file with a `cjmap` key must be a whole map (`title`, `phases` …). A
    file without one is checked as an included file, which may only hold
    the lists a map merges in, so shared persona files validate in editors
    too.

    Returns:
        The schema as plain JSON data.
    """
    schema = Journey.model_json_schema(mode="validation")
    required = schema.pop("required", [])
    included_keys = [*INCLUDABLE_KEYS, "include", "cjmap"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "if": {"required": ["cjmap"]},
        "then": {"required": required},
        "else": {
            "description": "A file named under another map's `include:`: only "
            + ", ".join(f"`{k}`" for k in INCLUDABLE_KEYS)
            + " are merged in (it may include files itself).",
            "propertyNames": {"enum": included_keys},
        },
    }


def schema_text() -> str:
    """The schema as stable, pretty-printed JSON text (what `cjmap schema` prints)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
