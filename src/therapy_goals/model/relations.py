"""Which of the model's checks relate one field to another, for readers that skip the rest.

A trusted read (see ``therapy_goals.serialization.trusted``) builds objects from documents the
library wrote without running each field's own checks again, but still runs these: they are
what keeps a goal's steps inside its dates or a questionnaire's total equal to its answers.
"""

from __future__ import annotations

from typing import Any

from therapy_goals.model import goal, records
from therapy_goals.model.checks import FieldCheck

__all__ = ["cross_field_checks"]


def cross_field_checks(cls: type[Any]) -> tuple[tuple[str, FieldCheck], ...]:
    """The checks of ``cls`` that relate fields, each with the field whose validator it is."""
    return goal.CROSS_FIELD_CHECKS.get(cls) or records.CROSS_FIELD_CHECKS.get(cls) or ()
