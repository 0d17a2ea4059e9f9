"""`data:` entries: CSV or JSON files whose rows join metrics (and emotions) onto steps.

Example:

    data:
      - metrics/steps.csv                   # shorthand for {file: …}
      - file: research/csat.csv
        step_column: step                   # default `step`
        persona_column: persona             # default: `persona` if the file has it
        columns: [csat, wait_minutes]       # default: every other column
        aggregate: mean                     # several rows per step: mean | sum
        emotion_from: {column: csat, scale: [1, 5]}

The join itself (reading files, positions, diagnostics) is `cjmap.data`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StrictFloat, StrictInt, model_validator

from cjmap.model._base import Model, Text

Number = StrictInt | StrictFloat


class EmotionFrom(Model):
    """Drive the emotion of steps that have none written from a data column."""

    column: Text = Field(description="The column holding the measure, e.g. `csat`.")
    scale: tuple[Number, Number] = Field(
        description="The column values that mean -2 and +2, e.g. `[1, 5]`; "
        "write `[30, 0]` when lower is better (minutes waited). Values in between "
        "map linearly and are rounded to a whole emotion."
    )

    @model_validator(mode="after")
    def _distinct(self) -> EmotionFrom:
        if self.scale[0] == self.scale[1]:
            raise ValueError("the two ends of `scale` must differ")
        return self


class DataSource(Model):
    """A CSV (`.csv`, `.tsv`) or JSON (`.json`, a list of objects) file of step data."""

    file: Text = Field(description="Path of the file, relative to the map file.")
    step_column: Text = Field("step", description="Column holding step ids.")
    persona_column: Text | None = Field(
        None,
        description="Column holding persona ids; rows without one apply to the whole step "
        "(default: `persona` when the file has that column).",
    )
    columns: tuple[Text, ...] | None = Field(
        None, description="Metric columns to join (default: every column but step and persona)."
    )
    aggregate: Literal["mean", "sum"] | None = Field(
        None,
        description="How to combine several rows for the same step (and persona): `mean` "
        "or `sum`; by default a second row is an error.",
    )
    emotion_from: EmotionFrom | None = Field(
        None, description="Map a column onto -2…+2 for steps without a written emotion."
    )


def _file_shorthand(value: Any) -> Any:
    return {"file": value} if isinstance(value, str) else value


DataSourceEntry = Annotated[
    DataSource,
    BeforeValidator(_file_shorthand, json_schema_input_type=str | DataSource),
]
