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

Everything is imported when first used (PEP 562): ``import therapy_goals`` loads no
subpackage and no dependency, so that a command or an app that needs one part does not pay
for all of them (issue 19).
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from therapy_goals._version import installed_version

if TYPE_CHECKING:  # what type checkers and editors see; at run time, see __getattr__
    __version__: str
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
        IfThenPlan,
        LifecycleStatus,
        Measure,
        ParameterValue,
        Period,
        PlanUse,
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
        objectives_by_parent,
        reading_key,
        reading_order,
        short_id,
        streamed_reading_order,
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

_EXPORTS: dict[str, str] = {
    "Exporter": "therapy_goals.contracts.exporters",
    "Language": "therapy_goals.contracts.languages",
    "ConflictError": "therapy_goals.errors",
    "MissingDependencyError": "therapy_goals.errors",
    "NotFoundError": "therapy_goals.errors",
    "PluginError": "therapy_goals.errors",
    "Problem": "therapy_goals.errors",
    "StatusTransitionError": "therapy_goals.errors",
    "StorageError": "therapy_goals.errors",
    "TherapyGoalsError": "therapy_goals.errors",
    "ValidationError": "therapy_goals.errors",
    "hookimpl": "therapy_goals.hookspecs",
    "ALLOWED_TRANSITIONS": "therapy_goals.model",
    "AchievementStatus": "therapy_goals.model",
    "Administration": "therapy_goals.model",
    "ClientRecord": "therapy_goals.model",
    "Coding": "therapy_goals.model",
    "Correction": "therapy_goals.model",
    "Direction": "therapy_goals.model",
    "ExpressedBy": "therapy_goals.model",
    "Goal": "therapy_goals.model",
    "KNOWN_AREAS": "therapy_goals.model",
    "LifecycleStatus": "therapy_goals.model",
    "Measure": "therapy_goals.model",
    "ParameterValue": "therapy_goals.model",
    "Period": "therapy_goals.model",
    "PlanUse": "therapy_goals.model",
    "IfThenPlan": "therapy_goals.model",
    "Priority": "therapy_goals.model",
    "ProgressEntry": "therapy_goals.model",
    "ProgressSource": "therapy_goals.model",
    "Review": "therapy_goals.model",
    "ReviewDecision": "therapy_goals.model",
    "Schedule": "therapy_goals.model",
    "Step": "therapy_goals.model",
    "StepCompletion": "therapy_goals.model",
    "StepStatus": "therapy_goals.model",
    "TemplateRef": "therapy_goals.model",
    "can_change_status": "therapy_goals.model",
    "change_status": "therapy_goals.model",
    "objectives_by_parent": "therapy_goals.model",
    "reading_key": "therapy_goals.model",
    "reading_order": "therapy_goals.model",
    "streamed_reading_order": "therapy_goals.model",
    "short_id": "therapy_goals.model",
    "PluginFailure": "therapy_goals.plugins",
    "PluginInfo": "therapy_goals.plugins",
    "PluginManager": "therapy_goals.plugins",
    "PluginProblem": "therapy_goals.plugins",
    "default_plugin_manager": "therapy_goals.plugins",
    "get_plugin_manager": "therapy_goals.plugins",
    "Band": "therapy_goals.progress",
    "GAD7": "therapy_goals.progress",
    "PHQ9": "therapy_goals.progress",
    "ProgressSummary": "therapy_goals.progress",
    "Questionnaire": "therapy_goals.progress",
    "Win": "therapy_goals.progress",
    "due_for_review": "therapy_goals.progress",
    "find_wins": "therapy_goals.progress",
    "gas_t_score": "therapy_goals.progress",
    "prepare_review": "therapy_goals.progress",
    "record_review": "therapy_goals.progress",
    "summarize": "therapy_goals.progress",
    "sample_record": "therapy_goals.sample",
    "SCHEMA_VERSION": "therapy_goals.serialization",
    "configure_converter": "therapy_goals.serialization",
    "document_from_json": "therapy_goals.serialization",
    "from_dict": "therapy_goals.serialization",
    "from_json": "therapy_goals.serialization",
    "make_converter": "therapy_goals.serialization",
    "to_dict": "therapy_goals.serialization",
    "to_json": "therapy_goals.serialization",
    "Advice": "therapy_goals.smart",
    "Checker": "therapy_goals.smart",
    "Criterion": "therapy_goals.smart",
    "Finding": "therapy_goals.smart",
    "Report": "therapy_goals.smart",
    "Rule": "therapy_goals.smart",
    "RuleContext": "therapy_goals.smart",
    "RuleDocs": "therapy_goals.smart",
    "RuleStatus": "therapy_goals.smart",
    "Selection": "therapy_goals.smart",
    "Severity": "therapy_goals.smart",
    "Verdict": "therapy_goals.smart",
    "check": "therapy_goals.smart",
    "parse_goal": "therapy_goals.smart",
    "rule": "therapy_goals.smart",
    "Capabilities": "therapy_goals.storage",
    "GoalRevision": "therapy_goals.storage",
    "StorageBackend": "therapy_goals.storage",
    "Store": "therapy_goals.storage",
    "open_store": "therapy_goals.storage",
    "Parameter": "therapy_goals.templates",
    "ParameterType": "therapy_goals.templates",
    "Template": "therapy_goals.templates",
    "TemplateCatalog": "therapy_goals.templates",
    "TemplateResult": "therapy_goals.templates",
}
"""Each public name and the module that defines it, imported on first use."""

_SUBPACKAGES = frozenset(
    {
        "cli",
        "contracts",
        "errors",
        "exchange",
        "files",
        "hookspecs",
        "model",
        "plugins",
        "progress",
        "sample",
        "serialization",
        "smart",
        "storage",
        "templates",
        "testing",
    }
)
"""Modules reachable as attributes (``therapy_goals.storage``), imported on first use too."""


def __getattr__(name: str) -> Any:
    """Import a public name, a subpackage or ``__version__`` when it is first used."""
    if name == "__version__":
        value: Any = installed_version()
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later uses do not come here again
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBPACKAGES})


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
    "IfThenPlan",
    "Language",
    "LifecycleStatus",
    "Measure",
    "MissingDependencyError",
    "NotFoundError",
    "Parameter",
    "ParameterType",
    "ParameterValue",
    "Period",
    "PlanUse",
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
    "objectives_by_parent",
    "open_store",
    "parse_goal",
    "prepare_review",
    "reading_key",
    "reading_order",
    "record_review",
    "rule",
    "sample_record",
    "short_id",
    "streamed_reading_order",
    "summarize",
    "to_dict",
    "to_json",
]
