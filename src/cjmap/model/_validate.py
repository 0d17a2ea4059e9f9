"""Plain data -> model instances, by the rules written in the models' annotations.

Each model class is compiled once into nested validator functions (one per
field type); a validator returns the converted value, or `BAD` after
appending its errors. Errors are dicts in pydantic's vocabulary (`type`,
`loc`, `msg`, `input`, `ctx`), which `_messages` turns into what a person
reads, so every problem in a map is reported in one run, not just the first.

Why not pydantic: importing it and building these models was ~250 ms of a
~420 ms render of a 30-step map (2 cores), and typer 0.29+ imports it too.
This module is what cjmap needs of it: strict numbers and booleans, numbers
written bare read as text, stripped text with length and pattern rules,
literals, enums, tuples, mappings, unions (exact type first, then lenient),
nested models with forbidden unknown keys, string shorthands and derived ids.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from cjmap._record import Record
from cjmap.model._base import Model, Range, Str, Strict, slugify

M = TypeVar("M", bound=Model)
Loc = tuple[Any, ...]
Errors = list[dict[str, Any]]
#: (value, location, errors, strict) -> converted value or BAD
Validator = Callable[[Any, Loc, Errors, bool], Any]


class _Bad:
    def __repr__(self) -> str:
        return "BAD"


BAD: Any = _Bad()


class ModelError(ValueError):
    """Data that does not fit the model; `errors` holds every problem found."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(f"{len(errors)} validation error(s)")
        self.errors = errors


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class FieldSpec(Record):
    """One model field as the validator and the schema see it."""

    name: str
    annotation: Any
    required: bool
    default: Any
    factory: Callable[[], Any] | None
    description: str
    schema_extra: dict[str, Any]


def validate(cls: type[M], data: Any) -> M:
    """Validate `data` (from YAML) into an instance of the model `cls`.

    Raises:
        ModelError: with every error found.
    """
    errors: Errors = []
    result = _validator(cls)(data, (), errors, False)
    if result is BAD:
        raise ModelError(errors)
    return typing.cast(M, result)


def compiled(cls: type[Model]) -> None:
    """Compile the validators of `cls` and of the models it holds ahead of first use."""
    todo, done = [cls], set()
    while todo:
        model = todo.pop()
        if model not in done:
            done.add(model)
            _validator(model)
            todo.extend(m for f in model_fields(model) if (m := model_in(f.annotation)))


def model_fields(cls: type[Model]) -> list[FieldSpec]:
    """The fields a file may write for `cls`, in declaration order."""
    cached = _FIELDS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls, include_extras=True)
    specs = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.metadata.get("internal"):
            continue
        has_factory = f.default_factory is not dataclasses.MISSING
        specs.append(
            FieldSpec(
                name=f.name,
                annotation=hints[f.name],
                required=f.default is dataclasses.MISSING and not has_factory,
                default=f.default,
                factory=f.default_factory if has_factory else None,  # type: ignore[arg-type]
                description=f.metadata.get("description", ""),
                schema_extra=f.metadata.get("schema_extra", {}),
            )
        )
    _FIELDS[cls] = specs
    return specs


def model_in(annotation: Any) -> type[Model] | None:
    """The model inside `tuple[X, ...] | None`, `dict[str, X]` etc., if any."""
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, Model):
            return item
        origin = get_origin(item)
        if origin is Annotated:
            stack.append(get_args(item)[0])
        elif origin in (tuple, list, dict, Union, types.UnionType):
            stack.extend(a for a in get_args(item) if a is not Ellipsis)
    return None


