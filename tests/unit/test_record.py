"""`Record`: the shared equality, hash and repr of cjmap's frozen dataclasses."""

from __future__ import annotations

import dataclasses

import pytest

from cjmap._record import Record
from cjmap.layout.geometry import Box
from cjmap.model import Step, validate


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class _Pair(Record):
    a: int
    b: tuple[int, ...] = ()
    note: str = dataclasses.field(default="", compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class _Generated:
    a: int
    b: tuple[int, ...] = ()
    note: str = dataclasses.field(default="", compare=False, repr=False)


def test_equal_hash_and_repr_as_a_generated_dataclass() -> None:
    ours, theirs = _Pair(1, (2,), note="x"), _Generated(1, (2,), note="x")
    assert ours == _Pair(1, (2,), note="other")  # `compare=False` fields are left out
    assert ours != _Pair(1, (3,))
    assert hash(ours) == hash(_Pair(1, (2,))) == hash(theirs)
    assert repr(ours) == repr(theirs).replace("_Generated", "_Pair") == "_Pair(a=1, b=(2,))"


def test_another_class_is_never_equal_even_with_the_same_fields() -> None:
    assert _Pair(1) != _Generated(1)
    assert _Pair.__eq__(_Pair(1), _Generated(1)) is NotImplemented
    assert Box(0, 0, 1, 1) != (0, 0, 1, 1)


def test_still_frozen_and_usable_in_sets() -> None:
    box = Box(0, 0, 1, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.x = 2  # type: ignore[misc]
    assert {Box(0, 0, 1, 1), Box(0, 0, 1, 1)} == {box}


def test_models_compare_by_value_but_not_by_where_the_emotion_came_from() -> None:
    step = validate(Step, {"name": "Pays", "emotion": 1})
    assert step == validate(Step, {"name": "Pays", "emotion": 1})
    assert dataclasses.replace(step, emotion_source="data") == step
    assert "emotion_source" not in repr(step) and repr(step).startswith("Step(id='pays'")
    with pytest.raises(TypeError):
        hash(step)  # `metrics` is a dict, as with the generated hash
