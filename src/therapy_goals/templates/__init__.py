"""Goal templates as plug-ins: in code or as TOML data files.

>>> from datetime import date
>>> from therapy_goals import get_plugin_manager
>>> catalog = get_plugin_manager(load_entrypoints=False).templates()
>>> "anxiety.exposure-ladder" in catalog.templates
True
"""

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
from therapy_goals.templates.datafile import (
    TemplateFileError,
    load_template_file,
    parse_template,
    templates_in_folder,
)

__all__ = [
    "Constraint",
    "Parameter",
    "ParameterType",
    "Template",
    "TemplateBuild",
    "TemplateCatalog",
    "TemplateFileError",
    "TemplateProblem",
    "TemplateResult",
    "load_template_file",
    "parse_template",
    "templates_in_folder",
]
