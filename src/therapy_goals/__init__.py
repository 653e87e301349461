"""therapy-goals: set, check and track SMART therapy goals.

The public API, re-exported from the modules that define it:

- the model (:mod:`therapy_goals.model`): :class:`Goal`, :class:`Measure`, :class:`Step`,
  :class:`ProgressEntry`, :class:`Review`, :class:`ClientRecord` and their codes;
- the JSON form (:mod:`therapy_goals.serialization`): :func:`to_json`, :func:`from_json`, ...;
- SMART checks (:mod:`therapy_goals.smart`): :func:`check` a goal or a plain statement,
  :func:`parse_goal`, :class:`Checker`, :class:`Selection` and the :class:`Rule` type;
- goal templates (:mod:`therapy_goals.templates`): :class:`Template` with typed
  :class:`Parameter` values, in code or as TOML data files;
- monitoring (:mod:`therapy_goals.progress`): questionnaires (PHQ-9, GAD-7), progress
  :func:`summarize`, :func:`find_wins`, the review workflow and Goal Attainment Scaling;
- storage (:mod:`therapy_goals.storage`): :func:`open_store` by URL, the :class:`Store`
  contract, backends for memory, SQLite (default), a JSON folder and PostgreSQL;
- the plug-in system (:mod:`therapy_goals.plugins`, :mod:`therapy_goals.hookspecs`):
  :func:`get_plugin_manager` and the :data:`hookimpl` marker;
- the errors (:mod:`therapy_goals.errors`), all derived from :class:`TherapyGoalsError`.

Hypothesis strategies for property tests live in :mod:`therapy_goals.testing.strategies`.
"""

import logging

from therapy_goals._version import __version__
from therapy_goals.contracts.exporters import Exporter
from therapy_goals.contracts.languages import Language
from therapy_goals.errors import (
    ConflictError,
    MissingDependencyError,
    NotFoundError,
    PluginError,
    Problem,
    StatusTransitionError,
    StorageError,
    TherapyGoalsError,
    ValidationError,
)
from therapy_goals.hookspecs import hookimpl
from therapy_goals.model import (
    ALLOWED_TRANSITIONS,
    KNOWN_AREAS,
    AchievementStatus,
    Administration,
    ClientRecord,
    Coding,
    Correction,
    Direction,
    ExpressedBy,
    Goal,
    LifecycleStatus,
    Measure,
    ParameterValue,
    Period,
    Priority,
    ProgressEntry,
    ProgressSource,
    Review,
    ReviewDecision,
    Schedule,
    Step,
    StepCompletion,
    StepStatus,
    TemplateRef,
    can_change_status,
    change_status,
    reading_order,
    short_id,
)
from therapy_goals.plugins import (
    PluginFailure,
    PluginInfo,
    PluginManager,
    PluginProblem,
    default_plugin_manager,
    get_plugin_manager,
)
from therapy_goals.progress import (
    GAD7,
    PHQ9,
    Band,
    ProgressSummary,
    Questionnaire,
    Win,
    due_for_review,
    find_wins,
    gas_t_score,
    prepare_review,
    record_review,
    summarize,
)
from therapy_goals.sample import sample_record
from therapy_goals.serialization import (
    SCHEMA_VERSION,
    configure_converter,
    document_from_json,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from therapy_goals.smart import (
    Advice,
    Checker,
    Criterion,
    Finding,
    Report,
    Rule,
    RuleContext,
    RuleDocs,
    RuleStatus,
    Selection,
    Severity,
    Verdict,
    check,
    parse_goal,
    rule,
)
from therapy_goals.storage import (
    Capabilities,
    GoalRevision,
    StorageBackend,
    Store,
    open_store,
)
from therapy_goals.templates import (
    Parameter,
    ParameterType,
    Template,
    TemplateCatalog,
    TemplateResult,
)

# A library leaves logging set-up to the app; without a handler nothing is printed.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "ALLOWED_TRANSITIONS",
    "GAD7",
    "KNOWN_AREAS",
    "PHQ9",
    "SCHEMA_VERSION",
    "AchievementStatus",
    "Administration",
    "Advice",
    "Band",
    "Capabilities",
    "Checker",
    "ClientRecord",
    "Coding",
    "ConflictError",
    "Correction",
    "Criterion",
    "Direction",
    "Exporter",
    "ExpressedBy",
    "Finding",
    "Goal",
    "GoalRevision",
    "Language",
    "LifecycleStatus",
    "Measure",
    "MissingDependencyError",
    "NotFoundError",
    "Parameter",
    "ParameterType",
    "ParameterValue",
    "Period",
    "PluginError",
    "PluginFailure",
    "PluginInfo",
    "PluginManager",
    "PluginProblem",
    "Priority",
    "Problem",
    "ProgressEntry",
    "ProgressSource",
    "ProgressSummary",
    "Questionnaire",
    "Report",
    "Review",
    "ReviewDecision",
    "Rule",
    "RuleContext",
    "RuleDocs",
    "RuleStatus",
    "Schedule",
    "Selection",
    "Severity",
    "StatusTransitionError",
    "Step",
    "StepCompletion",
    "StepStatus",
    "StorageBackend",
    "StorageError",
    "Store",
    "Template",
    "TemplateCatalog",
    "TemplateRef",
    "TemplateResult",
    "TherapyGoalsError",
    "ValidationError",
    "Verdict",
    "Win",
    "__version__",
    "can_change_status",
    "change_status",
    "check",
    "configure_converter",
    "default_plugin_manager",
    "document_from_json",
    "due_for_review",
    "find_wins",
    "from_dict",
    "from_json",
    "gas_t_score",
    "get_plugin_manager",
    "hookimpl",
    "make_converter",
    "open_store",
    "parse_goal",
    "prepare_review",
    "reading_order",
    "record_review",
    "rule",
    "sample_record",
    "short_id",
    "summarize",
    "to_dict",
    "to_json",
]
