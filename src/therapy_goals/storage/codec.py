"""How stores turn model objects into document text and back, quickly.

Stores read far more documents than people type, and every one of them was written by a store
from a valid object. So stores read with a lean converter: orjson to parse, and cattrs hooks
made once per type, with the same strict primitive checks as :mod:`therapy_goals.serialization`
and the model's own validators. Only when that fails is the document read again by the strict
reader, whose job is to explain: the error then names every problem and its path, exactly as for
a document a person wrote. What is read is the same either way (a property test checks this).

Writing unstructures with cattrs but leaves dates, timestamps and codes to orjson, which writes
them natively in the same ISO 8601 and value forms; a property test holds the text to the JSON
form's own (``to_dict``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum, IntEnum, StrEnum
from types import NoneType, UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
import orjson
from cattrs.gen import make_dict_structure_fn

from therapy_goals.model import ParameterValue
from therapy_goals.serialization import (
    SCHEMA_VERSION,
    _document_type,
    _is_homogeneous_tuple,
    _structure_bool,
    _structure_date,
    _structure_datetime,
    _structure_float,
    _structure_int,
    _structure_parameter_value,
    _structure_parameters,
    _structure_str,
    from_json,
)

__all__ = ["decode", "document_fields", "encode", "encode_dict"]

T = TypeVar("T")
Hook = Callable[[Any, Any], Any]


def encode_dict(document: dict[str, Any]) -> str:
    """The text of a document from :func:`document_fields` (or ``to_dict``), perhaps changed."""
    return orjson.dumps(document).decode("utf-8")


def document_fields(obj: Any) -> dict[str, Any]:
    """A model object as its document's fields, with dates and codes left for orjson to write."""
    return {
        "schema_version": SCHEMA_VERSION,
        "type": _document_type(type(obj)),
        **_WRITER.unstructure(obj),
    }


def encode(obj: Any) -> str:
    """The document text of a model object; reads back with :func:`decode` or ``from_json``."""
    return encode_dict(document_fields(obj))


def decode(text: str | bytes, kind: type[T]) -> T:
    """Read a ``kind`` from document text; a bad document raises the strict reader's error."""
    try:
        fields = orjson.loads(text)
        if fields.pop("schema_version") != SCHEMA_VERSION or fields.pop("type") != _document_type(
            kind
        ):
            raise ValueError("another version or type")
        result: T = _FAST.structure(fields, kind)
    except Exception:  # any failure: let the strict reader explain it, or read it after all
        return from_json(text, kind)
    return result


def _is_optional(kind: Any) -> bool:
    union = isinstance(kind, UnionType) or get_origin(kind) is Union
    return union and NoneType in get_args(kind) and len(get_args(kind)) == 2


def _optional_hook(kind: Any, converter: cattrs.Converter) -> Hook:
    [inner] = [arg for arg in get_args(kind) if arg is not NoneType]
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


def _fast_converter() -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=False)
    for primitive, hook in (
        (str, _structure_str),
        (int, _structure_int),
        (float, _structure_float),
        (bool, _structure_bool),
    ):
        converter.register_structure_hook(primitive, hook)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(ParameterValue, _structure_parameter_value)
    converter.register_structure_hook_func(
        lambda kind: kind == Mapping[str, ParameterValue], _structure_parameters
    )
    converter.register_structure_hook_factory(_is_optional, _optional_hook)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _class_hook)
    # On the enum bases, so that they win over the str hook for StrEnum codes.
    for enum_base in (Enum, StrEnum, IntEnum):
        converter.register_structure_hook(enum_base, _enum)
    return converter


_FAST = _fast_converter()


def _as_is(value: Any) -> Any:
    return value


def _optional_writer(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    [inner] = [arg for arg in get_args(kind) if arg is not NoneType]
    unstructure = converter.get_unstructure_hook(inner)
    if unstructure is _as_is or inner in (str, int, float, bool):
        return _as_is

    def optional(value: Any) -> Any:
        return None if value is None else unstructure(value)

    return optional


def _writer() -> cattrs.Converter:
    converter = cattrs.Converter()
    for native in (date, datetime, Enum):
        converter.register_unstructure_hook(native, _as_is)
    converter.register_unstructure_hook_func(
        lambda kind: kind == Mapping[str, ParameterValue], dict
    )
    converter.register_unstructure_hook_factory(_is_optional, _optional_writer)
    return converter


_WRITER = _writer()
