"""Stage 2: plain data plus source map -> the validated, frozen `Journey`.

In: `SourceDocument` from `cjmap.load`. Out: `BuildResult(journey, warnings)`
from `build_journey`, or `InvalidMap` with every error positioned.
"""

from cjmap.model._validate import ModelError, validate
from cjmap.model.build import BuildResult, build_journey
from cjmap.model.journey import Journey, Phase, Step
from cjmap.model.lanes import DEFAULT_LANES, Lane, Opportunity, PainPoint
from cjmap.model.persona import Persona

__all__ = [
    "DEFAULT_LANES",
    "BuildResult",
    "Journey",
    "Lane",
    "ModelError",
    "Opportunity",
    "PainPoint",
    "Persona",
    "Phase",
    "Step",
    "build_journey",
    "validate",
]
