"""Data files joined onto a map: CSV/JSON rows -> `Step.metrics` and data-driven emotions.

In: a validated `Journey`, its `SourceDocument` (for paths and positions of
`data:` entries) and `--data` files. Out: `JoinResult` with a new `Journey`,
or `InvalidMap` with every bad row at file:line:column. Runs in the pipeline
right after `build_journey`.
"""

from cjmap.data.join import JoinResult, join_data
from cjmap.data.tables import read_table

__all__ = ["JoinResult", "join_data", "read_table"]
