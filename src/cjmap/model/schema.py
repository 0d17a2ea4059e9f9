"""The JSON Schema of the map format, generated from the model."""

from __future__ import annotations

import json
from typing import Any

from cjmap.model.journey import Journey

SCHEMA_ID = "urn:cjmap:schema:map:1"


def json_schema() -> dict[str, Any]:
    """The draft 2020-12 schema of a map file, with a description for every field."""
    schema = Journey.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_text() -> str:
    """The schema as stable, pretty-printed JSON text (what `cjmap schema` prints)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
