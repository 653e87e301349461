"""The lean converter: reads documents the library itself wrote, quickly.

Stores read far more documents than people type, and every one of them was written by a store
from a valid object. So they read with cattrs hooks made once per type, with the same strict
primitive checks and the model's own validators, but without collecting every problem. When a
document fails, the caller reads it again with the strict converter, whose job is to explain:
the error then names every problem and its path. What is read is the same either way (a
property test checks this). Stores write with :mod:`therapy_goals.serialization.writing`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum, IntEnum, StrEnum
from typing import Any, get_args

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from therapy_goals.model import ParameterValue
from therapy_goals.serialization.primitives import (
    is_homogeneous_tuple,
    is_optional,
    optional_inner,
    structure_bool,
    structure_date,
    structure_datetime,
    structure_float,
    structure_int,
    structure_parameter_value,
    structure_parameters,
    structure_str,
)

__all__ = ["lean_converter"]

Hook = Callable[[Any, Any], Any]


def _optional_hook(kind: Any, converter: cattrs.Converter) -> Hook:
    inner = optional_inner(kind)
    structure = converter.get_structure_hook(inner)

    def optional(value: Any, _: Any) -> Any:
        return None if value is None else structure(value, inner)

    return optional


def _tuple_hook(kind: Any, converter: cattrs.Converter) -> Hook:
    item = get_args(kind)[0]
    structure = converter.get_structure_hook(item)

    def items(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise TypeError("not an array")
        return tuple([structure(entry, item) for entry in value])

    return items


_MEMBERS: dict[type[Enum], dict[Any, Enum]] = {}


def _enum(value: Any, kind: type[Enum]) -> Enum:
    """A code by its value, from a table made once per enum (a KeyError falls back to strict)."""
    members = _MEMBERS.get(kind)
    if members is None:
        members = _MEMBERS[kind] = {member.value: member for member in kind}
    if type(value) is not str:
        raise TypeError("codes are text")
    return members[value]


def _class_hook(kind: type[Any], converter: cattrs.Converter) -> Hook:
    return make_dict_structure_fn(kind, converter, _cattrs_forbid_extra_keys=True)


def lean_converter() -> cattrs.Converter:
    """A new lean converter (see the module docstring)."""
    converter = cattrs.Converter(detailed_validation=False)
    for primitive, hook in (
        (str, structure_str),
        (int, structure_int),
        (float, structure_float),
        (bool, structure_bool),
    ):
        converter.register_structure_hook(primitive, hook)
    converter.register_structure_hook(date, structure_date)
    converter.register_structure_hook(datetime, structure_datetime)
    converter.register_structure_hook(ParameterValue, structure_parameter_value)
    converter.register_structure_hook_func(
        lambda kind: kind == Mapping[str, ParameterValue], structure_parameters
    )
    converter.register_structure_hook_factory(is_optional, _optional_hook)
    converter.register_structure_hook_factory(is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _class_hook)
    # On the enum bases, so that they win over the str hook for StrEnum codes.
    for enum_base in (Enum, StrEnum, IntEnum):
        converter.register_structure_hook(enum_base, _enum)
    return converter