def _expected_text(values: tuple[Any, ...]) -> str:
    """`'a', 'b' or 'c'`: how a literal's choices are listed in a message."""
    shown = [repr(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


_FIELDS: dict[type[Model], list[FieldSpec]] = {}
_COMPILED: dict[type[Model], Validator] = {}


def _validator(cls: type[Model]) -> Validator:
    compiled = _COMPILED.get(cls)
    if compiled is None:
        compiled = _COMPILED[cls] = _model_validator(cls)
    return compiled


def _error(
    etype: str, loc: Loc, value: Any, msg: str, ctx: dict[str, Any] | None = None
) -> dict[str, Any]:
    err: dict[str, Any] = {"type": etype, "loc": loc, "msg": msg, "input": value}
    if ctx is not None:
        err["ctx"] = ctx
    return err


def _loc_key(key: Any) -> Any:
    """A mapping key as it appears in an error's location."""
    return key if isinstance(key, str | int) and not isinstance(key, bool) else str(key)


def _compile(tp: Any) -> Validator:
    """The validator for one annotation."""
    origin = get_origin(tp)
    if origin is Annotated:
        base, *meta = get_args(tp)
        return _compile_annotated(base, meta)
    if origin in (Union, types.UnionType):
        return _compile_union(get_args(tp))
    if origin is Literal:
        return _literal(get_args(tp))
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return _tuple_of(_compile(args[0]))
        return _fixed_tuple([_compile(a) for a in args])
    if origin is dict:
        key, value = get_args(tp)
        return _mapping(_compile(key), _compile(value))
    if isinstance(tp, type) and issubclass(tp, Model):
        return _model_reference(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum(tp)
    return _compile_annotated(tp, [])


def _model_reference(cls: type[Model]) -> Validator:
    """The validator of a model, compiled on first use (models may refer to later ones)."""
    compiled: list[Validator] = []

    def reference(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        if not compiled:
            compiled.append(_validator(cls))
        return compiled[0](value, loc, errors, strict)

    return reference


def _compile_annotated(base: Any, meta: list[Any]) -> Validator:
    if base is str:
        spec = next((m for m in meta if isinstance(m, Str)), Str())
        return _text(spec)
    bounds = next((m for m in meta if isinstance(m, Range)), Range())
    if base is bool:
        return _boolean
    if base is int:
        return _integer(bounds)
    if base is float:
        return _number(strict=any(isinstance(m, Strict) for m in meta))
    if meta:
        return _compile(base)
    raise TypeError(f"no validator for {base!r}")


def _compile_union(args: tuple[Any, ...]) -> Validator:
    members = [_compile(a) for a in args if a is not type(None)]
    inner = members[0] if len(members) == 1 else _union(members)
    if type(None) not in args:
        return inner

    def optional(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        return None if value is None else inner(value, loc, errors, strict)

    return optional


def _union(members: list[Validator]) -> Validator:
    """Smart union: the first member taking the value as it is, else the first converting it."""

    def union(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        for member in members:
            result = member(value, loc, [], True)
            if result is not BAD:
                return result
        found: Errors = []
        for member in members:
            result = member(value, loc, found, False)
            if result is not BAD:
                return result
        errors.extend(found)
        return BAD

    return union


def _text(spec: Str) -> Validator:
    min_length, max_length, check = spec.min_length, spec.max_length, spec.check
    pattern = re.compile(spec.pattern) if spec.pattern else None
    too_short = f"String should have at least {min_length} character{'s' * (min_length != 1)}"

    def text(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        if type(value) is not str:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if strict or not number:
                errors.append(_error("string_type", loc, value, "Input should be a valid string"))
                return BAD
            value = str(value)
        value = value.strip()
        if len(value) < min_length:
            errors.append(
                _error("string_too_short", loc, value, too_short, {"min_length": min_length})
            )
            return BAD
        if max_length is not None and len(value) > max_length:
            msg = f"String should have at most {max_length} characters"
            errors.append(_error("string_too_long", loc, value, msg, {"max_length": max_length}))
            return BAD
        if pattern is not None and not pattern.search(value):
            msg = f"String should match pattern '{pattern.pattern}'"
            errors.append(
                _error("string_pattern_mismatch", loc, value, msg, {"pattern": pattern.pattern})
            )
            return BAD
        if check is not None:
            problem = check(value)
            if problem is not None:
                errors.append(_error(problem[0], loc, value, problem[1], {"name": value}))
                return BAD
        return value

    return text


def _boolean(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
    if type(value) is bool:
        return value
    errors.append(_error("bool_type", loc, value, "Input should be a valid boolean"))
    return BAD


def _integer(bounds: Range) -> Validator:
    ge, le = bounds.ge, bounds.le

    def integer(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        if type(value) is not int:
            errors.append(_error("int_type", loc, value, "Input should be a valid integer"))
            return BAD
        if ge is not None and value < ge:
            msg = f"Input should be greater than or equal to {ge}"
            errors.append(_error("greater_than_equal", loc, value, msg, {"ge": ge}))
            return BAD
        if le is not None and value > le:
            msg = f"Input should be less than or equal to {le}"
            errors.append(_error("less_than_equal", loc, value, msg, {"le": le}))
            return BAD
        return value

    return integer


def _number(strict: bool) -> Validator:
    always_strict = strict

    def number(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        kind = type(value)
        if kind is float:
            return value
        if kind is int and not always_strict:
            return float(value)
        if kind is bool and not (strict or always_strict):
            return float(value)
        errors.append(_error("float_type", loc, value, "Input should be a valid number"))
        return BAD

    return number


def _literal(values: tuple[Any, ...]) -> Validator:
    expected = _expected_text(values)
    msg = f"Input should be {expected}"

    def literal(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        for choice in values:
            if isinstance(choice, str):
                if type(value) is str and value == choice:
                    return choice
            elif isinstance(value, int | float) and value == choice:
                return choice  # as pydantic: `true` and `1.0` are the literal 1
        errors.append(_error("literal_error", loc, value, msg, {"expected": expected}))
        return BAD

    return literal


def _enum(enum_type: type[enum.Enum]) -> Validator:
    by_value = {member.value: member for member in enum_type}
    expected = _expected_text(tuple(by_value))
    msg = f"Input should be {expected}"

    def choice(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        if type(value) is str and value in by_value:
            return by_value[value]
        errors.append(_error("enum", loc, value, msg, {"expected": expected}))
        return BAD

    return choice


# Containers tell failure by the error count: a validator returning BAD has
# always added at least one error to the list it was given.


def _tuple_of(item: Validator) -> Validator:
    def items(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        if type(value) is not list and type(value) is not tuple:
            errors.append(_error("tuple_type", loc, value, "Input should be a valid tuple"))
            return BAD
        before = len(errors)
        out = tuple([item(v, (*loc, i), errors, False) for i, v in enumerate(value)])
        return BAD if len(errors) > before else out

    return items


def _fixed_tuple(members: list[Validator]) -> Validator:
    size = len(members)

    def fixed(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        if type(value) is not list and type(value) is not tuple:
            errors.append(_error("tuple_type", loc, value, "Input should be a valid tuple"))
            return BAD
        if len(value) > size:
            msg = f"Tuple should have at most {size} items after validation, not {len(value)}"
            ctx = {"field_type": "Tuple", "max_length": size, "actual_length": len(value)}
            errors.append(_error("too_long", loc, value, msg, ctx))
            return BAD
        before = len(errors)
        pairs = zip(members, value, strict=False)  # shorter `value`: its missing items follow
        out = tuple([check(v, (*loc, i), errors, False) for i, (check, v) in enumerate(pairs)])
        for i in range(len(value), size):
            errors.append(_error("missing", (*loc, i), value, "Field required"))
        return BAD if len(errors) > before else out

    return fixed


def _mapping(key: Validator, item: Validator) -> Validator:
    def mapping(value: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        if type(value) is not dict:
            errors.append(_error("dict_type", loc, value, "Input should be a valid dictionary"))
            return BAD
        before = len(errors)
        out = {}
        for k, v in value.items():
            at = _loc_key(k)
            out[key(k, (*loc, at, "[key]"), errors, False)] = item(v, (*loc, at), errors, False)
        return BAD if len(errors) > before else out

    return mapping


def _model_validator(cls: type[Model]) -> Validator:
    fields = [(f.name, _compile(f.annotation), f.required) for f in model_fields(cls)]
    names = frozenset(name for name, _, _ in fields)
    defaults = {
        f.name: f.default for f in model_fields(cls) if f.factory is None and not f.required
    }
    factories = [(f.name, f.factory) for f in model_fields(cls) if f.factory is not None]
    every_field = dataclasses.fields(cls)  # type: ignore[arg-type]
    internals = {f.name: f.default for f in every_field if f.metadata.get("internal")}
    shorthand, derive_id = cls.SHORTHAND, cls.DERIVE_ID
    noted = cls.noted if cls.noted.__func__ is not Model.noted.__func__ else None  # type: ignore[attr-defined]
    checked = cls.check is not Model.check
    not_a_mapping = f"Input should be a valid dictionary or instance of {cls.__name__}"
    class_ctx = {"class_name": cls.__name__}

    by_name = {name: check for name, check, _ in fields}
    required_names = tuple(name for name, _, required in fields if required)

    def validate_model(data: Any, loc: Loc, errors: Errors, strict: bool) -> Any:
        if type(data) is not dict:
            if shorthand is None or type(data) is not str:
                errors.append(_error("model_type", loc, data, not_a_mapping, class_ctx))
                return BAD
            data = {shorthand: data}
        if derive_id and "id" not in data and type(data.get("name")) is str:
            data = {"id": slugify(data["name"]), **data}
        # Fast path: only the keys written, in the order written. Errors are
        # collected apart and, if any, the fields are walked again in their
        # declared order so that messages come in a stable order.
        values: dict[str, Any] = {}
        found: Errors = []
        for name, value in data.items():
            check = by_name.get(name)
            if check is None:
                found.append(_error("extra_forbidden", (), value, ""))
                break
            values[name] = check(value, (*loc, name), found, False)
        if not found:
            for name in required_names:
                if name not in data:
                    found.append(_error("missing", (), data, ""))
                    break
        if found:
            _model_errors(data, loc, errors)
            return BAD
        instance = object.__new__(cls)
        state = instance.__dict__
        state.update(defaults)
        for name, factory in factories:
            state[name] = factory()
        state.update(internals)
        state.update(values)
        if noted is not None:
            state.update(noted(data))
        if checked:
            problem = instance.check()
            if problem is not None:
                ctx = {"error": problem}
                errors.append(_error("value_error", loc, data, f"Value error, {problem}", ctx))
                return BAD
        return instance

    def _model_errors(data: dict[Any, Any], loc: Loc, errors: Errors) -> None:
        """Every error of `data`, field by field in declared order, then unknown keys."""
        for name, check, required in fields:
            if name in data:
                check(data[name], (*loc, name), errors, False)
            elif required:
                errors.append(_error("missing", (*loc, name), data, "Field required"))
        for key, value in data.items():
            if key not in names:
                msg = "Extra inputs are not permitted"
                errors.append(_error("extra_forbidden", (*loc, _loc_key(key)), value, msg))

    return validate_model
