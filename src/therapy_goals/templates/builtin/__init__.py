"""The built-in goal templates: a built-in plug-in that registers through ``register_templates``.

Most are TOML data files in this folder, loaded exactly as a plug-in's data files are; the graded
exposure ladder is built in code, in English, Spanish and German.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files

from therapy_goals.contracts.templates import Template, TemplateProblem
from therapy_goals.hookspecs import hookimpl
from therapy_goals.templates.builtin.exposure import EXPOSURE_LADDERS
from therapy_goals.templates.datafile import templates_in_folder

__all__ = ["register_templates"]


@hookimpl
def register_templates(register: Callable[[Template | TemplateProblem], None]) -> None:
    for item in templates_in_folder(files(__name__), plugin=__name__):
        register(item)
    for ladder in EXPOSURE_LADDERS:
        register(ladder)
