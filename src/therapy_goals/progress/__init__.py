"""Monitoring goals over time: questionnaires, progress summaries, wins, reviews and reports."""

from therapy_goals.progress.gas import gas_t_score, latest_attainment_t_score
from therapy_goals.progress.questionnaires import (
    GAD7,
    PHQ9,
    Band,
    ChangeAssessment,
    Questionnaire,
    QuestionnaireResult,
    reliable_change_index,
)

__all__ = [
    "GAD7",
    "PHQ9",
    "Band",
    "ChangeAssessment",
    "Questionnaire",
    "QuestionnaireResult",
    "gas_t_score",
    "latest_attainment_t_score",
    "reliable_change_index",
]
