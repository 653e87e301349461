"""The therapy-goals data model: frozen attrs classes, their vocabularies, and lifecycle changes.

This package sits at the bottom of the library: it imports nothing from the rest of it except the
errors, so every other part can build on it.
"""

from therapy_goals.model.codes import (
    KNOWN_AREAS,
    AchievementStatus,
    Direction,
    ExpressedBy,
    LifecycleStatus,
    Period,
    Priority,
    ProgressSource,
    ReviewDecision,
    StepStatus,
)
from therapy_goals.model.goal import (
    Coding,
    Goal,
    IfThenPlan,
    Measure,
    ParameterValue,
    Schedule,
    Step,
    TemplateRef,
    new_id,
    short_id,
    utc_now,
)
from therapy_goals.model.lifecycle import ALLOWED_TRANSITIONS, can_change_status, change_status
from therapy_goals.model.ordering import (
    objectives_by_parent,
    reading_key,
    reading_order,
    streamed_reading_order,
)
from therapy_goals.model.records import (
    Administration,
    ClientRecord,
    Correction,
    GoalRevision,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "KNOWN_AREAS",
    "AchievementStatus",
    "Administration",
    "ClientRecord",
    "Coding",
    "Correction",
    "Direction",
    "ExpressedBy",
    "Goal",
    "GoalRevision",
    "IfThenPlan",
    "LifecycleStatus",
    "Measure",
    "ParameterValue",
    "Period",
    "PlanUse",
    "Priority",
    "ProgressEntry",
    "ProgressSource",
    "Review",
    "ReviewDecision",
    "Schedule",
    "Step",
    "StepCompletion",
    "StepStatus",
    "TemplateRef",
    "can_change_status",
    "change_status",
    "new_id",
    "objectives_by_parent",
    "reading_key",
    "reading_order",
    "short_id",
    "streamed_reading_order",
    "utc_now",
]
