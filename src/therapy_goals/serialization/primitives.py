"""How a JSON value becomes a Python value, strictly: the hooks both converters share.

No coercion: ``"7"`` is not a number, ``1`` is not ``true``, a timestamp needs an offset. Each hook
raises :class:`~therapy_goals.errors.ValidationError` saying what was expected.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from therapy_goals.errors import Problem, ValidationError, describe_value
from therapy_goals.model import ClientRecord, Goal, Measure, ParameterValue

__all__ = [
    "OMITTED_WHEN_EMPTY",
    "is_homogeneous_tuple",
    "is_optional",
    "optional_inner",
    "register_omitted_when_empty",
    "structure_bool",
    "structure_date",
    "structure_datetime",
    "structure_float",
    "structure_int",
    "structure_parameter_value",
    "structure_parameters",
    "structure_str",
]


def structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValidationError.at("", f"must be text, got {describe_value(value)}")
    return value


def structure_int(value: Any, _: type) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError.at("", f"must be a whole number, got {describe_value(value)}")
    return value


def structure_float(value: Any, _: type) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValidationError.at("", f"must be a number, got {describe_value(value)}")
    if not math.isfinite(value):
        raise ValidationError.at("", f"must be a finite number, got {describe_value(value)}")
    return value


def structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValidationError.at("", f"must be true or false, got {describe_value(value)}")
    return value


def structure_date(value: Any, _: type) -> date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError.at("", f"must be a date as YYYY-MM-DD, got {describe_value(value)}")


def structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.utcoffset() is None:
                raise ValidationError.at(
                    "",
                    f"must include a time zone offset such as +00:00, got {describe_value(value)}",
                )
            return moment
    raise ValidationError.at(
        "",
        "must be an ISO 8601 timestamp like 2026-03-02T18:30:00+00:00, "
        f"got {describe_value(value)}",
    )


def structure_parameter_value(value: Any, _: type) -> ParameterValue:
    if isinstance(value, str | bool):
        return value
    return structure_float(value, float)


def structure_parameters(value: Any, _: type) -> dict[str, ParameterValue]:
    if not isinstance(value, dict):
        raise ValidationError.at(
            "", f"must be an object of parameter values, got {describe_value(value)}"
        )
    problems: list[Problem] = []
    result: dict[str, ParameterValue] = {}
    for key, item in value.items():
        try:
            result[key] = structure_parameter_value(item, object)
        except ValidationError as error:
            problems.extend(error.within(str(key)).problems)
    if problems:
        raise ValidationError(problems)
    return result


def is_homogeneous_tuple(kind: Any) -> bool:
    args = get_args(kind)
    return get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def is_optional(kind: Any) -> bool:
    union = isinstance(kind, UnionType) or get_origin(kind) is Union
    return union and NoneType in get_args(kind) and len(get_args(kind)) == 2


def optional_inner(kind: Any) -> Any:
    """The ``T`` of an optional ``T | None`` (see :func:`is_optional`)."""
    [inner] = [arg for arg in get_args(kind) if arg is not NoneType]
    return inner


OMITTED_WHEN_EMPTY: dict[type, tuple[str, ...]] = {
    Measure: ("codes", "unit_code", "target_low", "target_high", "target_code", "target_text"),
    Goal: ("language", "plans", "obstacles", "supporters"),
    ClientRecord: ("plan_uses",),
}
"""Fields written only when set: added after the JSON form was first published, so a goal that
does not use them is written exactly as before (and read by earlier versions)."""


def register_omitted_when_empty(converter: cattrs.Converter) -> None:
    """Write the :data:`OMITTED_WHEN_EMPTY` fields of each class only when they are set."""
    for kind, names in OMITTED_WHEN_EMPTY.items():
        overrides: dict[str, Any] = {name: override(omit_if_default=True) for name in names}
        converter.register_unstructure_hook(
            kind, make_dict_unstructure_fn(kind, converter, **overrides)
        )
