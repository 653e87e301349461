"""What plug-ins contribute: the types the plug-in host collects through the hooks.

This layer sits just above the model: it imports the model, the errors and nothing else of the
library, so the host (:mod:`therapy_goals.plugins`) can import every contribution type at the top,
and the engines (SMART checks, templates, storage, progress, exchange) build on both. See
``docs/architecture.md`` for the layers and who may import whom.

- :class:`Rule` (and the types a rule works with): a SMART check;
- :class:`Template`: a goal template, in code or from a data file;
- :class:`Questionnaire`: a self-report scale with its scoring and thresholds;
- :class:`StorageBackend`: a store for one URL scheme;
- :class:`Exporter`: a format a client record can be written in;
- :class:`Language`: a reader of plain goal statements in one language.
"""

from therapy_goals.contracts.exporters import Exporter
from therapy_goals.contracts.languages import Language, StatementReader
from therapy_goals.contracts.questionnaires import (
    Band,
    ChangeAssessment,
    Questionnaire,
    QuestionnaireResult,
    reliable_change_index,
)
from therapy_goals.contracts.rules import (
    CODE_PATTERN,
    Advice,
    Criterion,
    Finding,
    Report,
    Rule,
    RuleCheck,
    RuleContext,
    RuleDocs,
    RuleStatus,
    Severity,
    Subject,
    Verdict,
)
from therapy_goals.contracts.storage import StorageBackend
from therapy_goals.contracts.templates import (
    Constraint,
    Parameter,
    ParameterType,
    Template,
    TemplateBuild,
    TemplateCatalog,
    TemplateProblem,
    TemplateResult,
)

__all__ = [
    "CODE_PATTERN",
    "Advice",
    "Band",
    "ChangeAssessment",
    "Constraint",
    "Criterion",
    "Exporter",
    "Finding",
    "Language",
    "Parameter",
    "ParameterType",
    "Questionnaire",
    "QuestionnaireResult",
    "Report",
    "Rule",
    "RuleCheck",
    "RuleContext",
    "RuleDocs",
    "RuleStatus",
    "Severity",
    "StatementReader",
    "StorageBackend",
    "Subject",
    "Template",
    "TemplateBuild",
    "TemplateCatalog",
    "TemplateProblem",
    "TemplateResult",
    "Verdict",
    "reliable_change_index",
]
