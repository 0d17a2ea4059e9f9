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

from dataclasses import dataclass
from typing import Literal

from cjmap.model._base import Model, StrictFloat, StrictInt, Text, field

Number = StrictInt | StrictFloat


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class EmotionFrom(Model):
    """Drive the emotion of steps that have none written from a data column."""

    column: Text = field("The column holding the measure, e.g. `csat`.")
    scale: tuple[Number, Number] = field(
        "The column values that mean -2 and +2, e.g. `[1, 5]`; "
        "write `[30, 0]` when lower is better (minutes waited). Values in between "
        "map linearly and are rounded to a whole emotion."
    )

    def check(self) -> str | None:
        return "the two ends of `scale` must differ" if self.scale[0] == self.scale[1] else None


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class DataSource(Model):
    """A CSV (`.csv`, `.tsv`) or JSON (`.json`, a list of objects) file of step data."""

    SHORTHAND = "file"

    file: Text = field("Path of the file, relative to the map file.")
    step_column: Text = field(default="step", description="Column holding step ids.")
    persona_column: Text | None = field(
        default=None,
        description="Column holding persona ids; rows without one apply to the whole step "
        "(default: `persona` when the file has that column).",
    )
    columns: tuple[Text, ...] | None = field(
        default=None,
        description="Metric columns to join (default: every column but step and persona).",
    )
    aggregate: Literal["mean", "sum"] | None = field(
        default=None,
        description="How to combine several rows for the same step (and persona): `mean` "
        "or `sum`; by default a second row is an error.",
    )
    emotion_from: EmotionFrom | None = field(
        default=None, description="Map a column onto -2…+2 for steps without a written emotion."
    )
