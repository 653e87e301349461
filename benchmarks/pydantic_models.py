"""A pydantic v2 model of the same shape as our Goal: what a user might otherwise pick.

Field for field the JSON form of :class:`therapy_goals.Goal`, with the constraints pydantic
expresses declaratively (non-empty text, ranges, known codes, no unknown keys). It does not
check the cross-field rules our model does (a due date after the start, a target that differs
from the baseline, ...), so it does less work than we do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from therapy_goals import (
    AchievementStatus,
    Direction,
    ExpressedBy,
    LifecycleStatus,
    Period,
    Priority,
    StepStatus,
)

_STRICT = ConfigDict(frozen=True, extra="forbid")


class ScheduleModel(BaseModel):
    model_config = _STRICT
    count: int = Field(ge=1)
    per: Period


class StepModel(BaseModel):
    model_config = _STRICT
    action: str = Field(min_length=1)
    id: str = Field(min_length=1)
    schedule: ScheduleModel | None = None
    minutes: int | None = Field(default=None, gt=0)
    due: date | None = None
    status: StepStatus = StepStatus.NOT_STARTED


class MeasureModel(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1)
    direction: Direction
    unit: str | None = None
    questionnaire: str | None = None
    baseline: float | None = None
    target: float | None = None
    minimum: float | None = None
    maximum: float | None = None


class GoalModel(BaseModel):
    model_config = _STRICT
    schema_version: Literal[1]
    type: Literal["goal"]
    client_id: str = Field(min_length=1)
    statement: str = Field(min_length=1)
    start: date
    id: str = Field(min_length=1)
    area: str | None = None
    why_it_matters: str | None = None
    measure: MeasureModel | None = None
    due: date | None = None
    status: LifecycleStatus = LifecycleStatus.PROPOSED
    achievement: AchievementStatus | None = None
    priority: Priority | None = None
    parent_id: str | None = None
    steps: tuple[StepModel, ...] = ()
    confidence: int | None = Field(default=None, ge=0, le=10)
    importance: int | None = Field(default=None, ge=0, le=10)
    expressed_by: ExpressedBy = ExpressedBy.CLIENT
    tags: tuple[str, ...] = ()
    template: dict[str, Any] | None = None
    notes: str | None = None
    created: datetime
    updated: datetime
    revision: int = Field(ge=0)
