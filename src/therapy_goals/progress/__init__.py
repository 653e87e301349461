"""Monitoring goals over time: questionnaires, progress summaries, wins, reviews and reports."""

from therapy_goals.contracts.questionnaires import (
    Band,
    ChangeAssessment,
    Questionnaire,
    QuestionnaireResult,
    reliable_change_index,
)
from therapy_goals.progress.charts import (
    ChartBand,
    ChartDrawing,
    ChartPlan,
    available_cpus,
    chart_goal,
    draw_chart,
    draw_charts,
    plan_chart,
)
from therapy_goals.progress.gas import gas_t_score, latest_attainment_t_score
from therapy_goals.progress.questionnaires import GAD7, PHQ9
from therapy_goals.progress.report import ClientReport, client_report
from therapy_goals.progress.reviews import (
    ReviewPreparation,
    due_for_review,
    prepare_review,
    record_review,
)
from therapy_goals.progress.summary import ProgressSummary, Standing, summarize, trend_per_week
from therapy_goals.progress.wins import Win, find_wins

__all__ = [
    "GAD7",
    "PHQ9",
    "Band",
    "ChangeAssessment",
    "ChartBand",
    "ChartDrawing",
    "ChartPlan",
    "ClientReport",
    "ProgressSummary",
    "Questionnaire",
    "QuestionnaireResult",
    "ReviewPreparation",
    "Standing",
    "Win",
    "available_cpus",
    "chart_goal",
    "client_report",
    "draw_chart",
    "draw_charts",
    "due_for_review",
    "find_wins",
    "gas_t_score",
    "latest_attainment_t_score",
    "plan_chart",
    "prepare_review",
    "record_review",
    "reliable_change_index",
    "summarize",
    "trend_per_week",
]
