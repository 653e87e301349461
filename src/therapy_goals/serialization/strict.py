"""The strict converter: reads documents a person or another program wrote, and explains them.

Every problem is collected with its path (``steps[2].minutes: must be > 0, got 0``) and raised as
one :class:`~therapy_goals.errors.ValidationError`; unknown fields are refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum, IntEnum, StrEnum
from types import UnionType
from typing import Any, get_args

import attrs
import cattrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn

from therapy_goals.errors import Problem, TherapyGoalsError, ValidationError, describe_value
from therapy_goals.model import ParameterValue
from therapy_goals.serialization.primitives import (
    is_homogeneous_tuple,
    register_omitted_when_empty,
    structure_bool,
    structure_date,
    structure_datetime,
    structure_float,
    structure_int,
    structure_parameter_value,
    structure_parameters,
    structure_str,
)

__all__ = ["configure_converter", "problems_of"]


_PRIMITIVES = (str, int, float, bool, type(None))


def _is_primitive_union(kind: Any) -> bool:
    args = get_args(kind)
    return isinstance(kind, UnionType) and bool(args) and all(a in _PRIMITIVES for a in args)


def _primitive_union_hook(kind: Any, _: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Accept a value of any member type, strictly: no bool for int, no text for numbers."""
    members = get_args(kind)
    names = " or ".join(
        {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(
            m, "null"
        )
        for m in members
    )

    def structure(value: Any, _: Any) -> Any:
        if value is None and type(None) in members:
            return None
        if isinstance(value, bool):
            ok = bool in members
        elif isinstance(value, int):
            ok = int in members or float in members
        elif isinstance(value, float):
            ok = float in members and math.isfinite(value)
        else:
            ok = isinstance(value, str) and str in members
        if not ok:
            raise ValidationError.at("", f"must be {names}, got {describe_value(value)}")
        return value

    return structure


def _tuple_hook(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = get_args(kind)[0]
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise ValidationError.at("", f"must be an array, got {describe_value(value)}")
        items, problems = [], []
        for index, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except Exception as error:
                problems.extend(problems_of(error, f"[{index}]"))
        if problems:
            raise ValidationError(problems)
        return tuple(items)

    return structure


def _structure_enum(value: Any, kind: type[Enum]) -> Enum:
    if isinstance(value, kind):
        return value
    for member in kind:
        if type(member.value) is type(value) and member.value == value:
            return member
    choices = ", ".join(str(member.value) for member in kind)
    raise ValidationError.at("", f"must be one of {choices}; got {describe_value(value)}")


def _class_hook(kind: type[Any], converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    generated = make_dict_structure_fn(kind, converter, _cattrs_forbid_extra_keys=True)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise ValidationError.at("", f"must be an object, got {describe_value(value)}")
        try:
            return generated(value, kind)
        except ValidationError:
            raise
        except Exception as error:
            raise ValidationError(problems_of(error, "")) from None

    return structure


def problems_of(error: BaseException, path: str) -> list[Problem]:
    """Every problem inside a (possibly nested) cattrs or library error, with its full path."""
    if isinstance(error, ValidationError):
        return [problem.within(path) for problem in error.problems]
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            Problem(str(key), "is not a known field; check its spelling or remove it").within(path)
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError):
        with_names, unplaced = error.group_exceptions()
        located = [(inner, Problem(note.name, "").within(path).path) for inner, note in with_names]
        return _problems_in(located, unplaced, path)
    if isinstance(error, IterableValidationError):
        with_indexes, unplaced = error.group_exceptions()
        located = [(inner, f"{path}[{note.index}]") for inner, note in with_indexes]
        return _problems_in(located, unplaced, path)
    if isinstance(error, KeyError):
        return [Problem(path, "is required; add it")]
    if isinstance(error, BaseValidationError):
        return _problems_in([], list(error.exceptions), path)
    if isinstance(error, TherapyGoalsError):
        return [Problem(path, str(error))]
    return [Problem(path, f"is not valid ({type(error).__name__})")]


def _problems_in(
    located: list[tuple[Exception, str]], unplaced: list[Exception], path: str
) -> list[Problem]:
    problems = []
    for inner, inner_path in located:
        problems.extend(problems_of(inner, inner_path))
    for inner in unplaced:
        problems.extend(problems_of(inner, path))
    return problems


# --- unstructuring ------------------------------------------------------------------------------


def _iso(value: date) -> str:
    return value.isoformat()


def _code(value: Enum) -> Any:
    return value.value


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` the therapy-goals JSON form (see the module docstring).

    Safe to call on a fresh :class:`cattrs.Converter`; plug-ins that keep their own converter call
    it first and then add hooks for their own types.
    """
    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(float, structure_float)
    converter.register_structure_hook(bool, structure_bool)
    converter.register_structure_hook(date, structure_date)
    converter.register_structure_hook(datetime, structure_datetime)
    converter.register_structure_hook_factory(_is_primitive_union, _primitive_union_hook)
    converter.register_structure_hook(ParameterValue, structure_parameter_value)
    converter.register_structure_hook_func(
        lambda kind: kind == Mapping[str, ParameterValue], structure_parameters
    )
    converter.register_structure_hook_factory(is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _class_hook)
    # Registered on the enum bases so that they win over the str and int hooks for StrEnum/IntEnum.
    for enum_base in (Enum, StrEnum, IntEnum):
        converter.register_structure_hook(enum_base, _structure_enum)
        converter.register_unstructure_hook(enum_base, _code)
    converter.register_unstructure_hook(date, _iso)
    converter.register_unstructure_hook(datetime, _iso)
    register_omitted_when_empty(converter)
