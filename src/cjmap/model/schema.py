"""The JSON Schema of the map format, generated from the model.

`schemas/cjmap.schema.json` is this module's output (`make schema`); a test
fails when the committed copy is stale. It is built from the same annotations
the validator compiles (`_validate`), laid out as pydantic laid it out while
the model was written with pydantic (byte for byte), so editors saw no
change. Editors use it through the yaml-language-server modeline that maps
and included files carry.
"""

from __future__ import annotations

import enum
import inspect
import json
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from cjmap.load import INCLUDABLE_KEYS
from cjmap.model._base import Doc, Model, Range, Str
from cjmap.model._validate import model_fields
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
    schema = _Generator().document(Journey)
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


class _Generator:
    """Annotations -> JSON Schema, with each model and enum once under `$defs`."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def document(self, root: type[Model]) -> dict[str, Any]:
        schema = self._model_def(root)
        schema = {"$defs": dict(sorted(self.defs.items())), **schema} if self.defs else schema
        ordered: dict[str, Any] = _sorted(schema)
        return ordered

    def _model_def(self, cls: type[Model]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required = []
        for spec in model_fields(cls):
            prop = self._type(spec.annotation)
            if not _is_reference(prop):
                prop["title"] = spec.name.replace("_", " ").title()
            prop["description"] = spec.description
            if spec.required:
                required.append(spec.name)
            elif spec.factory is None:
                prop["default"] = _json_value(spec.default)
            prop.update(spec.schema_extra)
            properties[spec.name] = prop
        schema: dict[str, Any] = {
            "additionalProperties": False,
            "description": inspect.cleandoc(cls.__doc__ or ""),
            "properties": properties,
            "title": cls.__name__,
            "type": "object",
        }
        if required:
            schema["required"] = required
        return schema

    def _ref(self, cls: type[Model] | type[enum.Enum]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: a model may refer to itself
            if issubclass(cls, enum.Enum):
                self.defs[name] = {
                    "description": inspect.cleandoc(cls.__doc__ or ""),
                    "enum": [member.value for member in cls],
                    "title": name,
                    "type": "string",
                }
            else:
                self.defs[name] = self._model_def(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _type(self, tp: Any) -> dict[str, Any]:
        origin = get_origin(tp)
        if origin is Annotated:
            base, *meta = get_args(tp)
            return self._annotated(base, meta)
        if origin in (Union, types.UnionType):
            members = [self._type(a) for a in get_args(tp) if a is not type(None)]
            if type(None) in get_args(tp):
                members.append({"type": "null"})
            return {"anyOf": members}
        if origin is Literal:
            values = list(get_args(tp))
            kind = "string" if isinstance(values[0], str) else "integer"
            return (
                {"const": values[0], "type": kind}
                if len(values) == 1
                else {"enum": values, "type": kind}
            )
        if origin is tuple:
            args = get_args(tp)
            if len(args) == 2 and args[1] is Ellipsis:
                return {"items": self._type(args[0]), "type": "array"}
            return {
                "maxItems": len(args),
                "minItems": len(args),
                "prefixItems": [self._type(a) for a in args],
                "type": "array",
            }
        if origin is dict:
            key, value = get_args(tp)
            schema = {"additionalProperties": self._type(value), "type": "object"}
            names = {k: v for k, v in self._type(key).items() if k != "type"}
            if names:
                schema["propertyNames"] = names
            return schema
        if isinstance(tp, type) and issubclass(tp, Model):
            ref = self._ref(tp)
            return {"anyOf": [{"type": "string"}, ref]} if tp.SHORTHAND else ref
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._ref(tp)
        return self._annotated(tp, [])

    def _annotated(self, base: Any, meta: list[Any]) -> dict[str, Any]:
        schema: dict[str, Any]
        if base is str:
            schema = {"type": "string"}
            rules = next((m for m in meta if isinstance(m, Str)), Str())
            if rules.min_length:
                schema["minLength"] = rules.min_length
            if rules.max_length is not None:
                schema["maxLength"] = rules.max_length
            if rules.pattern is not None:
                schema["pattern"] = rules.pattern
        elif base is bool:
            schema = {"type": "boolean"}
        elif base is int or base is float:
            schema = {"type": "integer" if base is int else "number"}
            bounds = next((m for m in meta if isinstance(m, Range)), None)
            if bounds is not None and bounds.ge is not None:
                schema["minimum"] = bounds.ge
            if bounds is not None and bounds.le is not None:
                schema["maximum"] = bounds.le
        else:
            schema = self._type(base)
        doc = next((m for m in meta if isinstance(m, Doc)), None)
        if doc is not None:
            schema["description"] = doc.description
            if doc.examples:
                schema["examples"] = list(doc.examples)
        return schema


def _is_reference(schema: dict[str, Any]) -> bool:
    """A field holding a model (or nothing) takes its title from the model."""
    return "$ref" in schema or any("$ref" in member for member in schema.get("anyOf", ()))


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _sorted(schema: Any, keep_order: bool = False) -> Any:
    """Keys sorted at every level but inside `properties` (declaration order)."""
    if isinstance(schema, dict):
        items = schema.items() if keep_order else sorted(schema.items())
        return {k: _sorted(v, keep_order=(k == "properties" and not keep_order)) for k, v in items}
    if isinstance(schema, list):
        return [_sorted(v) for v in schema]
    return schema
