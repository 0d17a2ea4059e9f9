"""`parse_lanes`: the `--lanes` names as lanes, every unknown one named at once."""

from __future__ import annotations

import pytest

from cjmap.errors import UsageError
from cjmap.model.lanes import Lane
from cjmap.model.references import parse_lanes


def test_known_lanes_keep_their_order_without_repeats() -> None:
    assert parse_lanes(["emotions", "steps", "emotions"]) == (Lane.emotions, Lane.steps)


def test_one_unknown_lane_names_the_closest() -> None:
    with pytest.raises(UsageError) as exc:
        parse_lanes(["steps", "emotion"])
    assert str(exc.value).startswith("unknown lane `emotion`; did you mean `emotions`? (lanes: ")


def test_every_unknown_lane_is_named_once_in_one_error() -> None:
    with pytest.raises(UsageError) as exc:
        parse_lanes(["emotion", "steps", "zzz", "painpoints", "zzz"])
    assert str(exc.value) == (
        "unknown lanes `emotion` (did you mean `emotions`?), `zzz`, "
        "`painpoints` (did you mean `pain_points`?) (lanes: " + ", ".join(Lane.__members__) + ")"
    )
